// `**` binds tighter than unary minus: `-x ** 2` is `-(x ** 2)`.
// == run f
// arg x: [4]f64 = [1, -2, 3, -0.5]
// out: [4]f64 = [-1, -4, -9, -0.25]
// numpy: -(x ** 2)
fn f(x: [n]f64) -> [n]f64 {
    -x ** 2.0
}
