// A size variable is usable as an i64 value: sum(x) / f64(n) is the mean.
// == run f
// arg x: [2, 4]f64 = [[1, 2, 3, 4], [5, 6, 7, 9]]
// out: f64 = 4.625
// out: i64 = 8
// out: [2]f64 = [2.5, 6.75]
// numpy: (np.sum(x) / np.float64(x.size), np.int64(x.shape[0] * x.shape[1]), np.sum(x, axis=1) / np.float64(x.shape[1]))
fn f(x: [n, m]f64) -> (f64, i64, [n]f64) {
    (sum(x) / f64(n * m), n * m, sum(x, axis=1) / f64(m))
}
