// Comparisons give bool arrays; any comparison with NaN is false except `!=`.
// == run f
// arg x: [5]f64 = [1, 2, 3, nan, -1]
// arg y: [5]f64 = [1, 3, 2, nan, -1]
// out: [5]bool = [true, false, false, false, true]
// out: [5]bool = [false, true, true, true, false]
// out: [5]bool = [false, true, false, false, false]
// out: [5]bool = [true, true, false, false, true]
// out: [5]bool = [false, false, true, false, false]
// out: [5]bool = [true, false, true, false, true]
// numpy: (x == y, x != y, x < y, x <= y, x > y, x >= y)
fn f(x: [n]f64, y: [n]f64) -> ([n]bool, [n]bool, [n]bool, [n]bool, [n]bool, [n]bool) {
    (x == y, x != y, x < y, x <= y, x > y, x >= y)
}
