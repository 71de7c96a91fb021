// A gather index out of range.
// == runerror f
// arg x: [3]f64 = [1, 2, 3]
// arg idx: [3]i64 = [0, 5, 1]
// message: index 5 is out of range
// == runerror f
// arg x: [3]f64 = [1, 2, 3]
// arg idx: [2]i64 = [-4, 0]
// message: out of range
fn f(x: [n]f64, idx: [k]i64) -> [k]f64 {
    x[idx]
}
