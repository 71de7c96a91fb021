// x[i, j] gives a scalar; x[i] takes the missing trailing axis whole (a row).
// == run f
// arg x: [3, 4]i64 = [[0, 1, 2, 3], [10, 11, 12, 13], [20, 21, 22, 23]]
// out: i64 = 12
// out: i64 = 20
// out: [4]i64 = [20, 21, 22, 23]
// out: [4]i64 = [10, 11, 12, 13]
// numpy: (x[1, 2], x[-1, -4], x[2], x[-2])
fn f(x: [n, m]i64) -> (i64, i64, [m]i64, [m]i64) {
    (x[1, 2], x[-1, -4], x[2], x[-2])
}
