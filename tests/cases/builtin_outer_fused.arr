// outer products inside an elementwise chain (gemver's rank-2 update), on a strided
// vector, and of i64 vectors whose products wrap.
// == run f
// arg a: [2, 3]f64 = [[1, 2, 3], [4, 5, 6]]
// arg u: [4]f64 = [1, 9, 2, 9]
// arg v: [3]f64 = [10, 20, 30]
// arg p: [2]i64 = [4611686018427387904, 3]
// arg q: [2]i64 = [4, -5]
// out: [2, 3]f64 = [[11, 22, 33], [24, 45, 66]]
// out: [2, 2]i64 = [[0, -4611686018427387904], [12, -15]]
// numpy: (a + np.outer(u[::2], v) + np.outer(u[::2], v * 0), np.outer(p, q))
fn f(a: [2, 3]f64, u: [4]f64, v: [3]f64, p: [2]i64, q: [2]i64) -> ([2, 3]f64, [2, 2]i64) {
    (a + outer(u[::2], v) + outer(u[::2], v * 0.0), outer(p, q))
}
