// x[0:5] on an array of 3 elements: an invalid slice for the actual size
// (Arr checks bounds instead of clamping as NumPy does).
// == runerror f
// arg x: [3]f64 = [1, 2, 3]
// message: invalid slice
// == run f
// arg x: [6]f64 = [1, 2, 3, 4, 5, 6]
// out: [5]f64 = [2, 4, 6, 8, 10]
// numpy: x[0:5] * 2.0
fn f(x: [n]f64) -> [5]f64 {
    x[0:5] * 2.0
}
