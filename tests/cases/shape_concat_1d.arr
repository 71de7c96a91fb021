// concat of vectors with different symbolic lengths.
// == run f
// arg x: [3]i64 = [1, 2, 3]
// arg y: [2]i64 = [10, 20]
// out: [8]i64 = [1, 2, 3, 10, 20, 1, 2, 3]
// numpy: np.concatenate([x, y, x], axis=0)
fn f(x: [n]i64, y: [m]i64) -> [2 * n + m]i64 {
    concat([x, y, x], axis=0)
}
