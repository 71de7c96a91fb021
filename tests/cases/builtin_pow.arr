// pow(x, y) is x ** y, broadcasting.
// == run f
// arg x: [4]f64 = [2, 9, 0.5, 10]
// arg y: [4]f64 = [3, 0.5, -1, 0]
// out: [4]f64 = [8, 3, 2, 1]
// out: [4]f64 = [4, 81, 0.25, 100]
// numpy: (np.power(x, y), np.power(x, 2.0))
fn f(x: [n]f64, y: [n]f64) -> ([n]f64, [n]f64) {
    (pow(x, y), pow(x, 2.0))
}
