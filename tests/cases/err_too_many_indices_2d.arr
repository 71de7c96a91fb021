// Three index entries for a 2-d array (newaxis does not count).
// == error E0207 at 4:5
fn f(x: [n, m]f64) -> f64 {
    x[0, 1, 2]
}
