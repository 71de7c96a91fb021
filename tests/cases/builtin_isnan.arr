// isnan gives a bool array; used to replace NaN by zero.
// == run f
// arg x: [5]f64 = [1, nan, inf, -inf, nan]
// out: [5]bool = [false, true, false, false, true]
// out: [5]f64 = [1, 0, inf, -inf, 0]
// numpy: (np.isnan(x), np.where(np.isnan(x), 0.0, x))
fn f(x: [n]f64) -> ([n]bool, [n]f64) {
    (isnan(x), where(isnan(x), 0.0, x))
}
