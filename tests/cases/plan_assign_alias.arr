// Slice assignment whose right side reads the target goes through a temporary (NumPy's
// semantics); one that does not is computed in place, also across loop iterations.
// == run shift
// arg a: [5]f64 = [1, 2, 3, 4, 5]
// out: [5]f64 = [1.0, 2.0, 4.0, 6.0, 8.0]
// out: [5]f64 = [1.0, 4.0, 6.0, 8.0, 5.0]
// py: aa = a.copy(); aa[1:] = aa[:-1] * 2.0
// py: bb = a.copy(); bb[1:-1] = bb[2:] + bb[:-2]
// numpy: (aa, bb)
// == run smooth
// arg u0: [6]f64 = [0, 1, 4, 9, 16, 25]
// arg steps: i64 = 3
// out: [6]f64 = [0.0, 3.9375, 8.28125, 13.28125, 18.9375, 25.0]
// py: u = u0.copy(); v = u0.copy()
// py: for t in range(3):
// py:     v[1:-1] = 0.5 * (u[:-2] + u[2:]); u[1:-1] = 0.5 * (v[:-2] + v[2:])
// numpy: u
fn shift(a: [n]f64) -> ([n]f64, [n]f64) {
    let mut aa = a;
    aa[1:] = aa[:-1] * 2.0;
    let mut bb = a;
    bb[1:-1] = bb[2:] + bb[:-2];
    (aa, bb)
}

fn smooth(u0: [n]f64, steps: i64) -> [n]f64 {
    let mut u = u0;
    let mut v = u0;
    for t in 0..steps {
        v[1:-1] = 0.5 * (u[:-2] + u[2:]);
        u[1:-1] = 0.5 * (v[:-2] + v[2:]);
    }
    u
}
