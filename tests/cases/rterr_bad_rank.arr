// An argument of the wrong rank.
// == runerror f
// arg x: [2, 2]f64 = [[1, 2], [3, 4]]
// message: argument `x`
fn f(x: [n]f64) -> f64 {
    sum(x)
}
