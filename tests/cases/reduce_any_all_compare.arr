// any / all of comparisons: a typical convergence test.
// == run f
// arg x: [4]f64 = [0.1, -0.2, 0.05, 0.3]
// out: bool = true
// out: bool = true
// out: bool = false
// numpy: (np.all(np.abs(x) < 0.5), np.any(x > 0.25), np.any(np.isnan(x)))
fn f(x: [n]f64) -> (bool, bool, bool) {
    (all(abs(x) < 0.5), any(x > 0.25), any(isnan(x)))
}
