//! Integer products: a cache-blocked loop with wrapping arithmetic.
//!
//! `b` is made C-contiguous (copied if it is not), then `out` is split into row bands,
//! one rayon task each. A band walks `out` in `MB×NC` tiles; each tile sums `KC`-deep
//! slices of `a`'s rows times rows of `b` into a contiguous accumulator (the inner loop is
//! a multiply-add of a scalar and a row of `b` over `NC` lanes, which vectorizes), then
//! writes `alpha * acc (+ out)` back.

use super::Gemm;
use ndarray::{s, ArrayView2, ArrayViewMut2, Axis};
use rayon::prelude::*;

/// Rows of a tile.
const MB: usize = 64;
/// Columns of a tile: the accumulator row and `b` row segment (2 KiB of i64).
const NC: usize = 256;
/// Depth of one pass over `b`: a `KC×NC` block of `b` (256 KiB of i64) stays in L2
/// while the tile's rows go through it.
const KC: usize = 128;
/// Below this many multiply-adds the product stays on one thread.
const PAR_MIN_MNK: usize = 1 << 18;

/// `out = alpha * (a @ b) (+ out if accumulate)`; see [`super::Gemm::gemm_kernel`] for
/// what the caller guarantees.
pub(super) fn gemm<T: Gemm>(
    a: ArrayView2<'_, T>,
    b: ArrayView2<'_, T>,
    mut out: ArrayViewMut2<'_, T>,
    alpha: T,
    accumulate: bool,
    threads: usize,
) {
    let (m, k) = a.dim();
    let n = b.ncols();
    let b = b.as_standard_layout();
    let copied;
    let b_rows: &[T] = match b.as_slice() {
        Some(s) => s,
        None => {
            copied = b.iter().copied().collect::<Vec<T>>();
            &copied
        }
    };
    let tasks = if m.saturating_mul(n).saturating_mul(k) < PAR_MIN_MNK {
        1
    } else {
        super::task_count(threads).min(m)
    };
    if tasks <= 1 {
        band(a, b_rows, n, out, alpha, accumulate);
        return;
    }
    let rows = m.div_ceil(tasks);
    let parts: Vec<_> = out
        .axis_chunks_iter_mut(Axis(0), rows)
        .enumerate()
        .map(|(c, v)| (c * rows, v))
        .collect();
    parts.into_par_iter().for_each(|(r0, part)| {
        let a_part = a.slice(s![r0..r0 + part.nrows(), ..]);
        band(a_part, b_rows, n, part, alpha, accumulate);
    });
}

/// The product for one band of rows: `a` is `m×k`, `b` is `k×n` in C order, `out` is `m×n`.
fn band<T: Gemm>(
    a: ArrayView2<'_, T>,
    b: &[T],
    n: usize,
    mut out: ArrayViewMut2<'_, T>,
    alpha: T,
    accumulate: bool,
) {
    let (m, k) = a.dim();
    let mut acc = vec![T::ZERO; MB * NC.min(n)];
    for j0 in (0..n).step_by(NC) {
        let nb = NC.min(n - j0);
        for i0 in (0..m).step_by(MB) {
            let mb = MB.min(m - i0);
            let acc = &mut acc[..mb * nb];
            acc.fill(T::ZERO);
            for p0 in (0..k).step_by(KC) {
                let kb = KC.min(k - p0);
                for (ii, acc_row) in acc.chunks_exact_mut(nb).enumerate() {
                    let a_row = a.row(i0 + ii);
                    for p in p0..p0 + kb {
                        let aip = a_row[p];
                        let start = p * n + j0;
                        let b_row = &b[start..start + nb];
                        for (c, &bv) in acc_row.iter_mut().zip(b_row) {
                            *c = c.add(aip.mul(bv));
                        }
                    }
                }
            }
            for (ii, acc_row) in acc.chunks_exact(nb).enumerate() {
                let mut out_row = out.slice_mut(s![i0 + ii, j0..j0 + nb]);
                for (o, &v) in out_row.iter_mut().zip(acc_row) {
                    let v = alpha.mul(v);
                    *o = if accumulate { o.add(v) } else { v };
                }
            }
        }
    }
}
