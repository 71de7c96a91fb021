// A `return` value that does not match the declared result.
// == error E0204 at 4:12
fn f(x: [n]f64) -> f64 {
    return x;
}
