//! Run-time support for the code that `arrc build --target rust` generates.
//!
//! Generated functions keep their arrays as dynamic-rank `ndarray` arrays
//! ([`ArrayD`]/[`ArrayViewD`]) internally and call the helpers here for everything that is
//! not a fused elementwise loop: entry checks, broadcasting, indexing, reductions, array
//! builders, shape operations. Every helper checks its inputs and returns
//! [`crate::Error`] with the reference interpreter's messages; none panics on any input.
//!
//! Elementwise loops go through [`zip1`] … [`zip16`]. The shape and the operands'
//! strides (after broadcasting) are collapsed into a loop nest (`Nest`: size-1 axes
//! dropped, axes every operand walks as one merged); when every operand's inner stride
//! is 0 or 1 the loop runs over slices: operands with stride 1 as slices of their
//! memory, broadcast ones (stride 0, e.g. a `[n, 1]` operand of an `[n, m]` loop) as a
//! repeated scalar, in blocks of [`BLK`] elements whose inner loop LLVM vectorizes. The
//! output is written once, without zero-filling, in chunks of [`par_chunk`] elements (a
//! function of the length only) run in parallel when there are several. Other layouts
//! (a transposed operand, short inner extents) take ndarray's `Zip` loop, or with six or
//! more inputs (more than `Zip` takes) the blocked loop on each half's own nest, which
//! gathers strided operands and scatters into a strided destination. Each output
//! element is computed by the same scalar code on every path, so results depend neither
//! on the path nor on the thread count.
//!
//! The hot loops (zips, fused and unfused reductions) are compiled for several
//! instruction sets and picked at run time ([`isa`]), so that generated code built
//! without `-C target-cpu` still runs AVX2/AVX-512 code where the CPU has it.
//!
//! Reductions accumulate floats in `f64`, as the interpreter does. A full reduction
//! ([`reduce_zip1`] …, and the unfused [`sum_all`], [`mean_all`], [`extreme_all`],
//! [`arg_all`]) computes values a block of [`BLK`] at a time and adds each block with
//! [`Acc::push_block`] (sums in 16 partial sums combined pairwise in a fixed order, so
//! they vectorize), in chunks of [`CHUNK`] elements of the row-major order (in parallel
//! when large) combined in order. Axis reductions ([`reduce_axis_zip1`] …,
//! [`sum_axis`], [`mean_axis`], [`extreme_axis`], [`arg_axis`]) reduce each lane a block
//! at a time when the reduced axis is the last non-trivial one, in parallel over lanes;
//! otherwise they walk the reduced axis outermost and add whole rows of values to rows
//! of accumulators ([`Acc::push_cols`], which vectorizes across columns), the reduced
//! axis split into chunks fixed by the shape and merged in order. Blocks and chunks
//! depend on the shape only, so results never depend on the number of threads, and
//! differ from the interpreter's only by the rounding of the f64 partial sums (far below
//! f32 and f64 tolerances in practice); `max`/`min` (NaN-propagating), `arg*` (first
//! index), `any`/`all` and integer reductions are exact.

mod elem;
mod entry;
mod index;
pub mod isa;
pub(crate) mod mem;
mod moments;
mod ops;
mod rows;
mod sweeps;

pub use elem::{clip, nan_max, nan_min, square, Elem, Float, Num};
pub use entry::*;
pub use index::*;
pub use mem::*;
pub use moments::{moments_all, moments_axis};
pub use ops::*;
pub use rows::*;
pub use sweeps::{sweeps, Sweep, SweepStmt};

use crate::Error;
use ndarray::{ArrayD, ArrayViewD, ArrayViewMutD, Axis, Dimension, Ix1, Ix2, Ix3, IxDyn, Zip};

/// The result type of every helper.
pub type R<T> = Result<T, Error>;

/// Elementwise loops with at least this many elements run in parallel.
pub const PAR_MIN: usize = 32768;

/// An internal error: a bug in the compiler or the generated code, never the user's.
pub fn internal(msg: impl std::fmt::Display) -> Error {
    Error::Other(format!("internal error in generated code: {msg}"))
}

/// NumPy broadcasting of two shapes, with the interpreter's message.
pub fn broadcast_shape(a: &[usize], b: &[usize]) -> R<Vec<usize>> {
    let n = a.len().max(b.len());
    let mut out = vec![0; n];
    for (i, o) in out.iter_mut().enumerate() {
        let da = if i < n - a.len() {
            1
        } else {
            a[i - (n - a.len())]
        };
        let db = if i < n - b.len() {
            1
        } else {
            b[i - (n - b.len())]
        };
        *o = if da == db || db == 1 {
            da
        } else if da == 1 {
            db
        } else {
            return Err(Error::ShapeMismatch(format!(
                "cannot broadcast shapes {} and {}",
                Error::shape_str(a),
                Error::shape_str(b)
            )));
        };
    }
    Ok(out)
}

/// A view broadcast to `shape`.
pub fn broadcast<'a, T>(a: &'a ArrayViewD<'_, T>, shape: &[usize]) -> R<ArrayViewD<'a, T>> {
    a.broadcast(IxDyn(shape)).ok_or_else(|| {
        Error::ShapeMismatch(format!(
            "cannot broadcast shape {} to {}",
            Error::shape_str(a.shape()),
            Error::shape_str(shape)
        ))
    })
}

/// Checks that an array of `shape` with elements of `T` can be allocated; returns its
/// element count.
pub fn check_count<T>(shape: &[usize], what: &str) -> R<usize> {
    let too_big = || Error::InvalidSize {
        value: i64::MAX,
        what: format!(
            "{what}: shape {} has too many elements",
            Error::shape_str(shape)
        ),
    };
    let mut n: usize = 1;
    for &d in shape {
        n = n.checked_mul(d).ok_or_else(too_big)?;
    }
    let bytes = n
        .checked_mul(std::mem::size_of::<T>().max(1))
        .ok_or_else(too_big)?;
    if bytes > isize::MAX as usize {
        return Err(too_big());
    }
    if bytes > 1 << 26 {
        let mut probe: Vec<u8> = Vec::new();
        if probe.try_reserve_exact(bytes).is_err() {
            return Err(Error::OutOfMemory {
                bytes,
                what: format!("{what} of shape {}", Error::shape_str(shape)),
            });
        }
    }
    Ok(n)
}

