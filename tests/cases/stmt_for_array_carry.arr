// A loop-carried array keeps its shape: repeated smoothing.
// == run f
// arg x: [6]f64 = [0, 0, 6, 0, 0, 12]
// arg steps: i64 = 3
// out: [6]f64 = [0, 1.111111111111111, 2, 3.5555555555555554, 6.888888888888888, 12]
// py: a = x.copy()
// py: for _ in range(int(steps)):
// py:     a[1:-1] = (a[:-2] + a[1:-1] + a[2:]) / 3.0
// numpy: a
fn f(x: [n]f64, steps: i64) -> [n]f64 {
    let mut a = x;
    for t in 0..steps {
        a[1:-1] = (a[:-2] + a[1:-1] + a[2:]) / 3.0;
    }
    a
}
