// outer(a, b): [n] and [m] give [n, m].
// == run f
// arg a: [3]f64 = [1, 2, 3]
// arg b: [2]f64 = [10, -1]
// out: [3, 2]f64 = [[10, -1], [20, -2], [30, -3]]
// numpy: np.outer(a, b)
fn f(a: [n]f64, b: [m]f64) -> [n, m]f64 {
    outer(a, b)
}
