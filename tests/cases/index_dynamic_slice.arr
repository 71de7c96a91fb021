// Slices whose bounds depend on a loop variable have sizes known only at run time.
// == run f
// arg x: [5]f64 = [1, 2, 3, 4, 5]
// out: [5]f64 = [1, 3, 6, 10, 15]
// out: [5]f64 = [5, 5, 5, 5, 5]
// py: y = np.array([np.sum(x[0:i + 1]) for i in range(5)]); z = np.array([np.max(x[i:]) for i in range(5)])
// numpy: (y, z)
fn f(x: [n]f64) -> ([n]f64, [n]f64) {
    let mut y = zeros([n], f64);
    let mut z = zeros([n], f64);
    for i in 0..n {
        y[i] = sum(x[0:i + 1]);
        z[i] = max(x[i:]);
    }
    (y, z)
}
