// sqrt (NaN for negative input) and abs on floats.
// == run f
// arg x: [5]f64 = [4, 2, 0, -1, -2.5]
// out: [5]f64 = [2, 1.4142135623730951, 0, nan, nan]
// out: [5]f64 = [4, 2, 0, 1, 2.5]
// numpy: (np.sqrt(x), np.abs(x))
fn f(x: [n]f64) -> ([n]f64, [n]f64) {
    (sqrt(x), abs(x))
}
