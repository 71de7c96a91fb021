//! Reductions, scans, array builders, linear algebra and shape operations.

#![allow(clippy::new_without_default)]

use super::{check_count, internal, isa};
use super::{Elem, Float, Nest, Num, Src, Walk, BLK, R};
use crate::Error;
use ndarray::{Array1, Array2, ArrayD, ArrayViewD, Axis, Ix2, IxDyn, Zip};
use std::mem::MaybeUninit;

pub(crate) fn empty_err(op: &str) -> Error {
    Error::Other(format!(
        "`{op}` of an empty array (the operation has no identity)"
    ))
}

/// A reduction along `axis` (`keepdims` keeps it as size 1); `f` reduces one lane.
fn reduce_axis<T, O: Clone>(
    a: ArrayViewD<'_, T>,
    axis: usize,
    keepdims: bool,
    f: impl Fn(ArrayViewD<'_, T>) -> R<O>,
) -> R<ArrayD<O>> {
    let ndim = a.ndim();
    if axis >= ndim {
        return Err(internal(format!(
            "reduction axis {axis} of a rank-{ndim} array"
        )));
    }
    let res = Zip::from(a.lanes(Axis(axis))).map_collect(|l| f(l.into_dyn()));
    let shape = res.shape().to_vec();
    let mut out = Vec::with_capacity(res.len());
    for r in res.iter() {
        out.push(r.clone()?);
    }
    let mut arr = ArrayD::from_shape_vec(IxDyn(&shape), out).map_err(internal)?;
    if keepdims {
        arr = arr.insert_axis(Axis(axis));
    }
    Ok(arr)
}

/// A full reduction kept as an array of ones (`keepdims=true` without axis).
pub fn keep_all<T: Clone>(x: T, ndim: usize) -> ArrayD<T> {
    ArrayD::from_elem(IxDyn(&vec![1; ndim]), x)
}

/// Whether `T` is a float type (its sums accumulate in f64).
#[inline(always)]
fn is_float<T: Elem>() -> bool {
    T::NAME.as_bytes().first() == Some(&b'f')
}

/// `sum(x)` (floats accumulate in f64, in the fixed order of [`reduce_zip1`]).
pub fn sum_all<T: Num>(a: ArrayViewD<'_, T>) -> T {
    let r = if is_float::<T>() {
        reduce_zip1_impl(a.shape(), &a, SumF::new(), |x| x, true)
    } else {
        reduce_zip1_impl(a.shape(), &a, SumI::new(), |x| x, true)
    };
    r.unwrap_or(T::ZERO)
}
/// `prod(x)`.
pub fn prod_all<T: Num>(a: ArrayViewD<'_, T>) -> T {
    T::prod_iter(a.iter().copied())
}
/// `mean(x)` (NaN for an empty array).
pub fn mean_all<T: Float>(a: ArrayViewD<'_, T>) -> T {
    reduce_zip1_impl(a.shape(), &a, MeanF::new(), |x| x, true).unwrap_or(T::from_f64(f64::NAN))
}
/// `max(x)`/`min(x)`: NaN-propagating; an error for an empty array.
pub fn extreme_all<T: Elem>(a: ArrayViewD<'_, T>, is_max: bool) -> R<T> {
    let op = if is_max { "max" } else { "min" };
    check_nonempty(op, a.shape(), None)?;
    if is_max {
        reduce_zip1_impl(a.shape(), &a, Max::new(), |x| x, true)
    } else {
        reduce_zip1_impl(a.shape(), &a, Min::new(), |x| x, true)
    }
}
/// `argmax(x)`/`argmin(x)` of the flattened array.
pub fn arg_all<T: Elem>(a: ArrayViewD<'_, T>, is_max: bool) -> R<i64> {
    let op = if is_max { "argmax" } else { "argmin" };
    check_nonempty(op, a.shape(), None)?;
    if is_max {
        reduce_zip1_impl(a.shape(), &a, ArgMax::new(), |x| x, true)
    } else {
        reduce_zip1_impl(a.shape(), &a, ArgMin::new(), |x| x, true)
    }
}
/// `any(x)`/`all(x)`.
pub fn any_all(a: ArrayViewD<'_, bool>, all: bool) -> bool {
    if all {
        a.iter().all(|x| *x)
    } else {
        a.iter().any(|x| *x)
    }
}

/// `sum(x, axis=k)`.
pub fn sum_axis<T: Num>(a: ArrayViewD<'_, T>, axis: usize, keepdims: bool) -> R<ArrayD<T>> {
    // Floats in f64 (one f64 per accumulator, so rows of them vectorize), integers
    // wrapping.
    if is_float::<T>() {
        reduce_axis_zip1_impl(a.shape(), axis, keepdims, &a, SumF::new(), |x| x, true)
    } else {
        reduce_axis_zip1_impl(a.shape(), axis, keepdims, &a, SumI::new(), |x| x, true)
    }
}
/// `prod(x, axis=k)`.
pub fn prod_axis<T: Num>(a: ArrayViewD<'_, T>, axis: usize, keepdims: bool) -> R<ArrayD<T>> {
    reduce_axis(a, axis, keepdims, |l| Ok(T::prod_iter(l.iter().copied())))
}
/// `mean(x, axis=k)`: the f64 sum of each lane divided by the lane's length.
pub fn mean_axis<T: Float>(a: ArrayViewD<'_, T>, axis: usize, keepdims: bool) -> R<ArrayD<T>> {
    reduce_axis_zip1_impl(a.shape(), axis, keepdims, &a, MeanF::new(), |x| x, true)
}
/// `max`/`min` along an axis.
pub fn extreme_axis<T: Elem>(
    a: ArrayViewD<'_, T>,
    axis: usize,
    keepdims: bool,
    is_max: bool,
) -> R<ArrayD<T>> {
    let op = if is_max { "max" } else { "min" };
    check_nonempty(op, a.shape(), Some(axis))?;
    if is_max {
        reduce_axis_zip1_impl(a.shape(), axis, keepdims, &a, Max::new(), |x| x, true)
    } else {
        reduce_axis_zip1_impl(a.shape(), axis, keepdims, &a, Min::new(), |x| x, true)
    }
}
/// `argmax`/`argmin` along an axis.
pub fn arg_axis<T: Elem>(
    a: ArrayViewD<'_, T>,
    axis: usize,
    keepdims: bool,
    is_max: bool,
) -> R<ArrayD<i64>> {
    let op = if is_max { "argmax" } else { "argmin" };
    check_nonempty(op, a.shape(), Some(axis))?;
    if is_max {
        reduce_axis_zip1_impl(a.shape(), axis, keepdims, &a, ArgMax::new(), |x| x, true)
    } else {
        reduce_axis_zip1_impl(a.shape(), axis, keepdims, &a, ArgMin::new(), |x| x, true)
    }
}
/// `any`/`all` along an axis.
pub fn any_axis(
    a: ArrayViewD<'_, bool>,
    axis: usize,
    keepdims: bool,
    all: bool,
) -> R<ArrayD<bool>> {
    reduce_axis(a, axis, keepdims, |l| Ok(any_all(l, all)))
}

/// `cumsum`/`cumprod` along `axis`: each lane `y[k] = y[k - 1] op x[k]` in order (as the
/// interpreter), lanes in parallel. The input is first copied to a C-order result; lanes
/// along the last axis are then contiguous runs scanned one after the other, and lanes
/// along another axis lie side by side, so each row of them is combined with the
/// previous row as one vector loop.
pub fn scan<T: Num>(a: ArrayViewD<'_, T>, axis: usize, prod: bool) -> R<ArrayD<T>> {
    let f = if prod { "cumprod" } else { "cumsum" };
    if axis >= a.ndim() {
        return Err(internal(format!(
            "`{f}` along axis {axis} of a rank-{} array",
            a.ndim()
        )));
    }
    let mut out = super::copy(a)?; // (always C order)
    if prod {
        scan_in_place(&mut out, axis, |p: T, x: T| p.mul(x));
    } else {
        scan_in_place(&mut out, axis, |p: T, x: T| p.add(x));
    }
    Ok(out)
}

/// The scan of [`scan`] on a C-order array, in place.
fn scan_in_place<T: Num, F: Fn(T, T) -> T + Sync>(out: &mut ArrayD<T>, axis: usize, op: F) {
    use rayon::prelude::*;
    let shape = out.shape().to_vec();
    let len = shape[axis];
    let n = out.len();
    let outer: usize = shape[..axis].iter().product();
    let inner: usize = shape[axis + 1..].iter().product();
    if len <= 1 || n == 0 {
        return;
    }
    let par = n >= super::PAR_MIN;
    if inner == 1 {
        let Some(data) = out.as_slice_mut() else {
            return;
        };
        let lane = |l: &mut [T]| {
            for i in 1..l.len() {
                l[i] = op(l[i - 1], l[i]);
            }
        };
        if par {
            data.par_chunks_mut(len).for_each(lane);
        } else {
            data.chunks_mut(len).for_each(lane);
        }
        return;
    }
    let Ok(mut v) = out.view_mut().into_shape_with_order((outer, len, inner)) else {
        return;
    };
    let rows = |mut v: ndarray::ArrayViewMut3<'_, T>| {
        for mut m in v.outer_iter_mut() {
            for k in 1..len {
                let (prev, mut cur) =
                    m.multi_slice_mut((ndarray::s![k - 1, ..], ndarray::s![k, ..]));
                match (prev.as_slice(), cur.as_slice_mut()) {
                    (Some(p), Some(c)) => {
                        for (c, &p) in c.iter_mut().zip(p) {
                            *c = op(p, *c);
                        }
                    }
                    _ => cur.zip_mut_with(&prev, |c, &p| *c = op(p, *c)),
                }
            }
        }
    };
    if !par {
        rows(v);
        return;
    }
    // Pieces for the threads: whole lane blocks when there are enough of them, else
    // side-by-side groups of lanes.
    let tasks = 4 * rayon::current_num_threads();
    let (ax, cut) = if outer >= tasks {
        (Axis(0), outer.div_ceil(tasks))
    } else {
        (Axis(2), inner.div_ceil(tasks).max(8))
    };
    let pieces: Vec<_> = v.axis_chunks_iter_mut(ax, cut).collect();
    pieces.into_par_iter().for_each(rows);
}

