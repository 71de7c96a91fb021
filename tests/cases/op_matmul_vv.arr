// `@` vector · vector gives a scalar.
// == run f
// arg u: [4]f64 = [1, 2, 3, 4]
// arg v: [4]f64 = [0.5, -1, 2, 0.25]
// out: f64 = 5.5
// numpy: u @ v
fn f(u: [k]f64, v: [k]f64) -> f64 {
    u @ v
}
