//! GEMM throughput of `arr::linalg::matmul` (faer) next to ndarray's `.dot()`
//! (matrixmultiply, single-threaded as ndarray ships it by default).
//!
//! ```text
//! cargo run --release -p arr --example gemm_bench [N] [RUNS]
//! ```
//!
//! Multiplies two N×N matrices (default 2048) in f32 and f64 with 1 and 2 threads and
//! prints the median of RUNS timed runs (default 5, after one warm-up run) in GFLOP/s,
//! counting 2·N³ floating-point operations per product.

use arr::linalg::{matmul_with, Epilogue, Gemm};
use arr::ndarray::{Array2, LinalgScalar};
use std::time::Instant;

fn median_secs(runs: usize, mut f: impl FnMut()) -> f64 {
    f();
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64()
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn bench<T: Gemm + LinalgScalar>(name: &str, n: usize, runs: usize, from: fn(usize) -> T) {
    let a = Array2::from_shape_fn((n, n), |(i, j)| from((i * 7 + j * 3) % 11));
    let b = Array2::from_shape_fn((n, n), |(i, j)| from((i * 5 + j) % 13));
    let mut out = Array2::from_elem((n, n), T::ZERO);
    let flops = 2.0 * (n as f64).powi(3);
    let report = |what: &str, secs: f64| {
        println!(
            "{name} {n}x{n}  {what:<28} {:>8.1} GFLOP/s  ({:.1} ms median of {runs})",
            flops / secs / 1e9,
            secs * 1e3
        );
    };
    for threads in [1, 2] {
        let secs = median_secs(runs, || {
            matmul_with(
                a.view(),
                b.view(),
                out.view_mut(),
                Epilogue::overwrite(),
                threads,
            )
            .expect("shapes agree");
        });
        report(&format!("arr::linalg (faer), {threads} thr"), secs);
    }
    let mut check = Array2::from_elem((n, n), T::ZERO);
    let secs = median_secs(runs, || {
        check = a.dot(&b);
    });
    report("ndarray .dot(), 1 thr", secs);
    // The two results must agree (the inputs are small integers, so both are exact).
    assert!(out == check, "faer and ndarray disagree");
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(2048);
    let runs: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(5);
    println!(
        "rayon global pool: {} threads; {} available cores",
        rayon::current_num_threads(),
        std::thread::available_parallelism().map_or(0, |p| p.get())
    );
    bench::<f32>("f32", n, runs, |x| x as f32);
    bench::<f64>("f64", n, runs, |x| x as f64);
}
