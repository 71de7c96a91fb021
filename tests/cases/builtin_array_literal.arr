// Array literals, 1-d and nested 2-d; element type from the literals or the context.
// == run f
// arg x: [3]f32 = [1, 2, 3]
// out: [3]f64 = [1, 2, 3]
// out: [2, 2]i64 = [[1, 2], [3, 4]]
// out: [3]f32 = [0.5, 2, 6]
// numpy: (np.array([1.0, 2.0, 3.0]), np.array([[1, 2], [3, 4]]), x * np.array([0.5, 1, 2], dtype=np.float32))
fn f(x: [3]f32) -> ([3]f64, [2, 2]i64, [3]f32) {
    ([1.0, 2.0, 3.0], [[1, 2], [3, 4]], x * [0.5, 1.0, 2.0])
}
