// A call binds the callee's size variables from the argument shapes: `inner` maps
// [n] to [n - 2]; called with a [2 * m] argument its result is [2 * m - 2].
// == run outer
// arg y: [6]f64 = [1, 4, 9, 16, 25, 36]
// out: [4]f64 = [8, 12, 16, 20]
// numpy: y[2:] - y[:-2]
// == run twice_inner
// arg y: [4]f64 = [1, 2, 4, 8]
// out: [6]f64 = [3, 6, -3, -6, 3, 6]
// numpy: np.concatenate([y, y], axis=0)[2:] - np.concatenate([y, y], axis=0)[:-2]
fn inner(x: [n]f64) -> [n - 2]f64 {
    x[2:] - x[:-2]
}
fn outer(y: [2 * m]f64) -> [2 * m - 2]f64 {
    inner(y)
}
fn twice_inner(y: [m]f64) -> [2 * m - 2]f64 {
    inner(concat([y, y], axis=0))
}
