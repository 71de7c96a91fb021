// Scalar `if c { e1 } else { e2 }` is an expression; `else if` chains.
// == run f
// arg x: f64 = -2.5
// out: f64 = 2.5
// out: i64 = -1
// numpy: (np.float64(-x if x < 0 else x), np.int64(-1 if x < -1 else (0 if x < 1 else 1)))
// == run f
// arg x: f64 = 0.5
// out: f64 = 0.5
// out: i64 = 0
// numpy: (np.float64(-x if x < 0 else x), np.int64(-1 if x < -1 else (0 if x < 1 else 1)))
// == run f
// arg x: f64 = 4
// out: f64 = 4
// out: i64 = 1
// numpy: (np.float64(-x if x < 0 else x), np.int64(-1 if x < -1 else (0 if x < 1 else 1)))
fn f(x: f64) -> (f64, i64) {
    let a = if x < 0.0 { -x } else { x };
    let s = if x < -1.0 { -1 } else if x < 1.0 { 0 } else { 1 };
    (a, s)
}
