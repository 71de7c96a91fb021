// i32() and i64() of floats truncate toward zero; f32() rounds to nearest.
// == run f
// arg x: [6]f64 = [1.9, -1.9, 0.5, -0.5, 100.25, 0.1]
// out: [6]i32 = [1, -1, 0, 0, 100, 0]
// out: [6]i64 = [1, -1, 0, 0, 100, 0]
// out: [6]f32 = [1.9, -1.9, 0.5, -0.5, 100.25, 0.1]
// numpy: (x.astype(np.int32), x.astype(np.int64), x.astype(np.float32))
fn f(x: [n]f64) -> ([n]i32, [n]i64, [n]f32) {
    (i32(x), i64(x), f32(x))
}
