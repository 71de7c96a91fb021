// Whole assignment must keep the variable's shape.
// == error E0208 at 5:9
fn f(x: [n]f64) -> [n]f64 {
    let mut a = x;
    a = x[1:];
    a
}
