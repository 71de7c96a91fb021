// Gathering needs an i64 index array, not f64.
// == error E0202 at 4:7
fn f(x: [n]f64, idx: [k]f64) -> [k]f64 {
    x[idx]
}