/// A new array of `shape` filled with `x` (allocation checked, `what` naming it in the
/// error): written by the parallel loop of [`zip1`], into memory advised for huge pages.
pub fn alloc<T: Copy + Default + Send + Sync + 'static>(
    shape: &[usize],
    x: T,
    what: &str,
) -> R<ArrayD<T>> {
    check_count::<T>(shape, what)?;
    let v = ArrayD::from_elem(IxDyn(&[]), x);
    zip1(shape, &v.view(), |x| x)
}

/// An owned copy of `a` (in C order): `let mut b = a` of a parameter or of an array that
/// is read again. A parallel copy (into memory advised for huge pages when `a` is C-ordered);
/// ndarray's `to_owned` copies on one thread into fresh 4 KiB pages.
pub fn copy<T: Copy + Default + Send + Sync + 'static>(a: ArrayViewD<'_, T>) -> R<ArrayD<T>> {
    if inner_axis_perm(a.shape(), &[a.strides()]).is_none() {
        // The blocked loop (C-ordered contiguous rows, slices, reversed rows, ...): its
        // result is in C order unless it keeps a transposed operand's order.
        return zip1(a.shape(), &a, |x| x);
    }
    check_count::<T>(a.shape(), "a copy")?;
    let mut out = mem::advised(ArrayD::from_elem(IxDyn(a.shape()), T::default()));
    par1(out.view_mut(), a, &|x| x);
    Ok(out)
}

/// A dynamic-rank view of a fixed-rank one.
pub fn dyn_view<'a, T, D: Dimension>(a: ndarray::ArrayView<'a, T, D>) -> ArrayViewD<'a, T> {
    a.into_dyn()
}

/// A fixed-rank view of a dynamic-rank one (for calls of generated functions).
pub fn fix_view<'a, T, D: Dimension>(a: ArrayViewD<'a, T>) -> R<ndarray::ArrayView<'a, T, D>> {
    a.into_dimensionality::<D>().map_err(internal)
}

/// A fixed-rank array of a dynamic-rank one (results of generated functions).
pub fn fix<T, D: Dimension>(a: ArrayD<T>) -> R<ndarray::Array<T, D>> {
    a.into_dimensionality::<D>().map_err(internal)
}

/// The `f_into` epilogue of a result that was not computed in place (see
/// [`into_zip1`], [`rows_run_into`]): checks `out`'s shape and writes `r` into it (split
/// over the cores when large, whatever `out`'s layout).
pub fn write_into<T: Copy + Send + Sync, D: Dimension>(
    r: &ndarray::Array<T, D>,
    out: ndarray::ArrayViewMut<'_, T, D>,
) -> R<()> {
    check_out(out.shape(), r.shape())?;
    par1(out.into_dyn(), r.view().into_dyn(), &|x| x);
    Ok(())
}

/// An `f_into` output must have exactly the result's shape.
pub fn check_out(out: &[usize], result: &[usize]) -> R<()> {
    if out != result {
        return Err(Error::ShapeMismatch(format!(
            "output has shape {}, but the result has shape {}",
            Error::shape_str(out),
            Error::shape_str(result)
        )));
    }
    Ok(())
}

/// The first element of a 0-d array (a reduction or element read), or the default.
pub fn scalar_of<T: Copy + Default>(a: &ArrayD<T>) -> T {
    a.first().copied().unwrap_or_default()
}

fn split_len(shape: &[usize]) -> Option<(usize, usize)> {
    // The longest axis, when it can be halved.
    let (ax, &len) = shape.iter().enumerate().max_by_key(|(_, &d)| d)?;
    (len >= 2).then_some((ax, len / 2))
}

// ---------------------------------------------------------------------------------------
// Strided loops over collapsed layouts: the fast paths of `zipN` and the reductions.

/// Elements per block of the loops' scratch buffers (broadcast scalars, gathered strided
/// lanes, computed values of a reduction).
pub const BLK: usize = 1024;

/// Elements per parallel chunk of an elementwise loop of `n` elements: a function of `n`
/// only (a multiple of [`BLK`]), at least 32K elements so that rayon's cost is amortized.
pub fn par_chunk(n: usize) -> usize {
    (n / 256).clamp(1 << 15, 1 << 18).next_multiple_of(BLK)
}

/// A loop nest collapsed from a shape and the strides of its operands: axes of size 1
/// are dropped and adjacent axes that every operand walks as one are merged. `dims` is
/// never empty; its last entry is the inner extent.
pub(crate) struct Nest {
    pub(crate) dims: Vec<usize>,
    /// Per operand, its stride along each of `dims`.
    pub(crate) strides: Vec<Vec<isize>>,
}

impl Nest {
    /// Collapses `shape` for operands with the given strides (in elements). With
    /// `keep_last`, the last axis of `shape` stays the inner extent, unmerged (a reduced
    /// lane).
    pub(crate) fn new(shape: &[usize], strides: &[&[isize]], keep_last: bool) -> Nest {
        let nd = shape.len();
        let mut dims: Vec<usize> = Vec::with_capacity(nd);
        let mut st: Vec<Vec<isize>> = vec![Vec::with_capacity(nd); strides.len()];
        for k in 0..nd {
            let last_axis = keep_last && k + 1 == nd;
            if shape[k] == 1 && !last_axis {
                continue;
            }
            if let Some(d) = dims.last_mut() {
                let merge = !last_axis
                    && st
                        .iter()
                        .zip(strides)
                        .all(|(s, t)| s.last() == Some(&(t[k] * shape[k] as isize)));
                if merge {
                    *d *= shape[k];
                    for (s, t) in st.iter_mut().zip(strides) {
                        if let Some(x) = s.last_mut() {
                            *x = t[k];
                        }
                    }
                    continue;
                }
            }
            dims.push(shape[k]);
            for (s, t) in st.iter_mut().zip(strides) {
                s.push(t[k]);
            }
        }
        if dims.is_empty() {
            dims.push(1);
            for s in st.iter_mut() {
                s.push(0);
            }
        }
        Nest { dims, strides: st }
    }

