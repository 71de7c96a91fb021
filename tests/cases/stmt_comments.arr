// Line and block comments anywhere, including inside expressions.
// == run f
// arg x: [2]f64 = [1, 2]
// out: [2]f64 = [3, 5]
// numpy: x * 2.0 + 1.0
/* A block comment
   over several lines. */
fn f(x: [n]f64) -> [n]f64 { // trailing comment
    x /* inline */ * 2.0 + // after an operator
        1.0
}
