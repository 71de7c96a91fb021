// f64() widens f32 exactly; f32() of f64 rounds.
// == run f
// arg x: [3]f32 = [0.1, 1.5, -3]
// out: [3]f64 = [0.10000000149011612, 1.5, -3]
// out: [3]f32 = [0.3, 4.5, -9]
// numpy: (x.astype(np.float64), (x.astype(np.float64) * 3.0).astype(np.float32))
fn f(x: [n]f32) -> ([n]f64, [n]f32) {
    (f64(x), f32(f64(x) * 3.0))
}
