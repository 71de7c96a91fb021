// Integer division and remainder by zero are run-time errors.
// == runerror div
// arg a: [3]i64 = [1, 2, 3]
// arg b: [3]i64 = [1, 0, 1]
// message: division by zero
// == runerror rem
// arg a: [2]i32 = [1, 2]
// arg b: [2]i32 = [0, 1]
// message: division by zero
// == runerror scalar
// arg a: i64 = 7
// message: division by zero
fn div(a: [n]i64, b: [n]i64) -> [n]i64 { a / b }
fn rem(a: [n]i32, b: [n]i32) -> [n]i32 { a % b }
fn scalar(a: i64) -> i64 { a / (a - 7) }
