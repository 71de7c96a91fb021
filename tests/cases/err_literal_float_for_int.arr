// A float literal where an integer is needed (an integer literal may stand for a
// float, never the reverse).
// == error E0211 at 5:9
fn f(k: [n]i64) -> [n]i64 {
    k * 1.5
}
