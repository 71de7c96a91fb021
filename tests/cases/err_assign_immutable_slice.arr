// Slice assignment to a parameter (parameters are immutable).
// == error E0103 at 4:5
fn f(x: [n]f64) -> [n]f64 {
    x[0] = 1.0;
    x
}
