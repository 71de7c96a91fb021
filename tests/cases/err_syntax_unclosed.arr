// An unclosed parenthesis: parsing fails where `)` was expected.
// == error E0001 at 4:22
fn f(x: f64) -> f64 {
    let y = (x + 1.0 ;
    y
}
