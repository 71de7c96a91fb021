// Compound assignment += -= *= /= on whole arrays, scalars and slices.
// == run f
// arg x: [5]f64 = [1, 2, 3, 4, 5]
// out: [5]f64 = [7, -7, -12, 5, 3]
// out: f64 = 2
// py: y = x.copy(); y += 1.0; y[1:3] -= 10.0; y[::2] *= 2.0; y[-1] /= 4.0; y[0] += y[4]
// py: s = np.float64(1.0)
// py: s += 2.0; s *= 3.0; s -= 1.0; s /= 4.0
// numpy: (y, s)
fn f(x: [n]f64) -> ([n]f64, f64) {
    let mut y = x;
    y += 1.0;
    y[1:3] -= 10.0;
    y[::2] *= 2.0;
    y[-1] /= 4.0;
    y[0] += y[4];
    let mut s = 1.0;
    s += 2.0;
    s *= 3.0;
    s -= 1.0;
    s /= 4.0;
    (y, s)
}
