// Indexing with an i64 array gathers; negative indices count from the end.
// == run f
// arg x: [5]f64 = [10, 11, 12, 13, 14]
// arg idx: [6]i64 = [0, 4, -1, 2, 2, -5]
// out: [6]f64 = [10, 14, 14, 12, 12, 10]
// numpy: x[idx]
fn f(x: [n]f64, idx: [k]i64) -> [k]f64 {
    x[idx]
}
