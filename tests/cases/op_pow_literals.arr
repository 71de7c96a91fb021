// Right-associative `**` on literals and its precedence against `*` and unary minus.
// == run f
// arg x: f64 = 3
// out: f64 = 512
// out: f64 = -4
// out: f64 = 18
// out: f64 = 9
// numpy: (2.0 ** 3.0 ** 2.0, -2.0 ** 2.0, 2.0 * x ** 2.0, (-x) ** 2.0)
fn f(x: f64) -> (f64, f64, f64, f64) {
    (2.0 ** 3.0 ** 2.0, -2.0 ** 2.0, 2.0 * x ** 2, (-x) ** 2.0)
}
