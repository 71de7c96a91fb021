// Sample covariance matrix of the columns of a data matrix (NPBench `covariance`,
// `np.cov(x, rowvar=False)`): centre each column on its mean, then X^T X / (n - 1).
//
// Input:  x: [n, m]f64 (2000 x 1000), n observations of m variables.
// Output: [m, m]f64, symmetric.

fn covariance(x: [n, m]f64) -> [m, m]f64 {
    let xc = x - (sum(x, axis=0) / f64(n))[newaxis, :];
    xc.T @ xc / f64(n - 1)
}
