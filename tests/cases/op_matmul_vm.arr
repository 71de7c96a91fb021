// `@` vector × matrix gives a vector.
// == run f
// arg v: [2]f64 = [2, -1]
// arg a: [2, 3]f64 = [[1, 2, 3], [4, 5, 6]]
// out: [3]f64 = [-2, -1, 0]
// numpy: v @ a
fn f(v: [k]f64, a: [k, m]f64) -> [m]f64 {
    v @ a
}
