// A gather with a computed index array: the odd elements of a [2 * k] vector.
// == run f
// arg x: [6]f64 = [10, 11, 12, 13, 14, 15]
// out: [3]f64 = [11, 13, 15]
// out: [6]f64 = [15, 14, 13, 12, 11, 10]
// numpy: (x[np.arange(3) * 2 + 1], x[::-1][np.arange(6)])
fn f(x: [2 * k]f64) -> ([k]f64, [2 * k]f64) {
    (x[arange(k) * 2 + 1], flip(x, axis=0)[arange(2 * k)])
}
