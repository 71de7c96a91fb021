// sign: -1, 0 or 1 (NaN stays NaN); also on integers.
// == run f
// arg x: [5]f64 = [-2.5, 0, 3, nan, -inf]
// arg k: [3]i64 = [-4, 0, 9]
// out: [5]f64 = [-1, 0, 1, nan, -1]
// out: [3]i64 = [-1, 0, 1]
// numpy: (np.sign(x), np.sign(k))
fn f(x: [n]f64, k: [m]i64) -> ([n]f64, [m]i64) {
    (sign(x), sign(k))
}
