// Typed let: the annotation fixes the literal types and documents shapes.
// == run f
// arg x: [3]f32 = [1, 2, 3]
// out: [3]f32 = [3.5, 5, 6.5]
// out: f32 = 2.5
// out: i32 = 14
// numpy: (x * np.float32(1.5) + np.float32(2), np.float32(2.5), np.int32(7) * np.int32(2))
fn f(x: [n]f32) -> ([n]f32, f32, i32) {
    let s: f32 = 1.5;
    let y: [n]f32 = x * s + 2.0;
    let h: f32 = 2.5;
    let k: i32 = 7;
    (y, h, k * 2)
}
