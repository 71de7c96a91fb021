// Scalar parameters of each element type.
// == run f
// arg a: f32 = 1.5
// arg b: f64 = -2.25
// arg i: i32 = 7
// arg j: i64 = -3
// arg p: bool = true
// out: f32 = 2.25
// out: f64 = 6.0625
// out: i32 = 48
// out: i64 = -27
// out: bool = false
// numpy: (a * a, b * b + 1.0, i * i - np.int32(1), j * j * j, ~p)
fn f(a: f32, b: f64, i: i32, j: i64, p: bool) -> (f32, f64, i32, i64, bool) {
    (a * a, b * b + 1.0, i * i - 1, j * j * j, !p)
}
