//! Matrix products for `@` and `dot`: the kernels generated code calls.
//!
//! Every entry point checks all shapes first and reports a disagreement as
//! [`Error::ShapeMismatch`]; none panics on caller input. Views of any layout are accepted:
//! C order, Fortran order, transposed, sliced with steps, reversed (negative strides) and
//! broadcast (zero strides). Inputs whose layout the float kernel cannot take directly are
//! copied to C order first, which costs O(size) next to the O(m·n·k) product.
//!
//! - `f32`/`f64` go to [faer](https://docs.rs/faer)'s GEMM, which picks AVX2/AVX-512 code
//!   at run time, so no `target-cpu` flag is needed. A product of one buffer with its own
//!   transpose (`x @ x.T`) computes the lower triangle only and mirrors it.
//! - Products with one output row or column (matrix·vector, of any element type) whose
//!   matrix has a contiguous axis stream the matrix once instead (`gemv`).
//! - `i32`/`i64` use a cache-blocked loop here, with wrapping (two's complement)
//!   arithmetic, like NumPy's integer `@`.
//!
//! All products compute `out = alpha * (a @ b) + beta * out` (see [`Epilogue`]), with the
//! BLAS conventions: when `beta == 0`, `out` is not read (a NaN in it does not propagate),
//! and when `alpha == 0` (or the inner size is 0) the product is not computed at all.
//!
//! # Threads
//!
//! The `*_with` functions take `threads`: `0` uses every thread of the current rayon pool
//! (the global pool, or the one a caller entered with `ThreadPool::install`), `1` runs on
//! the calling thread only, and `n` splits the work into at most `n` rayon tasks. The
//! functions without `_with` use `0`.

use crate::Error;
use ndarray::{Array2, ArrayView1, ArrayView2, ArrayViewMut1, ArrayViewMut2, Axis};
use rayon::prelude::*;
use std::fmt;

mod float;
mod gemv;
mod int;

mod sealed {
    pub trait Sealed {}
    impl Sealed for f32 {}
    impl Sealed for f64 {}
    impl Sealed for i32 {}
    impl Sealed for i64 {}
}

/// An element type the matrix products support: `f32`, `f64`, `i32` and `i64`.
///
/// The trait is sealed; its hidden methods are the per-type kernels.
pub trait Gemm: Copy + PartialEq + Send + Sync + fmt::Debug + 'static + sealed::Sealed {
    /// Additive identity.
    const ZERO: Self;
    /// Multiplicative identity.
    const ONE: Self;

    /// `self + rhs`, wrapping for integers.
    #[doc(hidden)]
    fn add(self, rhs: Self) -> Self;

    /// `self * rhs`, wrapping for integers.
    #[doc(hidden)]
    fn mul(self, rhs: Self) -> Self;

    /// `out = alpha * (a @ b) (+ out if accumulate)`.
    ///
    /// Called only with agreeing shapes, `m, n, k > 0`, and an `out` whose strides are
    /// non-negative and whose elements do not alias one another.
    #[doc(hidden)]
    fn gemm_kernel(
        a: ArrayView2<'_, Self>,
        b: ArrayView2<'_, Self>,
        out: ArrayViewMut2<'_, Self>,
        alpha: Self,
        accumulate: bool,
        threads: usize,
    );
}

macro_rules! impl_float {
    ($t:ty) => {
        impl Gemm for $t {
            const ZERO: Self = 0.0;
            const ONE: Self = 1.0;
            #[inline(always)]
            fn add(self, rhs: Self) -> Self {
                self + rhs
            }
            #[inline(always)]
            fn mul(self, rhs: Self) -> Self {
                self * rhs
            }
            fn gemm_kernel(
                a: ArrayView2<'_, Self>,
                b: ArrayView2<'_, Self>,
                out: ArrayViewMut2<'_, Self>,
                alpha: Self,
                accumulate: bool,
                threads: usize,
            ) {
                float::gemm(a, b, out, alpha, accumulate, threads)
            }
        }
    };
}

