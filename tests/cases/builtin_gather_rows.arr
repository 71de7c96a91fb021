// Gathering rows of a matrix (an embedding lookup): x[idx] on [n, d] gives [k, d].
// == run f
// arg table: [3, 2]f32 = [[1, 2], [3, 4], [5, 6]]
// arg ids: [4]i64 = [2, 0, 2, -2]
// out: [4, 2]f32 = [[5, 6], [1, 2], [5, 6], [3, 4]]
// numpy: table[ids]
fn f(table: [n, d]f32, ids: [k]i64) -> [k, d]f32 {
    table[ids]
}
