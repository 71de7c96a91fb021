// prod over all elements and over an axis; integers keep their type.
// == run f
// arg x: [2, 3]f64 = [[1, 2, 3], [0.5, -2, 4]]
// arg k: [4]i64 = [2, -3, 5, 7]
// out: f64 = -24
// out: [3]f64 = [0.5, -4, 12]
// out: [2, 1]f64 = [[6], [-4]]
// out: i64 = -210
// numpy: (np.prod(x), np.prod(x, axis=0), np.prod(x, axis=1, keepdims=True), np.prod(k))
fn f(x: [n, m]f64, k: [q]i64) -> (f64, [m]f64, [n, 1]f64, i64) {
    (prod(x), prod(x, axis=0), prod(x, axis=1, keepdims=true), prod(k))
}