macro_rules! impl_int {
    ($t:ty) => {
        impl Gemm for $t {
            const ZERO: Self = 0;
            const ONE: Self = 1;
            #[inline(always)]
            fn add(self, rhs: Self) -> Self {
                self.wrapping_add(rhs)
            }
            #[inline(always)]
            fn mul(self, rhs: Self) -> Self {
                self.wrapping_mul(rhs)
            }
            fn gemm_kernel(
                a: ArrayView2<'_, Self>,
                b: ArrayView2<'_, Self>,
                out: ArrayViewMut2<'_, Self>,
                alpha: Self,
                accumulate: bool,
                threads: usize,
            ) {
                int::gemm(a, b, out, alpha, accumulate, threads)
            }
        }
    };
}

impl_float!(f32);
impl_float!(f64);
impl_int!(i32);
impl_int!(i64);

/// The scaling of a product: `out = alpha * (a @ b) + beta * out`.
///
/// `beta == 0` means `out` is write-only (its old values, NaN included, are ignored);
/// `alpha == 0` skips the product.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Epilogue<T> {
    /// Factor on the product.
    pub alpha: T,
    /// Factor on the old contents of `out`.
    pub beta: T,
}

impl<T: Gemm> Epilogue<T> {
    /// `out = alpha * (a @ b) + beta * out`.
    pub fn new(alpha: T, beta: T) -> Self {
        Self { alpha, beta }
    }

    /// `out = a @ b`: the plain product (`alpha = 1`, `beta = 0`).
    pub fn overwrite() -> Self {
        Self::new(T::ONE, T::ZERO)
    }

    /// `out += a @ b` (`alpha = 1`, `beta = 1`).
    pub fn accumulate() -> Self {
        Self::new(T::ONE, T::ONE)
    }
}

impl<T: Gemm> Default for Epilogue<T> {
    fn default() -> Self {
        Self::overwrite()
    }
}

/// `out = alpha * (a @ b) + beta * out` for an `m×k` `a`, a `k×n` `b` and an `m×n` `out`,
/// on the current rayon pool.
pub fn matmul<T: Gemm>(
    a: ArrayView2<'_, T>,
    b: ArrayView2<'_, T>,
    out: ArrayViewMut2<'_, T>,
    epilogue: Epilogue<T>,
) -> Result<(), Error> {
    matmul_with(a, b, out, epilogue, 0)
}

/// [`matmul`] with a thread count (see the [module docs](self)).
pub fn matmul_with<T: Gemm>(
    a: ArrayView2<'_, T>,
    b: ArrayView2<'_, T>,
    out: ArrayViewMut2<'_, T>,
    epilogue: Epilogue<T>,
    threads: usize,
) -> Result<(), Error> {
    check_matmul(a.shape(), b.shape(), out.shape())?;
    gemm_checked(a, b, out, epilogue, threads);
    Ok(())
}

/// `out[i, j] = f(i, j, alpha * (a @ b)[i, j] + beta * out[i, j])`: a product followed by
/// an elementwise function, for fused forms like `relu(x @ w + bias)`:
///
/// ```
/// use arr::linalg::{matmul_map, Epilogue};
/// use arr::ndarray::{array, Array2};
/// let x = array![[1.0f32, -2.0], [3.0, 4.0]];
/// let w = array![[1.0f32, 0.0], [0.0, 1.0]];
/// let bias = [0.5f32, -10.0];
/// let mut out = Array2::zeros((2, 2));
/// matmul_map(x.view(), w.view(), out.view_mut(), Epilogue::overwrite(), |_, j, acc| {
///     (acc + bias[j]).max(0.0)
/// })
/// .unwrap();
/// assert_eq!(out, array![[1.5, 0.0], [3.5, 0.0]]);
/// ```
///
/// `f` runs in a second pass over `out` after the product (parallel over its rows or
/// columns, whichever is outer in memory), not per tile inside the GEMM: faer has no
/// per-tile epilogue. The result is the same; the cost is one more read and write of `out`.
pub fn matmul_map<T, F>(
    a: ArrayView2<'_, T>,
    b: ArrayView2<'_, T>,
    out: ArrayViewMut2<'_, T>,
    epilogue: Epilogue<T>,
    f: F,
) -> Result<(), Error>
where
    T: Gemm,
    F: Fn(usize, usize, T) -> T + Sync,
{
    matmul_map_with(a, b, out, epilogue, 0, f)
}

