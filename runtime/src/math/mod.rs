//! Vectorizable implementations of the math builtins.
//!
//! Generated code calls these from fused elementwise loops. Unlike `f32::sin` and
//! friends (calls into the platform libm, which stop LLVM from vectorizing a loop), every
//! function here is `#[inline(always)]`, branch-free in its common path (special cases
//! are selects), uses no lookup tables, and carries its integers in float bit patterns,
//! so a loop such as
//!
//! ```
//! # let xs = vec![0.5f32; 1024];
//! # let mut out = vec![0.0f32; 1024];
//! for (o, &x) in out.iter_mut().zip(&xs) {
//!     *o = arr::math::f32::exp(x);
//! }
//! ```
//!
//! compiles to packed SIMD instructions (SSE2 on the default x86-64 target, wider with
//! `-C target-cpu=native`).
//!
//! The functions follow IEEE/libm conventions for ±0, ±inf, NaN, subnormals, overflow and
//! underflow. Accuracy (max error in ulp, measured by `runtime/tests/math.rs` and the
//! `ulp_table` example), domains and methods are documented in `docs/math.md`.
//! `sin`, `cos` and `tan` reduce their argument accurately only for
//! |x| <= [`f32::TRIG_MAX`] / [`f64::TRIG_MAX`] (2^44·π/2 ≈ 2.8e13); beyond, results are
//! bounded (`tan` finite) but not accurate: see "Domains" in `docs/math.md`.

pub mod f32;
pub mod f64;
