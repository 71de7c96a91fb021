// A parameter list without its closing parenthesis: parsing fails at `->`.
// == error E0001 at 3:16
fn f(x: [n]f64 -> [n]f64 { x }
