// `!` needs a bool operand.
// == error E0202 at 4:6
fn f(x: f64) -> bool {
    !x
}