fn sizes_of(sizes: &[i64], what: &str) -> R<Vec<usize>> {
    sizes
        .iter()
        .enumerate()
        .map(|(i, &s)| {
            usize::try_from(s).map_err(|_| Error::InvalidSize {
                value: s,
                what: if sizes.len() == 1 {
                    what.to_string()
                } else {
                    format!("axis {i} of {what}")
                },
            })
        })
        .collect()
}

/// `zeros`, `ones`, `full`.
pub fn fill<T: Copy + Default + Send + Sync + 'static>(sizes: &[i64], x: T) -> R<ArrayD<T>> {
    let shape = sizes_of(sizes, "an array shape")?;
    super::alloc(&shape, x, "array")
}

/// `arange(n)`.
pub fn arange(n: i64) -> R<ArrayD<i64>> {
    let len = sizes_of(&[n], "`arange`")?[0];
    check_count::<i64>(&[len], "`arange`")?;
    Ok(Array1::from_iter(0..n).into_dyn())
}

/// `linspace(a, b, n)`, endpoint included.
pub fn linspace<T: Num>(a: T, b: T, n: i64) -> R<ArrayD<T>> {
    let len = sizes_of(&[n], "`linspace`")?[0];
    check_count::<T>(&[len], "`linspace`")?;
    let mut out: Vec<T> = Vec::with_capacity(len);
    if len == 1 {
        out.push(a);
    } else if len > 1 {
        let step = b.sub(a).div(T::from_i64(n - 1));
        for i in 0..n {
            out.push(a.add(T::from_i64(i).mul(step)));
        }
        out[len - 1] = b;
    }
    Ok(Array1::from_vec(out).into_dyn())
}

/// `eye(n, T)`.
pub fn eye<T: Elem>(n: i64) -> R<ArrayD<T>> {
    let n = sizes_of(&[n], "`eye`")?[0];
    check_count::<T>(&[n, n], "`eye`")?;
    let one = T::from_bool(true);
    Ok(Array2::from_shape_fn((n, n), |(i, j)| if i == j { one } else { T::default() }).into_dyn())
}

/// `a @ b` (and `dot(a, b)`) of two vectors, as the scalar itself: the same value as
/// [`matmul`]'s 0-d result, without building it. Vectors of at most one reduction chunk
/// (most dot products in scalar loops, `l[i, :i] @ x[:i]`) are summed here in
/// `reduce_zip2`'s blocks and accumulator, bit for bit, but without its set-up (loop
/// nest, thread split, result array), which dominated such short products.
pub fn dot<T: Num + crate::linalg::Gemm>(a: ArrayViewD<'_, T>, b: ArrayViewD<'_, T>) -> R<T> {
    if a.ndim() != 1 || b.ndim() != 1 || a.len() != b.len() || a.len() > CHUNK {
        return Ok(super::scalar_of(&matmul(a, b)?));
    }
    if is_float::<T>() {
        dot_one_chunk(&a, &b, SumF::new())
    } else {
        dot_one_chunk(&a, &b, SumI::new())
    }
}

/// The products of one chunk, `RBLK` at a time, pushed as `reduce_zip2`'s kernel pushes
/// them, then merged into an empty accumulator as its caller merges chunks.
fn dot_one_chunk<T: Num, Ac: Acc<T>>(
    x: &ArrayViewD<'_, T>,
    y: &ArrayViewD<'_, T>,
    _: Ac,
) -> R<Ac::Out> {
    let n = x.len();
    let mut acc = Ac::start();
    let mut vals = [T::default(); RBLK];
    match (x.as_slice(), y.as_slice()) {
        (Some(xs), Some(ys)) => {
            for (c, (xc, yc)) in xs.chunks(RBLK).zip(ys.chunks(RBLK)).enumerate() {
                let v = &mut vals[..xc.len()];
                for ((v, &p), &q) in v.iter_mut().zip(xc).zip(yc) {
                    *v = p.mul(q);
                }
                acc.push_block(c * RBLK, v);
            }
        }
        _ => {
            // Fixed-rank views: their iterators step a pointer, dynamic-rank ones an index.
            let (Ok(x), Ok(y)) = (
                x.view().into_dimensionality::<ndarray::Ix1>(),
                y.view().into_dimensionality::<ndarray::Ix1>(),
            ) else {
                return Err(internal("dot of non-vectors"));
            };
            let (mut xi, mut yi) = (x.iter(), y.iter());
            for start in (0..n).step_by(RBLK) {
                let v = &mut vals[..RBLK.min(n - start)];
                for (v, (&p, &q)) in v.iter_mut().zip(xi.by_ref().zip(yi.by_ref())) {
                    *v = p.mul(q);
                }
                acc.push_block(start, v);
            }
        }
    }
    Ac::start().merge(acc).finish(n)
}

/// `(a @ x, y @ a)`: two matrix–vector products over one matrix that a program computes
/// side by side (npbench's bicg `(r @ a, a @ p)`, mvt), in one pass over `a` when its
/// layout allows ([`crate::linalg::matvec_pair_slices`]), each result bit for bit what
/// [`matmul`] gives; else [`matmul`] twice, `a @ x` first when `x_first` (the program's
/// order, so that a shape error is the one it meets first).
pub fn matvec_pair<T: Num + crate::linalg::Gemm>(
    a: ArrayViewD<'_, T>,
    x: ArrayViewD<'_, T>,
    y: ArrayViewD<'_, T>,
    x_first: bool,
) -> R<(ArrayD<T>, ArrayD<T>)> {
    let fits = a.ndim() == 2
        && x.ndim() == 1
        && y.ndim() == 1
        && x.len() == a.shape()[1]
        && y.len() == a.shape()[0];
    if fits {
        let a2 = a.view().into_dimensionality::<Ix2>().map_err(internal)?;
        let (xs, ys) = (x.as_standard_layout(), y.as_standard_layout());
        if let (Some(xs), Some(ys)) = (xs.as_slice(), ys.as_slice()) {
            if let Some((ax, ya)) = crate::linalg::matvec_pair_slices(a2, xs, ys) {
                return Ok((
                    Array1::from_vec(ax).into_dyn(),
                    Array1::from_vec(ya).into_dyn(),
                ));
            }
        }
    }
    if x_first {
        let ax = matmul(a.view(), x)?;
        Ok((ax, matmul(y, a)?))
    } else {
        let ya = matmul(y, a.view())?;
        Ok((matmul(a, x)?, ya))
    }
}

/// `a @ b` for ranks (2,2), (2,1), (1,2) and (1,1) (a 0-d result), through
/// [`crate::linalg`].
pub fn matmul<T: Num + crate::linalg::Gemm>(
    a: ArrayViewD<'_, T>,
    b: ArrayViewD<'_, T>,
) -> R<ArrayD<T>> {
    let (ra, rb) = (a.ndim(), b.ndim());
    if !(1..=2).contains(&ra) || !(1..=2).contains(&rb) {
        return Err(internal(format!("matmul of ranks {ra} and {rb}")));
    }
    let k1 = a.shape()[ra - 1];
    let k2 = b.shape()[0];
    if k1 != k2 {
        return Err(Error::ShapeMismatch(format!(
            "matmul of shapes {} and {}: inner sizes {k1} and {k2} differ",
            Error::shape_str(a.shape()),
            Error::shape_str(b.shape())
        )));
    }
    if ra == 1 && rb == 1 {
        // A dot product: one fused reduction (floats summed in f64), without GEMM's
        // per-call set-up, which dominated `dot(l[i, :i], x[:i])` in a loop.
        let shape = [k1];
        let d = if is_float::<T>() {
            reduce_zip2(&shape, &a, &b, SumF::new(), |x: T, y: T| Num::mul(x, y))?
        } else {
            reduce_zip2(&shape, &a, &b, SumI::new(), |x: T, y: T| Num::mul(x, y))?
        };
        return Ok(ArrayD::from_elem(IxDyn(&[]), d));
    }
    let a2 = if ra == 1 { a.insert_axis(Axis(0)) } else { a };
    let b2 = if rb == 1 { b.insert_axis(Axis(1)) } else { b };
    let a2 = a2.into_dimensionality::<Ix2>().map_err(internal)?;
    let b2 = b2.into_dimensionality::<Ix2>().map_err(internal)?;
    let (n, m) = (a2.dim().0, b2.dim().1);
    check_count::<T>(&[n, m], "matmul")?;
    let mut r = super::mem::advised(Array2::from_elem((n, m), T::default()));
    crate::linalg::matmul(a2, b2, r.view_mut(), crate::linalg::Epilogue::overwrite())?;
    let mut r = r.into_dyn();
    if rb == 1 {
        r = r.index_axis_move(Axis(1), 0);
    }
    if ra == 1 {
        r = r.index_axis_move(Axis(0), 0);
    }
    Ok(r)
}

/// `outer(a, b)`.
pub fn outer<T: Num>(a: ArrayViewD<'_, T>, b: ArrayViewD<'_, T>) -> R<ArrayD<T>> {
    if a.ndim() != 1 || b.ndim() != 1 {
        return Err(internal("outer of non-vectors"));
    }
    let (n, m) = (a.len(), b.len());
    // `a[:, newaxis] * b[newaxis, :]`: the parallel, vectorized elementwise loop.
    let a = a.insert_axis(Axis(1));
    let b = b.insert_axis(Axis(0));
    super::zip2(&[n, m], &a, &b, |x: T, y: T| x.mul(y))
}

