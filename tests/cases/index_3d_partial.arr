// Partial indexing of a 3-d array: missing trailing axes are taken whole.
// == run f
// arg x: [2, 2, 3]f64 = [[[1, 2, 3], [4, 5, 6]], [[7, 8, 9], [10, 11, 12]]]
// out: [2, 3]f64 = [[7, 8, 9], [10, 11, 12]]
// out: [3]f64 = [4, 5, 6]
// out: [2, 3]f64 = [[4, 5, 6], [10, 11, 12]]
// out: [2]f64 = [9, 12]
// numpy: (x[1], x[0, 1], x[:, 1], x[1, :, 2])
fn f(x: [a, b, c]f64) -> ([b, c]f64, [c]f64, [a, c]f64, [b]f64) {
    (x[1], x[0, 1], x[:, 1], x[1, :, 2])
}
