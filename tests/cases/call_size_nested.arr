// Symbolic sizes through two levels of calls: [n] -> [n - 2] -> [n - 4].
// == run f
// arg x: [7]f64 = [0, 1, 4, 9, 16, 25, 36]
// out: [3]f64 = [8, 8, 8]
// out: f64 = 3
// numpy: ((x[2:] - x[:-2])[2:] - (x[2:] - x[:-2])[:-2], np.float64(7 - 4))
fn d2(x: [n]f64) -> [n - 2]f64 { x[2:] - x[:-2] }
fn f(x: [n]f64) -> ([n - 4]f64, f64) {
    let y = d2(d2(x));
    (y, f64(n - 4))
}
