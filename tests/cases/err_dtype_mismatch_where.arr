// where with branches of different element types (reported at the call).
// == error E0200 at 4:5
fn f(c: [n]bool, a: [n]f64, b: [n]i64) -> [n]f64 {
    where(c, a, b)
}
