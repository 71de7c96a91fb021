// axis=-3 on a 2-d array.
// == error E0206 at 4:20
fn f(x: [n, m]f64) -> [n, m]f64 {
    cumsum(x, axis=-3)
}
