// sum over all elements, over an axis, a negative axis, and with keepdims.
// == run f
// arg x: [2, 3]f64 = [[1, 2, 3], [4, 5, 6.5]]
// out: f64 = 21.5
// out: [3]f64 = [5, 7, 9.5]
// out: [2]f64 = [6, 15.5]
// out: [2]f64 = [6, 15.5]
// out: [1, 3]f64 = [[5, 7, 9.5]]
// numpy: (np.sum(x), np.sum(x, axis=0), np.sum(x, axis=1), np.sum(x, axis=-1), np.sum(x, axis=0, keepdims=True))
fn f(x: [n, m]f64) -> (f64, [m]f64, [n]f64, [n]f64, [1, m]f64) {
    (sum(x), sum(x, axis=0), sum(x, axis=1), sum(x, axis=-1), sum(x, axis=0, keepdims=true))
}
