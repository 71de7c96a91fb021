// A literal index provably out of range for a literal size.
// == error E0215
fn f(x: [3]f64) -> f64 {
    x[3]
}
