// Unary minus on floats and integers, `!` on bools.
// == run f
// arg x: [3]f64 = [1.5, -2, 0]
// arg k: [3]i32 = [4, -5, 0]
// arg b: [3]bool = [true, false, true]
// out: [3]f64 = [-1.5, 2, -0]
// out: [3]i32 = [-4, 5, 0]
// out: [3]bool = [false, true, false]
// numpy: (-x, -k, ~b)
fn f(x: [n]f64, k: [n]i32, b: [n]bool) -> ([n]f64, [n]i32, [n]bool) {
    (-x, -k, !b)
}
