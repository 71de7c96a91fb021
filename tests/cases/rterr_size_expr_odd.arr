// A parameter of type [2 * m] given an odd number of elements.
// == runerror outer
// arg y: [5]f64 = [1, 2, 3, 4, 5]
// message: (?i)size|argument `y`
fn inner(x: [n]f64) -> [n - 2]f64 {
    x[2:] - x[:-2]
}
fn outer(y: [2 * m]f64) -> [2 * m - 2]f64 {
    inner(y)
}
