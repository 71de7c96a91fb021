// transpose(x, perm) permutes the axes; .T of a 3-d array reverses them all.
// == run f
// arg x: [2, 3, 2]i64 = [[[1, 2], [3, 4], [5, 6]], [[7, 8], [9, 10], [11, 12]]]
// out: [3, 2, 2]i64 = [[[1, 2], [7, 8]], [[3, 4], [9, 10]], [[5, 6], [11, 12]]]
// out: [2, 3, 2]i64 = [[[1, 7], [3, 9], [5, 11]], [[2, 8], [4, 10], [6, 12]]]
// out: [2, 2, 3]i64 = [[[1, 3, 5], [7, 9, 11]], [[2, 4, 6], [8, 10, 12]]]
// numpy: (np.transpose(x, (1, 0, 2)), x.T, np.transpose(x, (2, 0, 1)))
fn f(x: [a, b, c]i64) -> ([b, a, c]i64, [c, b, a]i64, [c, a, b]i64) {
    (transpose(x, [1, 0, 2]), x.T, transpose(x, [2, 0, 1]))
}
