// i32 arithmetic wraps on overflow (two's complement).
// == run f
// arg x: [3]i32 = [2147483647, -2147483648, 65536]
// out: [3]i32 = [-2147483648, -2147483647, 65537]
// out: [3]i32 = [2147483646, 2147483647, 65535]
// out: [3]i32 = [-65536, 0, 0]
// numpy: (x + np.int32(1), x - np.int32(1), x * np.int32(65536))
fn f(x: [n]i32) -> ([n]i32, [n]i32, [n]i32) {
    (x + 1, x - 1, x * 65536)
}
