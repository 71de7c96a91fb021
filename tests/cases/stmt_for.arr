// for loops over i64 ranges, with the loop variable used as a value.
// == run f
// arg k: i64 = 5
// out: i64 = 20
// out: f64 = 5
// numpy: (np.int64(sum(range(2, 5 + 2))), np.float64(sum(0.5 * i for i in range(5))))
fn f(k: i64) -> (i64, f64) {
    let mut s = 0;
    for i in 2..k + 2 {
        s += i;
    }
    let mut t = 0.0;
    for i in 0..k {
        t += 0.5 * f64(i);
    }
    (s, t)
}
