// max and min propagate NaN (like np.max / np.min), over everything and per axis.
// == run f
// arg x: [2, 3]f64 = [[1, nan, 3], [4, 5, 6]]
// out: f64 = nan
// out: f64 = nan
// out: [3]f64 = [4, nan, 6]
// out: [2]f64 = [nan, 4]
// numpy: (np.max(x), np.min(x), np.max(x, axis=0), np.min(x, axis=1))
fn f(x: [n, m]f64) -> (f64, f64, [m]f64, [n]f64) {
    (max(x), min(x), max(x, axis=0), min(x, axis=1))
}
