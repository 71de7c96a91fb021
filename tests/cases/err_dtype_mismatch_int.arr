// No implicit promotion between integer types either.
// == error E0200 at 4:5
fn f(a: i32, b: i64) -> i64 {
    a * b + 1
}
