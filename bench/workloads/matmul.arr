// Dense linear algebra: a plain matrix product, and one MLP layer relu(x @ w + b)
// (the bias add and relu fuse into the product's epilogue).
//
// matmul: a: [n, k]f32, b: [k, m]f32 (2048 x 2048 each) -> [n, m]f32.
// mlp_layer: x: [s, i]f32 (4096 x 1024), w: [i, h]f32 (1024 x 1024), bias: [h]f32
//            -> [s, h]f32.

fn relu(v: f32) -> f32 {
    maximum(v, 0.0)
}

fn matmul(a: [n, k]f32, b: [k, m]f32) -> [n, m]f32 {
    a @ b
}

fn mlp_layer(x: [s, i]f32, w: [i, h]f32, bias: [h]f32) -> [s, h]f32 {
    relu(x @ w + bias)
}
