// The 2-d Jacobi stencil (PolyBench jacobi-2d): each interior point becomes the average
// of itself and its four neighbours, ping-ponging between two arrays for `steps` time
// steps. The boundary stays fixed.
//
// Inputs: steps: i64 (10), a0: [n, n]f64 (4096 x 4096).
// Output: [n, n]f64, the grid after `steps` double sweeps.

fn jacobi_2d(steps: i64, a0: [n, n]f64) -> [n, n]f64 {
    let mut a = a0;
    let mut b = a0;
    for t in 0..steps {
        b[1:-1, 1:-1] = 0.2 * (a[1:-1, 1:-1] + a[1:-1, :-2] + a[1:-1, 2:] + a[2:, 1:-1] + a[:-2, 1:-1]);
        a[1:-1, 1:-1] = 0.2 * (b[1:-1, 1:-1] + b[1:-1, :-2] + b[1:-1, 2:] + b[2:, 1:-1] + b[:-2, 1:-1]);
    }
    a
}