    /// The inner extent.
    pub(crate) fn inner(&self) -> usize {
        self.dims[self.dims.len() - 1]
    }

    /// Whether every operand's inner stride is 0, 1 or -1: segments that
    /// [`Src::seg_at`] reads as a slice, a repeated value or a reversed run (`flip`),
    /// never one scalar load per element.
    pub(crate) fn unit_inner(&self) -> bool {
        self.strides
            .iter()
            .all(|s| matches!(s[s.len() - 1], -1..=1))
    }

    /// Whether the blocked, dispatched loops (`ZipKn`, `UpdKn`) take this nest: unit
    /// inner strides ([`Self::unit_inner`]) and rows long enough for blocks to pay (or a
    /// single axis).
    pub(crate) fn blocked(&self) -> bool {
        self.unit_inner() && (self.dims.len() == 1 || self.inner() >= 32)
    }
}

/// Walks the flat range `e0 .. e0 + len` of `dims` (row-major) as segments within one
/// inner row: each [`Walk::next`] gives `(pos, i0, l)`, the `l` elements starting at flat
/// position `e0 + pos`, which are inner positions `i0 .. i0 + l` of the row whose outer
/// index is [`Walk::idx`]. (An iterator rather than a function taking a closure, so
/// that the loop body is compiled inside the caller's `#[target_feature]` function.)
pub(crate) struct Walk<'d> {
    dims: &'d [usize],
    idx: Vec<usize>,
    i0: usize,
    pos: usize,
    len: usize,
    started: bool,
}

impl<'d> Walk<'d> {
    #[inline(always)]
    pub(crate) fn new(dims: &'d [usize], e0: usize, len: usize) -> Self {
        let k = dims.len() - 1;
        let inner = dims[k];
        let mut idx = vec![0usize; k];
        let mut i0 = 0;
        if let Some(mut r) = e0.checked_div(inner) {
            for d in (0..k).rev() {
                idx[d] = r % dims[d];
                r /= dims[d];
            }
            i0 = e0 % inner;
        }
        Walk {
            dims,
            idx,
            i0,
            pos: 0,
            len: if inner == 0 { 0 } else { len },
            started: false,
        }
    }

    /// The next segment `(pos, i0, l)`.
    #[inline(always)]
    pub(crate) fn next(&mut self) -> Option<(usize, usize, usize)> {
        let k = self.dims.len() - 1;
        if self.started {
            self.i0 = 0;
            for d in (0..k).rev() {
                self.idx[d] += 1;
                if self.idx[d] < self.dims[d] {
                    break;
                }
                self.idx[d] = 0;
            }
        }
        self.started = true;
        if self.pos >= self.len {
            return None;
        }
        let l = (self.dims[k] - self.i0).min(self.len - self.pos);
        let pos = self.pos;
        self.pos += l;
        Some((pos, self.i0, l))
    }

    /// The outer index of the current segment's row.
    #[inline(always)]
    pub(crate) fn idx(&self) -> &[usize] {
        &self.idx
    }
}

/// One operand of a collapsed loop: a view and its strides along a [`Nest`]'s dims.
pub(crate) struct Src<'v, A> {
    view: ArrayViewD<'v, A>,
    strides: Vec<isize>,
}

impl<'v, A: Copy> Src<'v, A> {
    /// `strides` are the view's strides along the dims of the nest built from them, so
    /// that for every index of the nest, the sum of index times stride is the offset of an
    /// element of `view` (possibly plus a multiple of a `lead` stride: see [`Src::seg_at`]).
    pub(crate) fn new(view: ArrayViewD<'v, A>, strides: Vec<isize>) -> Self {
        Src { view, strides }
    }

    /// The elements at inner positions `i0 .. i0 + l` of the row with outer index `idx`,
    /// offset by `base`: the view's memory when the inner stride is 1, else copied into
    /// `buf` (a broadcast scalar repeated, or a strided lane gathered).
    ///
    /// # Safety
    ///
    /// `idx` must be an outer index within the nest's dims, `i0 + l` at most its inner
    /// extent, and `base` the offset of an element of the view along axes outside the nest
    /// (0, or `i` times the stride of a leading axis of the view that the nest omits, for
    /// an `i` within that axis): then every offset read is that of an element of the
    /// view, whose data is borrowed (shared) for `'v`.
    #[inline(always)]
    pub(crate) unsafe fn seg_at<'s>(
        &'s self,
        buf: &'s mut Vec<A>,
        base: isize,
        idx: &[usize],
        i0: usize,
        l: usize,
    ) -> &'s [A] {
        let k = self.strides.len() - 1;
        debug_assert_eq!(idx.len(), k);
        let mut off: isize = base;
        for (&i, &st) in idx.iter().zip(&self.strides[..k]) {
            off += i as isize * st;
        }
        let s = self.strides[k];
        let p = self.view.as_ptr();
        if s == 1 {
            // SAFETY: by the contract, offsets `off + i0 + t` for `t < l` are those of
            // elements of the view, readable for `'v`.
            unsafe { std::slice::from_raw_parts(p.offset(off + i0 as isize), l) }
        } else {
            buf.clear();
            if s == 0 {
                // SAFETY: by the contract, `off` is the offset of an element of the view.
                let x = unsafe { *p.offset(off) };
                buf.resize(l, x);
            } else if s == -1 && l > 0 {
                // A reversed axis (`flip`): the segment is a contiguous run read backwards,
                // which copies as vectors (a permute per vector) instead of one scalar
                // load per element.
                // SAFETY: by the contract, the offsets `off - i0 - t` for `t < l` are those
                // of elements of the view; they are exactly the run of `l` elements ending
                // at `off - i0`, readable for `'v`.
                let run = unsafe {
                    std::slice::from_raw_parts(p.offset(off - i0 as isize - (l as isize - 1)), l)
                };
                buf.extend(run.iter().rev());
            } else {
                let first = off + i0 as isize * s;
                // SAFETY: by the contract, `off + (i0 + t) * s` for `t < l` is the
                // offset of an element of the view. (`extend` of a mapped range reserves
                // once: no capacity check per element.)
                buf.extend((0..l).map(|t| unsafe { *p.offset(first + t as isize * s) }));
            }
            buf
        }
    }
}

