// stack of matrices along the middle axis.
// == run f
// arg a: [2, 2]i32 = [[1, 2], [3, 4]]
// arg b: [2, 2]i32 = [[5, 6], [7, 8]]
// out: [2, 2, 2]i32 = [[[1, 2], [5, 6]], [[3, 4], [7, 8]]]
// numpy: np.stack([a, b], axis=1)
fn f(a: [n, m]i32, b: [n, m]i32) -> [n, 2, m]i32 {
    stack([a, b], axis=1)
}
