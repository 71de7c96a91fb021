// The inner sizes of a matrix product disagree at entry.
// == runerror f
// arg a: [2, 3]f64 = [[1, 2, 3], [4, 5, 6]]
// arg b: [2, 2]f64 = [[1, 2], [3, 4]]
// message: size `k`|`k`
fn f(a: [n, k]f64, b: [k, m]f64) -> [n, m]f64 {
    a @ b
}
