// Whole assignment to a mutable variable, scalars and arrays.
// == run f
// arg x: [3]f64 = [1, 2, 3]
// out: [3]f64 = [2, 5, 8]
// out: f64 = 10
// numpy: (x * 3.0 - 1.0, np.float64(10.0))
fn f(x: [n]f64) -> ([n]f64, f64) {
    let mut y = x;
    y = y * 3.0;
    y = y - 1.0;
    let mut s = 1.0;
    s = 10.0;
    (y, s)
}
