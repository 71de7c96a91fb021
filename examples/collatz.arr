// Integer code: the number of Collatz steps (n -> n / 2 if even, 3n + 1 if odd) for
// each input to reach 1. `steps` is a scalar function with a `while` loop applied
// elementwise to an i64 array; then a prefix sum and an argmax.
//
// Input:  x: [n]i64 (1 .. 64).
// Output: ([n]i64 steps, [n]i64 running total of steps, i64 the input with most steps).

fn steps(start: i64) -> i64 {
    let mut k = start;
    let mut count = 0;
    while k != 1 {
        k = if k % 2 == 0 { k / 2 } else { 3 * k + 1 };
        count += 1;
    }
    count
}

fn collatz(x: [n]i64) -> ([n]i64, [n]i64, i64) {
    let s = steps(x);
    (s, cumsum(s), x[argmax(s)])
}