/// `transpose(x, perm)` as a view.
pub fn transpose<'a, T>(a: ArrayViewD<'a, T>, perm: &[usize]) -> R<ArrayViewD<'a, T>> {
    let nd = a.ndim();
    let mut seen = vec![false; nd];
    if perm.len() != nd
        || perm
            .iter()
            .any(|&p| p >= nd || std::mem::replace(&mut seen[p], true))
    {
        return Err(internal(format!(
            "transpose of a rank-{nd} array by {perm:?}"
        )));
    }
    Ok(a.permuted_axes(IxDyn(perm)))
}

/// `flip(x, axis=k)` (every axis for `None`) as a view.
pub fn flip<T>(mut a: ArrayViewD<'_, T>, axis: Option<usize>) -> R<ArrayViewD<'_, T>> {
    let nd = a.ndim();
    match axis {
        Some(k) if k >= nd => {
            return Err(internal(format!(
                "flip along axis {k} of a rank-{nd} array"
            )))
        }
        Some(k) => a.invert_axis(Axis(k)),
        None => (0..nd).for_each(|k| a.invert_axis(Axis(k))),
    }
    Ok(a)
}

/// `reshape(x, sizes)` in row-major order (a new array).
pub fn reshape<T: Copy + Default + Send + Sync + 'static>(
    a: ArrayViewD<'_, T>,
    sizes: &[i64],
) -> R<ArrayD<T>> {
    let shape = sizes_of(sizes, "`reshape`")?;
    let to_shape = || Error::shape_str(&shape);
    let count = check_count::<T>(&shape, "`reshape`").map_err(|_| Error::BadReshape {
        from: a.len(),
        to: to_shape(),
    })?;
    if count != a.len() {
        return Err(Error::BadReshape {
            from: a.len(),
            to: to_shape(),
        });
    }
    // The elements in C order (a parallel copy), then the new shape on the same buffer.
    let c = super::copy(a)?;
    c.into_shape_with_order(IxDyn(&shape)).map_err(internal)
}

/// The shape `sizes` when `a`'s elements, in C order, can take it without a copy.
fn c_reshape<T>(a: &ArrayViewD<'_, T>, sizes: &[i64]) -> R<Option<Vec<usize>>> {
    if !a.is_standard_layout() {
        return Ok(None);
    }
    let shape = sizes_of(sizes, "`reshape`")?;
    let fits = shape.iter().try_fold(1usize, |p, &d| p.checked_mul(d)) == Some(a.len());
    // (ndarray refuses some layouts it calls standard, e.g. with odd strides on axes of
    // length 1: those are copied.)
    Ok((fits && a.clone().into_shape_with_order(IxDyn(&shape)).is_ok()).then_some(shape))
}

/// `reshape(x, [..])` of an array: a view of `x` when its elements are contiguous in C
/// order (no copy, as NumPy), else a C-order copy.
pub fn reshape_cow<'a, T: Copy + Default + Send + Sync + 'static>(
    a: ArrayViewD<'a, T>,
    sizes: &[i64],
) -> R<ndarray::CowArray<'a, T, IxDyn>> {
    match c_reshape(&a, sizes)? {
        Some(shape) => Ok(ndarray::CowArray::from(
            a.into_shape_with_order(IxDyn(&shape)).map_err(internal)?,
        )),
        None => reshape(a, sizes).map(ndarray::CowArray::from),
    }
}

/// `reshape(x, [..])` of an array the caller owns (a fresh temporary): its own buffer
/// in the new shape when its elements are in C order (no copy), else a C-order copy.
pub fn reshape_owned<T: Copy + Default + Send + Sync + 'static>(
    a: ArrayD<T>,
    sizes: &[i64],
) -> R<ArrayD<T>> {
    match c_reshape(&a.view(), sizes)? {
        Some(shape) => a.into_shape_with_order(IxDyn(&shape)).map_err(internal),
        None => reshape(a.view(), sizes),
    }
}

