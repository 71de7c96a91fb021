// An if condition must be a scalar: an array of bools needs where, any or all.
// == error E0209 at 4:8
fn f(x: [n]f64) -> [n]f64 {
    if x > 0.0 { x } else { -x }
}
