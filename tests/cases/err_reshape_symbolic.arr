// reshape of [n, 2] into [2 * n + 1]: provably a different element count.
// == error E0210 at 4:5
fn f(x: [n, 2]f64) -> [2 * n + 1]f64 {
    reshape(x, [2 * n + 1])
}
