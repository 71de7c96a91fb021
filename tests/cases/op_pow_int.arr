// `**` on integers stays integer.
// == run f
// arg x: [5]i64 = [0, 1, -2, 3, 10]
// out: [5]i64 = [0, 1, -8, 27, 1000]
// numpy: x ** 3
fn f(x: [n]i64) -> [n]i64 {
    x ** 3
}
