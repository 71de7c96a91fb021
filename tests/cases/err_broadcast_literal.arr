// [2, 3] against [2]: trailing sizes 3 and 2 differ.
// == error E0203 at 5:5
fn f(x: [2, 3]f64, y: [2]f64) -> [2, 3]f64 {
    let z = x * 2.0;
    z - y
}
