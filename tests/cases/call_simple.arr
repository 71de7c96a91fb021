// A function calling functions of the same file (defined before and after it).
// == run f
// arg x: [3]f64 = [1, 2, 3]
// out: [3]f64 = [4, 10, 20]
// numpy: (x * x + 1.0) * 2.0
fn sq(x: [n]f64) -> [n]f64 { x * x }
fn f(x: [n]f64) -> [n]f64 {
    twice(sq(x) + 1.0)
}
fn twice(y: [k]f64) -> [k]f64 { 2.0 * y }
