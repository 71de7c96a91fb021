// `let mut b = a` takes `a`'s buffer when `a` is not read again, and copies it when it
// is; a simple scalar function applied to broadcast arrays is computed in the loop.
// == run moved
// arg x: [5]f64 = [1, 2, 3, 4, 5]
// out: [5]f64 = [5.0, 4.0, 6.0, 8.0, 10.0]
// py: b = x * 2.0; b[0] = 5.0
// numpy: b
// == run copied
// arg x: [5]f64 = [1, 2, 3, 4, 5]
// out: f64 = 63.0
// py: b = x * 2.0; b[0] = 5.0
// numpy: np.float64(b.sum() + (x * 2.0).sum())
// == run pairs
// arg p: [3]f64 = [0.1, 0.5, 1.0]
// arg q: [2]f64 = [2.0, 3.0]
// out: [3, 2]f64 = [[1.0735455276791943, 1.5337861650177969], [0.9013878188659973, 1.346291201783626], [0.7071067811865476, 1.118033988749895]]
// py: d = p[:, None] - q[None, :]
// numpy: np.sqrt(d * d + 1.0) * 0.5
fn moved(x: [n]f64) -> [n]f64 {
    let a = x * 2.0;
    let mut b = a;
    b[0] = 5.0;
    b
}

fn copied(x: [n]f64) -> f64 {
    let a = x * 2.0;
    let mut b = a;
    b[0] = 5.0;
    sum(b) + sum(a)
}

fn k(u: f64, w: f64) -> f64 {
    let d = u - w;
    let s = d * d + 1.0;
    sqrt(s) * 0.5
}

fn pairs(p: [n]f64, q: [m]f64) -> [n, m]f64 {
    k(p[:, newaxis], q[newaxis, :])
}
