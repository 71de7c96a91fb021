// stack needs arrays of one shape.
// == error E0213 at 4:5
fn f(a: [n]f64, b: [m]f64) -> [2, n]f64 {
    stack([a, b], axis=0)
}
