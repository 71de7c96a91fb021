// Assigning a [3] value to a [2] slice.
// == error E0208 at 5:14
fn f(x: [5]f64, y: [3]f64) -> [5]f64 {
    let mut a = x;
    a[0:2] = y;
    a
}
