// The body's value is f64 but the declared result is f32.
// == error E0204 at 5:5
fn f(x: [n]f64) -> [n]f32 {
    let y = x * 2.0;
    y
}
