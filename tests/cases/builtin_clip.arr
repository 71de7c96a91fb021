// clip(x, lo, hi) with scalar and array bounds.
// == run f
// arg x: [6]f64 = [-3, -0.5, 0, 0.5, 2, 7]
// arg hi: [6]f64 = [1, 1, 1, 0.25, 5, 5]
// out: [6]f64 = [-1, -0.5, 0, 0.5, 1, 1]
// out: [6]f64 = [0, 0, 0, 0.25, 2, 5]
// numpy: (np.clip(x, -1.0, 1.0), np.clip(x, 0.0, hi))
fn f(x: [n]f64, hi: [n]f64) -> ([n]f64, [n]f64) {
    (clip(x, -1.0, 1.0), clip(x, 0.0, hi))
}
