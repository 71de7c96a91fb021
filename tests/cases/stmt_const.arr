// Constants are usable in every function; typed constants fix their element type.
// == run f
// arg x: [3]f32 = [1, 2, 3]
// out: [3]f32 = [0.50001, 1.00001, 1.50001]
// out: i64 = 12
// numpy: (x * np.float32(0.5) + np.float32(1e-5), np.int64(3 * 4))
const EPS: f32 = 1e-5;
const HALF: f32 = 0.5;
const N: i64 = 4;
fn f(x: [n]f32) -> ([n]f32, i64) {
    (x * HALF + EPS, 3 * N)
}
