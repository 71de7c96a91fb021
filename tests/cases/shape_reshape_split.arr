// reshape of a [2 * k] vector into [k, 2] pairs, then back.
// == run f
// arg x: [6]i64 = [1, 2, 3, 4, 5, 6]
// out: [3, 2]i64 = [[1, 2], [3, 4], [5, 6]]
// out: [3]i64 = [3, 7, 11]
// numpy: (np.reshape(x, (3, 2)), np.sum(np.reshape(x, (3, 2)), axis=1))
fn f(x: [2 * k]i64) -> ([k, 2]i64, [k]i64) {
    let p = reshape(x, [k, 2]);
    (p, sum(p, axis=1))
}