/// The general-layout body of a `zipN` loop (any strides), on fixed-rank views for
/// ranks 1 to 3 (much faster than dynamic-rank iteration), with ndarray's `Zip`, which
/// takes at most six producers (five inputs and the output).
macro_rules! seq_zip {
    ($kern:ident, $out:ident, $f:ident; $($a:ident),+) => {{
            match $out.ndim() {
                1 => {
                    if let (Ok(mut o), $(Ok($a),)+) = (
                        $out.view_mut().into_dimensionality::<Ix1>(),
                        $($a.view().into_dimensionality::<Ix1>(),)+
                    ) {
                        Zip::from(&mut o)$(.and(&$a))+.for_each(|o, $($a),+| *o = $f($(*$a),+));
                        return;
                    }
                }
                2 => {
                    if let (Ok(mut o), $(Ok($a),)+) = (
                        $out.view_mut().into_dimensionality::<Ix2>(),
                        $($a.view().into_dimensionality::<Ix2>(),)+
                    ) {
                        Zip::from(&mut o)$(.and(&$a))+.for_each(|o, $($a),+| *o = $f($(*$a),+));
                        return;
                    }
                }
                3 => {
                    if let (Ok(mut o), $(Ok($a),)+) = (
                        $out.view_mut().into_dimensionality::<Ix3>(),
                        $($a.view().into_dimensionality::<Ix3>(),)+
                    ) {
                        Zip::from(&mut o)$(.and(&$a))+.for_each(|o, $($a),+| *o = $f($(*$a),+));
                        return;
                    }
                }
                _ => {}
            }
            Zip::from(&mut $out)$(.and(&$a))+.for_each(|o, $($a),+| *o = $f($(*$a),+));
    }};
}

/// The general-layout body of a `zipN`, `assign_zipN` or `update_zipN` loop with six or
/// more inputs (ndarray's `Zip` takes at most six producers): the blocked kernel `$kern`
/// (with any further `field: value`s it needs) on the views' own loop nest, which
/// gathers strided inputs and scatters into a strided destination (a column loop of six
/// inputs ran 2.2x faster than indexing each view per element).
macro_rules! seq_blocked {
    ($kern:ident, $out:ident, $f:ident; $($a:ident),* $(; $($field:ident: $value:expr),+)?) => {{
        let n = $out.len();
        if n > 0 {
            let nest = $crate::rt::Nest::new(
                $out.shape(),
                &[$out.strides(), $($a.strides()),*],
                false,
            );
            let mut st = nest.strides.into_iter();
            let ost = st.next().unwrap_or_default();
            $(let $a = $crate::rt::Src::new($a.view(), st.next().unwrap_or_default());)*
            let dst = $crate::rt::Dst::new($out.as_mut_ptr(), ost);
            $crate::rt::isa::dispatch($kern {
                dst: &dst,
                e0: 0,
                len: n,
                dims: &nest.dims,
                $($a: &$a,)*
                f: $f,
                $($($field: $value,)+)?
            });
        }
    }};
}
pub(crate) use seq_blocked;

/// For an elementwise loop over `shape` whose operands have `strides`: `Some(perm)`
/// moving to the end an axis along which every operand has stride 0 or 1 (at least one
/// 1), when the last axis is not such an axis (the operands are stored transposed).
fn inner_axis_perm(shape: &[usize], strides: &[&[isize]]) -> Option<Vec<usize>> {
    let nd = shape.len();
    let unit = |k: usize| {
        shape[k] > 1
            && strides.iter().all(|s| matches!(s[k], 0 | 1))
            && strides.iter().any(|s| s[k] == 1)
    };
    if nd < 2 || shape[nd - 1] <= 1 || unit(nd - 1) {
        return None;
    }
    let k = (0..nd - 1).rev().find(|&k| unit(k))?;
    let mut p: Vec<usize> = (0..nd).filter(|&j| j != k).collect();
    p.push(k);
    Some(p)
}

/// Runs `run(e0, len)` for the chunks of [`par_chunk`]`(n)` elements of the flat range
/// `0..n` (a function of `n` only), in parallel when there are several.
pub(crate) fn for_chunks(n: usize, run: impl Fn(usize, usize) + Sync) {
    let chunk = par_chunk(n);
    let one = |c: usize| {
        let e0 = c * chunk;
        run(e0, chunk.min(n - e0));
    };
    if n > chunk {
        use rayon::prelude::*;
        (0..n.div_ceil(chunk)).into_par_iter().for_each(one);
    } else {
        one(0);
    }
}

/// The inverse of an axis permutation.
fn inverse(p: &[usize]) -> Vec<usize> {
    let mut inv = vec![0; p.len()];
    for (i, &k) in p.iter().enumerate() {
        inv[k] = i;
    }
    inv
}

