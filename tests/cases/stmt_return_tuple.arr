// `return (a, b);` for a tuple result, from an if.
// == run f
// arg x: f64 = -3
// out: f64 = 3
// out: bool = true
// numpy: (np.float64(3.0), np.bool_(True))
// == run f
// arg x: f64 = 2
// out: f64 = 2
// out: bool = false
// numpy: (np.float64(2.0), np.bool_(False))
fn f(x: f64) -> (f64, bool) {
    if x < 0.0 {
        return (-x, true);
    }
    (x, false)
}
