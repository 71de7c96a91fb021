// argmax / argmin give i64 and the first index on ties; over all elements
// it is the flat index.
// == run f
// arg x: [2, 4]f64 = [[3, 7, 7, 1], [9, 2, 9, 1]]
// out: i64 = 4
// out: i64 = 3
// out: [2]i64 = [1, 0]
// out: [4]i64 = [0, 1, 0, 0]
// out: [2]i64 = [1, 0]
// numpy: (np.argmax(x), np.argmin(x), np.argmax(x, axis=1), np.argmin(x, axis=0), np.argmax(x, axis=-1))
fn f(x: [n, m]f64) -> (i64, i64, [n]i64, [m]i64, [n]i64) {
    (argmax(x), argmin(x), argmax(x, axis=1), argmin(x, axis=0), argmax(x, axis=-1))
}
