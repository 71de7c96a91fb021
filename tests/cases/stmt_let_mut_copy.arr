// `let mut b = a;` is a logical copy: writing b leaves a unchanged.
// == run f
// arg a: [4]f64 = [1, 2, 3, 4]
// out: [4]f64 = [1, 2, 3, 4]
// out: [4]f64 = [0, 2, 3, 4]
// out: f64 = 10
// numpy: (a, np.concatenate([[0.0], a[1:]]), np.sum(a))
fn f(a: [n]f64) -> ([n]f64, [n]f64, f64) {
    let mut b = a;
    b[0] = 0.0;
    (a, b, sum(a))
}
