// A FIR filter written the way hardware does it: a delay line that shifts by one
// every sample (`delay[1:] = delay[:-1]` reads the slice it writes: NumPy semantics,
// the right side is evaluated first), then a dot product with the taps.
// Equal to `np.convolve(x, h)[:n]`.
//
// Inputs: x: [n]f64 signal (64 samples), h: [k]f64 filter taps (5).
// Output: [n]f64, the filtered signal.

fn fir_filter(x: [n]f64, h: [k]f64) -> [n]f64 {
    let mut delay = zeros([k], f64);
    let mut y = zeros([n], f64);
    for t in 0..n {
        delay[1:] = delay[:-1];
        delay[0] = x[t];
        y[t] = sum(delay * h);
    }
    y
}
