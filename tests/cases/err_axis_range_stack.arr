// stack of 1-d arrays accepts axis 0 or 1 (the result has rank 2); 2 is out of range.
// == error E0206 at 4:24
fn f(a: [n]f64, b: [n]f64) -> [n, 2]f64 {
    stack([a, b], axis=2)
}
