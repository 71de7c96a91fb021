//! Matrix–vector products: `a @ x`, `x @ a`, and every GEMM whose `m` or `n` is 1.
//!
//! A matrix–vector product reads each matrix element once and does one multiply-add with
//! it, so it is bound by memory bandwidth: the only goal is to stream the matrix once, in
//! its own memory order, on every thread. A GEMM kernel (packing panels for register
//! tiles) only adds traffic there, so these two loops take the product instead:
//!
//! - **rows contiguous** (`a @ x` with a C-order `a`): each result is the dot product of
//!   one contiguous row with `x`, 16 independent accumulators wide;
//! - **columns contiguous** (`x @ a` with a C-order `a`, or `a.T @ x`): results are
//!   accumulated a block of rows at a time (the block's accumulators stay in L1) by adding
//!   `x[p] * a[rows, p]` for `p` in order, four columns per pass over the block.
//!
//! Other layouts (both strides above 1) return `false` and take the GEMM kernel.
//!
//! Results do not depend on the thread count: each result sums its terms in a fixed order
//! that depends only on the shapes. Where it pays (few rows and a long inner size), the
//! inner size is cut into [`K_SLICES`] fixed slices summed separately — so that every
//! thread has work, and in the column form so that each slice streams a contiguous run of
//! memory — and the slices' sums are added in order.

use super::{combine_lanes, dot_slices, task_count, Gemm};
use crate::rt::isa::{dispatch, Kernel};
use ndarray::{s, ArrayView1, ArrayView2, ArrayViewMut2, Axis};
use rayon::prelude::*;

/// Below this many multiply-adds the product stays on the calling thread.
const PAR_MIN: usize = 1 << 16;
/// Most rows per block in the column form without slices: the block's accumulators stay
/// in L1.
const AXPY_ROWS: usize = 2048;
/// The number of fixed slices a long inner size is cut into.
const K_SLICES: usize = 16;
/// The row form slices inner sizes at least this long, for at most this many rows (so
/// that a few long rows still occupy every thread).
const DOT_SPLIT_MIN_K: usize = 1 << 14;
const DOT_SPLIT_MAX_ROWS: usize = 256;
/// The column form slices inner sizes at least this long, for at most this many rows
/// (whose accumulators, one set per slice, then stay in L2).
const AXPY_SPLIT_MIN_K: usize = 256;
const AXPY_SPLIT_MAX_ROWS: usize = 1 << 15;

/// `out = alpha * (a @ b) (+ out if accumulate)` when `out` is a single row or column and
/// the matrix factor has a contiguous axis; `false` (with `out` untouched) otherwise.
/// Same contract as [`Gemm::gemm_kernel`] (checked shapes, sizes above 0).
pub(super) fn try_gemv<T: Gemm>(
    a: ArrayView2<'_, T>,
    b: ArrayView2<'_, T>,
    mut out: ArrayViewMut2<'_, T>,
    alpha: T,
    accumulate: bool,
    threads: usize,
) -> bool {
    let (m, n) = out.dim();
    // Views of one lifetime for both factors.
    let (a, b) = (a.view(), b.view());
    let (mat, x, mut y) = if n == 1 {
        (a, b.index_axis_move(Axis(1), 0), out.column_mut(0))
    } else if m == 1 {
        // `x @ b` is `b.T @ x`.
        (
            b.reversed_axes(),
            a.index_axis_move(Axis(0), 0),
            out.row_mut(0),
        )
    } else {
        return false;
    };
    let (rows, k) = mat.dim();
    let st = mat.strides();
    let form = if k <= 1 || st[1] == 1 {
        Form::Dot
    } else if rows <= 1 || st[0] == 1 {
        Form::Axpy
    } else {
        return false;
    };
    let x = x.as_standard_layout();
    let Some(xs) = x.as_slice() else {
        return false;
    };

    let tasks = if rows.saturating_mul(k) < PAR_MIN {
        1
    } else {
        task_count(threads)
    };
    let (slices, block) = match form {
        Form::Dot => {
            let slices = if rows <= DOT_SPLIT_MAX_ROWS && k >= DOT_SPLIT_MIN_K {
                K_SLICES
            } else {
                1
            };
            (slices, rows.div_ceil(tasks))
        }
        // Few enough rows for all accumulators to stay in L2: each slice streams a
        // contiguous run of the matrix's memory into its own accumulators.
        Form::Axpy if rows <= AXPY_SPLIT_MAX_ROWS && k >= AXPY_SPLIT_MIN_K => (K_SLICES, rows),
        // Otherwise blocks of rows, as many per task, each at most `AXPY_ROWS` long.
        Form::Axpy => {
            let per_task = rows.div_ceil(tasks * AXPY_ROWS);
            (1, rows.div_ceil(tasks * per_task))
        }
    };
    let block = block.max(1);
    let blocks = rows.div_ceil(block);
    let slice_len = k.div_ceil(slices);
    // Unit `u` sums rows of block `u % blocks` over inner slice `u / blocks`.
    let unit = |u: usize| -> Vec<T> {
        // (`min`: never past the end, whatever the sizes; the slice is then empty.)
        let (r0, p0) = ((u % blocks) * block, ((u / blocks) * slice_len).min(k));
        let (r1, p1) = ((r0 + block).min(rows), (p0 + slice_len).min(k));
        let part = mat.slice(s![r0..r1, p0..p1]);
        let xs = &xs[p0..p1];
        match form {
            Form::Dot => dispatch(DotRows { a: part, x: xs }),
            Form::Axpy => dispatch(AxpyCols { a: part, x: xs }),
        }
    };
    let sums = run_units(blocks * slices, tasks, unit);
    // Add the slices' sums in order, scale, and store.
    for (bi, mut ys) in y.axis_chunks_iter_mut(Axis(0), block).enumerate() {
        for (i, yv) in ys.iter_mut().enumerate() {
            let mut acc = sums[bi][i];
            for sl in 1..slices {
                acc = acc.add(sums[sl * blocks + bi][i]);
            }
            let v = alpha.mul(acc);
            *yv = if accumulate { yv.add(v) } else { v };
        }
    }
    true
}

