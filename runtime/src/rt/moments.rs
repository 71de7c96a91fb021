//! The mean and the second central moment along an axis, in one pass over the input.
//!
//! `let mu = mean(x, axis=k); … mean((x - mu[newaxis, :]) ** 2, axis=k)` (NumPy's
//! `x.mean(axis)` and `x.var(axis)`) reads `x` twice as written: once for the mean, once
//! for the squared deviations. The planner replaces the pair by one call of
//! [`moments_axis`], which reads `x` once from memory.
//!
//! Along the last axis (lanes), each lane is small enough to stay in cache: its sum, then
//! its squared deviations from the lane's mean, the two-pass algorithm itself.
//!
//! Along another axis (columns), the lane is split into parts of at most
//! [`PART_ROWS`] rows (the parallel work items). A part is read once, in blocks of
//! [`ROWS`] rows: for each vector of columns, the block's rows are summed in registers
//! — the deviations `d` from a shift and their squares — and added to the part's
//! running sums. The shift is
//! the part's first row, so the part's M2 is `sum(d^2) - sum(d)^2 / n` with little
//! cancellation: the shift being one of the values, `sum(d^2) <= (1 + n) M2`. The parts
//! are merged in order by Chan, Golub and LeVeque's update
//!
//! ```text
//! M2 = M2_a + M2_b + d^2 * n_a * n_b / (n_a + n_b),   d = mean_b - mean_a
//! ```
//!
//! with the means as sums of `x - K`, `K` the column's first value (0 if that is not
//! finite), so that `d` is computed from small numbers: with a mean of 1e6 and a spread
//! of 1e-3, sums of `x` itself would leave `d` only 7 good digits. Everything
//! accumulates in f64, as the other reductions do; the mean is `K` plus the mean of
//! `x - K`, which may differ from `mean`'s sum divided by the count in the last bit.
//! The results differ from the two-pass program as written only by rounding: the
//! written program rounds the mean to the element type before subtracting it (and, for
//! f32, rounds each squared deviation to f32), which this does not, so it is the more
//! accurate of the two.
//!
//! Work items are fixed by the shape alone (never by the thread count) and merged in
//! order, so results do not depend on the number of threads.

use super::isa::{self, Kernel};
use super::ops::{block_sum_of, run_items};
use super::{internal, Float, R};
use ndarray::{ArrayD, ArrayViewD, Axis, IxDyn};

/// Rows per block of a column reduction: the rows read together, each a stream of its
/// own (8 measured fastest: 16 streams read memory slower, 4 add to the sums in memory
/// twice as often).
const ROWS: usize = 8;

/// Output columns per work item of a column reduction (f64 sums and M2 of 4K columns
/// are 64 KiB).
const COLS: usize = 4096;

/// Rows per part of a column reduction, at most: its M2 loses at most `log2(1 + rows)`
/// bits to cancellation (11 of f64's 53).
const PART_ROWS: usize = 2048;

/// Input elements per work item (about; items are whole blocks of rows).
const WORK: usize = 1 << 21;

/// Running column sums (of `x - shift`) and M2 of `count` rows.
struct Moments {
    count: usize,
    sum: Vec<f64>,
    m2: Vec<f64>,
}

impl Moments {
    fn new(w: usize) -> Self {
        Moments {
            count: 0,
            sum: vec![0.0; w],
            m2: vec![0.0; w],
        }
    }

    /// Adds the moments of `nb` later rows (their column sums and M2).
    #[inline(always)]
    fn merge_block(&mut self, nb: usize, bsum: &[f64], bm2: &[f64]) {
        let w = self.sum.len();
        let (bsum, bm2) = (&bsum[..w], &bm2[..w]);
        if self.count == 0 {
            self.sum.copy_from_slice(bsum);
            self.m2.copy_from_slice(bm2);
        } else {
            let (na, nbf) = (self.count as f64, nb as f64);
            let (ia, ib) = (1.0 / na, 1.0 / nbf);
            let k = na * nbf / (na + nbf);
            for j in 0..w {
                let d = bsum[j] * ib - self.sum[j] * ia;
                self.m2[j] += bm2[j] + d * d * k;
                self.sum[j] += bsum[j];
            }
        }
        self.count += nb;
    }

    fn merge(mut self, later: Moments) -> Moments {
        if later.count > 0 {
            let nb = later.count;
            self.merge_block(nb, &later.sum, &later.m2);
        }
        self
    }
}

