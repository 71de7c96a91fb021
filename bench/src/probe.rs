//! Machine limits: a STREAM-style memory bandwidth probe and a peak floating-point
//! (FMA) probe, both on all rayon threads. The benchmark reports each workload's
//! effective bandwidth or FLOP rate as a fraction of these.

use rayon::prelude::*;
use std::time::Instant;

/// Size of the last-level cache in bytes (Linux sysfs), or 32 MiB when unknown.
pub fn last_level_cache_bytes() -> usize {
    arr::rt::last_level_cache_bytes()
}

/// Best-of-`reps` bandwidths in GB/s (10^9 bytes/s), STREAM's byte counting (no
/// write-allocate traffic counted): copy `b = a` (16 B/elem), triad `a = b + s*c`
/// (24 B/elem), read-only sum of `a` (8 B/elem).
#[derive(Debug, Clone, Copy)]
pub struct Stream {
    pub elems: usize,
    pub copy: f64,
    pub triad: f64,
    pub sum: f64,
}

pub fn stream(elems: usize, reps: usize) -> Stream {
    const C: usize = 1 << 16;
    let mut a = vec![0.0f64; elems];
    let mut b = vec![0.0f64; elems];
    let mut c = vec![0.0f64; elems];
    // First touch in parallel, so pages land where the threads run.
    a.par_chunks_mut(C).for_each(|x| x.fill(1.0));
    b.par_chunks_mut(C).for_each(|x| x.fill(2.0));
    c.par_chunks_mut(C).for_each(|x| x.fill(0.5));
    let best = |f: &mut dyn FnMut()| {
        let mut t = f64::INFINITY;
        for _ in 0..reps.max(1) {
            let s = Instant::now();
            f();
            t = t.min(s.elapsed().as_secs_f64());
        }
        t
    };
    let n = elems as f64;
    let t_copy = best(&mut || {
        b.par_chunks_mut(C)
            .zip(a.par_chunks(C))
            .for_each(|(d, s)| d.copy_from_slice(s));
    });
    let t_triad = best(&mut || {
        a.par_chunks_mut(C)
            .zip(b.par_chunks(C).zip(c.par_chunks(C)))
            .for_each(|(d, (x, y))| {
                for ((d, &x), &y) in d.iter_mut().zip(x).zip(y) {
                    *d = x + 3.0 * y;
                }
            });
    });
    let mut sink = 0.0;
    let t_sum = best(&mut || {
        sink += crate::hand::sum_f64(&a);
    });
    std::hint::black_box(sink);
    Stream {
        elems,
        copy: 16.0 * n / t_copy / 1e9,
        triad: 24.0 * n / t_triad / 1e9,
        sum: 8.0 * n / t_sum / 1e9,
    }
}

/// Peak FLOP rates in GFLOP/s (an FMA counts 2) on all rayon threads, and which
/// instruction set was used (chosen at run time, independent of build flags).
#[derive(Debug, Clone)]
pub struct Peak {
    pub f32_gflops: f64,
    pub f64_gflops: f64,
    pub isa: &'static str,
}

/// Independent accumulators per thread: enough to cover FMA latency x throughput.
const ACC: usize = 12;

#[cfg(target_arch = "x86_64")]
mod x86 {
    #![allow(unused_unsafe)]
    use super::ACC;
    use std::arch::x86_64::*;

    /// # Safety
    /// The CPU must support AVX-512F.
    #[target_feature(enable = "avx512f")]
    pub unsafe fn f32_avx512(iters: u64) -> f32 {
        unsafe {
            let mut acc = [_mm512_set1_ps(1.0); ACC];
            let m = _mm512_set1_ps(0.999_999);
            let c = _mm512_set1_ps(1e-7);
            for _ in 0..iters {
                for a in acc.iter_mut() {
                    *a = _mm512_fmadd_ps(*a, m, c);
                }
            }
            acc.iter().map(|&a| _mm512_reduce_add_ps(a)).sum()
        }
    }

    /// # Safety
    /// The CPU must support AVX-512F.
    #[target_feature(enable = "avx512f")]
    pub unsafe fn f64_avx512(iters: u64) -> f64 {
        unsafe {
            let mut acc = [_mm512_set1_pd(1.0); ACC];
            let m = _mm512_set1_pd(0.999_999);
            let c = _mm512_set1_pd(1e-7);
            for _ in 0..iters {
                for a in acc.iter_mut() {
                    *a = _mm512_fmadd_pd(*a, m, c);
                }
            }
            acc.iter().map(|&a| _mm512_reduce_add_pd(a)).sum()
        }
    }