/// Where a blocked elementwise loop writes: the first element of its destination and the
/// destination's strides along the loop nest's dims: a fresh C-order buffer (`zipN`) or
/// a region of an existing array (`assign_zipN`, `update_zipN`). With inner stride 1
/// blocks are computed straight into it ([`Dst::seg`]); otherwise into a local block,
/// then stored element by element ([`Dst::scatter`]).
pub(crate) struct Dst<O> {
    ptr: *mut O,
    strides: Vec<isize>,
    /// Whether rows with inner stride 1 are written with streaming stores (a large
    /// destination: [`mem::stream_for`]).
    stream: bool,
}

// SAFETY: a `Dst` is built from memory borrowed mutably for the whole loop (a fresh
// buffer or a region), and the loop's chunks write disjoint elements of it (see the
// kernels' `write` calls), so sharing the pointer between threads is sharing disjoint
// exclusive access.
unsafe impl<O: Send> Sync for Dst<O> {}

impl<O: Copy> Dst<O> {
    pub(crate) fn new(ptr: *mut O, strides: Vec<isize>) -> Self {
        Dst {
            ptr,
            strides,
            stream: false,
        }
    }

    /// The same destination, written with streaming stores when the loop writes
    /// `n` elements of many megabytes ([`mem::stream_for`]).
    pub(crate) fn streaming(mut self, n: usize) -> Self {
        self.stream = mem::stream_for::<O>(n.saturating_mul(std::mem::size_of::<O>()));
        self
    }

    /// A C-contiguous destination of `dims`.
    fn contiguous(ptr: *mut O, dims: &[usize]) -> Self {
        let mut strides = vec![1isize; dims.len()];
        for k in (0..dims.len().saturating_sub(1)).rev() {
            strides[k] = strides[k + 1] * dims[k + 1] as isize;
        }
        Dst::new(ptr, strides)
    }

    /// The offset of the start of the row with outer index `idx`.
    #[inline(always)]
    fn offset(&self, idx: &[usize]) -> isize {
        let k = self.strides.len() - 1;
        idx.iter()
            .zip(&self.strides[..k])
            .map(|(&i, &s)| i as isize * s)
            .sum()
    }

    /// The stride of the inner dim.
    #[inline(always)]
    pub(crate) fn inner(&self) -> isize {
        self.strides.last().copied().unwrap_or(1)
    }

    /// Stores `vals[t]` at offset `off + t * s` for every `t`.
    ///
    /// # Safety
    ///
    /// Those offsets must be elements of the destination that nothing else accesses
    /// during the call, and every element of `vals` must be initialized.
    #[inline(always)]
    pub(crate) unsafe fn scatter(&self, off: isize, s: isize, vals: &[std::mem::MaybeUninit<O>]) {
        for (t, v) in vals.iter().enumerate() {
            // SAFETY: by the contract, the offset is an element of the destination that
            // is ours to write, and `v` is initialized.
            unsafe { self.ptr.offset(off + t as isize * s).write(v.assume_init()) };
        }
    }

    /// Appends the `len` elements at offsets `off + t * s` to `buf`.
    ///
    /// # Safety
    ///
    /// Those offsets must be initialized elements of the destination that nothing writes
    /// during the call.
    #[inline(always)]
    pub(crate) unsafe fn gather(&self, buf: &mut Vec<O>, off: isize, s: isize, len: usize) {
        // SAFETY: by the contract, each offset is an initialized element we may read.
        buf.extend((0..len).map(|t| unsafe { *self.ptr.offset(off + t as isize * s) }));
    }

    /// The `len` destination elements at offsets `off .. off + len`, to be written.
    ///
    /// # Safety
    ///
    /// Those offsets must be elements of the destination, and nothing else may access
    /// them while the slice lives (no other thread, no source operand of the loop).
    #[inline(always)]
    #[allow(clippy::mut_from_ref)]
    unsafe fn seg(&self, off: isize, len: usize) -> &mut [std::mem::MaybeUninit<O>] {
        // SAFETY: by the contract the range is `len` elements of the destination,
        // exclusively ours for the slice's life; `MaybeUninit<O>` has `O`'s layout and
        // may hold anything, so a possibly uninitialized fresh buffer is fine.
        unsafe {
            std::slice::from_raw_parts_mut(
                self.ptr.offset(off).cast::<std::mem::MaybeUninit<O>>(),
                len,
            )
        }
    }
}

/// The group of elements `zipN`'s loop computes into a local array before storing them.
const FILL_W: usize = 32;

/// The shortest contiguous run of a destination row written with streaming stores
/// (when the destination is large enough, see [`mem::stream_for`]): short rows (a 3-d
/// stencil's 254 interior elements) ran slower with them, long ones faster.
const STREAM_MIN_LEN: usize = 512;

