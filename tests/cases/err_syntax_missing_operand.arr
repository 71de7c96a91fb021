// A binary operator without a right operand: parsing fails at the `;`.
// == error E0001 at 4:17
fn f(x: f64) -> f64 {
    let y = x * ;
    y
}
