// x[1:-1] needs at least two elements.
// == runerror f
// arg x: [1]f64 = [1]
// message: invalid slice
fn f(x: [n]f64) -> [n - 2]f64 {
    x[1:-1]
}
