// NumPy broadcasting: shapes align from the right; size-1 axes stretch; scalars go everywhere.
// == run f
// arg x: [2, 3]f64 = [[1, 2, 3], [4, 5, 6]]
// arg r: [3]f64 = [10, 20, 30]
// arg c: [2, 1]f64 = [[100], [200]]
// arg s: f64 = 0.5
// out: [2, 3]f64 = [[11, 22, 33], [14, 25, 36]]
// out: [2, 3]f64 = [[100, 200, 300], [800, 1000, 1200]]
// out: [2, 3]f64 = [[110, 120, 130], [210, 220, 230]]
// out: [2, 3]f64 = [[-0.5, 0, 0.5], [1, 1.5, 2]]
// numpy: (x + r, x * c, c + r, s * x - 1.0)
fn f(x: [2, 3]f64, r: [3]f64, c: [2, 1]f64, s: f64) -> ([2, 3]f64, [2, 3]f64, [2, 3]f64, [2, 3]f64) {
    (x + r, x * c, c + r, s * x - 1)
}
