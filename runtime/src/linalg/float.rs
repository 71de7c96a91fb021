//! `f32`/`f64` products through faer's GEMM.

use faer::linalg::matmul::matmul as faer_matmul;
use faer::traits::ComplexField;
use faer::{Accum, MatMut, MatRef, Par};
use ndarray::{ArrayView2, ArrayViewMut2, Axis, CowArray, Ix2};

/// `out = alpha * (a @ b) (+ out if accumulate)`; see [`super::Gemm::gemm_kernel`] for
/// what the caller guarantees.
pub(super) fn gemm<T: ComplexField + Copy>(
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
    let (o_rs, o_cs) = faer_strides(&out.view());
    // SAFETY: `a` is an ndarray view (or an array owned here) of shape m×k that lives
    // until the end of this function, so every index (i, p) with i < m, p < k at the
    // strides from `faer_strides` (ndarray's own, or 1 on axes of length 1, where the
    // stride is never multiplied by a non-zero index) addresses an initialized, aligned
    // element of one allocation. The view is shared and nothing writes through it while
    // the `MatRef` lives: `out` is a distinct `&mut`-style view, so it cannot overlap `a`.
    let a_f = unsafe { MatRef::from_raw_parts(a.as_ptr(), m, k, a_rs, a_cs) };
    // SAFETY: as for `a`, with shape k×n.
    let b_f = unsafe { MatRef::from_raw_parts(b.as_ptr(), k, n, b_rs, b_cs) };
    // SAFETY: `out` is a mutable ndarray view of shape m×n borrowed exclusively for this
    // call, so every (i, j) addresses a valid, initialized, aligned element that nothing
    // else accesses while the `MatMut` lives. The caller (`gemm_checked`) checked with
    // `may_alias` that no two indices share an element, so the view is free of self
    // aliasing as `from_raw_parts_mut` requires, and that its strides are non-negative.
    let out_f = unsafe { MatMut::from_raw_parts_mut(out.as_mut_ptr(), m, n, o_rs, o_cs) };
    let accum = if accumulate {
        Accum::Add
    } else {
        Accum::Replace
    };
    faer_matmul(out_f, accum, a_f, b_f, alpha, par);
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
