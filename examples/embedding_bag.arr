// An embedding bag (as in recommender models): gather the rows of an embedding table
// for a list of ids (`table[ids]`, negative ids count from the end), weight them and
// sum, then L2-normalise the result.
//
// Inputs: table: [v, d]f32 (50 x 8), ids: [k]i64 (12), weights: [k]f32.
// Output: [d]f32.

fn embedding_bag(table: [v, d]f32, ids: [k]i64, weights: [k]f32) -> [d]f32 {
    let rows = table[ids];
    let bag = sum(rows * weights[:, newaxis], axis=0);
    bag / sqrt(sum(bag * bag))
}
