// Nested for loops writing one element at a time (a naive matrix product).
// == run f
// arg a: [2, 3]f64 = [[1, 2, 3], [4, 5, 6]]
// arg b: [3, 2]f64 = [[1, 0], [0, 1], [2, -1]]
// out: [2, 2]f64 = [[7, -1], [16, -1]]
// numpy: a @ b
fn f(a: [n, k]f64, b: [k, m]f64) -> [n, m]f64 {
    let mut c = zeros([n, m], f64);
    for i in 0..n {
        for j in 0..m {
            let mut s = 0.0;
            for p in 0..k {
                s += a[i, p] * b[p, j];
            }
            c[i, j] = s;
        }
    }
    c
}
