// Variance and standard deviation built from mean (population, like np.var).
// == run f
// arg x: [3, 4]f64 = [[1, 2, 3, 4], [2, 4, 6, 8], [0, -1, 5, 1]]
// out: [3]f64 = [1.25, 5, 5.1875]
// out: f64 = 2.4986107250941583
// numpy: (np.var(x, axis=1), np.std(x))
fn f(x: [n, m]f64) -> ([n]f64, f64) {
    let mu = mean(x, axis=1, keepdims=true);
    (mean((x - mu) ** 2, axis=1), sqrt(mean((x - mean(x)) ** 2)))
}
