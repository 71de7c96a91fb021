// An integer literal that does not fit i32.
// == error E0211 at 4:9
fn f(k: [n]i32) -> [n]i32 {
    k + 3000000000
}
