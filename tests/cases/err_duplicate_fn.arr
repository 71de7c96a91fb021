// Two functions with the same name: the second definition is the error.
// == error E0102 at 4:4
fn f(x: f64) -> f64 { x }
fn f(x: f64) -> f64 { x + 1.0 }
