// A slice step must be a literal, not a variable.
// == error E0214 at 4:11
fn f(x: [n]f64, s: i64) -> [n]f64 {
    x[0:n:s]
}
