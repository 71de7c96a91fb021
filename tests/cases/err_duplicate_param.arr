// Two parameters with the same name.
// == error E0102 at 3:14
fn f(x: f64, x: f64) -> f64 { x }
