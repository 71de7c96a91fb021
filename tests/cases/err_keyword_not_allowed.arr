// A keyword argument that the function does not take.
// == error E0212 at 4:12
fn f(x: [n]f64) -> [n]f64 {
    exp(x, keepdims=true)
}
