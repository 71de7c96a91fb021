// max and min over all elements and over axes.
// == run f
// arg x: [3, 3]f64 = [[1, -2, 3], [4, 5, -6], [0.5, 9, 2]]
// out: f64 = 9
// out: f64 = -6
// out: [3]f64 = [4, 9, 3]
// out: [3]f64 = [-2, -6, 0.5]
// out: [3, 1]f64 = [[3], [5], [9]]
// numpy: (np.max(x), np.min(x), np.max(x, axis=0), np.min(x, axis=1), np.max(x, axis=-1, keepdims=True))
fn f(x: [n, m]f64) -> (f64, f64, [m]f64, [n]f64, [n, 1]f64) {
    (max(x), min(x), max(x, axis=0), min(x, axis=1), max(x, axis=-1, keepdims=true))
}
