// dot(a, b) in the four rank combinations, like `@`.
// == run mm
// arg a: [2, 2]f64 = [[1, 2], [3, 4]]
// arg b: [2, 3]f64 = [[1, 0, -1], [2, 1, 0.5]]
// out: [2, 3]f64 = [[5, 2, 0], [11, 4, -1]]
// numpy: np.dot(a, b)
// == run mv
// arg a: [2, 3]f64 = [[1, 0, -1], [2, 1, 0.5]]
// arg v: [3]f64 = [3, 4, 5]
// out: [2]f64 = [-2, 12.5]
// numpy: np.dot(a, v)
// == run vm
// arg v: [2]f64 = [3, 4]
// arg a: [2, 3]f64 = [[1, 0, -1], [2, 1, 0.5]]
// out: [3]f64 = [11, 4, -1]
// numpy: np.dot(v, a)
// == run vv
// arg u: [3]f64 = [1, 2, 3]
// arg v: [3]f64 = [4, -5, 6]
// out: f64 = 12
// numpy: np.dot(u, v)
fn mm(a: [n, k]f64, b: [k, m]f64) -> [n, m]f64 { dot(a, b) }
fn mv(a: [n, k]f64, v: [k]f64) -> [n]f64 { dot(a, v) }
fn vm(v: [k]f64, a: [k, m]f64) -> [m]f64 { dot(v, a) }
fn vv(u: [k]f64, v: [k]f64) -> f64 { dot(u, v) }
