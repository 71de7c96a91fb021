// Slice results have symbolic sizes: x[1:-1] on [n] is [n - 2], a central difference.
// == run f
// arg x: [6]f64 = [0, 1, 4, 9, 16, 25]
// out: [4]f64 = [2, 4, 6, 8]
// out: [4]f64 = [1, 4, 9, 16]
// numpy: ((x[2:] - x[:-2]) / 2.0, x[1:-1])
fn f(x: [n]f64) -> ([n - 2]f64, [n - 2]f64) {
    ((x[2:] - x[:-2]) / 2.0, x[1:-1])
}
