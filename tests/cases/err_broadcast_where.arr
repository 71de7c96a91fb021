// where with shapes that do not broadcast (reported at the call).
// == error E0203 at 4:5
fn f(c: [n]bool, a: [m]f64) -> [n]f64 {
    where(c, a, 0.0)
}
