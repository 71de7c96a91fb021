// A single value where a tuple result is declared.
// == error E0204 at 4:5
fn f(x: f64) -> (f64, f64) {
    x
}
