// A body that ends with a statement has no value.
// == error E0218 at 3:4
fn f(x: f64) -> f64 {
    let y = x * 2.0;
}