/// [`matmul_map`] with a thread count (see the [module docs](self)).
pub fn matmul_map_with<T, F>(
    a: ArrayView2<'_, T>,
    b: ArrayView2<'_, T>,
    mut out: ArrayViewMut2<'_, T>,
    epilogue: Epilogue<T>,
    threads: usize,
    f: F,
) -> Result<(), Error>
where
    T: Gemm,
    F: Fn(usize, usize, T) -> T + Sync,
{
    check_matmul(a.shape(), b.shape(), out.shape())?;
    gemm_checked(a, b, out.view_mut(), epilogue, threads);
    map_indexed(out, threads, &f);
    Ok(())
}

/// `y = alpha * (a @ x) + beta * y` for an `m×k` `a`, a length-`k` `x` and a length-`m` `y`.
pub fn matvec<T: Gemm>(
    a: ArrayView2<'_, T>,
    x: ArrayView1<'_, T>,
    y: ArrayViewMut1<'_, T>,
    epilogue: Epilogue<T>,
) -> Result<(), Error> {
    matvec_with(a, x, y, epilogue, 0)
}

/// [`matvec`] with a thread count (see the [module docs](self)).
pub fn matvec_with<T: Gemm>(
    a: ArrayView2<'_, T>,
    x: ArrayView1<'_, T>,
    y: ArrayViewMut1<'_, T>,
    epilogue: Epilogue<T>,
    threads: usize,
) -> Result<(), Error> {
    let (m, k) = a.dim();
    if x.len() != k {
        return Err(inner_mismatch("matvec", a.shape(), x.shape(), k, x.len()));
    }
    if y.len() != m {
        return Err(out_mismatch(
            "matvec",
            a.shape(),
            x.shape(),
            &[m],
            y.shape(),
        ));
    }
    gemm_checked(
        a,
        x.insert_axis(Axis(1)),
        y.insert_axis(Axis(1)),
        epilogue,
        threads,
    );
    Ok(())
}

/// `(a @ x, y @ a)` for an `m×n` `a`, a length-`n` `x` and a length-`m` `y`, reading `a`
/// once for both, on the current rayon pool: each result is bit for bit what
/// [`matvec`] and [`vecmat`] give alone. `None` (nothing computed) where either of
/// those would take another route (a layout without contiguous rows, too few rows, a
/// very long row, lengths that disagree): the caller then computes them in turn.
pub fn matvec_pair_slices<T: Gemm>(
    a: ArrayView2<'_, T>,
    x: &[T],
    y: &[T],
) -> Option<(Vec<T>, Vec<T>)> {
    gemv::pair(a, x, y, 0)
}

/// `y = alpha * (x @ a) + beta * y` for a length-`k` `x`, a `k×n` `a` and a length-`n` `y`.
pub fn vecmat<T: Gemm>(
    x: ArrayView1<'_, T>,
    a: ArrayView2<'_, T>,
    y: ArrayViewMut1<'_, T>,
    epilogue: Epilogue<T>,
) -> Result<(), Error> {
    vecmat_with(x, a, y, epilogue, 0)
}

/// [`vecmat`] with a thread count (see the [module docs](self)).
pub fn vecmat_with<T: Gemm>(
    x: ArrayView1<'_, T>,
    a: ArrayView2<'_, T>,
    y: ArrayViewMut1<'_, T>,
    epilogue: Epilogue<T>,
    threads: usize,
) -> Result<(), Error> {
    let (k, n) = a.dim();
    if x.len() != k {
        return Err(inner_mismatch("vecmat", x.shape(), a.shape(), x.len(), k));
    }
    if y.len() != n {
        return Err(out_mismatch(
            "vecmat",
            x.shape(),
            a.shape(),
            &[n],
            y.shape(),
        ));
    }
    gemm_checked(
        x.insert_axis(Axis(0)),
        a,
        y.insert_axis(Axis(0)),
        epilogue,
        threads,
    );
    Ok(())
}

