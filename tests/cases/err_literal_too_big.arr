// An integer literal too large for any integer type.
// == error E0003 at 4:9
fn f(x: i64) -> i64 {
    x + 99999999999999999999999
}
