// `return expr;` at the end and early, from inside a loop.
// == run first_negative
// arg x: [5]f64 = [3, 1, -4, 1, -5]
// out: i64 = 2
// numpy: np.int64(2)
// == run first_negative
// arg x: [5]f64 = [3, 1, 4, 1, 5]
// out: i64 = -1
// numpy: np.int64(-1)
fn first_negative(x: [n]f64) -> i64 {
    for i in 0..n {
        if x[i] < 0.0 {
            return i;
        }
    }
    return -1;
}
