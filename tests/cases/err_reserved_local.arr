// Variables may not take the language's reserved names any more than items may:
// `f32(x)` and `x[:, newaxis]` must keep one meaning.
// == error E0102 at 7:27
// message: `f32` is a reserved name
// == error E0102 at 8:6
// message: `newaxis` is a reserved name
fn f(x: f64) -> f64 { let f32 = 1.0; f32 + x }
fn g(newaxis: f64) -> f64 { newaxis }
