// `&&` binds tighter than `||`; both apply elementwise to bool arrays.
// == run f
// arg a: [4]bool = [true, true, false, false]
// arg b: [4]bool = [true, false, true, false]
// arg c: [4]bool = [false, true, true, false]
// out: [4]bool = [true, true, true, false]
// out: [4]bool = [false, true, true, false]
// out: [4]bool = [false, true, false, false]
// numpy: (a | (b & c), (a | b) & c, a & ~b)
fn f(a: [n]bool, b: [n]bool, c: [n]bool) -> ([n]bool, [n]bool, [n]bool) {
    (a || b && c, (a || b) && c, a && !b)
}