    /// # Safety
    /// The CPU must support AVX and FMA.
    #[target_feature(enable = "avx,fma")]
    pub unsafe fn f32_avx2(iters: u64) -> f32 {
        unsafe {
            let mut acc = [_mm256_set1_ps(1.0); ACC];
            let m = _mm256_set1_ps(0.999_999);
            let c = _mm256_set1_ps(1e-7);
            for _ in 0..iters {
                for a in acc.iter_mut() {
                    *a = _mm256_fmadd_ps(*a, m, c);
                }
            }
            let mut out = [0.0f32; 8];
            let mut s = 0.0;
            for a in acc {
                _mm256_storeu_ps(out.as_mut_ptr(), a);
                s += out.iter().sum::<f32>();
            }
            s
        }
    }

    /// # Safety
    /// The CPU must support AVX and FMA.
    #[target_feature(enable = "avx,fma")]
    pub unsafe fn f64_avx2(iters: u64) -> f64 {
        unsafe {
            let mut acc = [_mm256_set1_pd(1.0); ACC];
            let m = _mm256_set1_pd(0.999_999);
            let c = _mm256_set1_pd(1e-7);
            for _ in 0..iters {
                for a in acc.iter_mut() {
                    *a = _mm256_fmadd_pd(*a, m, c);
                }
            }
            let mut out = [0.0f64; 4];
            let mut s = 0.0;
            for a in acc {
                _mm256_storeu_pd(out.as_mut_ptr(), a);
                s += out.iter().sum::<f64>();
            }
            s
        }
    }
}

/// Portable fallback: separate multiply and add on plain arrays (LLVM vectorizes them
/// to the baseline SIMD width); counts 2 flops per lane like an FMA.
fn f32_portable(iters: u64) -> f32 {
    let mut acc = [[1.0f32; 8]; ACC];
    for _ in 0..iters {
        for a in acc.iter_mut() {
            for v in a.iter_mut() {
                *v = *v * 0.999_999 + 1e-7;
            }
        }
    }
    acc.iter().flatten().sum()
}

fn f64_portable(iters: u64) -> f64 {
    let mut acc = [[1.0f64; 4]; ACC];
    for _ in 0..iters {
        for a in acc.iter_mut() {
            for v in a.iter_mut() {
                *v = *v * 0.999_999 + 1e-7;
            }
        }
    }
    acc.iter().flatten().sum()
}

/// Runs `f(iters)` on every rayon thread at once; returns the seconds it took.
fn on_all_threads<T: Send>(iters: u64, f: impl Fn(u64) -> T + Sync) -> f64 {
    let s = Instant::now();
    let r = rayon::broadcast(|_| f(iters));
    std::hint::black_box(r);
    s.elapsed().as_secs_f64()
}

/// Peak FMA throughput; `iters` inner iterations per thread (each ACC vector FMAs).
pub fn peak(iters: u64) -> Peak {
    let threads = rayon::current_num_threads() as f64;
    #[allow(unused_mut)]
    let mut isa = "portable";
    #[allow(unused_mut)]
    let (mut lanes32, mut lanes64) = (8.0, 4.0);
    #[allow(unused_mut, clippy::type_complexity)]
    let mut fns: (fn(u64) -> f32, fn(u64) -> f64) = (f32_portable, f64_portable);
    #[cfg(target_arch = "x86_64")]
    {
        if is_x86_feature_detected!("avx512f") {
            isa = "avx512f";
            (lanes32, lanes64) = (16.0, 8.0);
            // SAFETY: the feature was detected just above.
            fns = (
                |n| unsafe { x86::f32_avx512(n) },
                |n| unsafe { x86::f64_avx512(n) },
            );
        } else if is_x86_feature_detected!("avx") && is_x86_feature_detected!("fma") {
            isa = "avx2+fma";
            (lanes32, lanes64) = (8.0, 4.0);
            // SAFETY: the features were detected just above.
            fns = (
                |n| unsafe { x86::f32_avx2(n) },
                |n| unsafe { x86::f64_avx2(n) },
            );
        }
    }
    let (f32f, f64f) = fns;
    // Warm up (clocks, thread pool), then time the best of 3.
    on_all_threads(iters / 10 + 1, f32f);
    let t32 = (0..3)
        .map(|_| on_all_threads(iters, f32f))
        .fold(f64::INFINITY, f64::min);
    let t64 = (0..3)
        .map(|_| on_all_threads(iters, f64f))
        .fold(f64::INFINITY, f64::min);
    let flops = |lanes: f64| threads * iters as f64 * ACC as f64 * lanes * 2.0;
    Peak {
        f32_gflops: flops(lanes32) / t32 / 1e9,
        f64_gflops: flops(lanes64) / t64 / 1e9,
        isa,
    }
}