/// The inner product `sum(x * y)` of two vectors of one length (0 for empty ones), wrapping
/// for integers. Contiguous inputs take a chunked loop that the compiler vectorizes.
pub fn dot<T: Gemm>(x: ArrayView1<'_, T>, y: ArrayView1<'_, T>) -> Result<T, Error> {
    if x.len() != y.len() {
        return Err(inner_mismatch(
            "dot",
            x.shape(),
            y.shape(),
            x.len(),
            y.len(),
        ));
    }
    Ok(match (x.as_slice(), y.as_slice()) {
        (Some(xs), Some(ys)) => dot_slices(xs, ys),
        _ => x
            .iter()
            .zip(y.iter())
            .fold(T::ZERO, |acc, (&p, &q)| acc.add(p.mul(q))),
    })
}

/// Chunked dot product: `LANES` independent accumulators so the loop vectorizes without
/// reassociation.
#[inline(always)]
pub(super) fn dot_slices<T: Gemm>(x: &[T], y: &[T]) -> T {
    const LANES: usize = 16;
    let mut acc = [T::ZERO; LANES];
    let xc = x.chunks_exact(LANES);
    let yc = y.chunks_exact(LANES);
    let (xr, yr) = (xc.remainder(), yc.remainder());
    for (p, q) in xc.zip(yc) {
        for l in 0..LANES {
            acc[l] = acc[l].add(p[l].mul(q[l]));
        }
    }
    for (l, (&p, &q)) in xr.iter().zip(yr).enumerate() {
        acc[l] = acc[l].add(p.mul(q));
    }
    combine_lanes(acc)
}

/// The pairwise sum of [`dot_slices`]' 16 lanes (the order every dot product here uses).
#[inline(always)]
pub(super) fn combine_lanes<T: Gemm>(mut acc: [T; 16]) -> T {
    let mut width = acc.len();
    while width > 1 {
        width /= 2;
        for l in 0..width {
            acc[l] = acc[l].add(acc[l + width]);
        }
    }
    acc[0]
}

fn inner_mismatch(op: &str, a: &[usize], b: &[usize], ka: usize, kb: usize) -> Error {
    Error::ShapeMismatch(format!(
        "{op} of shapes {} and {}: inner sizes {ka} and {kb} differ",
        Error::shape_str(a),
        Error::shape_str(b)
    ))
}

fn out_mismatch(op: &str, a: &[usize], b: &[usize], want: &[usize], got: &[usize]) -> Error {
    Error::ShapeMismatch(format!(
        "{op} of shapes {} and {} gives shape {}, but the output has shape {}",
        Error::shape_str(a),
        Error::shape_str(b),
        Error::shape_str(want),
        Error::shape_str(got)
    ))
}

fn check_matmul(a: &[usize], b: &[usize], out: &[usize]) -> Result<(), Error> {
    if a[1] != b[0] {
        return Err(inner_mismatch("matmul", a, b, a[1], b[0]));
    }
    let want = [a[0], b[1]];
    if out != want {
        return Err(out_mismatch("matmul", a, b, &want, out));
    }
    Ok(())
}

/// The product after the shape checks: handles the trivial cases, `beta`, and the layouts
/// of `out` that the kernels do not take, then calls the kernel.
fn gemm_checked<T: Gemm>(
    a: ArrayView2<'_, T>,
    b: ArrayView2<'_, T>,
    mut out: ArrayViewMut2<'_, T>,
    epilogue: Epilogue<T>,
    threads: usize,
) {
    let (m, k) = a.dim();
    let n = b.ncols();
    let Epilogue { alpha, beta } = epilogue;
    if m == 0 || n == 0 {
        return;
    }
    if k == 0 || alpha == T::ZERO {
        scale(out, beta);
        return;
    }
    if may_alias(&out) {
        // Elements of `out` share memory (only possible for views built with unsafe
        // code): compute into a fresh array and assign, last write winning.
        let mut tmp = if beta == T::ZERO {
            Array2::from_elem((m, n), T::ZERO)
        } else {
            out.to_owned()
        };
        gemm_checked(a, b, tmp.view_mut(), epilogue, threads);
        out.assign(&tmp);
        return;
    }
    let (mut a, mut b) = (a, b);
    // Make the strides of `out` non-negative by reversing the matching axes of the inputs.
    if m > 1 && out.strides()[0] < 0 {
        out.invert_axis(Axis(0));
        a.invert_axis(Axis(0));
    }
    if n > 1 && out.strides()[1] < 0 {
        out.invert_axis(Axis(1));
        b.invert_axis(Axis(1));
    }
    let accumulate = if beta == T::ZERO {
        false
    } else {
        if beta != T::ONE {
            scale(out.view_mut(), beta);
        }
        true
    };
    if gemv::try_gemv(a, b, out.view_mut(), alpha, accumulate, threads) {
        return;
    }
    T::gemm_kernel(a, b, out, alpha, accumulate, threads);
}

