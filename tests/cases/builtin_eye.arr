// eye(n, T): the identity matrix.
// == run f
// arg a: [3, 3]f64 = [[1, 2, 3], [4, 5, 6], [7, 8, 10]]
// out: [3, 3]f64 = [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
// out: [3, 3]f64 = [[0, 0, 0], [0, 0, 0], [0, 0, 0]]
// out: [2, 2]i64 = [[1, 0], [0, 1]]
// numpy: (np.eye(3), a @ np.eye(3) - a, np.eye(2, dtype=np.int64))
fn f(a: [n, n]f64) -> ([3, 3]f64, [n, n]f64, [2, 2]i64) {
    (eye(3, f64), a @ eye(n, f64) - a, eye(2, i64))
}
