// A for loop whose range is empty does not run.
// == run f
// arg x: [3]f64 = [1, 2, 3]
// out: [3]f64 = [1, 2, 3]
// numpy: x
fn f(x: [n]f64) -> [n]f64 {
    let mut y = x;
    for i in 5..2 {
        y = y * 0.0;
    }
    y
}
