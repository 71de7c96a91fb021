// x[1:] is [n - 1] and x is [n]: not provably equal.
// == error E0203 at 4:5
fn f(x: [n]f64) -> [n]f64 {
    x[1:] - x
}
