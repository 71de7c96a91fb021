// x[i] with an i64 expression; negative i counts from the end.
// == run f
// arg x: [5]f64 = [10, 11, 12, 13, 14]
// arg i: i64 = 1
// out: f64 = 11
// out: f64 = 14
// out: f64 = 13
// out: f64 = 13
// numpy: (x[i], x[-1], x[-i - 1], x[i + 2])
fn f(x: [n]f64, i: i64) -> (f64, f64, f64, f64) {
    (x[i], x[-1], x[-i - 1], x[i + 2])
}
