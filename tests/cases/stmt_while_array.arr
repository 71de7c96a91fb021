// while with a condition computed from an array (any/all): iterate to a fixed point.
// == run f
// arg x: [4]f64 = [16, 3, 100, 0.5]
// out: [4]f64 = [2, 1.7320508075688772, 1.7782794100389228, 0.5]
// out: i64 = 3
// py: a = x.copy(); it = 0
// py: while np.any(a > 2.0):
// py:     a = np.where(a > 2.0, np.sqrt(a), a); it += 1
// numpy: (a, np.int64(it))
fn f(x: [n]f64) -> ([n]f64, i64) {
    let mut a = x;
    let mut it = 0;
    while any(a > 2.0) {
        a = where(a > 2.0, sqrt(a), a);
        it += 1;
    }
    (a, it)
}
