// A call to a user function with the wrong number of arguments.
// == error E0201 at 5:11
fn g(x: f64, y: f64) -> f64 { x * y }
fn f(x: f64) -> f64 {
    1.0 + g(x)
}
