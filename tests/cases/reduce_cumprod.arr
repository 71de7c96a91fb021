// cumprod along the default (last) axis and axis=0.
// == run f
// arg x: [2, 3]f64 = [[1, 2, 3], [0.5, -2, 4]]
// out: [2, 3]f64 = [[1, 2, 6], [0.5, -1, -4]]
// out: [2, 3]f64 = [[1, 2, 3], [0.5, -4, 12]]
// numpy: (np.cumprod(x, axis=-1), np.cumprod(x, axis=0))
fn f(x: [n, m]f64) -> ([n, m]f64, [n, m]f64) {
    (cumprod(x), cumprod(x, axis=0))
}
