// `&&` needs bool operands: an f64 operand is of the wrong kind.
// == error E0202 at 4:13
fn f(x: [n]f64) -> [n]bool {
    true && x
}
