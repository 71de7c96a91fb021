// Float division follows IEEE-754: x/0 is ±inf, 0/0 is NaN.
// == run f
// arg x: [6]f64 = [1, -3, 7.5, 1, -1, 0]
// arg y: [6]f64 = [4, 2, -0.5, 0, 0, 0]
// out: [6]f64 = [0.25, -1.5, -15, inf, -inf, nan]
// numpy: x / y
fn f(x: [n]f64, y: [n]f64) -> [n]f64 {
    x / y
}
