// where(cond, a, b) picks elementwise, broadcasting all three.
// == run f
// arg c: [2, 3]bool = [[true, false, true], [false, false, true]]
// arg a: [2, 3]f64 = [[1, 2, 3], [4, 5, 6]]
// arg b: [3]f64 = [-1, -2, -3]
// out: [2, 3]f64 = [[1, -2, 3], [-1, -2, 6]]
// out: [2, 3]f64 = [[0, 0, 3], [4, 5, 6]]
// numpy: (np.where(c, a, b), np.where(a > 2.5, a, 0.0))
fn f(c: [n, m]bool, a: [n, m]f64, b: [m]f64) -> ([n, m]f64, [n, m]f64) {
    (where(c, a, b), where(a > 2.5, a, 0.0))
}
