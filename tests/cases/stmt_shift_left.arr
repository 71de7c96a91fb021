// `a[:-1] = a[1:]` shifts left; both directions must give NumPy's answer.
// == run f
// arg x: [5]f64 = [1, 2, 3, 4, 5]
// out: [5]f64 = [2, 3, 6, 8, 9]
// py: a = x.copy(); a[:-1] = a[1:]; a[2:] = a[:-2] + a[2:]
// numpy: a
fn f(x: [n]f64) -> [n]f64 {
    let mut a = x;
    a[:-1] = a[1:];
    a[2:] = a[:-2] + a[2:];
    a
}
