// An argument of the wrong element type.
// == runerror f
// arg x: [2]f32 = [1, 2]
// message: argument `x`
fn f(x: [n]f64) -> f64 {
    sum(x)
}
