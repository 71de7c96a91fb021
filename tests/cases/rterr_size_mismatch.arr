// Two mentions of size `n` disagree at entry: an error returned to the caller.
// == runerror f
// arg x: [3]f64 = [1, 2, 3]
// arg y: [4]f64 = [1, 2, 3, 4]
// message: size `n`
// == run f
// arg x: [3]f64 = [1, 2, 3]
// arg y: [3]f64 = [1, 2, 3]
// out: [3]f64 = [2, 4, 6]
// numpy: x + y
fn f(x: [n]f64, y: [n]f64) -> [n]f64 {
    x + y
}
