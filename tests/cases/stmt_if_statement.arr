// An if without else used as a statement for its effects inside a loop.
// == run f
// arg x: [6]i64 = [3, -1, 4, -1, -5, 9]
// out: [6]i64 = [3, 0, 4, 0, 0, 9]
// out: i64 = 3
// numpy: (np.where(x < 0, 0, x), np.int64(np.sum(x < 0)))
fn f(x: [n]i64) -> ([n]i64, i64) {
    let mut y = x;
    let mut neg = 0;
    for i in 0..n {
        if y[i] < 0 {
            y[i] = 0;
            neg += 1;
        }
    }
    (y, neg)
}
