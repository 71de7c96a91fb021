// Indexing with a loop variable inside a loop: a manual dot product of rows.
// == run f
// arg x: [3, 2]f64 = [[1, 2], [3, 4], [5, 6]]
// out: f64 = 44
// numpy: np.array([x[i, 0] * x[i, 1] for i in range(3)]).sum()
fn f(x: [n, 2]f64) -> f64 {
    let mut s = 0.0;
    for i in 0..n {
        s += x[i, 0] * x[i, 1];
    }
    s
}
