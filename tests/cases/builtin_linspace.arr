// linspace(a, b, n) like np.linspace: n points, both ends included.
// == run f
// out: [5]f64 = [0, 0.25, 0.5, 0.75, 1]
// out: [4]f64 = [-1, 0, 1, 2]
// numpy: (np.linspace(0.0, 1.0, 5), np.linspace(-1.0, 2.0, 4))
// == run g
// arg x: [7]f64 = [0, 0, 0, 0, 0, 0, 0]
// out: [7]f64 = [2, 2.1666666666666665, 2.3333333333333335, 2.5, 2.6666666666666665, 2.833333333333333, 3]
// numpy: x + np.linspace(2.0, 3.0, 7)
fn f() -> ([5]f64, [4]f64) {
    (linspace(0.0, 1.0, 5), linspace(-1.0, 2.0, 4))
}
fn g(x: [n]f64) -> [n]f64 {
    x + linspace(2.0, 3.0, n)
}
