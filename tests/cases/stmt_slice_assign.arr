// Assignment through a slice; the right side broadcasts to the target's shape.
// == run f
// arg p: [3, 4]f64 = [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]
// out: [3, 4]f64 = [[7, 20, 30, 4], [-1, 60, -1, 8], [9, 0, 0, 0]]
// py: q = p.copy(); q[-1, :] = 0.0; q[:, 0] = np.array([7.0, 8.0, 9.0]); q[0:2, 1:3] = q[0:2, 1:3] * 10.0; q[1, ::2] = -1.0
// numpy: q
fn f(p: [3, 4]f64) -> [3, 4]f64 {
    let mut q = p;
    q[-1, :] = 0.0;
    q[:, 0] = [7.0, 8.0, 9.0];
    q[0:2, 1:3] = q[0:2, 1:3] * 10.0;
    q[1, ::2] = -1.0;
    q
}
