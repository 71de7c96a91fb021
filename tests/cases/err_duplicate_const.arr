// Two constants with the same name.
// == error E0102 at 4:7
const K: f64 = 1.0;
const K: f64 = 2.0;
fn f(x: f64) -> f64 { x * K }
