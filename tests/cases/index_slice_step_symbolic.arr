// Strided slices of an array with a symbolic even length: [2 * k] by 2 gives [k].
// == run f
// arg x: [8]f64 = [1, 2, 3, 4, 5, 6, 7, 8]
// out: [4]f64 = [3, 7, 11, 15]
// out: [4]f64 = [10, 30, 50, 70]
// numpy: (x[::2] + x[1::2], x[0::2] * 10.0)
fn f(x: [2 * k]f64) -> ([k]f64, [k]f64) {
    (x[::2] + x[1::2], x[0::2] * 10.0)
}
