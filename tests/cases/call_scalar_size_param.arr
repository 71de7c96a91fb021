// An i64 scalar parameter may name a size used in the result type.
// == run ramp
// arg n: i64 = 4
// out: [4]f32 = [0, 0.5, 1, 1.5]
// numpy: np.arange(4).astype(np.float32) * np.float32(0.5)
// == run grid
// arg n: i64 = 2
// arg m: i64 = 3
// out: [2, 3]f64 = [[0, 1, 2], [0, 1, 2]]
// numpy: np.zeros((2, 3)) + np.arange(3).astype(np.float64)
fn ramp(n: i64) -> [n]f32 {
    0.5 * f32(arange(n))
}
fn grid(n: i64, m: i64) -> [n, m]f64 {
    zeros([n, m], f64) + f64(arange(m))
}
