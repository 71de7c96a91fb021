// `**` is right-associative: `a ** b ** c` is `a ** (b ** c)`.
// == run f
// arg a: [3]f64 = [2, 3, 1.5]
// arg b: [3]f64 = [3, 2, 2]
// arg c: [3]f64 = [2, 0.5, 3]
// out: [3]f64 = [512, 4.728804387837416, 25.62890625]
// numpy: a ** (b ** c)
fn f(a: [n]f64, b: [n]f64, c: [n]f64) -> [n]f64 {
    a ** b ** c
}
