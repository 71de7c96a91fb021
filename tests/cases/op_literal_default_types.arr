// Unconstrained literals: with a point or exponent they are f64, otherwise i64.
// == run f
// out: f64 = 3
// out: i64 = 6
// out: f64 = 1000
// numpy: (np.float64(1.5) * 2.0, tdiv(np.int64(7), 2) + np.int64(3), np.float64(1e3))
fn f() -> (f64, i64, f64) {
    let a = 1.5;
    let k = 7;
    let e = 1e3;
    (a * 2.0, k / 2 + 3, e)
}
