// zeros and ones with literal and symbolic shapes.
// == run f
// arg x: [2, 3]f64 = [[1, 2, 3], [4, 5, 6]]
// out: [2, 3]f64 = [[0, 0, 0], [0, 0, 0]]
// out: [3]i32 = [1, 1, 1]
// out: [2, 3]f64 = [[2, 3, 4], [5, 6, 7]]
// out: [2]bool = [false, false]
// numpy: (np.zeros((2, 3)), np.ones(3, dtype=np.int32), x + np.ones((2, 3)), np.zeros(2, dtype=np.bool_))
fn f(x: [n, m]f64) -> ([2, 3]f64, [m]i32, [n, m]f64, [n]bool) {
    (zeros([2, 3], f64), ones([m], i32), x + ones([n, m], f64), zeros([n], bool))
}
