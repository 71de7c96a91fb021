// keepdims results broadcast back against the input (row normalisation).
// == run f
// arg x: [2, 3]f64 = [[1, 2, 3], [4, 5, 6]]
// out: [2, 3]f64 = [[0.16666666666666666, 0.3333333333333333, 0.5], [0.26666666666666666, 0.3333333333333333, 0.4]]
// out: [2, 3]f64 = [[-1.5, -1.5, -1.5], [1.5, 1.5, 1.5]]
// numpy: (x / np.sum(x, axis=1, keepdims=True), x - np.mean(x, axis=0, keepdims=True))
fn f(x: [n, m]f64) -> ([n, m]f64, [n, m]f64) {
    (x / sum(x, axis=1, keepdims=true), x - mean(x, axis=0, keepdims=true))
}
