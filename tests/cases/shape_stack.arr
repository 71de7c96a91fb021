// stack inserts a new axis: axis=0, axis=1 and axis=-1.
// == run f
// arg a: [3]f64 = [1, 2, 3]
// arg b: [3]f64 = [4, 5, 6]
// out: [2, 3]f64 = [[1, 2, 3], [4, 5, 6]]
// out: [3, 3]f64 = [[1, 4, 1], [2, 5, 2], [3, 6, 3]]
// out: [3, 2]f64 = [[1, 4], [2, 5], [3, 6]]
// numpy: (np.stack([a, b], axis=0), np.stack([a, b, a], axis=1), np.stack([a, b], axis=-1))
fn f(a: [n]f64, b: [n]f64) -> ([2, n]f64, [n, 3]f64, [n, 2]f64) {
    (stack([a, b], axis=0), stack([a, b, a], axis=1), stack([a, b], axis=-1))
}