/// `unit(u)` for `u` in `0..units`, in order: on the calling thread for one task, else
/// in at most `tasks` contiguous groups run in parallel (the results, and so the sums
/// made of them, do not depend on `tasks`).
fn run_units<O: Send>(units: usize, tasks: usize, unit: impl Fn(usize) -> O + Sync) -> Vec<O> {
    if tasks <= 1 {
        return (0..units).map(unit).collect();
    }
    let per_task = units.div_ceil(tasks).max(1);
    let groups: Vec<Vec<O>> = (0..units.div_ceil(per_task))
        .into_par_iter()
        .map(|g| {
            (g * per_task..((g + 1) * per_task).min(units))
                .map(&unit)
                .collect()
        })
        .collect();
    groups.into_iter().flatten().collect()
}

#[derive(Clone, Copy)]
enum Form {
    /// Rows contiguous: one dot product per row.
    Dot,
    /// Columns contiguous: accumulate scaled columns.
    Axpy,
}

/// One dot product per row of `a` (rows contiguous) with `x`.
struct DotRows<'a, T> {
    a: ArrayView2<'a, T>,
    x: &'a [T],
}

impl<T: Gemm> Kernel for DotRows<'_, T> {
    type Out = Vec<T>;
    #[inline(always)]
    fn run(self) -> Vec<T> {
        let rows = self.a.nrows();
        let mut out = vec![T::ZERO; rows];
        // An index loop, not an iterator chain: closures are not `inline(always)`, so a
        // `map` here would be compiled once, for the baseline instruction set.
        // Four rows at a time share the loads of `x` and keep four streams in flight;
        // each row's sum is formed exactly as `dot_slices` forms it.
        let mut i = 0;
        while i + 4 <= rows {
            let rs = [
                self.a.row(i),
                self.a.row(i + 1),
                self.a.row(i + 2),
                self.a.row(i + 3),
            ];
            if let (Some(r0), Some(r1), Some(r2), Some(r3)) = (
                rs[0].as_slice(),
                rs[1].as_slice(),
                rs[2].as_slice(),
                rs[3].as_slice(),
            ) {
                out[i..i + 4].copy_from_slice(&dot4(r0, r1, r2, r3, self.x));
                i += 4;
            } else {
                break;
            }
        }
        for (o, r) in out[i..].iter_mut().zip(i..) {
            let row = self.a.row(r);
            *o = match row.as_slice() {
                Some(r) => dot_slices(r, self.x),
                None => dot_strided(row, self.x),
            };
        }
        out
    }
}

/// `sum_p x[p] * a[:, p]` for `a` with contiguous columns, four columns per pass.
struct AxpyCols<'a, T> {
    a: ArrayView2<'a, T>,
    x: &'a [T],
}

