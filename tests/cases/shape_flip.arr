// flip along an axis, including a negative axis.
// == run f
// arg x: [2, 3]f64 = [[1, 2, 3], [4, 5, 6]]
// arg v: [4]i64 = [1, 2, 3, 4]
// out: [2, 3]f64 = [[4, 5, 6], [1, 2, 3]]
// out: [2, 3]f64 = [[3, 2, 1], [6, 5, 4]]
// out: [2, 3]f64 = [[3, 2, 1], [6, 5, 4]]
// out: [4]i64 = [4, 3, 2, 1]
// numpy: (np.flip(x, axis=0), np.flip(x, axis=1), np.flip(x, axis=-1), np.flip(v, axis=0))
fn f(x: [n, m]f64, v: [k]i64) -> ([n, m]f64, [n, m]f64, [n, m]f64, [k]i64) {
    (flip(x, axis=0), flip(x, axis=1), flip(x, axis=-1), flip(v, axis=0))
}
