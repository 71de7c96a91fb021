// Squared Euclidean distance of two long vectors: a fused map-reduce, no temporary.
// Memory-bound: reads 2 x 8 bytes per element.
//
// Inputs: x, y: [n]f64 (2^25 elements).
// Output: f64.

fn sqdist(x: [n]f64, y: [n]f64) -> f64 {
    sum((x - y) ** 2)
}
