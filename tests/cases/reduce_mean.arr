// mean over everything, per axis and with keepdims (f64 and f32).
// == run f
// arg x: [2, 4]f64 = [[1, 2, 3, 4], [5, 6, 7, 9]]
// arg y: [3]f32 = [1, 2, 4]
// out: f64 = 4.625
// out: [4]f64 = [3, 4, 5, 6.5]
// out: [2, 1]f64 = [[2.5], [6.75]]
// out: f32 = 2.3333333
// numpy: (np.mean(x), np.mean(x, axis=0), np.mean(x, axis=1, keepdims=True), np.mean(y))
fn f(x: [n, m]f64, y: [k]f32) -> (f64, [m]f64, [n, 1]f64, f32) {
    (mean(x), mean(x, axis=0), mean(x, axis=1, keepdims=true), mean(y))
}
