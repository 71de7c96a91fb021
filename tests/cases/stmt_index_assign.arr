// x[i] = v writes one element; x[i] = row writes a row of a matrix.
// == run f
// arg x: [2, 3]i64 = [[1, 2, 3], [4, 5, 6]]
// arg i: i64 = 1
// out: [2, 3]i64 = [[7, 8, 9], [12, 5, 100]]
// py: y = x.copy(); y[i, -1] = 100; y[0] = np.array([7, 8, 9]); y[-1, 0] = y[0, 0] + y[1, 1]
// numpy: y
fn f(x: [2, 3]i64, i: i64) -> [2, 3]i64 {
    let mut y = x;
    y[i, -1] = 100;
    y[0] = [7, 8, 9];
    y[-1, 0] = y[0, 0] + y[1, 1];
    y
}
