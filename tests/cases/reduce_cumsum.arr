// cumsum along the last axis by default, or along axis=k.
// == run f
// arg x: [2, 3]f64 = [[1, 2, 3], [4, 5, 6]]
// out: [2, 3]f64 = [[1, 3, 6], [4, 9, 15]]
// out: [2, 3]f64 = [[1, 2, 3], [5, 7, 9]]
// out: [2, 3]f64 = [[1, 3, 6], [4, 9, 15]]
// numpy: (np.cumsum(x, axis=-1), np.cumsum(x, axis=0), np.cumsum(x, axis=1))
fn f(x: [n, m]f64) -> ([n, m]f64, [n, m]f64, [n, m]f64) {
    (cumsum(x), cumsum(x, axis=0), cumsum(x, axis=1))
}