impl<T: Gemm> Kernel for AxpyCols<'_, T> {
    type Out = Vec<T>;
    #[inline(always)]
    fn run(self) -> Vec<T> {
        let (len, k) = self.a.dim();
        let mut acc = vec![T::ZERO; len];
        let col = |p: usize| self.a.column(p);
        let mut p = 0;
        while p + 4 <= k {
            let cs = [col(p), col(p + 1), col(p + 2), col(p + 3)];
            let xs = [self.x[p], self.x[p + 1], self.x[p + 2], self.x[p + 3]];
            match (
                cs[0].as_slice(),
                cs[1].as_slice(),
                cs[2].as_slice(),
                cs[3].as_slice(),
            ) {
                (Some(c0), Some(c1), Some(c2), Some(c3)) => axpy4(&mut acc, xs, [c0, c1, c2, c3]),
                _ => {
                    for (c, &xp) in cs.iter().zip(&xs) {
                        axpy_strided(&mut acc, xp, c.view());
                    }
                }
            }
            p += 4;
        }
        while p < k {
            let c = col(p);
            match c.as_slice() {
                Some(c) => axpy1(&mut acc, self.x[p], c),
                None => axpy_strided(&mut acc, self.x[p], c),
            }
            p += 1;
        }
        acc
    }
}

/// `[dot_slices(r0, x), ..., dot_slices(r3, x)]`, bit for bit, in one pass over `x`.
#[inline(always)]
fn dot4<T: Gemm>(r0: &[T], r1: &[T], r2: &[T], r3: &[T], x: &[T]) -> [T; 4] {
    const LANES: usize = 16;
    let mut acc = [[T::ZERO; LANES]; 4];
    let xc = x.chunks_exact(LANES);
    let cs = [
        r0.chunks_exact(LANES),
        r1.chunks_exact(LANES),
        r2.chunks_exact(LANES),
        r3.chunks_exact(LANES),
    ];
    let rest = [
        cs[0].remainder(),
        cs[1].remainder(),
        cs[2].remainder(),
        cs[3].remainder(),
    ];
    let xr = xc.remainder();
    let [c0, c1, c2, c3] = cs;
    for ((((q, p0), p1), p2), p3) in xc.zip(c0).zip(c1).zip(c2).zip(c3) {
        for l in 0..LANES {
            acc[0][l] = acc[0][l].add(p0[l].mul(q[l]));
            acc[1][l] = acc[1][l].add(p1[l].mul(q[l]));
            acc[2][l] = acc[2][l].add(p2[l].mul(q[l]));
            acc[3][l] = acc[3][l].add(p3[l].mul(q[l]));
        }
    }
    let mut out = [T::ZERO; 4];
    for (r, (acc, rest)) in acc.iter_mut().zip(rest).enumerate() {
        for (l, (&p, &q)) in rest.iter().zip(xr).enumerate() {
            acc[l] = acc[l].add(p.mul(q));
        }
        out[r] = combine_lanes(*acc);
    }
    out
}

/// `acc[i] += xs[0] * cs[0][i] + ... + xs[3] * cs[3][i]`, added one term at a time in
/// that order (the order every column sum here uses), for `i` below `acc.len()`.
#[inline(always)]
fn axpy4<T: Gemm>(acc: &mut [T], xs: [T; 4], cs: [&[T]; 4]) {
    let len = acc.len();
    let (c0, c1, c2, c3) = (&cs[0][..len], &cs[1][..len], &cs[2][..len], &cs[3][..len]);
    for (i, v) in acc.iter_mut().enumerate() {
        let mut s = *v;
        s = s.add(xs[0].mul(c0[i]));
        s = s.add(xs[1].mul(c1[i]));
        s = s.add(xs[2].mul(c2[i]));
        s = s.add(xs[3].mul(c3[i]));
        *v = s;
    }
}

/// `acc[i] += xp * c[i]` for `i` below `acc.len()`.
#[inline(always)]
fn axpy1<T: Gemm>(acc: &mut [T], xp: T, c: &[T]) {
    let c = &c[..acc.len()];
    for (v, &e) in acc.iter_mut().zip(c) {
        *v = v.add(xp.mul(e));
    }
}

/// The dot product of a row that is not contiguous (never taken for the layouts
/// [`try_gemv`] accepts; kept so that no layout can make it wrong).
fn dot_strided<T: Gemm>(row: ArrayView1<'_, T>, x: &[T]) -> T {
    row.iter()
        .zip(x)
        .fold(T::ZERO, |acc, (&p, &q)| acc.add(p.mul(q)))
}

/// `acc += xp * c` for a column that is not contiguous (see [`dot_strided`]).
fn axpy_strided<T: Gemm>(acc: &mut [T], xp: T, c: ArrayView1<'_, T>) {
    for (v, &e) in acc.iter_mut().zip(c.iter()) {
        *v = v.add(xp.mul(e));
    }
}

