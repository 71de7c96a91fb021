// arange(n) gives i64 0..n; n may be a size variable or an i64 scalar parameter.
// == run f
// arg x: [4]f64 = [1, 1, 1, 1]
// out: [4]i64 = [0, 1, 2, 3]
// out: [4]f64 = [0, 1, 2, 3]
// numpy: (np.arange(4), x * np.arange(4).astype(np.float64))
// == run ramp
// arg k: i64 = 5
// out: [5]f32 = [0, 1, 2, 3, 4]
// numpy: np.arange(k).astype(np.float32)
fn f(x: [n]f64) -> ([n]i64, [n]f64) {
    (arange(n), x * f64(arange(n)))
}
fn ramp(k: i64) -> [k]f32 {
    f32(arange(k))
}
