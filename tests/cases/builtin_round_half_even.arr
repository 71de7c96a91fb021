// round rounds half to even, like np.round.
// == run f
// arg x: [10]f64 = [0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4, 2.6, -2.6, 3]
// out: [10]f64 = [0, 2, 2, -0, -2, -2, 2, 3, -3, 3]
// numpy: np.round(x)
fn f(x: [n]f64) -> [n]f64 {
    round(x)
}
