// An index computed from the data: the element after the maximum.
// == run f
// arg x: [5]f64 = [3, 9, 4, 1, 2]
// out: f64 = 4
// numpy: x[np.argmax(x) + 1]
fn f(x: [n]f64) -> f64 {
    x[argmax(x) + 1]
}
