// Integer division and remainder of scalars, with a literal divisor.
// == run f
// arg a: i64 = -17
// out: i64 = -3
// out: i64 = -2
// out: i64 = 4
// numpy: (tdiv(a, 5), np.fmod(a, 5), tdiv(a, -4))
fn f(a: i64) -> (i64, i64, i64) {
    (a / 5, a % 5, a / -4)
}
