//! Times the `arr::rt` loops that generated code calls, with closures like the ones the
//! Rust backend writes: medians of 7 runs (after one warm-up) of the wall time and of the
//! CPU time of all threads (which other load on the machine disturbs less), in ms.
//!
//! `cargo run --release -p arr --example rt_bench [NAME...]`
//! Compare with `ARR_ISA=base` (no run-time dispatch), and with a build for the host
//! (`RUSTFLAGS="-C target-cpu=native" CARGO_TARGET_DIR=/tmp/target-native`).

use arr::ndarray::{ArrayD, IxDyn};
use arr::rt;
use std::hint::black_box;
use std::time::Instant;

const RUNS: usize = 7;

/// On-CPU time of all of this process's threads in ms (Linux; 0 elsewhere): robust
/// against other load on the machine, unlike wall time.
fn cpu_ms() -> f64 {
    let mut t = 0u64;
    if let Ok(rd) = std::fs::read_dir("/proc/self/task") {
        for e in rd.flatten() {
            if let Ok(s) = std::fs::read_to_string(e.path().join("schedstat")) {
                t += s
                    .split_whitespace()
                    .next()
                    .and_then(|x| x.parse::<u64>().ok())
                    .unwrap_or(0);
            }
        }
    }
    t as f64 / 1e6
}

/// Medians of the wall time and of the CPU time (all threads) of `RUNS` calls, in ms.
fn median_ms<T>(mut f: impl FnMut() -> T) -> (f64, f64) {
    black_box(f());
    let mut w = Vec::new();
    let mut c = Vec::new();
    for _ in 0..RUNS {
        let (s, c0) = (Instant::now(), cpu_ms());
        black_box(f());
        w.push(s.elapsed().as_secs_f64() * 1e3);
        c.push(cpu_ms() - c0);
    }
    w.sort_by(|a, b| a.total_cmp(b));
    c.sort_by(|a, b| a.total_cmp(b));
    (w[RUNS / 2], c[RUNS / 2])
}

fn data<T>(shape: &[usize], f: impl Fn(usize) -> T) -> ArrayD<T> {
    let n: usize = shape.iter().product();
    ArrayD::from_shape_vec(IxDyn(shape), (0..n).map(f).collect()).unwrap()
}

type R<T> = Result<T, arr::Error>;

/// `a * x + b * sin(x) * exp(-x * x)`
fn chain(x: &ArrayD<f32>, a: f32, b: f32) -> R<ArrayD<f32>> {
    rt::zip1(x.shape(), &x.view(), |x| {
        a * x + b * arr::math::f32::sin(x) * arr::math::f32::exp(-x * x)
    })
}

/// Row softmax as the backend writes it: max along rows, a fused `exp(x - m)`, sum
/// along rows, a fused division.
fn softmax(x: &ArrayD<f32>) -> R<ArrayD<f32>> {
    let m = rt::extreme_axis(x.view(), 1, true, true)?;
    let e = rt::zip2(x.shape(), &x.view(), &m.view(), |x, m| {
        arr::math::f32::exp(x - m)
    })?;
    let s = rt::sum_axis(e.view(), 1, true)?;
    rt::zip2(e.shape(), &e.view(), &s.view(), |e, s| e / s)
}

/// `sum((x - y) ** 2)`
fn sq(x: &ArrayD<f64>, y: &ArrayD<f64>) -> R<f64> {
    rt::reduce_zip2(
        x.shape(),
        &x.view(),
        &y.view(),
        rt::SumF::<f64>::new(),
        |x, y| (x - y) * (x - y),
    )
}

/// Column variance: `mean((x - mean(x, axis=0)) ** 2, axis=0)`.
fn colvar(x: &ArrayD<f32>) -> R<ArrayD<f32>> {
    let mu = rt::mean_axis(x.view(), 0, true)?;
    rt::reduce_axis_zip2(
        x.shape(),
        0,
        false,
        &x.view(),
        &mu.view(),
        rt::MeanF::<f32>::new(),
        |x, m| (x - m) * (x - m),
    )
}

fn main() {
    let which: Vec<String> = std::env::args().skip(1).collect();
    let on = |k: &str| which.is_empty() || which.iter().any(|w| w == k);
    println!(
        "isa: {:?} (detected {:?}), threads: {}",
        rt::isa::level(),
        rt::isa::detected(),
        rayon::current_num_threads()
    );
    let n = 1usize << 25;
    let x32 = data(&[n], |i| ((i % 1000) as f32) * 0.002 - 1.0);
    let m32 = data(&[4096, 4096], |i| ((i * 7) % 1000) as f32 * 0.01);
    println!("{:<36} {:>12} {:>12}", "", "wall", "cpu");
    let report = |name: &str, (w, c): (f64, f64)| println!("{name:<36} {w:9.2} ms {c:9.2} ms");
    if on("chain") {
        report("chain 2^25 f32 (zip1)", median_ms(|| chain(&x32, 1.5, 0.5)));
    }
    if on("softmax") {
        report("softmax 4096^2 f32", median_ms(|| softmax(&m32)));
    }
    if on("parts") {
        report(
            "  max(x, axis=1) 4096^2 f32",
            median_ms(|| rt::extreme_axis(m32.view(), 1, true, true)),
        );
        report(
            "  sum(x, axis=1) 4096^2 f32",
            median_ms(|| rt::sum_axis(m32.view(), 1, true)),
        );
        let col = rt::sum_axis(m32.view(), 1, true).unwrap();
        report(
            "  x / s[:, newaxis] 4096^2 f32",
            median_ms(|| rt::zip2(m32.shape(), &m32.view(), &col.view(), |x, s| x / s)),
        );
        let row = rt::sum_axis(m32.view(), 0, true).unwrap();
        report(
            "  x - r[newaxis, :] 4096^2 f32",
            median_ms(|| rt::zip2(m32.shape(), &m32.view(), &row.view(), |x, r| x - r)),
        );
        let t = m32.t();
        report(
            "  x.T + 1 4096^2 f32 (strided)",
            median_ms(|| rt::zip1(t.shape(), &t, |x| x + 1.0)),
        );
    }
    if on("small") {
        // Below the allocator's mmap threshold: memory is reused, not fresh pages.
        let x = data(&[512, 512], |i| (i % 1000) as f32 * 0.01);
        let r = data(&[1, 512], |i| i as f32);
        report(
            "x - r[newaxis, :] 512^2 f32 (1 MB)",
            median_ms(|| rt::zip2(x.shape(), &x.view(), &r.view(), |x, r| x - r)),
        );
        report(
            "sum(x, axis=1) 512^2 f32",
            median_ms(|| rt::sum_axis(x.view(), 1, false)),
        );
    }
    if on("sq") {
        let x64 = data(&[n], |i| ((i % 997) as f64) * 0.002 - 1.0);
        let y64 = data(&[n], |i| ((i % 991) as f64) * 0.001);
        report("sum((x-y)**2) 2^25 f64", median_ms(|| sq(&x64, &y64)));
        report("sum(x) 2^25 f64", median_ms(|| rt::sum_all(x64.view())));
        report(
            "max(x) 2^25 f64",
            median_ms(|| rt::extreme_all(x64.view(), true)),
        );
        report(
            "argmax(x) 2^25 f64",
            median_ms(|| rt::arg_all(x64.view(), true)),
        );
    }
    if on("colvar") {
        report(
            "mean(x, axis=0) 4096^2 f32",
            median_ms(|| rt::mean_axis(m32.view(), 0, false)),
        );
        report("colvar 4096^2 f32", median_ms(|| colvar(&m32)));
    }
}
