// Sample covariance matrix of the columns of a data matrix (like
// `np.cov(x, rowvar=False)`): centre each column on its mean (a reduction along
// axis 0), then X^T X / (n - 1). The size variable n is used as a value.
//
// Input:  x: [n, m]f64, n observations of m variables (50 x 4).
// Output: [m, m]f64, symmetric.

fn column_means(x: [n, m]f64) -> [m]f64 {
    sum(x, axis=0) / f64(n)
}

fn covariance(x: [n, m]f64) -> [m, m]f64 {
    let xc = x - column_means(x)[newaxis, :];
    xc.T @ xc / f64(n - 1)
}
