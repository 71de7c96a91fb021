// Column mean and (population) variance of a tall matrix, returned as a tuple, like
// `(x.mean(axis=0), x.var(axis=0))`: two reductions along axis 0.
//
// Input:  x: [n, m]f32 (8192 x 4096).
// Output: ([m]f32 mean, [m]f32 variance).

fn colstats(x: [n, m]f32) -> ([m]f32, [m]f32) {
    let mu = mean(x, axis=0);
    (mu, mean((x - mu[newaxis, :]) ** 2, axis=0))
}
