// Elementwise + - * on f64 arrays, with `*` binding tighter than `+ -`.
// == run f
// arg x: [2, 3]f64 = [[1, 2, 3], [4, 5, 6]]
// arg y: [2, 3]f64 = [[0.5, -1, 2], [3, 0.25, -6]]
// out: [2, 3]f64 = [[1.5, 2, 1], [-2, 4.25, 30]]
// numpy: x + y * 2.0 - x * y
fn f(x: [n, m]f64, y: [n, m]f64) -> [n, m]f64 {
    x + y * 2.0 - x * y
}
