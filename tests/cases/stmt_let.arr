// let bindings, shadowing and nested blocks as expressions.
// == run f
// arg x: [3]f64 = [1, 2, 3]
// out: [3]f64 = [4, 6, 8]
// out: f64 = 12
// numpy: ((x * 2.0 + 1.0) + 1.0, np.sum(x) * 2.0)
fn f(x: [n]f64) -> ([n]f64, f64) {
    let y = x * 2.0;
    let y = y + 1.0;
    let z = {
        let t = y + 1.0;
        t
    };
    let s = { let a = sum(x); a * 2.0 };
    (z, s)
}
