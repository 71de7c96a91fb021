// A `let` without a name: parsing fails at the `=`.
// == error E0001 at 4:9
fn f(x: f64) -> f64 {
    let = x;
    x
}
