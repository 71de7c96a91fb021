// newaxis inserts an axis of size 1, anywhere.
// == run f
// arg x: [3]f64 = [1, 2, 3]
// arg m: [2, 3]f64 = [[1, 2, 3], [4, 5, 6]]
// out: [3, 1]f64 = [[1], [2], [3]]
// out: [1, 3]f64 = [[1, 2, 3]]
// out: [1, 3]f64 = [[1, 2, 3]]
// out: [2, 1, 3]f64 = [[[1, 2, 3]], [[4, 5, 6]]]
// out: [2, 3, 1]f64 = [[[1], [2], [3]], [[4], [5], [6]]]
// numpy: (x[:, np.newaxis], x[np.newaxis, :], x[np.newaxis], m[:, np.newaxis, :], m[:, :, np.newaxis])
fn f(x: [n]f64, m: [2, n]f64) -> ([n, 1]f64, [1, n]f64, [1, n]f64, [2, 1, n]f64, [2, n, 1]f64) {
    (x[:, newaxis], x[newaxis, :], x[newaxis], m[:, newaxis, :], m[:, :, newaxis])
}
