// full([dims], v) takes its element type from v.
// == run f
// arg x: [3]f32 = [1, 2, 3]
// out: [2, 2]f64 = [[7.5, 7.5], [7.5, 7.5]]
// out: [3]i64 = [4, 4, 4]
// out: [3]f32 = [2, 4, 6]
// numpy: (np.full((2, 2), 7.5), np.full(3, 4, dtype=np.int64), x * np.full(3, 2, dtype=np.float32))
fn f(x: [n]f32) -> ([2, 2]f64, [n]i64, [n]f32) {
    (full([2, 2], 7.5), full([n], 4), x * full([n], 2.0))
}
