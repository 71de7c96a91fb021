//! Times `arr::math` against `std` (libm) on 2^24-element loops, single-threaded.
//!
//! `cargo run --release -p arr --example math_bench`
//! (and with `RUSTFLAGS="-C target-cpu=native" CARGO_TARGET_DIR=/tmp/target-native`).
//! The kernels are `#[inline(never)]` so their loops can be found in `--emit asm` output.

use arr::math::{f32 as m32, f64 as m64};
use std::hint::black_box;
use std::time::Instant;

const N: usize = 1 << 24;
const RUNS: usize = 7;

macro_rules! kernel {
    ($name:ident, $t:ty, |$x:ident| $body:expr) => {
        #[inline(never)]
        fn $name(xs: &[$t], out: &mut [$t]) {
            for (o, &$x) in out.iter_mut().zip(xs) {
                *o = $body;
            }
        }
    };
}

kernel!(scale_f32, f32, |x| 2.0 * x);
kernel!(exp_std_f32, f32, |x| x.exp());
kernel!(exp_arr_f32, f32, |x| m32::exp(x));
kernel!(sin_std_f32, f32, |x| x.sin());
kernel!(sin_arr_f32, f32, |x| m32::sin(x));
kernel!(chain_std_f32, f32, |x| 1.5 * x
    + 0.5 * x.sin() * (-x * x).exp());
kernel!(chain_arr_f32, f32, |x| 1.5 * x
    + 0.5 * m32::sin(x) * m32::exp(-x * x));
kernel!(log_std_f32, f32, |x| x.ln());
kernel!(log_arr_f32, f32, |x| m32::log(x));
kernel!(tanh_std_f32, f32, |x| x.tanh());
kernel!(tanh_arr_f32, f32, |x| m32::tanh(x));
kernel!(exp_std_f64, f64, |x| x.exp());
kernel!(exp_arr_f64, f64, |x| m64::exp(x));
kernel!(sin_std_f64, f64, |x| x.sin());
kernel!(sin_arr_f64, f64, |x| m64::sin(x));
kernel!(chain_std_f64, f64, |x| 1.5 * x
    + 0.5 * x.sin() * (-x * x).exp());
kernel!(chain_arr_f64, f64, |x| 1.5 * x
    + 0.5 * m64::sin(x) * m64::exp(-x * x));

fn median_ms<T: Copy + Default>(f: fn(&[T], &mut [T]), xs: &[T]) -> f64 {
    let mut out = vec![T::default(); xs.len()];
    let mut times: Vec<f64> = (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            f(black_box(xs), black_box(&mut out));
            black_box(&out);
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[RUNS / 2]
}

fn row<T: Copy + Default>(
    name: &str,
    std_f: fn(&[T], &mut [T]),
    arr_f: fn(&[T], &mut [T]),
    xs: &[T],
) {
    let s = median_ms(std_f, xs);
    let a = median_ms(arr_f, xs);
    println!("{name:<12} {s:>9.2} {a:>9.2} {:>8.1}x", s / a);
}

fn main() {
    // deterministic inputs in [-10, 10) (and (0, 100) for log)
    let mut state = 0x1234_5678u32;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        state as f64 / 4294967296.0
    };
    let xs64: Vec<f64> = (0..N).map(|_| next() * 20.0 - 10.0).collect();
    let xs32: Vec<f32> = xs64.iter().map(|&x| x as f32).collect();
    let pos32: Vec<f32> = xs32.iter().map(|&x| (x + 10.0) * 5.0 + 1e-3).collect();
    println!("2^24 elements, single thread, median of {RUNS} runs (ms)");
    println!(
        "{:<12} {:>9} {:>9} {:>9}",
        "kernel", "std", "arr", "speedup"
    );
    // memory-bandwidth floor: a trivial elementwise kernel
    row("f32 2*x", scale_f32, scale_f32, &xs32);
    row("f32 exp", exp_std_f32, exp_arr_f32, &xs32);
    row("f32 sin", sin_std_f32, sin_arr_f32, &xs32);
    row("f32 chain", chain_std_f32, chain_arr_f32, &xs32);
    row("f32 log", log_std_f32, log_arr_f32, &pos32);
    row("f32 tanh", tanh_std_f32, tanh_arr_f32, &xs32);
    row("f64 exp", exp_std_f64, exp_arr_f64, &xs64);
    row("f64 sin", sin_std_f64, sin_arr_f64, &xs64);
    row("f64 chain", chain_std_f64, chain_arr_f64, &xs64);
}
