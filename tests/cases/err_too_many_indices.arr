// Two indices for a 1-d array (reported at the whole index expression).
// == error E0207 at 4:5
fn f(x: [n]f64) -> f64 {
    x[0, 1]
}
