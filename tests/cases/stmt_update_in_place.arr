// Slice assignments whose right side reads the assigned region itself are computed in
// place (each element's old value read where it is written): compound operators on
// contiguous, strided and 2-d regions, the region written out by hand, a
// region read through an inlined local, and a right side that also reads another part
// of the target (a shifted read, which must still see the old values).
// == run f
// arg x: [8]f64 = [1, 2, 3, 4, 5, 6, 7, 8]
// arg m: [3, 4]f64 = [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]
// arg w: [4]f64 = [1, 10, 100, 1000]
// out: [8]f64 = [-1, -6, 145, 325, 401, -22, 28, 10]
// out: [3, 4]f64 = [[1, 2, 3, 4], [10, 32, 428, 8], [18, 10, 22, 12]]
// out: [8]f64 = [-1, -7, 139, 470, 726, 379, 6, 38]
// py: y = x.copy(); y[1:7] -= 0.5 * y[1:7] * w[1]; y[::3] *= -1.0; y[1::2] += 2.0
// py: y[2:5] = y[2:5] * y[2:5] + 1.0
// py: z = y.copy(); z[1:] = z[1:] + z[:-1]
// py: n2 = m.copy(); r = n2[1, 1:3]; n2[1, 1:3] = (r + w[1:3]) * 2.0; n2[1:, ::2] += n2[1:, ::2]
// numpy: (y, n2, z)
fn f(x: [8]f64, m: [3, 4]f64, w: [4]f64) -> ([8]f64, [3, 4]f64, [8]f64) {
    let mut y = x;
    y[1:7] -= 0.5 * y[1:7] * w[1];
    y[::3] *= -1.0;
    y[1::2] += 2.0;
    y[2:5] = y[2:5] * y[2:5] + 1.0;
    let mut z = y;
    z[1:] = z[1:] + z[:-1];
    let mut n2 = m;
    let d = n2[1, 1:3] + w[1:3];
    n2[1, 1:3] = d * 2.0;
    n2[1:, ::2] += n2[1:, ::2];
    (y, n2, z)
}
