// A float literal with an empty exponent.
// == error E0003 at 4:9
fn f(x: f64) -> f64 {
    x * 1e
}
