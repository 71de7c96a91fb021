//! Indexing (NumPy basic indexing plus one gather) and indexed assignment. Every index is
//! validated against the actual shape before any ndarray call that could panic.

use super::{broadcast, check_count, internal, PAR_MIN, R};
use crate::Error;
use ndarray::{ArrayBase, ArrayD, ArrayViewD, ArrayViewMutD, Axis, IxDyn, RawData, Slice};
use rayon::prelude::*;

/// One entry of an index list, with its run-time values.
#[derive(Debug, Clone)]
pub enum Idx<'a> {
    At(i64),
    Slice {
        start: Option<i64>,
        stop: Option<i64>,
        step: i64,
    },
    NewAxis,
    Gather(ArrayViewD<'a, i64>),
}

impl<'a> Idx<'a> {
    /// `:`, the whole axis.
    pub const ALL: Idx<'a> = Idx::Slice {
        start: None,
        stop: None,
        step: 1,
    };
}

enum NIdx {
    At(usize),
    Slice {
        start: usize,
        stop: usize,
        step: usize,
    },
    NewAxis,
    Gather(Vec<usize>, Vec<usize>),
}

fn slice_str(start: Option<i64>, stop: Option<i64>, step: i64) -> String {
    let b = |x: Option<i64>| x.map_or(String::new(), |v| v.to_string());
    if step == 1 {
        format!("{}:{}", b(start), b(stop))
    } else {
        format!("{}:{}:{step}", b(start), b(stop))
    }
}

/// Normalizes one index against an axis of `size` (negative counts from the end).
#[inline]
pub fn norm_index(i: i64, axis: usize, size: usize) -> R<usize> {
    let n = size as i64;
    let j = if i < 0 { i.wrapping_add(n) } else { i };
    if j < 0 || j >= n {
        return Err(out_of_range(i, axis, size));
    }
    Ok(j as usize)
}

#[cold]
fn out_of_range(index: i64, axis: usize, size: usize) -> Error {
    Error::IndexOutOfRange { index, axis, size }
}

/// The memory offset (in elements, from `as_ptr`) of the element at `idx` (one index per
/// axis, negative counting from the end) of an array of `shape` and `strides`, after
/// checking every index against its axis.
#[inline]
fn element_offset(shape: &[usize], strides: &[isize], idx: &[i64]) -> R<isize> {
    if idx.len() != shape.len() {
        return Err(internal("element index of the wrong rank"));
    }
    let mut off = 0isize;
    for (k, ((&i, &size), &st)) in idx.iter().zip(shape).zip(strides).enumerate() {
        off += norm_index(i, k, size)? as isize * st;
    }
    Ok(off)
}

/// The indices of a gather along an axis of `size`, normalized (negative from the end)
/// and checked, in order: the first one out of range is the error. A contiguous index
/// array is done in parallel into huge-page memory (a gather of 2^24 indices spent more
/// time here, single-threaded and page-faulting, than gathering).
fn norm_indices(idx: &ArrayViewD<'_, i64>, axis: usize, size: usize) -> R<Vec<usize>> {
    let Some(src) = idx.as_slice() else {
        return idx.iter().map(|&i| norm_index(i, axis, size)).collect();
    };
    let n = src.len();
    let mut out: Vec<usize> = super::fresh(n);
    let spare = &mut out.spare_capacity_mut()[..n];
    super::advise_huge(spare);
    const PER: usize = 1 << 16;
    // Writes a chunk; the first index out of range stops it and is returned.
    let fill = |(o, s): (&mut [std::mem::MaybeUninit<usize>], &[i64])| -> Option<i64> {
        for (d, &i) in o.iter_mut().zip(s) {
            let j = if i < 0 {
                i.wrapping_add(size as i64)
            } else {
                i
            };
            if j < 0 || j >= size as i64 {
                return Some(i);
            }
            d.write(j as usize);
        }
        None
    };
    let bad = if n >= PAR_MIN {
        let firsts: Vec<Option<i64>> = spare
            .par_chunks_mut(PER)
            .zip(src.par_chunks(PER))
            .map(fill)
            .collect();
        firsts.into_iter().flatten().next()
    } else {
        spare.chunks_mut(PER).zip(src.chunks(PER)).find_map(fill)
    };
    if let Some(i) = bad {
        return Err(out_of_range(i, axis, size));
    }
    // SAFETY: no chunk stopped early (no index was out of range), and the chunks cover
    // `spare[..n]`, so every element was written.
    unsafe { out.set_len(n) };
    Ok(out)
}

