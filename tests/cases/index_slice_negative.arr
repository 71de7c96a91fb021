// Negative slice bounds count from the end, as in NumPy.
// == run f
// arg x: [7]f64 = [0, 1, 2, 3, 4, 5, 6]
// out: [3]f64 = [4, 5, 6]
// out: [5]f64 = [0, 1, 2, 3, 4]
// out: [3]f64 = [3, 4, 5]
// out: [5]f64 = [1, 2, 3, 4, 5]
// numpy: (x[-3:], x[:-2], x[-4:-1], x[1:-1])
fn f(x: [n]f64) -> ([3]f64, [n - 2]f64, [3]f64, [n - 2]f64) {
    (x[-3:], x[:-2], x[-4:-1], x[1:-1])
}
