// A 2-d i64 index array gathers into an array of the index's shape.
// == run f
// arg x: [4]i64 = [100, 200, 300, 400]
// arg idx: [2, 2]i64 = [[3, 0], [-1, 1]]
// out: [2, 2]i64 = [[400, 100], [400, 200]]
// numpy: x[idx]
fn f(x: [n]i64, idx: [a, b]i64) -> [a, b]i64 {
    x[idx]
}