/// `out = beta * out`, writing zeros (not reading) when `beta == 0`.
fn scale<T: Gemm>(mut out: ArrayViewMut2<'_, T>, beta: T) {
    if beta == T::ZERO {
        out.fill(T::ZERO);
    } else if beta != T::ONE {
        out.map_inplace(|x| *x = beta.mul(*x));
    }
}

/// Whether two in-bounds indices of `v` can address the same element. Conservative:
/// `true` may be returned for some exotic interleaved layouts that do not alias, which
/// only costs a copy.
fn may_alias<T>(v: &ArrayViewMut2<'_, T>) -> bool {
    let (m, n) = v.dim();
    let (s0, s1) = (v.strides()[0].unsigned_abs(), v.strides()[1].unsigned_abs());
    if m <= 1 || n <= 1 {
        return (m > 1 && s0 == 0) || (n > 1 && s1 == 0);
    }
    let ((len_in, s_in), s_out) = if s0 <= s1 {
        ((m, s0), s1)
    } else {
        ((n, s1), s0)
    };
    s_in == 0 || s_in.saturating_mul(len_in - 1) >= s_out
}

/// The number of rayon tasks to split work into for a `threads` argument.
pub(crate) fn task_count(threads: usize) -> usize {
    if threads == 0 {
        rayon::current_num_threads().max(1)
    } else {
        threads
    }
}

/// Below this many elements the elementwise pass stays on one thread.
const MAP_PAR_MIN: usize = 1 << 15;

/// `out[i, j] = f(i, j, out[i, j])`, in parallel over the outer axis of `out`'s layout.
fn map_indexed<T, F>(mut out: ArrayViewMut2<'_, T>, threads: usize, f: &F)
where
    T: Gemm,
    F: Fn(usize, usize, T) -> T + Sync,
{
    let (m, n) = out.dim();
    if m == 0 || n == 0 {
        return;
    }
    let s = out.strides();
    // Walk lanes along the axis with the smaller stride, so that C and F order both
    // stream through memory.
    let outer = if m > 1 && n > 1 && s[0].unsigned_abs() < s[1].unsigned_abs() {
        Axis(1)
    } else {
        Axis(0)
    };
    let outer_len = out.len_of(outer);
    let tasks = if m * n < MAP_PAR_MIN {
        1
    } else {
        task_count(threads).min(outer_len)
    };
    if tasks <= 1 {
        map_part(out, 0, outer, f);
        return;
    }
    let chunk = outer_len.div_ceil(tasks);
    let parts: Vec<_> = out
        .axis_chunks_iter_mut(outer, chunk)
        .enumerate()
        .map(|(c, v)| (c * chunk, v))
        .collect();
    parts
        .into_par_iter()
        .for_each(|(offset, v)| map_part(v, offset, outer, f));
}

fn map_part<T, F>(mut v: ArrayViewMut2<'_, T>, offset: usize, outer: Axis, f: &F)
where
    T: Gemm,
    F: Fn(usize, usize, T) -> T,
{
    for (o, mut lane) in v.axis_iter_mut(outer).enumerate() {
        let o = offset + o;
        for (i, x) in lane.iter_mut().enumerate() {
            *x = if outer == Axis(0) {
                f(o, i, *x)
            } else {
                f(i, o, *x)
            };
        }
    }
}
