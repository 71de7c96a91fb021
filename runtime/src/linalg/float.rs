//! `f32`/`f64` products through faer's GEMM.

use faer::linalg::matmul::matmul as faer_matmul;
use faer::linalg::matmul::triangular::{self, BlockStructure};
use faer::traits::ComplexField;
use faer::{Accum, MatMut, MatRef, Par};
use ndarray::{Array2, ArrayView2, ArrayViewMut2, Axis, CowArray, Ix2};

/// `out = alpha * (a @ b) (+ out if accumulate)`; see [`super::Gemm::gemm_kernel`] for
/// what the caller guarantees.
pub(super) fn gemm<T: ComplexField + Copy + std::ops::AddAssign>(
    a: ArrayView2<'_, T>,
    b: ArrayView2<'_, T>,
    mut out: ArrayViewMut2<'_, T>,
    alpha: T,
    accumulate: bool,
    threads: usize,
) {
    let (m, k) = a.dim();
    let n = b.ncols();
    let (mut a, mut b) = (a, b);
    // A reversed inner axis of `a`: reverse it in both factors (the sum is the same).
    if k > 1 && a.strides()[1] < 0 {
        a.invert_axis(Axis(1));
        b.invert_axis(Axis(0));
    }
    // Whatever negative or zero (broadcast) strides remain are copied away, so that faer
    // only sees non-negative strides and no repeated elements.
    let a = positive_strides(a);
    let b = positive_strides(b);
    let par = if threads == 1 {
        Par::Seq
    } else {
        Par::rayon(super::task_count(threads))
    };
    let (a_rs, a_cs) = faer_strides(&a.view());
    let (b_rs, b_cs) = faer_strides(&b.view());
    // SAFETY: `a` is an ndarray view (or an array owned here) of shape m×k that lives
    // until the end of this function, so every index (i, p) with i < m, p < k at the
    // strides from `faer_strides` (ndarray's own, or 1 on axes of length 1, where the
    // stride is never multiplied by a non-zero index) addresses an initialized, aligned
    // element of one allocation. The view is shared and nothing writes through it while
    // the `MatRef` lives: `out` is a distinct `&mut`-style view, so it cannot overlap `a`.
    let a_f = unsafe { MatRef::from_raw_parts(a.as_ptr(), m, k, a_rs, a_cs) };
    // SAFETY: as for `a`, with shape k×n.
    let b_f = unsafe { MatRef::from_raw_parts(b.as_ptr(), k, n, b_rs, b_cs) };
    if m >= GRAM_MIN && is_gram(&a.view(), &b.view()) {
        // `x @ x.T` or `x.T @ x`: the product is symmetric, so compute its lower triangle
        // only (half the multiply-adds, as BLAS's `syrk`) and mirror it. With
        // `accumulate` the old contents of `out` need not be symmetric, so the product
        // goes to a temporary first.
        if accumulate {
            let mut tmp = crate::rt::mem::advised(Array2::from_elem((m, n), T::zero_impl()));
            gram_lower(tmp.view_mut(), a_f, b_f, alpha, par);
            mirror_lower(tmp.view_mut());
            out.zip_mut_with(&tmp, |o, &t| *o += t);
        } else {
            gram_lower(out.view_mut(), a_f, b_f, alpha, par);
            mirror_lower(out);
        }
        return;
    }
    let accum = if accumulate {
        Accum::Add
    } else {
        Accum::Replace
    };
    faer_matmul(faer_mut(&mut out), accum, a_f, b_f, alpha, par);
}

/// `out` as a faer matrix.
fn faer_mut<'o, T>(out: &'o mut ArrayViewMut2<'_, T>) -> MatMut<'o, T> {
    let (m, n) = out.dim();
    let (rs, cs) = faer_strides(&out.view());
    // SAFETY: `out` is a mutable ndarray view of shape m×n borrowed exclusively for `'o`,
    // so every (i, j) addresses a valid, initialized, aligned element that nothing else
    // accesses while the `MatMut` lives. Both callers pass a view free of self aliasing
    // (as `from_raw_parts_mut` requires) with non-negative strides: `gemm`'s `out`, which
    // `gemm_checked` checked with `may_alias`, or a fresh array.
    unsafe { MatMut::from_raw_parts_mut(out.as_mut_ptr(), m, n, rs, cs) }
}

/// The smallest result size for which `x @ x.T` takes the triangular path.
const GRAM_MIN: usize = 64;

/// Whether `b` is the transpose of `a` (same memory, axes swapped).
fn is_gram<T>(a: &ArrayView2<'_, T>, b: &ArrayView2<'_, T>) -> bool {
    let (m, k) = a.dim();
    b.dim() == (k, m)
        && std::ptr::eq(a.as_ptr(), b.as_ptr())
        && a.strides()[0] == b.strides()[1]
        && a.strides()[1] == b.strides()[0]
}

/// The lower triangle (diagonal included) of `out = alpha * a @ b`; the rest of `out` is
/// left as it was.
fn gram_lower<T: ComplexField + Copy>(
    mut out: ArrayViewMut2<'_, T>,
    a_f: MatRef<'_, T>,
    b_f: MatRef<'_, T>,
    alpha: T,
    par: Par,
) {
    triangular::matmul(
        faer_mut(&mut out),
        BlockStructure::TriangularLower,
        Accum::Replace,
        a_f,
        BlockStructure::Rectangular,
        b_f,
        BlockStructure::Rectangular,
        alpha,
        par,
    );
}

/// Copies the strict lower triangle of a square `out` onto its upper triangle, a tile at
/// a time so that both the rows read and the rows written stay in cache.
fn mirror_lower<T: Copy>(mut out: ArrayViewMut2<'_, T>) {
    const TILE: usize = 64;
    let n = out.nrows();
    for i0 in (0..n).step_by(TILE) {
        for j0 in (i0..n).step_by(TILE) {
            for i in i0..(i0 + TILE).min(n) {
                for j in j0.max(i + 1)..(j0 + TILE).min(n) {
                    out[[i, j]] = out[[j, i]];
                }
            }
        }
    }
}

/// `v` itself when all its axes longer than 1 have positive strides, else a C-order copy.
fn positive_strides<T: Copy>(v: ArrayView2<'_, T>) -> CowArray<'_, T, Ix2> {
    let bad = v
        .shape()
        .iter()
        .zip(v.strides())
        .any(|(&len, &s)| len > 1 && s <= 0);
    if bad {
        CowArray::from(v.as_standard_layout().into_owned())
    } else {
        CowArray::from(v)
    }
}

/// ndarray's strides, with 1 on axes of length at most 1 (whose stride is arbitrary in
/// ndarray and never used to step).
fn faer_strides<T>(v: &ArrayView2<'_, T>) -> (isize, isize) {
    let s = v.strides();
    let fix = |len: usize, s: isize| if len <= 1 { 1 } else { s };
    (fix(v.nrows(), s[0]), fix(v.ncols(), s[1]))
}
