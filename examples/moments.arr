// The first four moments of a sample, returned as a tuple: mean, (population)
// variance, skewness and excess kurtosis.
//
// Input:  x: [n]f64 (200 samples from a gamma distribution, so skew is non-zero).
// Output: (mean, variance, skewness, kurtosis), four f64 scalars.

fn central(x: [n]f64, mu: f64, p: f64) -> f64 {
    mean((x - mu) ** p)
}

fn moments(x: [n]f64) -> (f64, f64, f64, f64) {
    let mu = mean(x);
    let var = central(x, mu, 2.0);
    let sd = sqrt(var);
    let skew = central(x, mu, 3.0) / (var * sd);
    let kurt = central(x, mu, 4.0) / (var * var) - 3.0;
    (mu, var, skew, kurt)
}
