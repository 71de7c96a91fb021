// An integer is not a condition (no truthiness).
// == error E0209 at 4:11
fn f(k: i64) -> i64 {
    while k {
        return 1;
    }
    0
}
