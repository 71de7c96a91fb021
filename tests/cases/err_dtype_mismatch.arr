// No implicit promotion: f32 + f64 is an error (reported at the whole expression).
// == error E0200 at 4:5
fn f(x: [n]f32, y: [n]f64) -> [n]f64 {
    x + y
}
