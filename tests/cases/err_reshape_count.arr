// reshape of 6 elements into 4.
// == error E0210 at 4:5
fn f(x: [2, 3]f64) -> [4]f64 {
    reshape(x, [4])
}