fn shapes_str<T>(vals: &[ArrayViewD<'_, T>]) -> String {
    vals.iter()
        .map(|v| Error::shape_str(v.shape()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `concat([a, b], axis=k)`.
pub fn concat<T: Copy + Default + Send + Sync + 'static>(
    vals: &[ArrayViewD<'_, T>],
    axis: usize,
) -> R<ArrayD<T>> {
    let first = vals
        .first()
        .ok_or_else(|| internal("empty list of arrays"))?
        .shape()
        .to_vec();
    let nd = first.len();
    if axis >= nd {
        return Err(internal(format!(
            "concat along axis {axis} of rank-{nd} arrays"
        )));
    }
    for v in vals {
        let s = v.shape();
        if s.len() != nd || (0..nd).any(|i| i != axis && s[i] != first[i]) {
            return Err(Error::ShapeMismatch(format!(
                "cannot concatenate arrays of shapes {} along axis {axis}",
                shapes_str(vals)
            )));
        }
    }
    let total: usize = vals.iter().map(|v| v.shape()[axis]).sum();
    let mut shape = first;
    shape[axis] = total;
    build(&shape, "concat", |mut out| {
        let mut off = 0;
        for v in vals {
            let len = v.shape()[axis];
            copy_into(out.slice_axis_mut(Axis(axis), (off..off + len).into()), v);
            off += len;
        }
    })
}

/// A fresh C-order array of `shape` whose every element `fill` writes exactly once
/// (through a view of the uninitialized buffer): results assembled from parts are
/// written once, not zero-filled first and then overwritten.
fn build<T: Copy + Send + 'static>(
    shape: &[usize],
    what: &str,
    fill: impl FnOnce(ndarray::ArrayViewMutD<'_, MaybeUninit<T>>),
) -> R<ArrayD<T>> {
    let n = check_count::<T>(shape, what)?;
    let mut buf: Vec<T> = super::fresh(n);
    let spare = &mut buf.spare_capacity_mut()[..n];
    super::advise_huge(spare);
    fill(ndarray::ArrayViewMut::from_shape(IxDyn(shape), spare).map_err(internal)?);
    // SAFETY: `fill` (`concat`, `stack`) writes every element of the view: the parts'
    // regions partition the result along the joined axis, and `copy_into` writes every
    // element of its region. A panic inside propagates before this line.
    unsafe { buf.set_len(n) };
    ArrayD::from_shape_vec(IxDyn(shape), buf).map_err(internal)
}

/// Writes `src` into `dst` (equal shapes), element for element, in parallel when large:
/// both are cut into the same pieces along one axis.
fn copy_into<T: Copy + Send + Sync>(
    mut dst: ndarray::ArrayViewMutD<'_, MaybeUninit<T>>,
    src: &ArrayViewD<'_, T>,
) {
    let n = dst.len();
    let put = |mut d: ndarray::ArrayViewMutD<'_, MaybeUninit<T>>, s: ArrayViewD<'_, T>| {
        match (d.as_slice_mut(), s.as_slice()) {
            // Both contiguous in the same order: a plain slice loop, which compiles to
            // `memcpy` (whose large copies skip reading the destination's lines first).
            (Some(d), Some(s)) => {
                for (o, &x) in d.iter_mut().zip(s) {
                    o.write(x);
                }
            }
            _ => Zip::from(&mut d).and(&s).for_each(|o, &x| {
                o.write(x);
            }),
        }
    };
    let tasks = if n >= super::PAR_MIN {
        4 * rayon::current_num_threads()
    } else {
        1
    };
    // Cut along the outermost axis (pieces of a C-order region stay contiguous) unless
    // it is too short to give every task a piece; then along the longest.
    let Some(ax) = (0..dst.ndim())
        .find(|&k| dst.shape()[k] >= tasks)
        .or_else(|| (0..dst.ndim()).max_by_key(|&k| dst.shape()[k]))
    else {
        put(dst, src.view());
        return;
    };
    let chunk = dst.shape()[ax].div_ceil(tasks).max(1);
    if tasks <= 1 || chunk >= dst.shape()[ax] {
        put(dst, src.view());
        return;
    }
    let pieces: Vec<_> = dst
        .axis_chunks_iter_mut(Axis(ax), chunk)
        .zip(src.axis_chunks_iter(Axis(ax), chunk))
        .collect();
    use rayon::prelude::*;
    pieces.into_par_iter().for_each(|(d, s)| put(d, s));
}

/// `stack([a, b], axis=k)` of arrays.
pub fn stack<T: Copy + Default + Send + Sync + 'static>(
    vals: &[ArrayViewD<'_, T>],
    axis: usize,
) -> R<ArrayD<T>> {
    let Some(first) = vals.first() else {
        return Err(internal("empty list of arrays"));
    };
    let first = first.shape().to_vec();
    let nd = first.len();
    if axis > nd {
        return Err(internal(format!(
            "stack along axis {axis} of rank-{nd} arrays"
        )));
    }
    if vals.iter().any(|v| v.shape() != first.as_slice()) {
        return Err(Error::ShapeMismatch(format!(
            "cannot stack arrays of shapes {}",
            shapes_str(vals)
        )));
    }
    let mut shape = first;
    shape.insert(axis, vals.len());
    build(&shape, "stack", |mut out| {
        for (k, v) in vals.iter().enumerate() {
            copy_into(out.index_axis_mut(Axis(axis), k), v);
        }
    })
}

/// `[a, b, c]` of scalars.
pub fn stack_scalars<T: Clone>(xs: Vec<T>) -> ArrayD<T> {
    Array1::from_vec(xs).into_dyn()
}

// ---------------------------------------------------------------------------------------
// Fused reductions: a reduction of an elementwise expression without a temporary array.

/// Elements per chunk of a full reduction. Chunks depend only on the shape, never on the
/// number of threads, and their partial results are combined in order, so results are
/// the same whatever the thread count.
pub const CHUNK: usize = 16 * BLK;

/// Values per block of a full reduction.
const RBLK: usize = 256;

/// Output columns per block of an axis reduction that walks the reduced axis outermost:
/// up to 32K columns (256 KiB of f64 accumulators, which stay in L2), so that each step
/// reads a whole row of a C-order input as one stream. Blocks of 1K columns, which keep
/// the accumulators in L1 but read rows in pieces, ran 1.7x slower (column mean of
/// 8192 x 4096 f32, 2 threads).
const COLS: usize = 32 * BLK;

/// Elements per work item of such a reduction (each item returns a block of
/// accumulators, merged in order): at most 2M elements, a few items per thread for a
/// large array. Smaller items cost more than their merges: 256K-element items ran 1.3x slower
/// and 64K-element ones 1.9x slower on the same column mean.
const COL_WORK: usize = 1 << 21;

/// The initialized elements of a buffer.
///
/// # Safety
///
/// Every element of `v` must have been written.
#[inline(always)]
unsafe fn init<T>(v: &[MaybeUninit<T>]) -> &[T] {
    // SAFETY: `MaybeUninit<T>` has `T`'s layout, and the caller promises every element
    // is initialized.
    unsafe { std::slice::from_raw_parts(v.as_ptr().cast::<T>(), v.len()) }
}

/// Runs `run` for items `0..nitems` (in parallel when the work covers `n` elements or
/// more than `PAR_MIN`), results in order.
pub(super) fn run_items<O: Send>(
    nitems: usize,
    n: usize,
    run: impl Fn(usize) -> O + Sync + Send,
) -> Vec<O> {
    if n >= super::PAR_MIN {
        use rayon::prelude::*;
        (0..nitems).into_par_iter().map(run).collect()
    } else {
        (0..nitems).map(run).collect()
    }
}

/// Runs `run` for chunks `0..nchunks` ([`run_items`]) and concatenates their results in
/// order.
fn collect_parts<O: Send>(
    nchunks: usize,
    n: usize,
    run: impl Fn(usize) -> R<Vec<O>> + Sync + Send,
) -> R<Vec<O>> {
    let parts = run_items(nchunks, n, run);
    let mut data = Vec::new();
    for p in parts {
        data.extend(p?);
    }
    Ok(data)
}

/// The sum of 16 partial sums, combined pairwise in a fixed order.
#[inline(always)]
fn combine16(mut l: [f64; 16]) -> f64 {
    for h in [8, 4, 2, 1] {
        for j in 0..h {
            l[j] += l[j + h];
        }
    }
    l[0]
}

/// The f64 sum of a block, in 16 partial sums (element `k` into sum `k % 16`) combined
/// pairwise: vectorizable, and the same on every instruction set.
#[inline(always)]
pub(crate) fn block_sum<T: Elem>(xs: &[T]) -> f64 {
    block_sum_of(xs, |v| v)
}

/// [`block_sum`] of `g` of each element's f64 value.
#[inline(always)]
pub(crate) fn block_sum_of<T: Elem>(xs: &[T], g: impl Fn(f64) -> f64) -> f64 {
    let mut l = [0.0f64; 16];
    let mut ch = xs.chunks_exact(16);
    for c in &mut ch {
        for j in 0..16 {
            l[j] += g(c[j].cast::<f64>());
        }
    }
    for (j, x) in ch.remainder().iter().enumerate() {
        l[j] += g(x.cast::<f64>());
    }
    combine16(l)
}

/// [`block_sum_of`] of the `n` values `g(0), g(1), ...`, each added as it is computed:
/// value `k` into partial sum `k % 16`, as there.
#[inline(always)]
fn block_sum_fn(n: usize, g: impl Fn(usize) -> f64) -> f64 {
    let mut l = [0.0f64; 16];
    for c in 0..n / 16 {
        for (j, s) in l.iter_mut().enumerate() {
            *s += g(c * 16 + j);
        }
    }
    for (j, s) in l.iter_mut().enumerate().take(n % 16) {
        *s += g(n / 16 * 16 + j);
    }
    combine16(l)
}

/// The position and value of the first NaN of a non-empty block, else of the first of
/// its largest (`MAX`) or smallest elements: 16 running extremes with their positions
/// (vectorizable), then the best of them, earliest on ties.
#[inline(always)]
pub(crate) fn block_ext<T: Elem, const MAX: bool>(xs: &[T]) -> Option<(usize, T)> {
    let first = *xs.first()?;
    let mut nan = [false; 16];
    let mut bv = [first; 16];
    let mut bi = [0u32; 16];
    let mut ch = xs.chunks_exact(16);
    let mut k = 0u32;
    for c in &mut ch {
        for j in 0..16 {
            let x = c[j];
            nan[j] |= x.is_nan_e();
            let better = if MAX { x > bv[j] } else { x < bv[j] };
            bv[j] = if better { x } else { bv[j] };
            bi[j] = if better { k + j as u32 } else { bi[j] };
        }
        k += 16;
    }
    for (j, &x) in ch.remainder().iter().enumerate() {
        nan[j] |= x.is_nan_e();
        let better = if MAX { x > bv[j] } else { x < bv[j] };
        if better {
            bv[j] = x;
            bi[j] = k + j as u32;
        }
    }
    if nan.iter().any(|&b| b) {
        return xs.iter().position(|x| x.is_nan_e()).map(|i| (i, xs[i]));
    }
    // Lanes that never improved hold `first` at position 0 (a valid candidate).
    let mut best = (bi[0] as usize, bv[0]);
    for j in 1..16 {
        let (i, x) = (bi[j] as usize, bv[j]);
        let better = if MAX { x > best.1 } else { x < best.1 };
        if better || (x == best.1 && i < best.0) {
            best = (i, x);
        }
    }
    Some(best)
}

/// The position of the first element of `xs` that `hit` holds for: 16 elements are
/// tested at a time without branches (vector compares), the matching group searched.
#[inline(always)]
fn first_where<T: Copy>(xs: &[T], hit: impl Fn(T) -> bool) -> Option<usize> {
    let mut ch = xs.chunks_exact(16);
    let mut base = 0;
    for c in &mut ch {
        let mut any = false;
        for &x in c {
            any |= hit(x);
        }
        if any {
            return c.iter().position(|&x| hit(x)).map(|i| base + i);
        }
        base += 16;
    }
    ch.remainder()
        .iter()
        .position(|&x| hit(x))
        .map(|i| base + i)
}

/// The value [`block_ext`] finds, without tracking positions: 16 running extremes, so
/// the loop is vector compares and blends (with positions it was partly scalar: a row
/// `max` took a quarter of a row softmax's time). A zero extreme takes `block_ext`,
/// since there -0.0 and 0.0 tie and the first one counts.
#[inline(always)]
pub(crate) fn block_ext_value<T: Elem, const MAX: bool>(xs: &[T]) -> Option<T> {
    let first = *xs.first()?;
    // A NaN flag per lane: one flag for all lanes made the loop partly scalar (3x
    // slower on a row of 4096 f32).
    let mut nan = [false; 16];
    let mut bv = [first; 16];
    let mut ch = xs.chunks_exact(16);
    for c in &mut ch {
        for j in 0..16 {
            let x = c[j];
            nan[j] |= x.is_nan_e();
            let better = if MAX { x > bv[j] } else { x < bv[j] };
            bv[j] = if better { x } else { bv[j] };
        }
    }
    for (j, &x) in ch.remainder().iter().enumerate() {
        nan[j] |= x.is_nan_e();
        let better = if MAX { x > bv[j] } else { x < bv[j] };
        bv[j] = if better { x } else { bv[j] };
    }
    // (`any`, not `contains(&true)`, which kept the loop from vectorizing.)
    if nan.iter().any(|&b| b) {
        return xs.iter().copied().find(|x| x.is_nan_e());
    }
    let mut best = bv[0];
    for &x in &bv[1..] {
        let better = if MAX { x > best } else { x < best };
        best = if better { x } else { best };
    }
    if best == T::from_f64(0.0) {
        return block_ext::<T, MAX>(xs).map(|(_, v)| v);
    }
    Some(best)
}

/// For a full reduction whose result does not depend on the order of its elements (up
/// to rounding): the order of `shape`'s axes, outermost first, that walks the operands
/// (with these strides, in elements) in memory order, when that gives more of them a
/// unit inner stride than the row-major order does (`sum(x.T * 2.0)`, a Fortran-order
/// input); `None` keeps the row-major order. Gathering a transposed operand column by
/// column touched a new cache line per element: 2.5x slower than NumPy, which sums such
/// an array in memory order.
fn memory_order(shape: &[usize], strides: &[&[isize]]) -> Option<Vec<usize>> {
    // How many operands have a unit stride along the innermost axis (of size > 1).
    let unit_inner = |order: &[usize]| -> usize {
        let Some(&k) = order.iter().rev().find(|&&k| shape[k] > 1) else {
            return 0;
        };
        strides.iter().filter(|s| s[k].unsigned_abs() == 1).count()
    };
    let logical: Vec<usize> = (0..shape.len()).collect();
    let base = unit_inner(&logical);
    let mut best: Option<(usize, Vec<usize>)> = None;
    for s in strides {
        // Axes by decreasing stride (axes of size 1 first: they are dropped anyway).
        let mut order = logical.clone();
        order.sort_by_key(|&k| {
            std::cmp::Reverse(if shape[k] > 1 {
                s[k].unsigned_abs()
            } else {
                usize::MAX
            })
        });
        let u = unit_inner(&order);
        if u > best.as_ref().map_or(base, |b| b.0) {
            best = Some((u, order));
        }
    }
    best.map(|b| b.1)
}

/// A reduction's accumulator over elements of type `T`.
pub trait Acc<T>: Sized + Send {
    type Out;
    /// Whether the result is the same (up to float rounding) in any order of the
    /// elements, so that a full reduction may walk its operands in memory order. Not
    /// for accumulators that report positions or keep the first of tied values.
    const ANY_ORDER: bool = false;
    /// The empty accumulator.
    fn start() -> Self;
    /// Adds the element at position `i` (row-major, within the reduced elements).
    fn push(&mut self, i: usize, x: T);
    /// Combines with the accumulator of the elements that follow.
    fn merge(self, later: Self) -> Self;
    /// The result, given how many elements were pushed in all (the reduced lane's
    /// length, or the whole element count of a full reduction).
    fn finish(self, count: usize) -> R<Self::Out>;
    /// Adds a block of elements, those at positions `i0 .. i0 + xs.len()`. Float sums
    /// add the block's sum, computed in several partial sums in a fixed order (so the
    /// result depends on how elements are split into blocks, which callers fix by the
    /// shape alone).
    #[inline(always)]
    fn push_block(&mut self, i0: usize, xs: &[T])
    where
        T: Copy,
    {
        for (k, &x) in xs.iter().enumerate() {
            self.push(i0 + k, x);
        }
    }
    /// Whether [`Acc::push_block_of`] adds values as they are computed (else a fused
    /// reduction stores a block of values and calls [`Acc::push_block`]).
    const FUSED: bool = false;
    /// [`Acc::push_block`] of the `n` values `g(0), g(1), ...`, at positions `i0 ..`.
    /// Float sums override it to add each value as it is computed, into the same
    /// partial sums in the same order (so with the same result), without storing the
    /// block first.
    #[inline(always)]
    fn push_block_of(&mut self, i0: usize, n: usize, g: impl Fn(usize) -> T)
    where
        T: Copy,
    {
        let vals: Vec<T> = (0..n).map(g).collect();
        self.push_block(i0, &vals);
    }
    /// Adds `xs[j]`, at position `i`, to accumulator `accs[j]` for every `j` (a row of a
    /// reduction along a non-inner axis).
    #[inline(always)]
    fn push_cols(accs: &mut [Self], i: usize, xs: &[T])
    where
        T: Copy,
    {
        for (a, &x) in accs.iter_mut().zip(xs) {
            a.push(i, x);
        }
    }
    /// Adds four rows, at positions `i .. i + 4` (one pass over the accumulators
    /// instead of four: float sums add the four values first).
    #[inline(always)]
    fn push_cols4(accs: &mut [Self], i: usize, xs: [&[T]; 4])
    where
        T: Copy,
    {
        for (k, x) in xs.into_iter().enumerate() {
            Self::push_cols(accs, i + k, x);
        }
    }
}

/// Four rows of a float sum in one pass over the accumulators: `acc(j) += (x0[j] +
/// x1[j]) + (x2[j] + x3[j])` in f64.
#[inline(always)]
fn add_rows4<A, T: Elem>(accs: &mut [A], xs: [&[T]; 4], acc: impl Fn(&mut A) -> &mut f64) {
    let n = accs.len();
    let [a, b, c, d] = xs.map(|x| &x[..n]);
    for (j, s) in accs.iter_mut().enumerate() {
        *acc(s) +=
            (a[j].cast::<f64>() + b[j].cast::<f64>()) + (c[j].cast::<f64>() + d[j].cast::<f64>());
    }
}

/// Float sums, accumulated in f64 (as the interpreter).
#[derive(Debug)]
pub struct SumF<T>(f64, std::marker::PhantomData<T>);
/// Integer sums (wrapping).
#[derive(Debug)]
pub struct SumI<T>(T);
/// Float products, accumulated in f64.
#[derive(Debug)]
pub struct ProdF<T>(f64, std::marker::PhantomData<T>);
/// Integer products (wrapping).
#[derive(Debug)]
pub struct ProdI<T>(T);
/// Float means, accumulated in f64.
#[derive(Debug)]
pub struct MeanF<T>(f64, std::marker::PhantomData<T>);

impl<T> SumF<T> {
    pub fn new() -> Self {
        SumF(0.0, std::marker::PhantomData)
    }
}
impl<T: Num> SumI<T> {
    pub fn new() -> Self {
        SumI(T::ZERO)
    }
}
impl<T> ProdF<T> {
    pub fn new() -> Self {
        ProdF(1.0, std::marker::PhantomData)
    }
}
impl<T: Num> ProdI<T> {
    pub fn new() -> Self {
        ProdI(T::ONE)
    }
}
impl<T> MeanF<T> {
    pub fn new() -> Self {
        MeanF(0.0, std::marker::PhantomData)
    }
}

impl<T: Elem> Acc<T> for SumF<T> {
    type Out = T;
    const ANY_ORDER: bool = true;
    const FUSED: bool = true;
    #[inline(always)]
    fn push_block_of(&mut self, _: usize, n: usize, g: impl Fn(usize) -> T) {
        self.0 += block_sum_fn(n, |k| g(k).cast::<f64>());
    }
    fn start() -> Self {
        Self::new()
    }
    #[inline(always)]
    fn push(&mut self, _: usize, x: T) {
        self.0 += x.cast::<f64>();
    }
    #[inline(always)]
    fn push_block(&mut self, _: usize, xs: &[T]) {
        self.0 += block_sum(xs);
    }
    #[inline(always)]
    fn push_cols4(accs: &mut [Self], _: usize, xs: [&[T]; 4]) {
        add_rows4(accs, xs, |s| &mut s.0);
    }
    fn merge(self, later: Self) -> Self {
        SumF(self.0 + later.0, std::marker::PhantomData)
    }
    fn finish(self, _: usize) -> R<T> {
        Ok(T::from_f64(self.0))
    }
}
impl<T: Num> Acc<T> for SumI<T> {
    type Out = T;
    const ANY_ORDER: bool = true;
    fn start() -> Self {
        Self::new()
    }
    #[inline(always)]
    fn push(&mut self, _: usize, x: T) {
        self.0 = self.0.add(x);
    }
    fn merge(self, later: Self) -> Self {
        SumI(self.0.add(later.0))
    }
    fn finish(self, _: usize) -> R<T> {
        Ok(self.0)
    }
}
impl<T: Float> Acc<T> for ProdF<T> {
    type Out = T;
    const ANY_ORDER: bool = true;
    fn start() -> Self {
        Self::new()
    }
    #[inline(always)]
    fn push(&mut self, _: usize, x: T) {
        self.0 *= x.cast::<f64>();
    }
    fn merge(self, later: Self) -> Self {
        ProdF(self.0 * later.0, std::marker::PhantomData)
    }
    fn finish(self, _: usize) -> R<T> {
        Ok(T::from_f64(self.0))
    }
}
impl<T: Num> Acc<T> for ProdI<T> {
    type Out = T;
    const ANY_ORDER: bool = true;
    fn start() -> Self {
        Self::new()
    }
    #[inline(always)]
    fn push(&mut self, _: usize, x: T) {
        self.0 = self.0.mul(x);
    }
    fn merge(self, later: Self) -> Self {
        ProdI(self.0.mul(later.0))
    }
    fn finish(self, _: usize) -> R<T> {
        Ok(self.0)
    }
}
impl<T: Float> Acc<T> for MeanF<T> {
    type Out = T;
    const ANY_ORDER: bool = true;
    const FUSED: bool = true;
    #[inline(always)]
    fn push_block_of(&mut self, _: usize, n: usize, g: impl Fn(usize) -> T) {
        self.0 += block_sum_fn(n, |k| g(k).cast::<f64>());
    }
    fn start() -> Self {
        Self::new()
    }
    #[inline(always)]
    fn push(&mut self, _: usize, x: T) {
        self.0 += x.cast::<f64>();
    }
    #[inline(always)]
    fn push_block(&mut self, _: usize, xs: &[T]) {
        self.0 += block_sum(xs);
    }
    #[inline(always)]
    fn push_cols4(accs: &mut [Self], _: usize, xs: [&[T]; 4]) {
        add_rows4(accs, xs, |s| &mut s.0);
    }
    fn merge(self, later: Self) -> Self {
        MeanF(self.0 + later.0, std::marker::PhantomData)
    }
    fn finish(self, count: usize) -> R<T> {
        Ok(T::from_f64(self.0 / count as f64))
    }
}

/// The running `max` (`MAX`) or `min` of values: the first NaN, else the extreme. One
/// plain value per accumulator (started at the identity, `-inf` for a float `max`), so
/// rows of them vectorize in [`Acc::push_cols`]; an empty reduction is an error, told
/// by the count.
#[derive(Debug)]
pub struct ExtV<T, const MAX: bool>(T);

/// `max` of an elementwise expression.
pub type Max<T> = ExtV<T, true>;
/// `min` of an elementwise expression.
pub type Min<T> = ExtV<T, false>;

impl<T: Elem, const MAX: bool> ExtV<T, MAX> {
    pub fn new() -> Self {
        ExtV(if MAX { T::LOWEST } else { T::HIGHEST })
    }
}

impl<T: Elem, const MAX: bool> Acc<T> for ExtV<T, MAX> {
    type Out = T;
    fn start() -> Self {
        Self::new()
    }
    #[inline(always)]
    fn push(&mut self, _: usize, x: T) {
        // A NaN already held stays; else a NaN or a strictly better value replaces it
        // (ties keep the earlier value, which only matters for -0.0 against 0.0).
        let better = if MAX { x > self.0 } else { x < self.0 };
        let take = !self.0.is_nan_e() && (x.is_nan_e() || better);
        self.0 = if take { x } else { self.0 };
    }
    #[inline(always)]
    fn push_block(&mut self, i0: usize, xs: &[T]) {
        if let Some(x) = block_ext_value::<T, MAX>(xs) {
            self.push(i0, x);
        }
    }
    fn merge(self, later: Self) -> Self {
        let mut s = self;
        s.push(0, later.0);
        s
    }
    fn finish(self, count: usize) -> R<T> {
        if count == 0 {
            Err(empty_err(if MAX { "max" } else { "min" }))
        } else {
            Ok(self.0)
        }
    }
}

/// The position of the running `max` (`MAX`) or `min`: the first NaN, else the first
/// of the largest (smallest) values, as `argmax`/`argmin` (NumPy's first index on ties).
#[derive(Debug)]
pub struct ArgExt<T, const MAX: bool>(Option<(usize, T)>);

/// `argmax` of an elementwise expression.
pub type ArgMax<T> = ArgExt<T, true>;
/// `argmin` of an elementwise expression.
pub type ArgMin<T> = ArgExt<T, false>;

impl<T: Elem, const MAX: bool> ArgExt<T, MAX> {
    pub fn new() -> Self {
        ArgExt(None)
    }
}

impl<T: Elem, const MAX: bool> Acc<T> for ArgExt<T, MAX> {
    type Out = i64;
    fn start() -> Self {
        Self::new()
    }
    #[inline(always)]
    fn push(&mut self, i: usize, x: T) {
        match self.0 {
            None => self.0 = Some((i, x)),
            Some((_, b)) if b.is_nan_e() => {}
            Some((_, b)) => {
                let better = if MAX { x > b } else { x < b };
                if x.is_nan_e() || better {
                    self.0 = Some((i, x));
                }
            }
        }
    }
    #[inline(always)]
    fn push_block(&mut self, i0: usize, xs: &[T]) {
        // The block's extreme first (vector compares only), its position only when it
        // replaces the held candidate (`push`'s rule): tracking positions in the loop
        // made a row `argmax` a third slower than a row `max`.
        let Some(v) = block_ext_value::<T, MAX>(xs) else {
            return;
        };
        let take = match self.0 {
            None => true,
            Some((_, b)) => !b.is_nan_e() && (v.is_nan_e() || if MAX { v > b } else { v < b }),
        };
        if take {
            // The first NaN, else the first element equal to the extreme (for a zero
            // extreme, the first zero of either sign, as `push` keeps the first of ties).
            let i = if v.is_nan_e() {
                first_where(xs, |x| x.is_nan_e())
            } else {
                first_where(xs, |x| x == v)
            };
            if let Some(i) = i {
                self.push(i0 + i, xs[i]);
            }
        }
    }
    fn merge(self, later: Self) -> Self {
        // The later part's candidate, pushed after everything of this part.
        let mut s = self;
        if let Some((i, x)) = later.0 {
            s.push(i, x);
        }
        s
    }
    fn finish(self, _: usize) -> R<i64> {
        self.0
            .map(|(i, _)| i as i64)
            .ok_or_else(|| empty_err(if MAX { "argmax" } else { "argmin" }))
    }
}

/// `any` of an elementwise expression.
#[derive(Debug)]
pub struct AnyAcc(bool);
/// `all` of an elementwise expression.
#[derive(Debug)]
pub struct AllAcc(bool);
impl AnyAcc {
    pub fn new() -> Self {
        AnyAcc(false)
    }
}
impl AllAcc {
    pub fn new() -> Self {
        AllAcc(true)
    }
}
impl Acc<bool> for AnyAcc {
    type Out = bool;
    const ANY_ORDER: bool = true;
    fn start() -> Self {
        Self::new()
    }
    #[inline(always)]
    fn push(&mut self, _: usize, x: bool) {
        self.0 |= x;
    }
    fn merge(self, later: Self) -> Self {
        AnyAcc(self.0 | later.0)
    }
    fn finish(self, _: usize) -> R<bool> {
        Ok(self.0)
    }
}
impl Acc<bool> for AllAcc {
    type Out = bool;
    const ANY_ORDER: bool = true;
    fn start() -> Self {
        Self::new()
    }
    #[inline(always)]
    fn push(&mut self, _: usize, x: bool) {
        self.0 &= x;
    }
    fn merge(self, later: Self) -> Self {
        AllAcc(self.0 & later.0)
    }
    fn finish(self, _: usize) -> R<bool> {
        Ok(self.0)
    }
}

/// `max`/`min`/`argmax`/`argmin` need a non-empty reduced extent.
pub fn check_nonempty(op: &str, shape: &[usize], axis: Option<usize>) -> R<()> {
    let empty = match axis {
        None => shape.contains(&0),
        Some(k) => shape.get(k) == Some(&0),
    };
    if empty {
        Err(empty_err(op))
    } else {
        Ok(())
    }
}

/// A slice of values as `T` when its elements are of type `T` (`None` otherwise).
#[inline(always)]
fn same<A: 'static, T: 'static>(s: &[A]) -> Option<&[T]> {
    if std::any::TypeId::of::<A>() == std::any::TypeId::of::<T>() {
        // SAFETY: `A` and `T` are the same type.
        Some(unsafe { std::slice::from_raw_parts(s.as_ptr().cast::<T>(), s.len()) })
    } else {
        None
    }
}

/// The values of a reduction of the identity (`id`) on its only input: that input's
/// elements, read in place.
#[inline(always)]
fn direct<T, const N: usize>(id: bool, inputs: [Option<&[T]>; N]) -> Option<&[T]> {
    match inputs.as_slice() {
        [Some(v)] if id => Some(v),
        _ => None,
    }
}

macro_rules! reduce_fn {
    ($full:ident, $axis:ident, $full_impl:ident, $axis_impl:ident, $fk:ident, $rk:ident, $ck:ident,
     $fill:ident, $na:literal;
     $($a:ident: $A:ident / $ab:ident / $al:ident),+) => {
        /// A full reduction of `f(inputs...)` over inputs broadcast to `shape`: chunks of
        /// [`CHUNK`] elements in row-major order (reduced in parallel when large),
        /// combined in order. Within a chunk, values are computed a block of [`BLK`]
        /// elements at a time and added with [`Acc::push_block`]; chunks and blocks
        /// depend on the element count only, so the result does not depend on the
        /// number of threads. Accumulators whose result does not depend on the order
        /// ([`Acc::ANY_ORDER`]: sums, means, products, `any`, `all`) walk a transposed or
        /// Fortran-order operand in its memory order instead (see [`memory_order`]), as
        /// NumPy does; positions (`argmax`) and first-of-ties (`max`) keep row-major
        /// order.
        #[allow(clippy::too_many_arguments)]
        pub fn $full<Ac, $($A: Copy + Sync + 'static,)+ T: Copy + 'static, F>(
            shape: &[usize],
            $($a: &ArrayViewD<'_, $A>,)+
            acc: Ac,
            f: F,
        ) -> R<Ac::Out>
        where
            Ac: Acc<T>,
            F: Fn($($A),+) -> T + Sync,
        {
            $full_impl(shape, $($a,)+ acc, f, false)
        }

        /// [`$full`]; with `id` (only for `f` the identity on one input of type `T`),
        /// contiguous values are added straight from memory, without the copy.
        #[allow(clippy::too_many_arguments)]
        pub(crate) fn $full_impl<Ac, $($A: Copy + Sync + 'static,)+ T: Copy + 'static, F>(
            shape: &[usize],
            $($a: &ArrayViewD<'_, $A>,)+
            _acc: Ac,
            f: F,
            id: bool,
        ) -> R<Ac::Out>
        where
            Ac: Acc<T>,
            F: Fn($($A),+) -> T + Sync,
        {
            $(let $a = super::broadcast($a, shape)?;)+
            let n: usize = shape.iter().product();
            if n == 0 {
                return Ac::start().finish(0);
            }
            // A transposed or Fortran-order operand is walked in its memory order when
            // the result does not depend on the order (see `memory_order`).
            let order = if Ac::ANY_ORDER {
                memory_order(shape, &[$($a.strides()),+])
            } else {
                None
            };
            let pshape: Vec<usize> = match &order {
                Some(p) => p.iter().map(|&k| shape[k]).collect(),
                None => shape.to_vec(),
            };
            $(let $a = match &order {
                Some(p) => $a.permuted_axes(IxDyn(p)),
                None => $a,
            };)+
            let nest = Nest::new(&pshape, &[$($a.strides()),+], false);
            let mut st = nest.strides.into_iter();
            $(let $a = Src::new($a, st.next().unwrap_or_default());)+
            let dims = &nest.dims[..];
            let run = |c: usize| -> Ac {
                let e0 = c * CHUNK;
                isa::dispatch($fk {
                    e0,
                    len: CHUNK.min(n - e0),
                    dims,
                    $($a: &$a,)+
                    f: &f,
                    id,
                    acc: std::marker::PhantomData::<(Ac, T)>,
                })
            };
            let parts: Vec<Ac> = run_items(n.div_ceil(CHUNK), n, run);
            let mut acc = Ac::start();
            for p in parts {
                acc = acc.merge(p);
            }
            acc.finish(n)
        }

        struct $fk<'k, 'v, Ac, $($A,)+ T, F> {
            e0: usize,
            len: usize,
            dims: &'k [usize],
            $($a: &'k Src<'v, $A>,)+
            f: &'k F,
            id: bool,
            acc: std::marker::PhantomData<(Ac, T)>,
        }

        impl<Ac: Acc<T>, $($A: Copy + 'static,)+ T: Copy + 'static, F: Fn($($A),+) -> T> isa::Kernel
            for $fk<'_, '_, Ac, $($A,)+ T, F>
        {
            type Out = Ac;
            #[inline(always)]
            fn run(self) -> Ac {
                let mut acc = Ac::start();
                let mut vals = [const { MaybeUninit::<T>::uninit() }; RBLK];
                $(let mut $ab: Vec<$A> = Vec::new();)+
                let (mut fill, mut start) = (0, self.e0);
                let mut w = Walk::new(self.dims, self.e0, self.len);
                while let Some((_, i0, l)) = w.next() {
                    let mut done = 0;
                    while done < l {
                        let b = (RBLK - fill).min(l - done);
                        // SAFETY: `Walk` yields outer indices within `dims` and segments
                        // within the inner extent, and each `Src` was built from the nest
                        // of `dims` over its view.
                        $(let $a = unsafe { self.$a.seg_at(&mut $ab, 0, w.idx(), i0 + done, b) };)+
                        if fill == 0 && b == RBLK {
                            let whole = if let Some(v) = direct(self.id, [$(same($a)),+]) {
                                acc.push_block(start, v);
                                true
                            } else if Ac::FUSED {
                                // The sum takes each value as it is computed.
                                $(let $a = &$a[..RBLK];)+
                                let f = self.f;
                                acc.push_block_of(start, RBLK, |k| f($($a[k]),+));
                                true
                            } else {
                                false
                            };
                            if whole {
                                start += RBLK;
                                done += b;
                                continue;
                            }
                        }
                        super::$fill(&mut vals[fill..fill + b], $($a,)+ self.f);
                        fill += b;
                        done += b;
                        if fill == RBLK {
                            // SAFETY: `vals[..fill]` was written since the last full
                            // block (`$fill` writes all of its slice).
                            acc.push_block(start, unsafe { init(&vals) });
                            start += RBLK;
                            fill = 0;
                        }
                    }
                }
                if fill > 0 {
                    // SAFETY: `vals[..fill]` was written since the last full block.
                    acc.push_block(start, unsafe { init(&vals[..fill]) });
                }
                acc
            }
        }

        /// A reduction of `f(inputs...)` along `axis` of `shape`. When every axis after
        /// `axis` has size 1, each output element's lane is reduced a block at a time
        /// ([`Acc::push_block`]), in parallel over lanes; otherwise the reduced axis is
        /// walked in the outer loop, each step adding a row of values to a row of
        /// accumulators ([`Acc::push_cols`]), with the reduced axis split into chunks
        /// (a function of the shape only) merged in order.
        #[allow(clippy::too_many_arguments)]
        pub fn $axis<Ac, $($A: Copy + Sync + 'static,)+ T: Copy + 'static, F>(
            shape: &[usize],
            axis: usize,
            keepdims: bool,
            $($a: &ArrayViewD<'_, $A>,)+
            acc: Ac,
            f: F,
        ) -> R<ArrayD<Ac::Out>>
        where
            Ac: Acc<T>,
            Ac::Out: Send,
            F: Fn($($A),+) -> T + Sync,
        {
            $axis_impl(shape, axis, keepdims, $($a,)+ acc, f, false)
        }

        /// [`$axis`]; `id` as for [`$full_impl`].
        #[allow(clippy::too_many_arguments)]
        pub(crate) fn $axis_impl<Ac, $($A: Copy + Sync + 'static,)+ T: Copy + 'static, F>(
            shape: &[usize],
            axis: usize,
            keepdims: bool,
            $($a: &ArrayViewD<'_, $A>,)+
            _acc: Ac,
            f: F,
            id: bool,
        ) -> R<ArrayD<Ac::Out>>
        where
            Ac: Acc<T>,
            Ac::Out: Send,
            F: Fn($($A),+) -> T + Sync,
        {
            let nd = shape.len();
            if axis >= nd {
                return Err(internal(format!("reduction axis {axis} of a rank-{nd} array")));
            }
            $(let $a = super::broadcast($a, shape)?;)+
            let mut out_shape: Vec<usize> = shape.to_vec();
            let lane = out_shape.remove(axis);
            let rows: usize = out_shape.iter().product();
            let n = rows * lane;
            let data: Vec<Ac::Out> = if rows == 0 {
                Vec::new()
            } else if lane == 0 {
                (0..rows).map(|_| Ac::start().finish(0)).collect::<R<_>>()?
            } else if shape[axis + 1..].iter().all(|&d| d == 1) {
                // Lanes: the reduced axis last.
                let mut perm: Vec<usize> = (0..nd).filter(|&k| k != axis).collect();
                perm.push(axis);
                $(let $a = $a.permuted_axes(IxDyn(&perm));)+
                let pshape: Vec<usize> = perm.iter().map(|&k| shape[k]).collect();
                let nest = Nest::new(&pshape, &[$($a.strides()),+], true);
                let mut st = nest.strides.into_iter();
                $(let $a = Src::new($a, st.next().unwrap_or_default());)+
                let dims = &nest.dims[..];
                let per = (CHUNK / lane).max(1);
                let run = |c: usize| -> R<Vec<Ac::Out>> {
                    let r0 = c * per;
                    isa::dispatch($rk {
                        r0,
                        r1: (r0 + per).min(rows),
                        dims,
                        $($a: &$a,)+
                        f: &f,
                        id,
                        acc: std::marker::PhantomData::<(Ac, T)>,
                    })
                };
                collect_parts(rows.div_ceil(per), n, run)?
            } else {
                // Columns: the reduced axis first, the output's axes after it in order.
                let mut perm: Vec<usize> = vec![axis];
                perm.extend((0..nd).filter(|&k| k != axis));
                $(let $a = $a.permuted_axes(IxDyn(&perm));)+
                let lead = [$($a.strides()[0]),+];
                let nest = Nest::new(&out_shape, &[$(&$a.strides()[1..]),+], false);
                let mut st = nest.strides.into_iter();
                $(let $a = Src::new($a, st.next().unwrap_or_default());)+
                let dims = &nest.dims[..];
                // Blocks of output columns, each reduced over chunks of the lane.
                let width = rows.min(COLS);
                let nblocks = rows.div_ceil(width);
                // Items of about COL_WORK elements, but at least 16 items in all when
                // the lane is long, so that medium arrays still run in parallel.
                let per = (COL_WORK / width)
                    .min(lane.div_ceil(16usize.div_ceil(nblocks)))
                    .max(1);
                let nlanes = lane.div_ceil(per);
                let run = |c: usize| -> Vec<Ac> {
                    let (blk, part) = (c / nlanes, c % nlanes);
                    let (e0, i0) = (blk * width, part * per);
                    isa::dispatch($ck {
                        e0,
                        len: width.min(rows - e0),
                        i0,
                        i1: (i0 + per).min(lane),
                        lead,
                        dims,
                        $($a: &$a,)+
                        f: &f,
                        id,
                        acc: std::marker::PhantomData::<(Ac, T)>,
                    })
                };
                let parts: Vec<Vec<Ac>> = run_items(nblocks * nlanes, n, run);
                let mut data = Vec::with_capacity(rows);
                let mut parts = parts.into_iter();
                for _ in 0..nblocks {
                    let mut accs = parts.next().unwrap_or_default();
                    for _ in 1..nlanes {
                        let later = parts.next().unwrap_or_default();
                        accs = accs.into_iter().zip(later).map(|(a, b)| a.merge(b)).collect();
                    }
                    for a in accs {
                        data.push(a.finish(lane)?);
                    }
                }
                data
            };
            let mut r = ArrayD::from_shape_vec(IxDyn(&out_shape), data).map_err(internal)?;
            if keepdims {
                r = r.insert_axis(Axis(axis));
            }
            Ok(r)
        }

        struct $rk<'k, 'v, Ac, $($A,)+ T, F> {
            r0: usize,
            r1: usize,
            dims: &'k [usize],
            $($a: &'k Src<'v, $A>,)+
            f: &'k F,
            id: bool,
            acc: std::marker::PhantomData<(Ac, T)>,
        }

        impl<Ac: Acc<T>, $($A: Copy + 'static,)+ T: Copy + 'static, F: Fn($($A),+) -> T> isa::Kernel
            for $rk<'_, '_, Ac, $($A,)+ T, F>
        {
            type Out = R<Vec<Ac::Out>>;
            #[inline(always)]
            fn run(self) -> R<Vec<Ac::Out>> {
                let lane = self.dims[self.dims.len() - 1];
                let mut out = Vec::with_capacity(self.r1 - self.r0);
                let mut vals = [const { MaybeUninit::<T>::uninit() }; BLK];
                $(let mut $ab: Vec<$A> = Vec::new();)+
                let mut w = Walk::new(self.dims, self.r0 * lane, (self.r1 - self.r0) * lane);
                // Segments are whole lanes: the walk starts at a lane and covers whole
                // lanes, and the lane is the nest's inner extent.
                while let Some((_, i0, l)) = w.next() {
                    let mut acc = Ac::start();
                    let mut done = 0;
                    while done < l {
                        let b = BLK.min(l - done);
                        // SAFETY: as in the full reduction: `Walk`'s indices and segments
                        // lie within the nest each `Src` was built for.
                        $(let $a = unsafe { self.$a.seg_at(&mut $ab, 0, w.idx(), i0 + done, b) };)+
                        if let Some(v) = direct(self.id, [$(same($a)),+]) {
                            acc.push_block(done, v);
                        } else {
                            // Lanes are often shorter than a block; materializing them
                            // measured as fast as fusing the sum (see `push_block_of`).
                            super::$fill(&mut vals[..b], $($a,)+ self.f);
                            // SAFETY: `$fill` wrote all of `vals[..b]`.
                            acc.push_block(done, unsafe { init(&vals[..b]) });
                        }
                        done += b;
                    }
                    out.push(acc.finish(lane)?);
                }
                Ok(out)
            }
        }

        struct $ck<'k, 'v, Ac, $($A,)+ T, F> {
            e0: usize,
            len: usize,
            i0: usize,
            i1: usize,
            lead: [isize; $na],
            dims: &'k [usize],
            $($a: &'k Src<'v, $A>,)+
            f: &'k F,
            id: bool,
            acc: std::marker::PhantomData<(Ac, T)>,
        }

        impl<Ac: Acc<T>, $($A: Copy + 'static,)+ T: Copy + 'static, F: Fn($($A),+) -> T> isa::Kernel
            for $ck<'_, '_, Ac, $($A,)+ T, F>
        {
            type Out = Vec<Ac>;
            #[inline(always)]
            fn run(self) -> Vec<Ac> {
                let mut accs: Vec<Ac> = (0..self.len).map(|_| Ac::start()).collect();
                let mut vals = [const { MaybeUninit::<T>::uninit() }; BLK];
                // Per input: gather buffers for rows 0..4 of a group, and one for single rows.
                $(let mut $ab: [Vec<$A>; 5] = Default::default();)+
                let [$($al),+] = self.lead;
                // In memory order: for each contiguous run of output elements (a row of
                // the axes after the reduced one, or a part of it), every step of the
                // lane chunk, each adding the run's row of values. A run is whole rows of
                // a 2-d input (read as one stream); in 3-d, `sum(x, axis=1)` reads one
                // contiguous `x[a, i0..i1, :]` block per `a`.
                let mut w = Walk::new(self.dims, self.e0, self.len);
                while let Some((pos, j0, l)) = w.next() {
                    // The input itself reduced (`sum(x, axis=0)`): four rows at a time,
                    // one pass over the accumulators per four rows of input (those of a
                    // long run live in L2, not L1): a column mean of 8192 x 4096 f32 ran
                    // 6.3 -> 4.0 ms. (Through `f`, the four rows' buffers cost more than
                    // they save.)
                    let mut i = self.i0;
                    while self.id && $na == 1 && i + 4 <= self.i1 {
                        let mut done = 0;
                        while done < l {
                            let b = BLK.min(l - done);
                            // SAFETY: as below, for rows `i .. i + 4` (all `< i1 <= lane`).
                            $(let $a = unsafe {
                                let [b0, b1, b2, b3, _] = &mut $ab;
                                [
                                    self.$a.seg_at(b0, i as isize * $al, w.idx(), j0 + done, b),
                                    self.$a.seg_at(b1, (i + 1) as isize * $al, w.idx(), j0 + done, b),
                                    self.$a.seg_at(b2, (i + 2) as isize * $al, w.idx(), j0 + done, b),
                                    self.$a.seg_at(b3, (i + 3) as isize * $al, w.idx(), j0 + done, b),
                                ]
                            };)+
                            let at = pos + done;
                            let rows: [Option<&[T]>; 4] = std::array::from_fn(|k| direct(self.id, [$(same($a[k])),+]));
                            if let [Some(r0), Some(r1), Some(r2), Some(r3)] = rows {
                                Ac::push_cols4(&mut accs[at..at + b], i, [r0, r1, r2, r3]);
                            } else {
                                // (Not taken: `id` comes with inputs of the result's
                                // type. Row by row, as the loop below.)
                                for k in 0..4 {
                                    super::$fill(&mut vals[..b], $($a[k],)+ self.f);
                                    // SAFETY: `$fill` wrote all of `vals[..b]`.
                                    Ac::push_cols(&mut accs[at..at + b], i + k, unsafe { init(&vals[..b]) });
                                }
                            }
                            done += b;
                        }
                        i += 4;
                    }
                    for i in i..self.i1 {
                        let mut done = 0;
                        while done < l {
                            let b = BLK.min(l - done);
                            // SAFETY: `Walk`'s indices and segments lie within the nest
                            // of the output's axes each `Src` was built for, and `i`
                            // times the lead stride is the offset along the view's first
                            // axis (the reduced one, `i < lane`), which the nest omits.
                            $(let $a = unsafe {
                                self.$a.seg_at(&mut $ab[4], i as isize * $al, w.idx(), j0 + done, b)
                            };)+
                            let at = pos + done;
                            if let Some(v) = direct(self.id, [$(same($a)),+]) {
                                Ac::push_cols(&mut accs[at..at + b], i, v);
                            } else {
                                super::$fill(&mut vals[..b], $($a,)+ self.f);
                                // SAFETY: `$fill` wrote all of `vals[..b]`.
                                Ac::push_cols(&mut accs[at..at + b], i, unsafe { init(&vals[..b]) });
                            }
                            done += b;
                        }
                    }
                }
                accs
            }
        }
    };
}

reduce_fn!(reduce_zip1, reduce_axis_zip1, reduce_zip1_impl, reduce_axis_zip1_impl, FullK1, LaneK1, ColK1, fill1, 1; a: A / ab / al);
reduce_fn!(reduce_zip2, reduce_axis_zip2, reduce_zip2_impl, reduce_axis_zip2_impl, FullK2, LaneK2, ColK2, fill2, 2; a: A / ab / al, b: B / bb / bl);
reduce_fn!(reduce_zip3, reduce_axis_zip3, reduce_zip3_impl, reduce_axis_zip3_impl, FullK3, LaneK3, ColK3, fill3, 3;
    a: A / ab / al, b: B / bb / bl, c: C / cb / cl);
reduce_fn!(reduce_zip4, reduce_axis_zip4, reduce_zip4_impl, reduce_axis_zip4_impl, FullK4, LaneK4, ColK4, fill4, 4;
    a: A / ab / al, b: B / bb / bl, c: C / cb / cl, d: D / db / dl);
reduce_fn!(reduce_zip5, reduce_axis_zip5, reduce_zip5_impl, reduce_axis_zip5_impl, FullK5, LaneK5, ColK5, fill5, 5;
    a: A / ab / al, b: B / bb / bl, c: C / cb / cl, d: D / db / dl, e: E / eb / el);
reduce_fn!(reduce_zip6, reduce_axis_zip6, reduce_zip6_impl, reduce_axis_zip6_impl, FullK6, LaneK6, ColK6, fill6, 6;
    a: A / ab / al, b: B / bb / bl, c: C / cb / cl, d: D / db / dl, e: E / eb / el, g: G / gb / gl);
reduce_fn!(reduce_zip7, reduce_axis_zip7, reduce_zip7_impl, reduce_axis_zip7_impl, FullK7, LaneK7, ColK7, fill7, 7;
    a: A / ab / al, b: B / bb / bl, c: C / cb / cl, d: D / db / dl, e: E / eb / el, g: G / gb / gl, h: H / hb / hl);
reduce_fn!(reduce_zip8, reduce_axis_zip8, reduce_zip8_impl, reduce_axis_zip8_impl, FullK8, LaneK8, ColK8, fill8, 8;
    a: A / ab / al, b: B / bb / bl, c: C / cb / cl, d: D / db / dl, e: E / eb / el, g: G / gb / gl, h: H / hb / hl, p: P / pb / pl);
reduce_fn!(reduce_zip9, reduce_axis_zip9, reduce_zip9_impl, reduce_axis_zip9_impl, FullK9, LaneK9, ColK9, fill9, 9;
    a: A / ab / al, b: B / bb / bl, c: C / cb / cl, d: D / db / dl, e: E / eb / el, g: G / gb / gl, h: H / hb / hl, p: P / pb / pl, q: Q / qb / ql);
reduce_fn!(reduce_zip10, reduce_axis_zip10, reduce_zip10_impl, reduce_axis_zip10_impl, FullK10, LaneK10, ColK10, fill10, 10;
    a: A / ab / al, b: B / bb / bl, c: C / cb / cl, d: D / db / dl, e: E / eb / el, g: G / gb / gl, h: H / hb / hl, p: P / pb / pl, q: Q / qb / ql, u: U / ub / ul);
reduce_fn!(reduce_zip11, reduce_axis_zip11, reduce_zip11_impl, reduce_axis_zip11_impl, FullK11, LaneK11, ColK11, fill11, 11;
    a: A / ab / al, b: B / bb / bl, c: C / cb / cl, d: D / db / dl, e: E / eb / el, g: G / gb / gl, h: H / hb / hl, p: P / pb / pl, q: Q / qb / ql, u: U / ub / ul, v: V / vb / vl);
reduce_fn!(reduce_zip12, reduce_axis_zip12, reduce_zip12_impl, reduce_axis_zip12_impl, FullK12, LaneK12, ColK12, fill12, 12;
    a: A / ab / al, b: B / bb / bl, c: C / cb / cl, d: D / db / dl, e: E / eb / el, g: G / gb / gl, h: H / hb / hl, p: P / pb / pl, q: Q / qb / ql, u: U / ub / ul, v: V / vb / vl, x: X / xb / xl);
reduce_fn!(reduce_zip13, reduce_axis_zip13, reduce_zip13_impl, reduce_axis_zip13_impl, FullK13, LaneK13, ColK13, fill13, 13;
    a: A / ab / al, b: B / bb / bl, c: C / cb / cl, d: D / db / dl, e: E / eb / el, g: G / gb / gl, h: H / hb / hl, p: P / pb / pl, q: Q / qb / ql, u: U / ub / ul, v: V / vb / vl, x: X / xb / xl, i13: I13 / ib13 / il13);
reduce_fn!(reduce_zip14, reduce_axis_zip14, reduce_zip14_impl, reduce_axis_zip14_impl, FullK14, LaneK14, ColK14, fill14, 14;
    a: A / ab / al, b: B / bb / bl, c: C / cb / cl, d: D / db / dl, e: E / eb / el, g: G / gb / gl, h: H / hb / hl, p: P / pb / pl, q: Q / qb / ql, u: U / ub / ul, v: V / vb / vl, x: X / xb / xl, i13: I13 / ib13 / il13, i14: I14 / ib14 / il14);
reduce_fn!(reduce_zip15, reduce_axis_zip15, reduce_zip15_impl, reduce_axis_zip15_impl, FullK15, LaneK15, ColK15, fill15, 15;
    a: A / ab / al, b: B / bb / bl, c: C / cb / cl, d: D / db / dl, e: E / eb / el, g: G / gb / gl, h: H / hb / hl, p: P / pb / pl, q: Q / qb / ql, u: U / ub / ul, v: V / vb / vl, x: X / xb / xl, i13: I13 / ib13 / il13, i14: I14 / ib14 / il14, i15: I15 / ib15 / il15);
reduce_fn!(reduce_zip16, reduce_axis_zip16, reduce_zip16_impl, reduce_axis_zip16_impl, FullK16, LaneK16, ColK16, fill16, 16;
    a: A / ab / al, b: B / bb / bl, c: C / cb / cl, d: D / db / dl, e: E / eb / el, g: G / gb / gl, h: H / hb / hl, p: P / pb / pl, q: Q / qb / ql, u: U / ub / ul, v: V / vb / vl, x: X / xb / xl, i13: I13 / ib13 / il13, i14: I14 / ib14 / il14, i15: I15 / ib15 / il15, i16: I16 / ib16 / il16);
