// Row softmax as one row group: a NaN poisons its own row only (max propagates NaN).
// == run softmax
// arg x: [2, 3]f32 = [[1, 2, nan], [0, -1, 1]]
// out: [2, 3]f32 = [[nan, nan, nan], [0.2447284609079361, 0.09003057330846786, 0.6652409434318542]]
// py: e = np.exp(x - x.max(1)[:, None])
// numpy: e / e.sum(1)[:, None]
fn softmax(x: [n, m]f32) -> [n, m]f32 {
    let e = exp(x - max(x, axis=1)[:, newaxis]);
    e / sum(e, axis=1)[:, newaxis]
}
