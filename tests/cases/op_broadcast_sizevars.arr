// Broadcasting with symbolic sizes: [n, m] against [m] and [n, 1].
// == run f
// arg x: [3, 2]f64 = [[1, 2], [3, 4], [5, 6]]
// arg y: [2]f64 = [0.5, -1]
// arg z: [3, 1]f64 = [[1], [2], [3]]
// out: [3, 2]f64 = [[0.5, 3], [5, 10], [13.5, 21]]
// numpy: (x - y) * z
fn f(x: [n, m]f64, y: [m]f64, z: [n, 1]f64) -> [n, m]f64 {
    (x - y) * z
}
