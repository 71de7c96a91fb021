// minimum and maximum are elementwise and propagate NaN (like np.minimum/np.maximum).
// == run f
// arg x: [5]f64 = [1, 5, nan, -2, 3]
// arg y: [5]f64 = [2, 4, 1, nan, 3]
// out: [5]f64 = [1, 4, nan, nan, 3]
// out: [5]f64 = [2, 5, nan, nan, 3]
// out: [5]f64 = [1, 5, nan, 0, 3]
// numpy: (np.minimum(x, y), np.maximum(x, y), np.maximum(x, 0.0))
fn f(x: [n]f64, y: [n]f64) -> ([n]f64, [n]f64, [n]f64) {
    (minimum(x, y), maximum(x, y), maximum(x, 0.0))
}
