// Literal slice bounds outside a literal size: a negative start past the front (NumPy
// would clamp it to 0) and a stop past the end. Each is E0215 on the bound itself,
// not a result-type mismatch from a miscounted length.
// == error E0215 at 8:36
// message: slice bound -15 is out of range for an axis of size 10
// == error E0215 at 9:38
// message: slice bound 13 is out of range for an axis of size 10
fn front(x: [10]f64) -> [3]f64 { x[-15:3] }
fn back(x: [10]f64) -> [10]f64 { x[3:13] }
