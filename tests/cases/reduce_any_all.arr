// any / all over everything and along an axis.
// == run f
// arg b: [2, 3]bool = [[true, false, true], [true, true, true]]
// out: bool = true
// out: bool = false
// out: [3]bool = [true, true, true]
// out: [2]bool = [false, true]
// out: [1, 3]bool = [[true, false, true]]
// out: [2]bool = [true, false]
// numpy: (np.any(b), np.all(b), np.any(b, axis=0), np.all(b, axis=1), np.all(b, axis=0, keepdims=True), np.any(~b, axis=-1))
fn f(b: [n, m]bool) -> (bool, bool, [m]bool, [n]bool, [1, m]bool, [n]bool) {
    (any(b), all(b), any(b, axis=0), all(b, axis=1), all(b, axis=0, keepdims=true), any(!b, axis=-1))
}
