// cumsum of i64 (prefix sums) stays i64; negative axis.
// == run f
// arg k: [6]i64 = [3, -1, 4, 1, -5, 9]
// arg m: [2, 2]i32 = [[1, 2], [3, 4]]
// out: [6]i64 = [3, 2, 6, 7, 2, 11]
// out: [2, 2]i32 = [[1, 2], [4, 6]]
// numpy: (np.cumsum(k), np.cumsum(m, axis=-2, dtype=np.int32))
fn f(k: [n]i64, m: [2, 2]i32) -> ([n]i64, [2, 2]i32) {
    (cumsum(k), cumsum(m, axis=-2))
}
