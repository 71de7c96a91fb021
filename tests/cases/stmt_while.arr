// while with a scalar condition: halve until below a threshold, counting steps.
// == run f
// arg x: f64 = 100
// out: f64 = 0.78125
// out: i64 = 7
// py: v = float(x); c = 0
// py: while v >= 1.0:
// py:     v /= 2.0; c += 1
// numpy: (np.float64(v), np.int64(c))
fn f(x: f64) -> (f64, i64) {
    let mut v = x;
    let mut c = 0;
    while v >= 1.0 {
        v /= 2.0;
        c += 1;
    }
    (v, c)
}
