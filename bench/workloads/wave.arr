// A damped wave, elementwise over a long vector: a*x + b*sin(x)*exp(-x*x).
// One fused loop, two transcendentals per element: compute-bound on most machines.
//
// Inputs: a, b: f32 scalars; x: [n]f32 (2^25 elements).
// Output: [n]f32.

fn wave(a: f32, b: f32, x: [n]f32) -> [n]f32 {
    a * x + b * sin(x) * exp(-x * x)
}
