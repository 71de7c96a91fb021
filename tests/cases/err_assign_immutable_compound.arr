// Compound assignment to an immutable variable.
// == error E0103 at 5:5
fn f(x: f64) -> f64 {
    let s = x;
    s += 1.0;
    s
}
