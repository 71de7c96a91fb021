// An out-of-range write inside a loop (off by one).
// == runerror f
// arg x: [3]i64 = [1, 2, 3]
// message: out of range
fn f(x: [n]i64) -> [n]i64 {
    let mut y = x;
    for i in 0..n + 1 {
        y[i] = 0;
    }
    y
}
