// Integer `/` truncates toward zero (as in Rust), unlike NumPy's floor division.
// == run f
// arg a: [8]i64 = [7, -7, 7, -7, 0, 9, -9, 1]
// arg b: [8]i64 = [2, 2, -2, -2, 3, -4, 4, -3]
// out: [8]i64 = [3, -3, -3, 3, 0, -2, -2, 0]
// numpy: tdiv(a, b)
fn f(a: [n]i64, b: [n]i64) -> [n]i64 {
    a / b
}
