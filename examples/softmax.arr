// Row-wise softmax of a batch of logits, numerically stable: subtract each row's
// maximum before exponentiating, then divide by the row sums.
//
// Input:  x: [n, m]f32, one row of logits per sample (data: 8 x 16).
// Output: [n, m]f32, each row a probability distribution.
//
//     arrc run examples/softmax.arr --entry softmax --arg x=examples/data/softmax/x.npy

fn softmax(x: [n, m]f32) -> [n, m]f32 {
    let e = exp(x - max(x, axis=1)[:, newaxis]);
    e / sum(e, axis=1)[:, newaxis]
}
