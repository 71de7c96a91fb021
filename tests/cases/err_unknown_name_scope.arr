// A variable bound inside a block is not visible after it.
// == error E0100 at 5:9
fn f(x: f64) -> f64 {
    let a = { let t = x * 2.0; t };
    a + t
}
