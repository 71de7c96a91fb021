// Identifiers that collide with names of the generated Rust: a local shadowing a called
// function, functions named like the writer's temporaries (`t0`, `s0`), size variables
// (`sz_n`), entry/exit names (`out`, `ret`), an `_into` companion (`g` and `g_into`),
// and a parameter named like the closure variables of a row loop (`r`, `o`, `s`, `m`,
// `j`) and of an elementwise call (`a0`). docs/rust-api.md.
// == run uses
// arg x: [3]f64 = [1, -2, 3]
// out: [3]f64 = [126.75, 45.75, 540.75]
// numpy: ((x + 1) + 2 * x + 3 * (x + 1) + (x - 1) + (2 * x) ** 2) * 9 + 0.75
// == run shadow
// arg x: f64 = 3
// out: f64 = 8
// numpy: np.float64(2 * x + 2)
// == run rowy
// arg x: [2, 3]f64 = [[1, 2, 3], [0, 0, 0]]
// arg r: f64 = 2
// arg o: f64 = 0
// arg s: f64 = 1
// arg m: f64 = 0.5
// arg j: f64 = 4
// out: [2, 3]f64 = [[2.090030573170380, 2.244728471054798, 2.665240955774822], [2.333333333333333, 2.333333333333333, 2.333333333333333]]
// py: e = np.exp(x - x.max(axis=1, keepdims=True)) * r + o
// numpy: e / e.sum(axis=1, keepdims=True) * s + m * j
// == run mapa
// arg x: [3]f64 = [1, -2, 3]
// arg a0: f64 = 0.25
// out: [3]f64 = [1.25, -0.75, 3.25]
// numpy: np.where(x > 0, x, 0.5 * x) + a0
fn helper(x: f64) -> f64 { x * 2.0 }
fn shadow(x: f64) -> f64 { let helper = 2.0; helper(x) + helper }
fn t0(x: [n]f64) -> [n]f64 { x + 1.0 }
fn t1(x: [n]f64) -> [n]f64 { x * x }
fn s0(x: f64) -> f64 { x - 0.5 }
fn sz_n(n: i64) -> i64 { n * 3 }
fn out(x: [n]f64) -> [n]f64 { x * 2.0 }
fn ret(x: f64) -> f64 { x + 0.25 }
fn g(x: [n]f64) -> [n]f64 { t0(x) * 3.0 }
fn g_into(x: [n]f64) -> [n]f64 { x - 1.0 }
fn uses(x: [n]f64) -> [n]f64 {
    let y = t0(x) + out(x) + g(x) + g_into(x) + t1(x * 2.0);
    y * f64(sz_n(n)) + s0(ret(1.0))
}
fn rowy(x: [n, k]f64, r: f64, o: f64, s: f64, m: f64, j: f64) -> [n, k]f64 {
    let e = exp(x - max(x, axis=1)[:, newaxis]) * r + o;
    e / sum(e, axis=1)[:, newaxis] * s + m * j
}
fn a0(x: f64) -> f64 { if x > 0.0 { x } else { 0.5 * x } }
fn mapa(x: [n]f64, a0: f64) -> [n]f64 { a0(x) + a0 }
fn out_user(out: [n]f64, ret: f64, r: f64) -> [n]f64 { out * ret + r }
