// max and min of integers.
// == run f
// arg x: [2, 3]i64 = [[5, -9, 3], [2, 8, -1]]
// out: i64 = 8
// out: [3]i64 = [2, -9, -1]
// out: [2]i64 = [5, 8]
// numpy: (np.max(x), np.min(x, axis=0), np.max(x, axis=1))
fn f(x: [n, m]i64) -> (i64, [m]i64, [n]i64) {
    (max(x), min(x, axis=0), max(x, axis=1))
}
