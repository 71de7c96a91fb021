// A float literal that f32 cannot hold: it would silently become infinity.
// (A literal that underflows to 0, like 1e-50, is accepted, as in NumPy.)
// == error E0211 at 5:27
// message: the literal 1e300 does not fit in f32
fn f(x: f32) -> f32 { x * 1e300 + 1e-50 }
