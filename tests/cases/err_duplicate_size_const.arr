// A size variable named like a constant would silently hide the constant in the body.
// == error E0102 at 5:10
// message: size variable `N` has the name of a constant
const N: i64 = 3;
fn f(x: [N]f64) -> f64 { sum(x) * f64(N) }
