// A two-layer perceptron forward pass: relu(x @ w1 + b1) @ w2 + b2, then a row-wise
// log-softmax. `relu` is a scalar function used as a ufunc.
//
// Inputs: x: [b, i]f32 (16 x 10), w1: [i, h]f32 (10 x 32), b1: [h]f32,
//         w2: [h, o]f32 (32 x 4), b2: [o]f32.
// Output: [b, o]f32 log-probabilities.

fn relu(v: f32) -> f32 {
    maximum(v, 0.0)
}

fn mlp(x: [b, i]f32, w1: [i, h]f32, b1: [h]f32, w2: [h, o]f32, b2: [o]f32) -> [b, o]f32 {
    let hidden = relu(x @ w1 + b1);
    let logits = hidden @ w2 + b2;
    let shifted = logits - max(logits, axis=1, keepdims=true);
    shifted - log(sum(exp(shifted), axis=1, keepdims=true))
}
