// axis=2 on a 2-d array.
// == error E0206 at 4:17
fn f(x: [n, m]f64) -> [n]f64 {
    sum(x, axis=2)
}
