// A size expression whose value does not fit in 64 bits is an error, not a size that
// wrapped around (this one used to be reported as "negative size -4").
// == error E0202 at 7:21
// message: this size expression overflows
// == error E0202 at 8:10
// message: this size expression overflows
fn f(x: [n]f64) -> [9223372036854775807 * 4]f64 { zeros([9223372036854775807 * 4], f64) }
fn g(x: [n * 9223372036854775807 + n]f64) -> f64 { sum(x) }
