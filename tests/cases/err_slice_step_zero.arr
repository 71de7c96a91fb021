// A slice step must be a positive integer literal: 0 is not.
// == error E0214 at 4:9
fn f(x: [n]f64) -> [n]f64 {
    x[::0]
}
