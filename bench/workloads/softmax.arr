// Row-wise softmax, numerically stable (subtract each row's maximum first).
//
// Input:  x: [n, m]f32 (4096 x 4096).
// Output: [n, m]f32, each row sums to one.

fn softmax(x: [n, m]f32) -> [n, m]f32 {
    let e = exp(x - max(x, axis=1)[:, newaxis]);
    e / sum(e, axis=1)[:, newaxis]
}
