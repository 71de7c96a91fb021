// let (a, b) = ...; destructures a tuple (from a call and from a tuple expression).
// == run f
// arg x: [4]f64 = [1, 2, 3, 6]
// out: f64 = 3
// out: f64 = 3.5
// out: f64 = 5
// numpy: (np.mean(x), np.var(x), np.max(x) - np.min(x))
fn stats(x: [n]f64) -> (f64, f64) {
    let mu = mean(x);
    (mu, mean((x - mu) ** 2))
}
fn f(x: [n]f64) -> (f64, f64, f64) {
    let (m, v) = stats(x);
    let (hi, lo) = (max(x), min(x));
    (m, v, hi - lo)
}
