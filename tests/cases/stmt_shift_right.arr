// NumPy semantics: the right side is evaluated completely first, so `a[1:] = a[:-1]`
// shifts the array right by one (it does not smear a[0] along).
// == run f
// arg x: [5]i64 = [1, 2, 3, 4, 5]
// out: [5]i64 = [1, 1, 2, 3, 4]
// py: a = x.copy(); a[1:] = a[:-1]
// numpy: a
fn f(x: [n]i64) -> [n]i64 {
    let mut a = x;
    a[1:] = a[:-1];
    a
}
