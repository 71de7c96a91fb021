// Names that Rust reserves or its prelude takes: parameters, locals and functions named
// like Rust keywords (`type`, `match`, `self`, `Self`, `super`, `crate`, ...), like the
// prelude's `Some`/`None`/`Ok`/`Err` and types (`Vec`, `Box`, `String`), and functions
// without parameters (array, scalar and tuple results). docs/rust-api.md.
// == run kw
// arg type: f64 = 2
// arg match: f64 = 3
// arg mod: [2]f64 = [1, -1]
// arg loop: i64 = 5
// out: [2]f64 = [46, 10]
// numpy: mod * type * match + (type * match) / 4 + 21.5 + loop + mod * 10 + mod * 2
// == run prelude
// arg x: [3]f64 = [1, -2, 3]
// out: [3]f64 = [22.5, 10.5, 30.5]
// numpy: (x + 2) + 3 + 1 + 0 + 7 + 1.5 + 4 + 3 * x
// == run Vec
// arg String: f64 = 2
// arg Box: [2]f64 = [1, 2]
// out: [2]f64 = [3, 5]
// numpy: Box * String + 1
// == run zeros3
// out: [3]f64 = [0, 0, 0]
// numpy: np.zeros(3)
// == run pair
// out: f64 = 1.5
// out: [2]i64 = [3, 4]
// numpy: (np.float64(1.5), np.array([3, 4]))
fn match(x: [n]f64) -> [n]f64 { x * 10.0 }
fn self(x: f64) -> f64 { x / 4.0 }
fn type(self: f64, Self: [n]f64) -> [n]f64 { Self * self }
fn kw(type: f64, match: f64, mod: [n]f64, loop: i64) -> [n]f64 {
    let impl = type * match;
    let move = mod * impl;
    let ref = self(impl);
    let async = 1.0; let await = 2.0; let dyn = 3.0; let yield = 4.0;
    let super = 5.0; let crate = 6.0; let _ = 0.5;
    move + ref + async + await + dyn + yield + super + crate + _ + f64(loop) + match(mod) + type(2.0, mod)
}
fn Some(x: f64) -> f64 { x + 1.0 }
fn Ok(x: [n]f64) -> [n]f64 { x + 2.0 }
fn None() -> [3]f64 { ones([3], f64) }
fn Err(Some: f64, Ok: [n]f64, None: [n]f64) -> [n]f64 { let Err = Some * 2.0; Ok * Err + None }
fn seven() -> f64 { 7.0 }
fn pair() -> (f64, [2]i64) { (1.5, [3, 4]) }
fn zeros3() -> [3]f64 { zeros([3], f64) }
fn prelude(x: [3]f64) -> [3]f64 {
    let (a, b) = pair();
    Ok(x) + Some(2.0) + None() + zeros3() + seven() + a + f64(b[1]) + Err(1.0, x, x)
}
fn Vec(String: f64, Box: [n]f64) -> [n]f64 {
    let Array = Box * String;
    let ndarray = Array + 1.0;
    let arr = ndarray;
    let std = arr;
    let core = std;
    core
}
