// round on f32 also rounds half to even.
// == run f
// arg x: [6]f32 = [0.5, 1.5, 2.5, -3.5, 4.5, 1.25]
// out: [6]f32 = [0, 2, 2, -4, 4, 1]
// numpy: np.round(x)
fn f(x: [n]f32) -> [n]f32 {
    round(x)
}
