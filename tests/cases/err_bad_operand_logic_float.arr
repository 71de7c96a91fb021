// `&&` of two f64 arrays: the (first) operand is of the wrong kind.
// == error E0202 at 4:5
fn f(x: [n]f64) -> [n]bool {
    x && x
}
