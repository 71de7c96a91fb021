// `@` on integer matrices stays integer.
// == run f
// arg a: [2, 2]i64 = [[1, 2], [3, 4]]
// arg b: [2, 3]i64 = [[5, 6, 7], [8, 9, 10]]
// out: [2, 3]i64 = [[21, 24, 27], [47, 54, 61]]
// numpy: a @ b
fn f(a: [n, k]i64, b: [k, m]i64) -> [n, m]i64 {
    a @ b
}
