// x[i] with i past the end.
// == runerror f
// arg x: [3]f64 = [1, 2, 3]
// arg i: i64 = 3
// message: index 3 is out of range
// == runerror f
// arg x: [3]f64 = [1, 2, 3]
// arg i: i64 = -4
// message: out of range
// == run f
// arg x: [3]f64 = [1, 2, 3]
// arg i: i64 = -3
// out: f64 = 1
// numpy: x[i]
fn f(x: [n]f64, i: i64) -> f64 {
    x[i]
}
