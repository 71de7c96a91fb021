// x[2:] ([n - 2]) and x[0:2] ([2]) are not provably the same size.
// == error E0203 at 4:5
fn f(x: [n]f64) -> [n - 2]f64 {
    x[2:] + x[0:2]
}
