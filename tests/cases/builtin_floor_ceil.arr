// floor and ceil on floats.
// == run f
// arg x: [6]f64 = [1.5, -1.5, 2, -0.2, 0.7, -3]
// out: [6]f64 = [1, -2, 2, -1, 0, -3]
// out: [6]f64 = [2, -1, 2, -0, 1, -3]
// numpy: (np.floor(x), np.ceil(x))
fn f(x: [n]f64) -> ([n]f64, [n]f64) {
    (floor(x), ceil(x))
}
