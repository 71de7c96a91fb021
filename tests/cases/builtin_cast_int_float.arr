// f64() and f32() of integers; i64() of i32 and i32() of i64 (wrapping).
// == run f
// arg a: [4]i32 = [-3, 0, 7, 2147483647]
// arg b: [3]i64 = [5, -4294967297, 4294967296]
// out: [4]f64 = [-3, 0, 7, 2147483647]
// out: [4]f32 = [-3, 0, 7, 2.1474836e+09]
// out: [4]i64 = [-3, 0, 7, 2147483647]
// out: [3]i32 = [5, -1, 0]
// numpy: (a.astype(np.float64), a.astype(np.float32), a.astype(np.int64), b.astype(np.int32))
fn f(a: [n]i32, b: [m]i64) -> ([n]f64, [n]f32, [n]i64, [m]i32) {
    (f64(a), f32(a), i64(a), i32(b))
}
