// The body's value has shape [n - 1] but the declared result is [n].
// == error E0204 at 4:5
fn f(x: [n]f64) -> [n]f64 {
    x[1:] * 2.0
}
