// A chain of calls with arrays and scalars, each callee checked separately.
// == run f
// arg x: [4]f64 = [1, 2, 3, 4]
// out: f64 = 3.49265273458577
// numpy: np.sum(np.exp(x - np.max(x)) / np.sum(np.exp(x - np.max(x))) * x)
fn shift(x: [n]f64) -> [n]f64 { x - max(x) }
fn normalize(e: [n]f64) -> [n]f64 { e / sum(e) }
fn softmax(x: [n]f64) -> [n]f64 { normalize(exp(shift(x))) }
fn f(x: [n]f64) -> f64 { sum(softmax(x) * x) }
