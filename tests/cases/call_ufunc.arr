// A function whose parameters are all scalars, called with arrays, applies
// elementwise with broadcasting (like Numba's @vectorize), even with an `if` inside.
// == run f
// arg x: [2, 3]f64 = [[-1, 2, -3], [4, -5, 6]]
// arg y: [3]f64 = [0.5, 1, 2]
// out: [2, 3]f64 = [[-0.01, 2, -0.03], [4, -0.05, 6]]
// out: [2, 3]f64 = [[1.5, 5, 11], [16.5, 26, 38]]
// out: [3]f64 = [0.5, 1, 2]
// numpy: (np.where(x > 0.0, x, 0.01 * x), x * x + y, np.where(y > 0.0, y, 0.01 * y))
fn leaky(a: f64) -> f64 {
    if a > 0.0 { a } else { 0.01 * a }
}
fn fma(a: f64, b: f64) -> f64 { a * a + b }
fn f(x: [n, m]f64, y: [m]f64) -> ([n, m]f64, [n, m]f64, [m]f64) {
    (leaky(x), fma(x, y), leaky(y))
}
