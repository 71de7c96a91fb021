// A tuple result used as a single value.
// == error E0217
fn two(x: f64) -> (f64, f64) { (x, x) }
fn f(x: f64) -> f64 {
    two(x) + 1.0
}
