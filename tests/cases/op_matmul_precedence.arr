// `@` has the precedence of `*` (left-associative), tighter than `+`.
// == run f
// arg a: [2, 2]f64 = [[1, 2], [3, 4]]
// arg b: [2, 2]f64 = [[0, 1], [1, 0]]
// arg c: [2]f64 = [10, 20]
// out: [2, 2]f64 = [[12, 21], [14, 23]]
// out: [2, 2]f64 = [[4, 2], [8, 6]]
// out: [2, 2]f64 = [[5, 8], [13, 20]]
// numpy: (a @ b + c, (2.0 * a) @ b, a @ b @ a)
fn f(a: [2, 2]f64, b: [2, 2]f64, c: [2]f64) -> ([2, 2]f64, [2, 2]f64, [2, 2]f64) {
    (a @ b + c, 2.0 * a @ b, a @ b @ a)
}