/// The mean along `axis` of `x` and the second central moment along it: the mean of
/// the squared deviations from the mean (`second_is_mean`, the variance) or their sum.
/// `keepdims` for each result. For an empty axis the mean is NaN, and so is the
/// variance (a sum of no deviations is 0), as `mean` of no elements is.
pub fn moments_axis<T: Float + Send + Sync>(
    x: ArrayViewD<'_, T>,
    axis: usize,
    keepdims: [bool; 2],
    second_is_mean: bool,
) -> R<(ArrayD<T>, ArrayD<T>)> {
    let nd = x.ndim();
    if axis >= nd {
        return Err(internal(format!(
            "moments along axis {axis} of a rank-{nd} array"
        )));
    }
    let shape = x.shape().to_vec();
    let outer: usize = shape[..axis].iter().product();
    let lane = shape[axis];
    let inner: usize = shape[axis + 1..].iter().product();
    let cells = outer * inner;
    let (mut mean, mut m2) = (vec![0.0f64; cells], vec![0.0f64; cells]);
    if cells > 0 && lane > 0 {
        let xs = x.as_standard_layout();
        let data = xs
            .as_slice()
            .ok_or_else(|| internal("a standard-layout array without a slice"))?;
        if inner == 1 {
            lanes(data, lane, &mut mean, &mut m2);
        } else {
            columns(data, outer, lane, inner, &mut mean, &mut m2);
        }
    }
    let n = lane as f64;
    let mean: Vec<T> = mean
        .iter()
        .map(|&m| T::from_f64(if lane == 0 { f64::NAN } else { m }))
        .collect();
    let second: Vec<T> = m2
        .iter()
        .map(|&q| T::from_f64(if second_is_mean { q / n } else { q }))
        .collect();
    let mut out_shape = shape;
    out_shape.remove(axis);
    let wrap = |v: Vec<T>, keep: bool| -> R<ArrayD<T>> {
        let a = ArrayD::from_shape_vec(IxDyn(&out_shape), v).map_err(internal)?;
        Ok(if keep { a.insert_axis(Axis(axis)) } else { a })
    };
    Ok((wrap(mean, keepdims[0])?, wrap(second, keepdims[1])?))
}

/// Elements per chunk of [`moments_all`]: 256 KiB of f32, re-read from L2.
const CHUNK: usize = 1 << 16;

/// [`moments_axis`] over all elements: the mean and the mean (`second_is_mean`) or sum
/// of the squared deviations from it. Chunks of [`CHUNK`] elements in memory order, each
/// summed and then its deviations from its own mean summed while it is in cache, merged
/// in order with Chan's update; sums are of `x - K`, `K` the first element (0 if that is
/// not finite). No elements: a NaN mean and variance, a sum of 0.
pub fn moments_all<T: Float + Send + Sync>(x: ArrayViewD<'_, T>, second_is_mean: bool) -> (T, T) {
    let n = x.len();
    if n == 0 {
        let q = if second_is_mean { f64::NAN } else { 0.0 };
        return (T::from_f64(f64::NAN), T::from_f64(q));
    }
    let xs = x.as_standard_layout();
    // (A standard-layout array always has its slice; `iter` is the fallback in form only.)
    let owned: Vec<T>;
    let data = match xs.as_slice() {
        Some(d) => d,
        None => {
            owned = xs.iter().copied().collect();
            &owned
        }
    };
    let k = shift_of(data[0]);
    let parts = run_items(n.div_ceil(CHUNK), n, |c| {
        let chunk = &data[c * CHUNK..((c + 1) * CHUNK).min(n)];
        isa::dispatch(AllK {
            data: chunk,
            shift: k,
        })
    });
    let mut acc = Moments::new(1);
    for p in parts {
        acc = acc.merge(p);
    }
    let nf = n as f64;
    let q = if second_is_mean {
        acc.m2[0] / nf
    } else {
        acc.m2[0]
    };
    (T::from_f64(k + acc.sum[0] / nf), T::from_f64(q))
}

/// One chunk of [`moments_all`]: its count, the sum of `x - shift`, and its M2.
struct AllK<'a, T> {
    data: &'a [T],
    shift: f64,
}

