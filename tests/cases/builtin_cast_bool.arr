// bool() is `!= 0`; numbers of bools are 0 and 1.
// == run f
// arg x: [4]f64 = [0, -2.5, 1e-300, nan]
// arg k: [3]i64 = [0, 3, -1]
// arg p: [2]bool = [true, false]
// out: [4]bool = [false, true, true, true]
// out: [3]bool = [false, true, true]
// out: [2]f64 = [1, 0]
// out: [2]i64 = [1, 0]
// numpy: (x.astype(np.bool_), k.astype(np.bool_), p.astype(np.float64), p.astype(np.int64))
fn f(x: [n]f64, k: [m]i64, p: [q]bool) -> ([n]bool, [m]bool, [q]f64, [q]i64) {
    (bool(x), bool(k), f64(p), i64(p))
}
