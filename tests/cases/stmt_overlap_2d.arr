// Overlapping 2-d reads and writes of the same array: a one-step row recurrence
// and a transposed copy into itself, both with NumPy's evaluate-first semantics.
// == run f
// arg x: [3, 3]f64 = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
// out: [3, 3]f64 = [[1, 5, 11], [2, 7, 13], [3, 9, 15]]
// py: a = x.copy(); a[1:, :] = a[:-1, :] + a[1:, :]; a[:, :] = a.T.copy()
// numpy: a
fn f(x: [n, n]f64) -> [n, n]f64 {
    let mut a = x;
    a[1:, :] = a[:-1, :] + a[1:, :];
    a[:, :] = a.T;
    a
}