/// `(a @ x, y @ a)` in one pass over `a`, bit for bit what [`try_gemv`] gives for each
/// product alone (so fusing the two changes no result), or `None` (nothing computed)
/// where [`try_gemv`] would take either product another way: `a`'s rows must be
/// contiguous, `a @ x` must not split its rows' inner size, and `y @ a` must sum `a`'s
/// rows in [`K_SLICES`] slices.
///
/// Each slice of `a`'s rows is read once: four rows at a time, their dot products with
/// `x` (as [`DotRows`] forms them) and then their scaled sum into the slice's
/// accumulators (as [`AxpyCols`] does, four rows per pass), while the four rows are
/// still in cache. A matrix–vector product is bound by reading the matrix, so the pair
/// takes about the time of one product (npbench's bicg and mvt).
pub(super) fn pair<T: Gemm>(
    a: ArrayView2<'_, T>,
    x: &[T],
    y: &[T],
    threads: usize,
) -> Option<(Vec<T>, Vec<T>)> {
    let (m, n) = a.dim();
    let row_form = n <= 1 || a.strides()[1] == 1;
    let dot_whole = !(m <= DOT_SPLIT_MAX_ROWS && n >= DOT_SPLIT_MIN_K);
    let axpy_sliced = n <= AXPY_SPLIT_MAX_ROWS && m >= AXPY_SPLIT_MIN_K;
    // (With one column, `y @ a` would take the dot form: `a`'s row stride may be 1.)
    if !(row_form && dot_whole && axpy_sliced) || x.len() != n || y.len() != m || n < 2 {
        return None;
    }
    let tasks = if m.saturating_mul(n) < PAR_MIN {
        1
    } else {
        task_count(threads)
    };
    let slice_len = m.div_ceil(K_SLICES);
    let unit = |u: usize| -> (Vec<T>, Vec<T>) {
        let p0 = (u * slice_len).min(m);
        let p1 = (p0 + slice_len).min(m);
        dispatch(PairRows {
            a: a.slice(s![p0..p1, ..]),
            x,
            y: &y[p0..p1],
        })
    };
    let (dots, sums): (Vec<Vec<T>>, Vec<Vec<T>>) =
        run_units(K_SLICES, tasks, unit).into_iter().unzip();
    // The dot products in row order; the slices' sums added in order, as `try_gemv`
    // adds them. (It then scales by `alpha`, here 1, which changes no value.)
    let ax = dots.concat();
    let mut sums = sums.into_iter();
    let mut ya = sums.next().unwrap_or_else(|| vec![T::ZERO; n]);
    for sl in sums {
        for (t, v) in ya.iter_mut().zip(sl) {
            *t = t.add(v);
        }
    }
    Some((ax, ya))
}

/// One slice of rows of [`pair`]: the rows' dot products with `x`, and the sum over the
/// rows `p` of `y[p] * a[p, :]`.
struct PairRows<'a, T> {
    a: ArrayView2<'a, T>,
    x: &'a [T],
    y: &'a [T],
}

impl<T: Gemm> Kernel for PairRows<'_, T> {
    type Out = (Vec<T>, Vec<T>);
    #[inline(always)]
    fn run(self) -> (Vec<T>, Vec<T>) {
        let (rows, n) = self.a.dim();
        let mut dots = Vec::with_capacity(rows);
        let mut acc = vec![T::ZERO; n];
        let row = |p: usize| self.a.row(p);
        let mut p = 0;
        while p + 4 <= rows {
            let rs = [row(p), row(p + 1), row(p + 2), row(p + 3)];
            let (Some(r0), Some(r1), Some(r2), Some(r3)) = (
                rs[0].as_slice(),
                rs[1].as_slice(),
                rs[2].as_slice(),
                rs[3].as_slice(),
            ) else {
                break;
            };
            dots.extend_from_slice(&dot4(r0, r1, r2, r3, self.x));
            let ys = [self.y[p], self.y[p + 1], self.y[p + 2], self.y[p + 3]];
            axpy4(&mut acc, ys, [r0, r1, r2, r3]);
            p += 4;
        }
        while p < rows {
            let r = row(p);
            let yp = self.y[p];
            match r.as_slice() {
                Some(r) => {
                    dots.push(dot_slices(r, self.x));
                    axpy1(&mut acc, yp, r);
                }
                None => {
                    dots.push(dot_strided(r.view(), self.x));
                    axpy_strided(&mut acc, yp, r);
                }
            }
            p += 1;
        }
        (dots, acc)
    }
}
