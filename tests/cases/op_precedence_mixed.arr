// Comparison is looser than arithmetic, `&&` looser than comparison, `||` loosest.
// == run f
// arg x: [4]f64 = [1, 2, 3, 4]
// arg y: [4]f64 = [4, 3, 2, 1]
// arg b: [4]bool = [false, true, false, true]
// out: [4]bool = [true, true, false, false]
// out: [4]f64 = [3.75, 5.333333333333333, 4.5, 0]
// numpy: ((x + y * 2.0 > 7.0) | (~b & (x - y / 2.0 < 1.0)), x * y - x / y)
fn f(x: [n]f64, y: [n]f64, b: [n]bool) -> ([n]bool, [n]f64) {
    (x + y * 2.0 > 7.0 || !b && x - y / 2.0 < 1.0, x * y - x / y)
}
