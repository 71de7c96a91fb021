// Unary minus needs a numeric operand, not bool.
// == error E0202 at 4:6
fn f(p: bool) -> bool {
    -p
}