impl<T: Float> Kernel for AllK<'_, T> {
    type Out = Moments;
    #[inline(always)]
    fn run(self) -> Moments {
        let k = self.shift;
        let s = block_sum_of(self.data, |v| v - k);
        let m = k + s / self.data.len() as f64;
        Moments {
            count: self.data.len(),
            sum: vec![s],
            m2: vec![block_sum_of(self.data, |v| (v - m) * (v - m))],
        }
    }
}

/// Reduced axis last: each lane's sum, then its squared deviations (the lane in cache).
fn lanes<T: Float + Sync>(data: &[T], lane: usize, mean: &mut [f64], m2: &mut [f64]) {
    let per = (WORK / lane).max(1);
    let cells = mean.len();
    let parts = run_items(cells.div_ceil(per), data.len(), |c| {
        let (r0, r1) = (c * per, ((c + 1) * per).min(cells));
        isa::dispatch(LaneK {
            data: &data[r0 * lane..r1 * lane],
            lane,
        })
    });
    for (c, p) in parts.into_iter().enumerate() {
        for (k, (s, q)) in p.into_iter().enumerate() {
            mean[c * per + k] = s;
            m2[c * per + k] = q;
        }
    }
}

struct LaneK<'a, T> {
    data: &'a [T],
    lane: usize,
}

impl<T: Float> Kernel for LaneK<'_, T> {
    type Out = Vec<(f64, f64)>;
    #[inline(always)]
    fn run(self) -> Vec<(f64, f64)> {
        self.data
            .chunks_exact(self.lane)
            .map(|l| {
                let mean = block_sum_of(l, |v| v) / self.lane as f64;
                (mean, block_sum_of(l, |v| (v - mean) * (v - mean)))
            })
            .collect()
    }
}

/// Reduced axis not last: for each outer index and strip of at most [`COLS`] columns,
/// the lane split into parts of whole blocks, each part's moments merged in order.
fn columns<T: Float + Sync>(
    data: &[T],
    outer: usize,
    lane: usize,
    inner: usize,
    mean: &mut [f64],
    m2: &mut [f64],
) {
    // The shifts: each column's first value, 0 where that is not finite (an infinite
    // shift would turn the column's infinities into NaN).
    let shift: Vec<f64> = (0..outer * inner)
        .map(|c| shift_of(data[(c / inner) * lane * inner + c % inner]))
        .collect();
    let width = inner.min(COLS);
    let strips = inner.div_ceil(width);
    let items = outer * strips;
    // Parts of whole blocks, about WORK elements and at most PART_ROWS rows each, but at
    // least 16 items in all when the lane is long, so medium arrays run in parallel too.
    let blocks = lane.div_ceil(ROWS);
    let per = (WORK / (width * ROWS))
        .min(PART_ROWS / ROWS)
        .min(blocks.div_ceil(16usize.div_ceil(items)))
        .max(1)
        * ROWS;
    let nparts = lane.div_ceil(per);
    let parts = run_items(items * nparts, data.len(), |c| {
        let (item, part) = (c / nparts, c % nparts);
        let (o, s) = (item / strips, item % strips);
        let j0 = s * width;
        let i0 = part * per;
        let w = width.min(inner - j0);
        isa::dispatch(ColK {
            data,
            shift: &shift[o * inner + j0..o * inner + j0 + w],
            base: o * lane * inner + j0,
            w,
            inner,
            rows: (i0, (i0 + per).min(lane)),
        })
    });
    let mut parts = parts.into_iter();
    for item in 0..items {
        let Some(mut acc) = parts.next() else { break };
        for p in parts.by_ref().take(nparts - 1) {
            acc = acc.merge(p);
        }
        let (o, s) = (item / strips, item % strips);
        let at = o * inner + s * width;
        let w = acc.sum.len();
        let n = acc.count as f64;
        for j in 0..w {
            mean[at + j] = shift[at + j] + acc.sum[j] / n;
        }
        m2[at..at + w].copy_from_slice(&acc.m2);
    }
}

/// A value as the shift that sums are taken from: itself, or 0 where it is not finite
/// (an infinite shift would turn the infinities it is subtracted from into NaN).
#[inline(always)]
fn shift_of<T: Float>(v: T) -> f64 {
    let v = v.to_f64();
    if v.is_finite() {
        v
    } else {
        0.0
    }
}

