// A size variable in a typed let that no parameter binds.
// == error E0104 at 4:16
fn f(x: [n]f64) -> f64 {
    let y: [n, k]f64 = zeros([n, 2], f64);
    sum(y)
}
