// A tuple of arrays of different shapes and element types.
// == run split
// arg x: [2, 3]f64 = [[1, -2, 3], [-4, 5, 6]]
// out: [3]f64 = [-3, 3, 9]
// out: [2, 3]bool = [[true, false, true], [false, true, true]]
// out: [2]i64 = [2, 2]
// out: i32 = 6
// numpy: (np.sum(x, axis=0), x > 0.0, np.argmax(x, axis=1), np.int32(6))
fn split(x: [n, m]f64) -> ([m]f64, [n, m]bool, [n]i64, i32) {
    (sum(x, axis=0), x > 0.0, argmax(x, axis=1), i32(n * m))
}
