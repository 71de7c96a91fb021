//! Run-time instruction-set dispatch for the runtime's hot loops.
//!
//! Users build generated code without `-C target-cpu`, so by default every loop is
//! compiled for baseline x86-64 (SSE2). [`dispatch`] runs a loop compiled three times —
//! for x86-64-v4 (AVX-512), x86-64-v3 (AVX2 + FMA) and the baseline — picking the best
//! variant the CPU supports, detected once with `is_x86_feature_detected!` and cached in
//! an atomic. Other architectures run the baseline.
//!
//! # Writing a dispatched kernel
//!
//! Put the loop in the `run` method of a [`Kernel`], mark `run` `#[inline(always)]`, and
//! call [`dispatch`] with the kernel value:
//!
//! ```
//! use arr::rt::isa::{dispatch, Kernel};
//!
//! struct Scale<'a, F> {
//!     out: &'a mut [f32],
//!     xs: &'a [f32],
//!     f: &'a F,
//! }
//!
//! impl<F: Fn(f32) -> f32> Kernel for Scale<'_, F> {
//!     type Out = ();
//!     #[inline(always)]
//!     fn run(self) {
//!         let n = self.out.len();
//!         let xs = &self.xs[..n]; // equal lengths: no bounds checks in the loop
//!         for i in 0..n {
//!             self.out[i] = (self.f)(xs[i]);
//!         }
//!     }
//! }
//!
//! let xs = vec![1.0f32; 100];
//! let mut out = vec![0.0f32; 100];
//! dispatch(Scale { out: &mut out, xs: &xs, f: &|x: f32| 2.0 * x + 1.0 });
//! assert!(out.iter().all(|&y| y == 3.0));
//! ```
//!
//! `dispatch` calls one of three `#[target_feature]` functions, each of which calls
//! `run`; because `run` is `#[inline(always)]` it is compiled into each of them, and so is
//! everything it inlines — the closures of generated code and `arr::math` (whose
//! functions are `#[inline(always)]`): LLVM inlines a function without target features
//! into one with more. Call `dispatch` once per chunk of work (thousands of elements),
//! not per element: the loop inside `run` is what gets vectorized. For parallel work,
//! split with rayon outside and dispatch inside each task.
//!
//! Results do not depend on the variant: Rust never contracts `a * b + c` into an FMA nor
//! reassociates float operations, so the vector code computes exactly what the scalar
//! code computes (reductions fix their own order of accumulation, see `ops`).
//!
//! `ARR_ISA=base|v3|v4` in the environment lowers the level (for benchmarks and tests);
//! it is never raised above what the CPU supports.

use std::sync::atomic::{AtomicU8, Ordering};

/// An instruction-set level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Whatever the crate was compiled for (baseline x86-64 by default).
    Base = 0,
    /// x86-64-v3: AVX2, FMA, BMI1/2, F16C, LZCNT, MOVBE.
    V3 = 1,
    /// x86-64-v4: v3 plus AVX-512 F/BW/CD/DQ/VL.
    V4 = 2,
}

const UNKNOWN: u8 = u8::MAX;
static LEVEL: AtomicU8 = AtomicU8::new(UNKNOWN);

/// The best level this CPU supports (capped by `ARR_ISA`), detected on the first call.
#[inline]
pub fn level() -> Level {
    match LEVEL.load(Ordering::Relaxed) {
        0 => Level::Base,
        1 => Level::V3,
        2 => Level::V4,
        _ => {
            let l = detect();
            LEVEL.store(l as u8, Ordering::Relaxed);
            l
        }
    }
}

/// The level the CPU supports, without the `ARR_ISA` cap.
pub fn detected() -> Level {
    #[cfg(target_arch = "x86_64")]
    {
        let v3 = is_x86_feature_detected!("avx2")
            && is_x86_feature_detected!("fma")
            && is_x86_feature_detected!("bmi1")
            && is_x86_feature_detected!("bmi2")
            && is_x86_feature_detected!("f16c")
            && is_x86_feature_detected!("lzcnt")
            && is_x86_feature_detected!("movbe")
            && is_x86_feature_detected!("popcnt");
        let v4 = v3
            && is_x86_feature_detected!("avx512f")
            && is_x86_feature_detected!("avx512bw")
            && is_x86_feature_detected!("avx512cd")
            && is_x86_feature_detected!("avx512dq")
            && is_x86_feature_detected!("avx512vl");
        if v4 {
            Level::V4
        } else if v3 {
            Level::V3
        } else {
            Level::Base
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        Level::Base
    }
}

fn detect() -> Level {
    let hw = detected();
    let cap = match std::env::var("ARR_ISA").as_deref() {
        Ok("base") => Level::Base,
        Ok("v3") => Level::V3,
        _ => Level::V4,
    };
    hw.min(cap)
}

/// A loop to run with the best instruction set: see the module documentation.
pub trait Kernel {
    type Out;
    /// The loop. Mark implementations `#[inline(always)]`, or they are compiled once,
    /// for the baseline only.
    fn run(self) -> Self::Out;
}

/// Runs `k` with the best instruction set the CPU supports.
#[inline]
pub fn dispatch<K: Kernel>(k: K) -> K::Out {
    #[cfg(target_arch = "x86_64")]
    {
        match level() {
            // SAFETY: `level()` returns V4 only if `detected()` saw every feature that
            // `run_v4` enables (v4 includes all of v3's checks) on this CPU.
            Level::V4 => return unsafe { x86::run_v4(k) },
            // SAFETY: `level()` returns V3 only if `detected()` saw every feature that
            // `run_v3` enables on this CPU.
            Level::V3 => return unsafe { x86::run_v3(k) },
            Level::Base => {}
        }
    }
    k.run()
}

#[cfg(target_arch = "x86_64")]
mod x86 {
    use super::Kernel;

    #[target_feature(enable = "avx2,fma,bmi1,bmi2,f16c,lzcnt,movbe,popcnt")]
    pub(super) unsafe fn run_v3<K: Kernel>(k: K) -> K::Out {
        k.run()
    }

    #[target_feature(
        enable = "avx2,fma,bmi1,bmi2,f16c,lzcnt,movbe,popcnt,avx512f,avx512bw,avx512cd,avx512dq,avx512vl"
    )]
    pub(super) unsafe fn run_v4<K: Kernel>(k: K) -> K::Out {
        k.run()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Add<'a>(&'a mut [f64], &'a [f64]);
    impl Kernel for Add<'_> {
        type Out = f64;
        #[inline(always)]
        fn run(self) -> f64 {
            for (a, b) in self.0.iter_mut().zip(self.1) {
                *a += b;
            }
            self.0.iter().sum()
        }
    }

    #[test]
    fn dispatch_runs_the_kernel() {
        let mut a = vec![1.0; 37];
        let b = vec![2.0; 37];
        assert_eq!(dispatch(Add(&mut a, &b)), 111.0);
        assert!(level() <= detected());
    }
}
