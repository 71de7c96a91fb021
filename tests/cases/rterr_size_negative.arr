// A parameter of type [n + 2] given one element: n would be negative.
// == runerror f
// arg x: [1]f64 = [1]
// message: (?i)size|argument `x`
fn f(x: [n + 2]f64) -> [n]f64 {
    x[1:-1]
}
