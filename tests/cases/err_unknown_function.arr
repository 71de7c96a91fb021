// A call to a function that is neither a builtin nor defined in the file.
// == error E0101 at 5:5
// message: frobnicate
fn f(x: [n]f64) -> [n]f64 {
    frobnicate(x)
}
