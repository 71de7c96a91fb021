// Math functions on scalars.
// == run f
// arg x: f64 = 0.3
// out: f64 = 1
// out: f64 = 0.3
// out: f64 = 2.8501358591119264
// out: f64 = 0.3
// numpy: (np.sin(x) ** 2.0 + np.cos(x) ** 2.0, np.exp(np.log(x)), np.arctan2(x, -1.0), np.abs(-x))
fn f(x: f64) -> (f64, f64, f64, f64) {
    (sin(x) ** 2.0 + cos(x) ** 2.0, exp(log(x)), atan2(x, -1.0), abs(-x))
}
