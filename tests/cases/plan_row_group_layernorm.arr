// Layer normalization: one row group (row means as per-row scalars, a scratch row for
// `xc`, a shared row `g`), compared with NumPy.
// == run ln
// arg x: [3, 4]f64 = [[1, 2, 3, 4], [0.5, -1, 2, 8], [3, 3, 3, 3]]
// arg g: [4]f64 = [1, 0.5, 2, 1.5]
// arg eps: f64 = 0.00001
// out: [3, 4]f64 = [[-1.3416354199689269, -0.2236059033281545, 0.894423613312618, 2.0124531299533905], [-0.5488210648444315, -0.49393895835998836, -0.2195284259377726, 2.4696947917999417], [0.0, 0.0, 0.0, 0.0]]
// tol: 1e-12
// py: mu = x.mean(1, keepdims=True)
// py: xc = x - mu
// numpy: g * xc / np.sqrt((xc * xc).mean(1)[:, None] + eps)
fn ln(x: [n, m]f64, g: [m]f64, eps: f64) -> [n, m]f64 {
    let mu = mean(x, axis=1, keepdims=true);
    let xc = x - mu;
    let var = mean(xc * xc, axis=1)[:, newaxis];
    g * xc / sqrt(var + eps)
}
