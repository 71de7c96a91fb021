// reshape with literal and symbolic target shapes (row-major order).
// == run f
// arg x: [2, 3]f64 = [[1, 2, 3], [4, 5, 6]]
// out: [3, 2]f64 = [[1, 2], [3, 4], [5, 6]]
// out: [6]f64 = [1, 2, 3, 4, 5, 6]
// out: [2, 3]f64 = [[1, 3, 5], [2, 4, 6]]
// numpy: (np.reshape(x, (3, 2)), np.reshape(x, (6,)), np.reshape(x, (3, 2)).T)
fn f(x: [n, m]f64) -> ([3, 2]f64, [n * m]f64, [2, 3]f64) {
    (reshape(x, [3, 2]), reshape(x, [n * m]), reshape(x, [3, 2]).T)
}
