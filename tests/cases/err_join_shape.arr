// concat along axis 0 of arrays whose other axis differs.
// == error E0213 at 4:5
fn f(a: [n, 2]f64, b: [n, 3]f64) -> [2 * n, 2]f64 {
    concat([a, b], axis=0)
}
