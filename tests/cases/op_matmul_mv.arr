// `@` matrix × vector gives a vector.
// == run f
// arg a: [2, 3]f64 = [[1, 2, 3], [4, 5, 6]]
// arg v: [3]f64 = [1, -1, 0.5]
// out: [2]f64 = [0.5, 2]
// numpy: a @ v
fn f(a: [n, k]f64, v: [k]f64) -> [n]f64 {
    a @ v
}
