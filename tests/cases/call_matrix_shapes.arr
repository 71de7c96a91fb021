// A callee with two size variables, called with a transposed argument.
// == run f
// arg a: [2, 3]f64 = [[1, 2, 3], [4, 5, 6]]
// out: [3]f64 = [5, 7, 9]
// out: [2]f64 = [6, 15]
// numpy: (np.sum(a.T, axis=1), np.sum(a, axis=1))
fn rowsum(x: [r, c]f64) -> [r]f64 { sum(x, axis=1) }
fn f(a: [n, m]f64) -> ([m]f64, [n]f64) {
    (rowsum(a.T), rowsum(a))
}
