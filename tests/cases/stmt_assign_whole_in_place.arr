// Whole-array assignments of an elementwise value reuse the variable's buffer: a time
// loop updating `u` from its old values, a value reading the variable in another order
// (`flip`: must see the old values, so it goes through a temporary), and a copy taken
// before the update keeping the old values.
// == run f
// arg x0: [5]f64 = [0.5, 1, 1.5, -2, 0.25]
// arg y: [5]f64 = [1, 2, 3, 4, 5]
// out: [5]f64 = [7.1484375000000000e-01, 1.0000000000000000e+00, 3.3984375000000000e-01, -3.4000000000000000e+02, -3.6770172119140625e+00]
// out: [5]f64 = [0.75, -1. , 3. , -1. , 0.75]
// out: [5]f64 = [1. , 2. , 3. , -4. , 0.5]
// out: [5]f64 = [0.5 , 1. , 1.5 , -2. , 0.25]
// py: u = x0.copy()
// py: for t in range(3): u = u + 0.5 * y - u * u
// numpy: (u, np.flip(x0, 0) + x0, x0 * 2.0, x0)
fn f(x0: [5]f64, y: [5]f64) -> ([5]f64, [5]f64, [5]f64, [5]f64) {
    let mut u = x0;
    for t in 0..3 {
        u = u + 0.5 * y - u * u;
    }
    let mut v = x0;
    v = flip(v, axis=0) + v;
    let mut w = x0;
    let before = w;
    w = w * 2.0;
    (u, v, w, before)
}
