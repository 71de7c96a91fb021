// A function name is not a value.
// == error E0216 at 5:13
fn g(x: f64) -> f64 { x }
fn f(x: f64) -> f64 {
    let h = g;
    x
}
