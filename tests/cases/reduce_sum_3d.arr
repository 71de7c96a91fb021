// sum over each axis of a 3-d array, and keepdims on the middle axis.
// == run f
// arg x: [2, 3, 2]f64 = [[[1, 2], [3, 4], [5, 6]], [[7, 8], [9, 10], [11, 12]]]
// out: [3, 2]f64 = [[8, 10], [12, 14], [16, 18]]
// out: [2, 2]f64 = [[9, 12], [27, 30]]
// out: [2, 3]f64 = [[3, 7, 11], [15, 19, 23]]
// out: [2, 1, 2]f64 = [[[9, 12]], [[27, 30]]]
// numpy: (np.sum(x, axis=0), np.sum(x, axis=1), np.sum(x, axis=-1), np.sum(x, axis=-2, keepdims=True))
fn f(x: [a, b, c]f64) -> ([b, c]f64, [a, c]f64, [a, b]f64, [a, 1, c]f64) {
    (sum(x, axis=0), sum(x, axis=1), sum(x, axis=-1), sum(x, axis=-2, keepdims=true))
}
