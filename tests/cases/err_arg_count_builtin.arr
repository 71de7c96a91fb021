// A builtin called with the wrong number of arguments.
// == error E0201 at 4:5
fn f(x: [n]f64) -> [n]f64 {
    exp(x, x)
}
