// Only `fn` and `const` items are allowed at the top level.
// == error E0001 at 3:1
let x = 1;
fn f(x: f64) -> f64 { x }
