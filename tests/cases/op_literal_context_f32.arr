// Numeric literals take the element type the context needs: here f32,
// and an integer literal may stand where a float is needed.
// == run f
// arg x: [3]f32 = [1, 2.5, -4]
// out: [3]f32 = [2.5, 3.25, 0]
// out: [3]f32 = [0.33333334, 0.8333333, -1.3333334]
// numpy: (np.float32(0.5) * x + np.float32(2), x / np.float32(3))
fn f(x: [n]f32) -> ([n]f32, [n]f32) {
    (0.5 * x + 2, x / 3)
}
