// `newaxis` is only meaningful inside an index.
// == error E0216 at 4:9
fn f(x: f64) -> f64 {
    x + newaxis
}
