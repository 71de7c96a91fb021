// Negative steps are not supported (use flip).
// == error E0214 at 4:9
fn f(x: [n]f64) -> [n]f64 {
    x[::-1]
}
