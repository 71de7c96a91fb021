// Indexing and slicing the result of an expression and of a call.
// == run f
// arg x: [2, 3]f64 = [[1, 2, 3], [4, 5, 6]]
// out: f64 = 12
// out: [2]f64 = [1, 4]
// out: [2]f64 = [6, 15]
// numpy: ((x * 2.0)[1, 2], (x.T)[0], np.cumsum(x, axis=-1)[:, -1])
fn f(x: [n, m]f64) -> (f64, [n]f64, [n]f64) {
    ((x * 2.0)[1, 2], x.T[0], cumsum(x)[:, -1])
}
