// [n] and [m] cannot be proved equal: reported at the whole binary expression.
// == error E0203 at 5:5
// message: (?s)n.*m
fn f(x: [n]f64, y: [m]f64) -> [n]f64 {
    x + y
}
