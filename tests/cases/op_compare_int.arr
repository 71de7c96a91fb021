// Comparisons of i64 arrays with a scalar broadcast, and of bools.
// == run f
// arg a: [5]i64 = [-2, 0, 3, 3, 9]
// arg p: [5]bool = [true, false, true, false, true]
// out: [5]bool = [false, false, true, true, true]
// out: [5]bool = [true, false, true, true, true]
// out: [5]bool = [false, true, true, false, true]
// numpy: (a >= 3, a != 0, p == (a > 0))
fn f(a: [n]i64, p: [n]bool) -> ([n]bool, [n]bool, [n]bool) {
    (a >= 3, a != 0, p == (a > 0))
}
