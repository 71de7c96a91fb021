// concat along axis 0 and axis 1 (and a negative axis).
// == run f
// arg a: [2, 2]f64 = [[1, 2], [3, 4]]
// arg b: [1, 2]f64 = [[5, 6]]
// arg c: [2, 1]f64 = [[7], [8]]
// out: [3, 2]f64 = [[1, 2], [3, 4], [5, 6]]
// out: [2, 3]f64 = [[1, 2, 7], [3, 4, 8]]
// out: [2, 4]f64 = [[7, 1, 2, 7], [8, 3, 4, 8]]
// numpy: (np.concatenate([a, b], axis=0), np.concatenate([a, c], axis=1), np.concatenate([c, a, c], axis=-1))
fn f(a: [n, m]f64, b: [1, m]f64, c: [n, 1]f64) -> ([n + 1, m]f64, [n, m + 1]f64, [n, m + 2]f64) {
    (concat([a, b], axis=0), concat([a, c], axis=1), concat([c, a, c], axis=-1))
}
