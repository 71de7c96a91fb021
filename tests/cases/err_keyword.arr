// An unknown keyword argument.
// == error E0212 at 4:12
fn f(x: [n, m]f64) -> [n]f64 {
    sum(x, axes=1)
}
