// clip on integers.
// == run f
// arg x: [5]i32 = [-10, -1, 0, 4, 100]
// out: [5]i32 = [-2, -1, 0, 4, 5]
// numpy: np.clip(x, np.int32(-2), np.int32(5))
fn f(x: [n]i32) -> [n]i32 {
    clip(x, -2, 5)
}
