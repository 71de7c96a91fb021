// Kernels compiled by build.rs (see ../build.rs) into ordinary Rust functions.

// y = a * x + y, elementwise.
fn saxpy(a: f32, x: [n]f32, y: [n]f32) -> [n]f32 {
    a * x + y
}

// Row-wise softmax.
fn softmax(x: [n, m]f64) -> [n, m]f64 {
    let e = exp(x - max(x, axis=1)[:, newaxis]);
    e / sum(e, axis=1)[:, newaxis]
}

// Mean and population variance.
fn moments(x: [n]f64) -> (f64, f64) {
    let mu = mean(x);
    (mu, mean((x - mu) ** 2))
}
