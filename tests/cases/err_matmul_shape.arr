// [n, k] @ [m, k]: the inner sizes k and m differ.
// == error E0205 at 4:5
fn f(a: [n, k]f64, b: [m, k]f64) -> [n, k]f64 {
    a @ b
}
