// Mutual recursion is recursion too (reported at a call in the cycle).
// == error E0105
fn f(x: f64) -> f64 { g(x) }
fn g(x: f64) -> f64 { f(x) }
