// A size variable in the result type that no parameter binds.
// == error E0104 at 3:21
fn f(x: [n]f64) -> [m]f64 {
    zeros([m], f64)
}
