// abs on integers.
// == run f
// arg a: [4]i64 = [-3, 0, 5, -9000000000]
// arg b: [3]i32 = [-7, 7, 0]
// out: [4]i64 = [3, 0, 5, 9000000000]
// out: [3]i32 = [7, 7, 0]
// numpy: (np.abs(a), np.abs(b))
fn f(a: [n]i64, b: [m]i32) -> ([n]i64, [m]i32) {
    (abs(a), abs(b))
}
