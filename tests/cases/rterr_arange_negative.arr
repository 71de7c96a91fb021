// A size taken from a negative i64 parameter.
// == runerror ramp
// arg n: i64 = -1
// message: (?i)size|argument
fn ramp(n: i64) -> [n]f32 {
    f32(arange(n))
}
