// A function calling itself.
// == error E0105 at 4:18
fn f(x: f64) -> f64 {
    if x > 1.0 { f(x / 2.0) } else { x }
}
