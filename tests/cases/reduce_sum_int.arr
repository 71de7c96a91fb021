// Integer reductions keep the element type: the sum of i32 is i32 (wrapping).
// == run f
// arg x: [2, 3]i32 = [[1, 2, 3], [2147483647, 1, -5]]
// out: i32 = -2147483647
// out: [2]i32 = [6, 2147483643]
// out: [3]i64 = [2147483648, 3, -2]
// numpy: (np.sum(x, dtype=np.int32), np.sum(x, axis=1, dtype=np.int32), np.sum(x.astype(np.int64), axis=0))
fn f(x: [n, m]i32) -> (i32, [n]i32, [m]i64) {
    (sum(x), sum(x, axis=1), sum(i64(x), axis=0))
}
