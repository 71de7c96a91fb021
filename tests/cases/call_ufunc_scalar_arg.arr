// A ufunc with one array and one scalar argument, and on integers.
// == run f
// arg x: [4]f32 = [0, 1, 2, 3]
// arg k: [3]i64 = [1, 2, 3]
// out: [4]f32 = [1, 3, 5, 7]
// out: [3]i64 = [10, 40, 90]
// numpy: (np.float32(2.0) * x + np.float32(1.0), k * k * 10)
fn affine(a: f32, b: f32) -> f32 { b * a + 1.0 }
fn scaled_sq(i: i64, s: i64) -> i64 { i * i * s }
fn f(x: [n]f32, k: [m]i64) -> ([n]f32, [m]i64) {
    (affine(x, 2.0), scaled_sq(k, 10))
}
