// Assignment to a variable declared without `mut`.
// == error E0103 at 5:5
fn f(x: [n]f64) -> [n]f64 {
    let a = x;
    a = x * 2.0;
    a
}
