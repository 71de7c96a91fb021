// An argument whose size differs from a literal size in the parameter type.
// == runerror f
// arg x: [4]f64 = [1, 2, 3, 4]
// message: argument `x`
fn f(x: [3]f64) -> f64 {
    sum(x)
}