fn normalize(items: &[Idx<'_>], shape: &[usize]) -> R<Vec<NIdx>> {
    let consumed = items.iter().filter(|i| !matches!(i, Idx::NewAxis)).count();
    if consumed != shape.len() {
        return Err(internal(format!(
            "{consumed} index entries for an array of rank {}",
            shape.len()
        )));
    }
    let mut out = Vec::with_capacity(items.len());
    let mut ax = 0;
    let mut gathers = 0;
    for item in items {
        match item {
            Idx::NewAxis => out.push(NIdx::NewAxis),
            Idx::At(i) => {
                out.push(NIdx::At(norm_index(*i, ax, shape[ax])?));
                ax += 1;
            }
            Idx::Slice { start, stop, step } => {
                let size = shape[ax];
                let n = size as i64;
                let fix = |x: i64| if x < 0 { x.wrapping_add(n) } else { x };
                let s = start.map_or(0, fix);
                let e = stop.map_or(n, fix);
                if *step <= 0 || s < 0 || s > e || e > n {
                    return Err(Error::InvalidSlice {
                        slice: slice_str(*start, *stop, *step),
                        axis: ax,
                        size,
                    });
                }
                out.push(NIdx::Slice {
                    start: s as usize,
                    stop: e as usize,
                    step: *step as usize,
                });
                ax += 1;
            }
            Idx::Gather(idx) => {
                gathers += 1;
                if gathers > 1 {
                    return Err(internal("more than one index array"));
                }
                let norm = norm_indices(idx, ax, shape[ax])?;
                out.push(NIdx::Gather(norm, idx.shape().to_vec()));
                ax += 1;
            }
        }
    }
    Ok(out)
}

fn apply_basic<S: RawData>(
    mut a: ArrayBase<S, IxDyn>,
    items: &[NIdx],
) -> (ArrayBase<S, IxDyn>, Option<usize>) {
    let mut ax = 0;
    let mut gather = None;
    for item in items {
        match item {
            NIdx::At(i) => a = a.index_axis_move(Axis(ax), *i),
            NIdx::Slice { start, stop, step } => {
                a.slice_axis_inplace(
                    Axis(ax),
                    Slice::new(*start as isize, Some(*stop as isize), *step as isize),
                );
                ax += 1;
            }
            NIdx::NewAxis => {
                a = a.insert_axis(Axis(ax));
                ax += 1;
            }
            NIdx::Gather(..) => {
                gather = Some(ax);
                ax += 1;
            }
        }
    }
    (a, gather)
}

fn gather_of(items: &[NIdx]) -> Option<(&[usize], &[usize])> {
    items.iter().find_map(|i| match i {
        NIdx::Gather(idx, shape) => Some((idx.as_slice(), shape.as_slice())),
        _ => None,
    })
}

/// Basic indexing (scalar indices, slices, newaxis) as a view: no copy.
pub fn index_view<'a, T>(a: ArrayViewD<'a, T>, items: &[Idx<'_>]) -> R<ArrayViewD<'a, T>> {
    let n = normalize(items, a.shape())?;
    if gather_of(&n).is_some() {
        return Err(internal("a gather in a view index"));
    }
    Ok(apply_basic(a, &n).0)
}

/// One element (`x[i, j]` with every axis indexed).
///
/// Takes any array of dynamic rank (an owned local or a view): generated code calls it
/// in scalar loops (`a[i - 1, j] + ...`), so it neither builds a view nor allocates.
#[inline]
pub fn get<T: Copy, S: ndarray::Data<Elem = T>>(a: &ArrayBase<S, IxDyn>, idx: &[i64]) -> R<T> {
    let off = element_offset(a.shape(), a.strides(), idx)?;
    // SAFETY: `element_offset` checked every index against its axis, so `off` is the
    // offset of an element of `a`, which is initialized and borrowed for this call.
    Ok(unsafe { *a.as_ptr().offset(off) })
}

/// Indexing with one index array (gather), a new array.
pub fn gather<T: Copy + Default + Send + Sync + 'static>(
    a: ArrayViewD<'_, T>,
    items: &[Idx<'_>],
) -> R<ArrayD<T>> {
    let n = normalize(items, a.shape())?;
    let (sub, g) = apply_basic(a, &n);
    match (g, gather_of(&n)) {
        (Some(g), Some((idx, ishape))) => {
            let mut shape = sub.shape()[..g].to_vec();
            shape.extend_from_slice(ishape);
            shape.extend_from_slice(&sub.shape()[g + 1..]);
            check_count::<T>(&shape, "gather")?;
            if shape.contains(&0) {
                return Ok(ArrayD::from_elem(IxDyn(&shape), T::default()));
            }
            if let (0, Some(src)) = (g, sub.as_slice()) {
                return gather_rows(src, idx, &shape);
            }
            let mut sel = sub.select(Axis(g), idx);
            if !sel.is_standard_layout() {
                // (`select` along a later axis gives another memory order.)
                sel = super::copy(sel.view())?;
            }
            sel.into_shape_with_order(IxDyn(&shape)).map_err(internal)
        }
        _ => Ok(sub.to_owned()),
    }
}

/// `src[idx]` along the first axis of a C-contiguous array whose rows are `src`'s
/// chunks of `shape`'s trailing size: whole rows copied, in parallel for large results.
/// Every index is already checked (`< rows`), and `shape` has no zero size.
fn gather_rows<T: Copy + Send + Sync + 'static>(
    src: &[T],
    idx: &[usize],
    shape: &[usize],
) -> R<ArrayD<T>> {
    let n: usize = shape.iter().product();
    let row = n / idx.len();
    // About 16K elements per task.
    let per = (16384 / row).max(1);
    let mut out: Vec<T> = super::fresh(n);
    let spare = &mut out.spare_capacity_mut()[..n];
    super::advise_huge(spare);
    let run = |c: usize, o: &mut [std::mem::MaybeUninit<T>]| {
        if row == 1 {
            for (d, &i) in o.iter_mut().zip(&idx[c * per..]) {
                d.write(src[i]);
            }
            return;
        }
        for (k, o) in o.chunks_mut(row).enumerate() {
            let i = idx[c * per + k];
            for (d, s) in o.iter_mut().zip(&src[i * row..(i + 1) * row]) {
                d.write(*s);
            }
        }
    };
    if n >= PAR_MIN {
        spare
            .par_chunks_mut(per * row)
            .enumerate()
            .for_each(|(c, o)| run(c, o));
    } else {
        for (c, o) in spare.chunks_mut(per * row).enumerate() {
            run(c, o);
        }
    }
    // SAFETY: the chunks partition `spare[..n]` into rows (`n` is `idx.len()` rows of
    // `row` elements), and every row of every chunk was written above.
    unsafe { out.set_len(n) };
    ArrayD::from_shape_vec(IxDyn(shape), out).map_err(internal)
}

fn region_mismatch(value: &[usize], region: &[usize]) -> Error {
    Error::ShapeMismatch(format!(
        "cannot assign a value of shape {} to a region of shape {}",
        Error::shape_str(value),
        Error::shape_str(region)
    ))
}

/// `x[items] = value`: the value (already evaluated completely) broadcast to the
/// selected region and written.
pub fn assign<T: Copy>(arr: &mut ArrayD<T>, items: &[Idx<'_>], value: ArrayViewD<'_, T>) -> R<()> {
    let n = normalize(items, arr.shape())?;
    let vshape = value.shape().to_vec();
    let mut v = value;
    let (mut region, g): (ArrayViewMutD<'_, T>, _) = apply_basic(arr.view_mut(), &n);
    let target: Vec<usize> = match (g, gather_of(&n)) {
        (Some(g), Some((_, ishape))) => {
            let mut s = region.shape()[..g].to_vec();
            s.extend_from_slice(ishape);
            s.extend_from_slice(&region.shape()[g + 1..]);
            s
        }
        _ => region.shape().to_vec(),
    };
    while v.ndim() > target.len() {
        if v.shape()[0] != 1 {
            return Err(region_mismatch(&vshape, &target));
        }
        v = v.index_axis_move(Axis(0), 0);
    }
    let vb = broadcast(&v, &target).map_err(|_| region_mismatch(&vshape, &target))?;
    match (g, gather_of(&n)) {
        (Some(g), Some((idx, _))) => {
            let mut flat_shape = region.shape().to_vec();
            flat_shape[g] = idx.len();
            let data: Vec<T> = vb.iter().copied().collect();
            let flat = ArrayD::from_shape_vec(IxDyn(&flat_shape), data).map_err(internal)?;
            for (k, &i) in idx.iter().enumerate() {
                region
                    .index_axis_mut(Axis(g), i)
                    .assign(&flat.index_axis(Axis(g), k));
            }
        }
        _ => region.assign(&vb),
    }
    Ok(())
}

/// `x[i, j] = v` with every axis indexed by a scalar.
#[inline]
pub fn set<T>(arr: &mut ArrayD<T>, idx: &[i64], value: T) -> R<()> {
    let off = element_offset(arr.shape(), arr.strides(), idx)?;
    // SAFETY: `element_offset` checked every index against its axis, so `off` is the
    // offset of an element of `arr`, which we borrow mutably (an owned array: its
    // elements do not alias one another).
    unsafe { *arr.as_mut_ptr().offset(off) = value };
    Ok(())
}

/// The region `arr[items]` of basic indexing (no gather) as a mutable view, for an
/// assignment computed in place; index errors are `assign`'s.
pub fn region_mut<'a, T>(arr: &'a mut ArrayD<T>, items: &[Idx<'_>]) -> R<ArrayViewMutD<'a, T>> {
    let n = normalize(items, arr.shape())?;
    if gather_of(&n).is_some() {
        return Err(internal("an in-place assignment through a gather"));
    }
    let (region, _) = apply_basic(arr.view_mut(), &n);
    Ok(region)
}

/// Which rows (axis 0) of an array a region `a[items]` covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RowSel {
    /// Axis 0 of the region is axis 0 of the array from this row on (a slice of step 1).
    From(usize),
    /// The region lies in this one row (a scalar index on axis 0).
    In(usize),
    /// Anything else.
    Other,
}

/// [`region_mut`] of a mutable view, and the rows of the array it covers.
pub(crate) fn region_view<'a, T>(
    a: ArrayViewMutD<'a, T>,
    items: &[Idx<'_>],
) -> R<(ArrayViewMutD<'a, T>, RowSel)> {
    let n = normalize(items, a.shape())?;
    if gather_of(&n).is_some() {
        return Err(internal("an in-place assignment through a gather"));
    }
    let rows = match n.first() {
        Some(NIdx::Slice { start, step: 1, .. }) => RowSel::From(*start),
        Some(NIdx::At(i)) => RowSel::In(*i),
        _ => RowSel::Other,
    };
    Ok((apply_basic(a, &n).0, rows))
}

/// Checks that a value of shape `value` can be assigned to a region of shape `region`
/// (aligned from the right; leading 1s of the value dropped; each size equal or 1),
/// with `assign`'s message.
pub fn check_region(value: &[usize], region: &[usize]) -> R<()> {
    let mut v = value;
    while v.len() > region.len() {
        if v[0] != 1 {
            return Err(region_mismatch(value, region));
        }
        v = &v[1..];
    }
    let off = region.len() - v.len();
    for (k, &d) in v.iter().enumerate() {
        if d != 1 && d != region[off + k] {
            return Err(region_mismatch(value, region));
        }
    }
    Ok(())
}
