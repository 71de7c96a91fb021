// `reshape` of a fresh temporary takes its buffer in the new shape (no copy) when its
// elements are in C order, and copies it in C order when they are not (a transposed
// operand's result keeps the transposed memory order).
// == run flat
// arg x: [2, 3]f64 = [[1, 2, 3], [4, 5, 6]]
// out: [3, 2]f64 = [[2.0, 4.0], [6.0, 8.0], [10.0, 12.0]]
// numpy: (x * 2.0).reshape(3, 2)
// == run transposed
// arg x: [2, 3]f64 = [[1, 2, 3], [4, 5, 6]]
// out: [2, 3]f64 = [[2.0, 8.0, 4.0], [10.0, 6.0, 12.0]]
// numpy: (x.T * 2.0).reshape(2, 3)
// == run reused
// arg x: [2, 3]f64 = [[1, 2, 3], [4, 5, 6]]
// out: f64 = 31.0
// py: y = (x + 1.0).reshape(6)
// numpy: np.float64(y.sum() + y[2])
fn flat(x: [n, m]f64) -> [m, n]f64 {
    reshape(x * 2.0, [m, n])
}

fn transposed(x: [n, m]f64) -> [n, m]f64 {
    reshape(x.T * 2.0, [n, m])
}

fn reused(x: [n, m]f64) -> f64 {
    let y = reshape(x + 1.0, [n * m]);
    sum(y) + y[2]
}
