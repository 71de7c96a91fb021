// `@` of bool matrices: the operands are of the wrong kind (E0202), not merely of two
// different element types (E0200).
// == error E0202 at 4:37
fn f(x: [n, n]bool) -> [n, n]bool { x @ x }
