// x.T and transpose(x) reverse the axes.
// == run f
// arg x: [2, 3]f64 = [[1, 2, 3], [4, 5, 6]]
// out: [3, 2]f64 = [[1, 4], [2, 5], [3, 6]]
// out: [3, 2]f64 = [[1, 4], [2, 5], [3, 6]]
// out: [3, 3]f64 = [[17, 22, 27], [22, 29, 36], [27, 36, 45]]
// numpy: (x.T, np.transpose(x), x.T @ x)
fn f(x: [n, m]f64) -> ([m, n]f64, [m, n]f64, [m, m]f64) {
    (x.T, transpose(x), x.T @ x)
}
