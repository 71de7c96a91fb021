// An if condition must be a scalar bool, not an f64.
// == error E0209 at 4:8
fn f(x: f64) -> f64 {
    if x { 1.0 } else { 0.0 }
}
