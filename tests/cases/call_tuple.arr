// Tuple results: returned from a callee and destructured by the caller.
// == run f
// arg x: [5]f64 = [2, 4, 4, 4, 5]
// out: f64 = 1.8371173070873834
// out: f64 = 0.9797958971132712
// numpy: (np.float64((np.mean(x) - np.min(x)) / np.std(x)), np.float64(np.std(x)))
fn moments(x: [n]f64) -> (f64, f64) {
    let mu = mean(x);
    (mu, mean((x - mu) ** 2))
}
fn f(x: [n]f64) -> (f64, f64) {
    let (mu, var) = moments(x);
    let sd = sqrt(var);
    ((mu - min(x)) / sd, sd)
}
