// Integer `%` takes the sign of the dividend (truncating division), unlike NumPy's `%`.
// == run f
// arg a: [8]i64 = [7, -7, 7, -7, 0, 9, -9, 1]
// arg b: [8]i64 = [2, 2, -2, -2, 3, -4, 4, -3]
// out: [8]i64 = [1, -1, 1, -1, 0, 1, -1, 1]
// numpy: np.fmod(a, b)
fn f(a: [n]i64, b: [n]i64) -> [n]i64 {
    a % b
}
