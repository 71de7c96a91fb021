// A tuple result that returns a local and also a copy or a view of it: each part has
// its own value (the local is not moved away before the others are taken).
// == run twice
// arg x: [3]f64 = [1, 2, 3]
// out: [3]f64 = [2.0, 4.0, 6.0]
// out: [3]f64 = [2.0, 4.0, 6.0]
// numpy: (x * 2.0, x * 2.0)
// == run tail
// arg x: [3]f64 = [1, 2, 3]
// out: [3]f64 = [2.0, 4.0, 6.0]
// out: [2]f64 = [4.0, 6.0]
// numpy: (x * 2.0, (x * 2.0)[1:])
fn twice(x: [n]f64) -> ([n]f64, [n]f64) {
    let c = x * 2.0;
    (c, c)
}

fn tail(x: [n]f64) -> ([n]f64, [n - 1]f64) {
    let c = x * 2.0;
    (c, c[1:])
}
