// Square roots by Newton's iteration y <- (y + x / y) / 2 on a whole array, run with
// a `while` loop until every element has converged (or 100 iterations).
//
// Inputs: x: [n]f64 positive numbers (32, spread over 1e-3 .. 1e4), tol: f64 (1e-12).
// Output: ([n]f64 the roots, i64 the number of iterations).

fn newton_sqrt(x: [n]f64, tol: f64) -> ([n]f64, i64) {
    let mut y = where(x > 1.0, x, 1.0);
    let mut it = 0;
    while any(abs(y * y - x) > tol * x) && it < 100 {
        y = 0.5 * (y + x / y);
        it += 1;
    }
    (y, it)
}
