// An outer product by broadcasting x[:, newaxis] against y[newaxis, :].
// == run f
// arg x: [3]f64 = [1, 2, 3]
// arg y: [2]f64 = [10, 20]
// out: [3, 2]f64 = [[10, 20], [20, 40], [30, 60]]
// out: [3, 2]f64 = [[-9, -19], [-8, -18], [-7, -17]]
// numpy: (x[:, np.newaxis] * y[np.newaxis, :], x[:, np.newaxis] - y)
fn f(x: [n]f64, y: [m]f64) -> ([n, m]f64, [n, m]f64) {
    (x[:, newaxis] * y[newaxis, :], x[:, newaxis] - y)
}
