// Compound assignment on overlapping slices: `a[1:] += a[:-1]` reads the old values
// (the right side is evaluated before anything is written), as NumPy does.
// == run f
// arg x: [5]i64 = [1, 2, 3, 4, 5]
// out: [5]i64 = [5, 21, 45, 7, 9]
// py: a = x.copy(); a[1:] = a[1:] + a[:-1].copy(); a[:-2] *= a[2:].copy()
// numpy: a
fn f(x: [n]i64) -> [n]i64 {
    let mut a = x;
    a[1:] += a[:-1];
    a[:-2] *= a[2:];
    a
}