macro_rules! zip_fn {
    ($name:ident, $par:ident, $seq:ident, $kern:ident, $fill:ident, $fill_out:ident, $body:ident;
     $($a:ident: $A:ident / $ab:ident),+) => {
        /// An elementwise loop: `out[i] = f(inputs[i]...)` over inputs already broadcast to
        /// `shape`; parallel when large.
        #[allow(clippy::too_many_arguments)]
        pub fn $name<$($A: Copy + Send + Sync,)+ O: Copy + Default + Send + Sync + 'static, F>(
            shape: &[usize],
            $($a: &ArrayViewD<'_, $A>,)+
            f: F,
        ) -> R<ArrayD<O>>
        where
            F: Fn($($A),+) -> O + Sync,
        {
            let n = check_count::<O>(shape, "a broadcast result")?;
            $(let $a = broadcast($a, shape)?;)+
            if n == 0 {
                return ArrayD::from_shape_vec(IxDyn(shape), Vec::new()).map_err(internal);
            }
            // When every operand walks another axis with stride 1 (or 0) but not the
            // last one (`x.T * 2.0`), that axis goes innermost and the result keeps the
            // operands' memory order (as NumPy's), instead of a transposed traversal.
            let perm = inner_axis_perm(shape, &[$($a.strides()),+]);
            let (pshape, $($a,)+) = match &perm {
                Some(p) => (
                    p.iter().map(|&k| shape[k]).collect::<Vec<usize>>(),
                    $($a.permuted_axes(IxDyn(p)),)+
                ),
                None => (shape.to_vec(), $($a,)+),
            };
            let nest = Nest::new(&pshape, &[$($a.strides()),+], false);
            if nest.blocked() {
                let mut st = nest.strides.into_iter();
                $(let $a = Src::new($a, st.next().unwrap_or_default());)+
                let dims = &nest.dims[..];
                let mut out: Vec<O> = fresh(n);
                let spare = &mut out.spare_capacity_mut()[..n];
                advise_huge(spare);
                let dst = Dst::contiguous(spare.as_mut_ptr().cast::<O>(), dims).streaming(n);
                for_chunks(n, |e0, len| {
                    isa::dispatch($kern { dst: &dst, e0, len, dims, $($a: &$a,)+ f: &f })
                });
                // SAFETY: the chunks partition the flat range `0..n`, and each kernel
                // writes every element of its chunk (`Walk` covers it in segments, the
                // nest has `n` elements and none of its dims is 0, blocks cover each
                // segment, `$fill` writes all of each block), at the offsets of a
                // C-contiguous array of `dims` in `spare[..n]`. A panic in `f`
                // propagates before this line.
                unsafe { out.set_len(n) };
                let r = ArrayD::from_shape_vec(IxDyn(&pshape), out).map_err(internal)?;
                return Ok(match &perm {
                    Some(p) => r.permuted_axes(IxDyn(&inverse(p))),
                    None => r,
                });
            }
            // (The generic loop below walks the original axes.)
            $(let $a = match &perm {
                Some(p) => $a.permuted_axes(IxDyn(&inverse(p))),
                None => $a,
            };)+
            let mut out = mem::advised(ArrayD::from_elem(IxDyn(shape), O::default()));
            if n >= PAR_MIN {
                $par(out.view_mut(), $($a,)+ &f);
            } else {
                $seq(out.view_mut(), $($a,)+ &f);
            }
            Ok(out)
        }

        /// The blocked loop of `zipN` and `assign_zipN`: for the flat range `e0 .. e0 +
        /// len` of a loop nest, `f` of the inputs a block at a time, written straight
        /// into `dst`.
        pub(crate) struct $kern<'k, 'v, $($A,)+ O, F> {
            pub(crate) dst: &'k Dst<O>,
            pub(crate) e0: usize,
            pub(crate) len: usize,
            pub(crate) dims: &'k [usize],
            $(pub(crate) $a: &'k Src<'v, $A>,)+
            pub(crate) f: &'k F,
        }

        impl<$($A: Copy,)+ O: Copy, F: Fn($($A),+) -> O> isa::Kernel for $kern<'_, '_, $($A,)+ O, F> {
            type Out = ();
            #[inline(always)]
            fn run(self) {
                $(let mut $ab: Vec<$A> = Vec::new();)+
                let s = self.dst.inner();
                let mut local = [std::mem::MaybeUninit::<O>::uninit(); BLK];
                let mut w = Walk::new(self.dims, self.e0, self.len);
                while let Some((_, i0, l)) = w.next() {
                    let row = self.dst.offset(w.idx());
                    let mut done = 0;
                    while done < l {
                        let b = (l - done).min(BLK);
                        // SAFETY: `Walk` yields outer indices within `dims` and segments
                        // within the inner extent, and each `Src` was built from the
                        // nest of `dims` over its view.
                        $(let $a = unsafe { self.$a.seg_at(&mut $ab, 0, w.idx(), i0 + done, b) };)+
                        let off = row + (i0 + done) as isize * s;
                        // SAFETY (both branches): `off + t * s` for `t < b` are offsets
                        // of elements of the destination (an outer index of the nest,
                        // inner positions within its extent), written by this chunk only
                        // (the callers' chunks are disjoint flat ranges, and distinct
                        // flat positions of a nest built from the destination's strides
                        // are distinct elements). No source aliases them: a fresh buffer
                        // is nobody else's, and `assign_zipN` borrows its target mutably
                        // while its sources are shared borrows.
                        let out = if s == 1 {
                            unsafe { self.dst.seg(off, b) }
                        } else {
                            &mut local[..b]
                        };
                        if s == 1 && self.dst.stream && b >= STREAM_MIN_LEN {
                            $fill_out(out, $($a,)+ self.f, true);
                        } else {
                            $fill_out(out, $($a,)+ self.f, false);
                        }
                        if s != 1 {
                            // (`$fill_out` wrote all of `local[..b]`.)
                            unsafe { self.dst.scatter(off, s, &local[..b]) };
                        }
                        done += b;
                    }
                }
                if self.dst.stream {
                    mem::stream_fence();
                }
            }
        }

        /// `out[i] = f(inputs[i]...)` for every `i` of `out`, a buffer local to the
        /// caller (so that its stores cannot alias what `f` captures or reads).
        #[inline(always)]
        #[allow(clippy::too_many_arguments)]
        fn $fill<$($A: Copy,)+ O, F: Fn($($A),+) -> O>(
            out: &mut [std::mem::MaybeUninit<O>],
            $($a: &[$A],)+
            f: &F,
        ) {
            let n = out.len();
            $(let $a = &$a[..n];)+
            for i in 0..n {
                out[i] = std::mem::MaybeUninit::new(f($($a[i]),+));
            }
        }

        /// `out[i] = f(inputs[i]...)` for every `i` of `out`, a slice of the loop's
        /// destination; `nt`: with streaming stores (callers pass a constant).
        #[inline(always)]
        #[allow(clippy::too_many_arguments)]
        fn $fill_out<$($A: Copy,)+ O: Copy, F: Fn($($A),+) -> O>(
            out: &mut [std::mem::MaybeUninit<O>],
            $($a: &[$A],)+
            f: &F,
            nt: bool,
        ) {
            let n = out.len();
            $(let $a = &$a[..n];)+
            // Whole groups of `FILL_W` go through a local array: LLVM cannot tell `out`
            // from the inputs or from what `f` captures (all come from raw parts), and a
            // heavy `f` (`sin`, `exp`) only vectorizes into memory nothing else can see.
            // Each group is then stored with vector moves (a fixed-size copy), not a
            // `memcpy` call. The group's loop runs to `w`, which is `FILL_W` but opaque
            // to LLVM: with a constant count it unrolls the loop fully and vectorizes the
            // loop over groups instead, with gathers (`x - y` ran 5x slower).
            //
            // With `nt` (a large destination, see `mem::stream_for`) the groups are
            // stored with streaming stores, from the first element that starts a cache
            // line on (so they write whole lines); the elements before it and the tail
            // take normal stores.
            let w = std::hint::black_box(FILL_W).min(FILL_W);
            let mut i = 0;
            // `out[lo..hi]` (at most one group) through a local array. A function, not a
            // closure: a closure called from two places is not always inlined, and out
            // of line it is compiled without the caller's target features (baseline
            // SSE2 in a default build, where it computed a quarter of each 254-element
            // row of heat_3d).
            #[inline(always)]
            #[allow(clippy::too_many_arguments)]
            fn part<$($A: Copy,)+ O: Copy, F: Fn($($A),+) -> O>(
                out: &mut [std::mem::MaybeUninit<O>],
                $($a: &[$A],)+
                f: &F,
                lo: usize,
                hi: usize,
            ) {
                let mut v = [std::mem::MaybeUninit::<O>::uninit(); FILL_W];
                $(let $a = &$a[lo..hi];)+
                for t in 0..hi - lo {
                    v[t] = std::mem::MaybeUninit::new(f($($a[t]),+));
                }
                out[lo..hi].copy_from_slice(&v[..hi - lo]);
            }
            if nt {
                let head = mem::stream_head(out);
                while i < head {
                    let hi = head.min(i + FILL_W);
                    part(out, $($a,)+ f, i, hi);
                    i = hi;
                }
            }
            while i + FILL_W <= n {
                let mut v = [std::mem::MaybeUninit::<O>::uninit(); FILL_W];
                $(let $a = &$a[i..i + w];)+
                for t in 0..w {
                    v[t] = std::mem::MaybeUninit::new(f($($a[t]),+));
                }
                // (`w == FILL_W`: `black_box` returns its argument.)
                if nt {
                    // SAFETY: `out[i]` starts a cache line (`stream_head` elements were
                    // written first, then whole groups), `FILL_W` elements of 2, 4 or
                    // 8 bytes are whole lines (so a multiple of 16 bytes), and the
                    // kernel fences after its loop.
                    unsafe { mem::stream_store(&mut out[i..i + FILL_W], &v) };
                } else {
                    out[i..i + FILL_W].copy_from_slice(&v);
                }
                i += FILL_W;
            }
            if i < n {
                part(out, $($a,)+ f, i, n);
            }
        }

        /// The sequential loop, on fixed-rank views for ranks 1 to 3 (much faster than
        /// dynamic-rank iteration).
        #[allow(clippy::too_many_arguments)]
        fn $seq<$($A: Copy,)+ O: Copy, F>(
            mut out: ArrayViewMutD<'_, O>,
            $($a: ArrayViewD<'_, $A>,)+
            f: &F,
        ) where
            F: Fn($($A),+) -> O,
        {
            $body!($kern, out, f; $($a),+);
        }

        #[allow(clippy::too_many_arguments)]
        fn $par<$($A: Copy + Send + Sync,)+ O: Copy + Send + Sync, F>(
            out: ArrayViewMutD<'_, O>,
            $($a: ArrayViewD<'_, $A>,)+
            f: &F,
        ) where
            F: Fn($($A),+) -> O + Sync,
        {
            match split_len(out.shape()) {
                Some((ax, mid)) if out.len() >= PAR_MIN / 2 => {
                    let (o1, o2) = out.split_at(Axis(ax), mid);
                    $(let $a = $a.split_at(Axis(ax), mid);)+
                    rayon::join(
                        || $par(o1, $($a.0,)+ f),
                        || $par(o2, $($a.1,)+ f),
                    );
                }
                _ => $seq(out, $($a,)+ f),
            }
        }
    };
}

zip_fn!(zip1, par1, seq1, ZipK1, fill1, fill_out1, seq_zip; a: A / ab);
zip_fn!(zip2, par2, seq2, ZipK2, fill2, fill_out2, seq_zip; a: A / ab, b: B / bb);
zip_fn!(zip3, par3, seq3, ZipK3, fill3, fill_out3, seq_zip; a: A / ab, b: B / bb, c: C / cb);
zip_fn!(zip4, par4, seq4, ZipK4, fill4, fill_out4, seq_zip; a: A / ab, b: B / bb, c: C / cb, d: D / db);
zip_fn!(zip5, par5, seq5, ZipK5, fill5, fill_out5, seq_zip; a: A / ab, b: B / bb, c: C / cb, d: D / db, e: E / eb);
zip_fn!(zip6, par6, seq6, ZipK6, fill6, fill_out6, seq_blocked; a: A / ab, b: B / bb, c: C / cb, d: D / db, e: E / eb, g: G / gb);
zip_fn!(zip7, par7, seq7, ZipK7, fill7, fill_out7, seq_blocked; a: A / ab, b: B / bb, c: C / cb, d: D / db, e: E / eb, g: G / gb, h: H / hb);
zip_fn!(zip8, par8, seq8, ZipK8, fill8, fill_out8, seq_blocked; a: A / ab, b: B / bb, c: C / cb, d: D / db, e: E / eb, g: G / gb, h: H / hb, p: P / pb);
zip_fn!(zip9, par9, seq9, ZipK9, fill9, fill_out9, seq_blocked;
    a: A / ab, b: B / bb, c: C / cb, d: D / db, e: E / eb, g: G / gb, h: H / hb, p: P / pb, q: Q / qb);
zip_fn!(zip10, par10, seq10, ZipK10, fill10, fill_out10, seq_blocked;
    a: A / ab, b: B / bb, c: C / cb, d: D / db, e: E / eb, g: G / gb, h: H / hb, p: P / pb, q: Q / qb, u: U / ub);
zip_fn!(zip11, par11, seq11, ZipK11, fill11, fill_out11, seq_blocked;
    a: A / ab, b: B / bb, c: C / cb, d: D / db, e: E / eb, g: G / gb, h: H / hb, p: P / pb, q: Q / qb, u: U / ub, v: V / vb);
zip_fn!(zip12, par12, seq12, ZipK12, fill12, fill_out12, seq_blocked;
    a: A / ab, b: B / bb, c: C / cb, d: D / db, e: E / eb, g: G / gb, h: H / hb, p: P / pb, q: Q / qb, u: U / ub, v: V / vb, x: X / xb);
zip_fn!(zip13, par13, seq13, ZipK13, fill13, fill_out13, seq_blocked;
    a: A / ab, b: B / bb, c: C / cb, d: D / db, e: E / eb, g: G / gb, h: H / hb, p: P / pb, q: Q / qb, u: U / ub, v: V / vb, x: X / xb, i13: I13 / ib13);
zip_fn!(zip14, par14, seq14, ZipK14, fill14, fill_out14, seq_blocked;
    a: A / ab, b: B / bb, c: C / cb, d: D / db, e: E / eb, g: G / gb, h: H / hb, p: P / pb, q: Q / qb, u: U / ub, v: V / vb, x: X / xb, i13: I13 / ib13, i14: I14 / ib14);
zip_fn!(zip15, par15, seq15, ZipK15, fill15, fill_out15, seq_blocked;
    a: A / ab, b: B / bb, c: C / cb, d: D / db, e: E / eb, g: G / gb, h: H / hb, p: P / pb, q: Q / qb, u: U / ub, v: V / vb, x: X / xb, i13: I13 / ib13, i14: I14 / ib14, i15: I15 / ib15);
zip_fn!(zip16, par16, seq16, ZipK16, fill16, fill_out16, seq_blocked;
    a: A / ab, b: B / bb, c: C / cb, d: D / db, e: E / eb, g: G / gb, h: H / hb, p: P / pb, q: Q / qb, u: U / ub, v: V / vb, x: X / xb, i13: I13 / ib13, i14: I14 / ib14, i15: I15 / ib15, i16: I16 / ib16);

macro_rules! map_try_fn {
    ($name:ident; $($a:ident: $A:ident),+) => {
        /// A fallible scalar function applied elementwise (a ufunc call), sequentially in
        /// row-major order so that the first error is the interpreter's.
        #[allow(clippy::too_many_arguments)]
        pub fn $name<$($A: Copy,)+ O: Copy, F>(
            shape: &[usize],
            $($a: &ArrayViewD<'_, $A>,)+
            mut f: F,
        ) -> R<ArrayD<O>>
        where
            F: FnMut($($A),+) -> R<O>,
        {
            let n = check_count::<O>(shape, "a function applied elementwise")?;
            $(let $a = broadcast($a, shape)?;)+
            $(let mut $a = $a.iter();)+
            let mut out = Vec::with_capacity(n);
            for _ in 0..n {
                out.push(f($(*$a.next().ok_or_else(|| internal("map"))?),+)?);
            }
            ArrayD::from_shape_vec(IxDyn(shape), out).map_err(internal)
        }
    };
}

map_try_fn!(map_try1; a: A);
map_try_fn!(map_try2; a: A, b: B);
map_try_fn!(map_try3; a: A, b: B, c: C);
map_try_fn!(map_try4; a: A, b: B, c: C, d: D);
map_try_fn!(map_try5; a: A, b: B, c: C, d: D, e: E);
map_try_fn!(map_try6; a: A, b: B, c: C, d: D, e: E, g: G);
map_try_fn!(map_try7; a: A, b: B, c: C, d: D, e: E, g: G, h: H);
map_try_fn!(map_try8; a: A, b: B, c: C, d: D, e: E, g: G, h: H, p: P);
map_try_fn!(map_try9; a: A, b: B, c: C, d: D, e: E, g: G, h: H, p: P, q: Q);
map_try_fn!(map_try10; a: A, b: B, c: C, d: D, e: E, g: G, h: H, p: P, q: Q, u: U);
map_try_fn!(map_try11; a: A, b: B, c: C, d: D, e: E, g: G, h: H, p: P, q: Q, u: U, v: V);
map_try_fn!(map_try12; a: A, b: B, c: C, d: D, e: E, g: G, h: H, p: P, q: Q, u: U, v: V, x: X);
map_try_fn!(map_try13;
    a: A, b: B, c: C, d: D, e: E, g: G, h: H, p: P, q: Q, u: U, v: V, x: X, i13: I13);
map_try_fn!(map_try14;
    a: A, b: B, c: C, d: D, e: E, g: G, h: H, p: P, q: Q, u: U, v: V, x: X, i13: I13, i14: I14);
map_try_fn!(map_try15;
    a: A, b: B, c: C, d: D, e: E, g: G, h: H, p: P, q: Q, u: U, v: V, x: X, i13: I13, i14: I14, i15: I15);
map_try_fn!(map_try16;
    a: A, b: B, c: C, d: D, e: E, g: G, h: H, p: P, q: Q, u: U, v: V, x: X, i13: I13, i14: I14, i15: I15, i16: I16);
