// A while condition must be a scalar bool.
// == error E0209 at 5:11
fn f(x: f64) -> f64 {
    let mut v = x;
    while v {
        v = v - 1.0;
    }
    v
}
