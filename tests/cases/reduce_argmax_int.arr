// argmax / argmin of a 1-d integer array with ties.
// == run f
// arg k: [6]i32 = [4, -1, 4, -1, 0, 4]
// out: i64 = 0
// out: i64 = 1
// numpy: (np.argmax(k), np.argmin(k))
fn f(k: [n]i32) -> (i64, i64) {
    (argmax(k), argmin(k))
}
