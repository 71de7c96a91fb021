// minimum and maximum on integers, broadcasting a row against a column.
// == run f
// arg a: [2, 1]i64 = [[3], [-1]]
// arg b: [3]i64 = [0, 2, 5]
// out: [2, 3]i64 = [[0, 2, 3], [-1, -1, -1]]
// out: [2, 3]i64 = [[3, 3, 5], [0, 2, 5]]
// numpy: (np.minimum(a, b), np.maximum(a, b))
fn f(a: [n, 1]i64, b: [m]i64) -> ([n, m]i64, [n, m]i64) {
    (minimum(a, b), maximum(a, b))
}
