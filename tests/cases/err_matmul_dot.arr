// dot of vectors of different lengths (reported at the call).
// == error E0205 at 4:5
fn f(u: [3]f64, v: [4]f64) -> f64 {
    dot(u, v)
}