/// One part of a column reduction: rows `rows.0 .. rows.1` of the `w` columns starting
/// at `base` (row `i` of them at `base + i * inner`), their sums taken of `x - shift`.
struct ColK<'a, T> {
    data: &'a [T],
    shift: &'a [f64],
    base: usize,
    w: usize,
    inner: usize,
    rows: (usize, usize),
}

/// Columns per step of [`ColK`]: one AVX-512 vector of f64.
const LANES: usize = 8;

impl<T: Float> Kernel for ColK<'_, T> {
    type Out = Moments;
    #[inline(always)]
    fn run(self) -> Moments {
        let w = self.w;
        let (i0, i1) = self.rows;
        if i0 >= i1 {
            return Moments::new(w);
        }
        let row = |i: usize| {
            let at = self.base + i * self.inner;
            &self.data[at..at + w]
        };
        // The part's own shift: its first row (0 where that is not finite).
        let ps: Vec<f64> = row(i0).iter().map(|&v| shift_of(v)).collect();
        let ps = &ps[..w];
        // Sums of the deviations `d` from it and of their squares; at the end, the
        // part's sums of `x - shift` and its M2.
        let (mut sum, mut m2) = (vec![0.0f64; w], vec![0.0f64; w]);
        let (sd, sq) = (&mut sum[..w], &mut m2[..w]);
        let mut i = i0;
        while i < i1 {
            let nb = ROWS.min(i1 - i);
            // The block's rows (a short last block repeats its last row, unread).
            let r: [&[T]; ROWS] = std::array::from_fn(|k| row(i + k.min(nb - 1)));
            let mut j = 0;
            while j + LANES <= w {
                let (bd, bq) = if nb == ROWS {
                    // A constant trip count: the row loop unrolls.
                    block_sums::<T, LANES>(&r, ROWS, j, &ps[j..j + LANES])
                } else {
                    block_sums::<T, LANES>(&r, nb, j, &ps[j..j + LANES])
                };
                add_to(&mut sd[j..j + LANES], &bd);
                add_to(&mut sq[j..j + LANES], &bq);
                j += LANES;
            }
            while j < w {
                let (bd, bq) = block_sums::<T, 1>(&r, nb, j, &ps[j..j + 1]);
                sd[j] += bd[0];
                sq[j] += bq[0];
                j += 1;
            }
            i += nb;
        }
        // M2 = sum(d^2) - sum(d)^2 / n. As the shift is one of the values,
        // sum(d^2) = M2 + n (mean - shift)^2 <= (1 + n) M2, so the subtraction loses at
        // most log2(1 + n) bits (parts have at most a few thousand rows) of f64's 53.
        let n = (i1 - i0) as f64;
        let inv = 1.0 / n;
        let shift = &self.shift[..w];
        for j in 0..w {
            let m2 = sq[j] - sd[j] * sd[j] * inv;
            // (Not `max`, which would turn a NaN into 0.)
            sq[j] = if m2 < 0.0 { 0.0 } else { m2 };
            // The sum re-shifted from the part's shift to the column's.
            sd[j] += n * (ps[j] - shift[j]);
        }
        Moments {
            count: i1 - i0,
            sum,
            m2,
        }
    }
}

/// `acc += v`, lane by lane (one array per call, so that the adds vectorize).
#[inline(always)]
fn add_to<const L: usize>(acc: &mut [f64], v: &[f64; L]) {
    for (a, &v) in acc[..L].iter_mut().zip(v) {
        *a += v;
    }
}

/// The sums of `d` and of `d^2`, `d` the deviation from `shift` of each value in
/// columns `j .. j + L` of the first `nb` rows `r` of a block.
#[inline(always)]
fn block_sums<T: Float, const L: usize>(
    r: &[&[T]; ROWS],
    nb: usize,
    j: usize,
    shift: &[f64],
) -> ([f64; L], [f64; L]) {
    let s = &shift[..L];
    let (mut ds, mut dq) = ([[0.0f64; L]; 2], [[0.0f64; L]; 2]);
    for (k, row) in r.iter().enumerate().take(nb) {
        let row = &row[j..j + L];
        for l in 0..L {
            let d = row[l].to_f64() - s[l];
            ds[k % 2][l] += d;
            dq[k % 2][l] += d * d;
        }
    }
    (
        std::array::from_fn(|l| ds[0][l] + ds[1][l]),
        std::array::from_fn(|l| dq[0][l] + dq[1][l]),
    )
}
