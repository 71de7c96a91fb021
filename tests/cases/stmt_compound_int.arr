// Compound assignment on integers: /= truncates toward zero (literal sizes, so that
// y[2:] and y[0:2] provably have the same shape).
// == run f
// arg k: [4]i64 = [7, -7, 9, -9]
// out: [4]i64 = [9, -9, 36, -36]
// out: i64 = -3
// py: y = k.copy(); y[0:2] = tdiv(y[0:2], 2); y[2:] += y[0:2]; y *= 3
// py: c = tdiv(np.int64(-7), 2)
// numpy: (y, c)
fn f(k: [4]i64) -> ([4]i64, i64) {
    let mut y = k;
    y[0:2] /= 2;
    y[2:] += y[0:2];
    y *= 3;
    let mut c = -7;
    c /= 2;
    (y, c)
}
