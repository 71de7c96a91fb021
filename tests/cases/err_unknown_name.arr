// A name that is not a variable, parameter, size variable or constant.
// == error E0100 at 5:9
// message: (?i)y
fn f(x: [n]f64) -> [n]f64 {
    x + y
}
