// `r @ a` and `a @ p` over one matrix in one statement are computed together, in one
// pass over `a` (300 rows: the one-pass route; 5 rows: the two products in turn), in
// either order.
// == run f
// arg n: i64 = 300
// out: [3]f64 = [-1.0354515182895527, -0.9783695080963856, -0.021779084141556077]
// out: f64 = -0.6441400089886806
// py: a = np.sin(np.arange(n * 3).astype(np.float64)).reshape(n, 3)
// py: p = np.cos(np.arange(3).astype(np.float64))
// py: r = np.arange(n).astype(np.float64) * 0.01 - 1.0
// numpy: (r @ a, np.sum(a @ p))
// == run f
// arg n: i64 = 5
// out: [3]f64 = [0.24947345085159242, -0.6117432589883475, -0.910526037712982]
// out: f64 = -0.3161122154888947
// py: a = np.sin(np.arange(n * 3).astype(np.float64)).reshape(n, 3)
// py: p = np.cos(np.arange(3).astype(np.float64))
// py: r = np.arange(n).astype(np.float64) * 0.01 - 1.0
// numpy: (r @ a, np.sum(a @ p))
// == run g
// arg n: i64 = 300
// out: f64 = -0.6441400089886806
// out: [3]f64 = [-1.0354515182895527, -0.9783695080963856, -0.021779084141556077]
// py: a = np.sin(np.arange(n * 3).astype(np.float64)).reshape(n, 3)
// py: p = np.cos(np.arange(3).astype(np.float64))
// py: r = np.arange(n).astype(np.float64) * 0.01 - 1.0
// numpy: (np.sum(a @ p), r @ a)
fn f(n: i64) -> ([3]f64, f64) {
    let a = reshape(sin(f64(arange(n * 3))), [n, 3]);
    let p = cos(f64(arange(3)));
    let r = f64(arange(n)) * 0.01 - 1.0;
    (r @ a, sum(a @ p))
}

fn g(n: i64) -> (f64, [3]f64) {
    let a = reshape(sin(f64(arange(n * 3))), [n, 3]);
    let p = cos(f64(arange(3)));
    let r = f64(arange(n)) * 0.01 - 1.0;
    (sum(a @ p), r @ a)
}
