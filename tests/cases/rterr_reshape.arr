// reshape whose element count can only be checked at run time.
// == runerror f
// arg x: [5]f64 = [1, 2, 3, 4, 5]
// arg y: [2]f64 = [0, 0]
// message: cannot reshape
// == run f
// arg x: [4]f64 = [1, 2, 3, 4]
// arg y: [2]f64 = [0, 0]
// out: [2, 2]f64 = [[1, 2], [3, 4]]
// numpy: np.reshape(x, (2, 2))
fn f(x: [n]f64, y: [m]f64) -> [m, 2]f64 {
    reshape(x, [m, 2])
}
