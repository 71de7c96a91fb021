// An if expression choosing between whole arrays on a scalar condition.
// == run f
// arg x: [3]f64 = [1, -2, 3]
// arg flip: bool = true
// out: [3]f64 = [-1, 2, -3]
// numpy: -x if flip else x * 2.0
// == run f
// arg x: [3]f64 = [1, -2, 3]
// arg flip: bool = false
// out: [3]f64 = [2, -4, 6]
// numpy: -x if flip else x * 2.0
fn f(x: [n]f64, flip: bool) -> [n]f64 {
    if flip { -x } else { x * 2.0 }
}
