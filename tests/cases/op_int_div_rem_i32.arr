// i32 `/` and `%` truncate toward zero; (a / b) * b + a % b == a.
// == run f
// arg a: [6]i32 = [17, -17, 17, -17, 5, -1]
// arg b: [6]i32 = [5, 5, -5, -5, 7, 2]
// out: [6]i32 = [3, -3, -3, 3, 0, 0]
// out: [6]i32 = [2, -2, 2, -2, 5, -1]
// out: [6]i32 = [17, -17, 17, -17, 5, -1]
// numpy: (tdiv(a, b), np.fmod(a, b), tdiv(a, b) * b + np.fmod(a, b))
fn f(a: [n]i32, b: [n]i32) -> ([n]i32, [n]i32, [n]i32) {
    let q = a / b;
    let r = a % b;
    (q, r, q * b + r)
}
