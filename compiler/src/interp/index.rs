//! Indexing (NumPy basic indexing plus one gather) and indexed assignment.
//!
//! Every index is validated against the actual shape before any ndarray call, so that
//! the ndarray methods used afterwards (which panic when out of bounds) cannot panic.

use super::val::{check_count, from_array, internal, view, Elem, Val, R};
use crate::ir::{DType, Scalar};
use ndarray::{ArrayBase, ArrayD, Axis, IxDyn, RawData, Slice};
use std::rc::Rc;

/// An index entry with its operands evaluated.
#[derive(Debug, Clone)]
pub(crate) enum RIdx {
    At(i64),
    Slice {
        start: Option<i64>,
        stop: Option<i64>,
        step: i64,
    },
    NewAxis,
    Gather(Val),
}

/// An index entry checked against the actual shape.
#[derive(Debug)]
enum NIdx {
    At(usize),
    Slice {
        start: usize,
        stop: usize,
        step: usize,
    },
    NewAxis,
    /// Normalized indices, and the index array's shape.
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

fn normalize(items: &[RIdx], shape: &[usize]) -> R<Vec<NIdx>> {
    let consumed = items.iter().filter(|i| !matches!(i, RIdx::NewAxis)).count();
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
            RIdx::NewAxis => out.push(NIdx::NewAxis),
            RIdx::At(i) => {
                out.push(NIdx::At(norm_index(*i, ax, shape[ax])?));
                ax += 1;
            }
            RIdx::Slice { start, stop, step } => {
                let size = shape[ax];
                let n = size as i64;
                let fix = |x: i64| if x < 0 { x.wrapping_add(n) } else { x };
                let s = start.map_or(0, fix);
                let e = stop.map_or(n, fix);
                if *step <= 0 || s < 0 || s > e || e > n {
                    return Err(arr::Error::InvalidSlice {
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
            RIdx::Gather(v) => {
                gathers += 1;
                if gathers > 1 {
                    return Err(internal("more than one index array"));
                }
                if v.dtype()? != DType::I64 {
                    return Err(internal("an index array that is not i64"));
                }
                let idx = view::<i64>(v)?;
                let size = shape[ax];
                let norm = idx
                    .iter()
                    .map(|&i| norm_index(i, ax, size))
                    .collect::<R<Vec<usize>>>()?;
                out.push(NIdx::Gather(norm, idx.shape().to_vec()));
                ax += 1;
            }
        }
    }
    Ok(out)
}

fn norm_index(i: i64, axis: usize, size: usize) -> R<usize> {
    let n = size as i64;
    let j = if i < 0 { i.wrapping_add(n) } else { i };
    if j < 0 || j >= n {
        return Err(arr::Error::IndexOutOfRange {
            index: i,
            axis,
            size,
        });
    }
    Ok(j as usize)
}

/// Applies the basic entries (a gather entry keeps its axis whole) to an array or view.
/// Returns the result and the result axis of the gather entry, if any.
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

/// The most dimensions the scalar fast paths handle.
pub(crate) const FAST_RANK: usize = 8;

/// Normalizes scalar indices (one per axis) into `out`.
fn norm_all(idx: &[i64], shape: &[usize], out: &mut [usize; FAST_RANK]) -> R<()> {
    if idx.len() != shape.len() || idx.len() > FAST_RANK {
        return Err(internal(format!(
            "{} indices for an array of rank {}",
            idx.len(),
            shape.len()
        )));
    }
    for (k, (&i, &size)) in idx.iter().zip(shape).enumerate() {
        out[k] = norm_index(i, k, size)?;
    }
    Ok(())
}

/// Fast path of [`read`] for one scalar index per axis (no allocation for rank ≤ 4).
pub(crate) fn read_element(base: &Val, idx: &[i64]) -> R<Val> {
    let Val::A(a) = base else {
        return Err(internal("scalar indexing of a scalar"));
    };
    with_any!(a.dtype(), T => {
        let a = T::unwrap(a).ok_or_else(|| internal("dtype"))?;
        let mut u = [0usize; FAST_RANK];
        norm_all(idx, a.shape(), &mut u)?;
        let x = a.get(IxDyn(&u[..idx.len()])).ok_or_else(|| internal("element index"))?;
        Ok(Val::S(x.to_scalar()))
    })
}

/// Fast path of [`assign`] for a scalar value and one scalar index per axis.
pub(crate) fn write_element(target: &mut Val, idx: &[i64], value: Scalar) -> R<()> {
    let Val::A(a) = target else {
        return Err(internal("scalar indexing of a scalar"));
    };
    if a.dtype() != value.dtype() {
        return Err(internal("assignment of another element type"));
    }
    with_any!(a.dtype(), T => {
        let rc = T::unwrap_mut(a).ok_or_else(|| internal("dtype"))?;
        let mut u = [0usize; FAST_RANK];
        norm_all(idx, rc.shape(), &mut u)?;
        let x = T::from_scalar(value).ok_or_else(|| internal("dtype"))?;
        let slot = Rc::make_mut(rc).get_mut(IxDyn(&u[..idx.len()])).ok_or_else(|| internal("element index"))?;
        *slot = x;
        Ok(())
    })
}

/// `base[items]`.
pub(crate) fn read(base: &Val, items: &[RIdx]) -> R<Val> {
    with_any!(base.dtype()?, T => read_gen::<T>(base, items))
}

fn read_gen<T: Elem>(base: &Val, items: &[RIdx]) -> R<Val> {
    let a = view::<T>(base)?;
    let n = normalize(items, a.shape())?;
    // Fast path: a single element.
    if n.iter().all(|i| matches!(i, NIdx::At(_))) {
        let idx: Vec<usize> = n
            .iter()
            .map(|i| if let NIdx::At(j) = i { *j } else { 0 })
            .collect();
        let x = a
            .get(IxDyn(&idx))
            .ok_or_else(|| internal("element index"))?;
        return Ok(Val::S(x.to_scalar()));
    }
    let (sub, g) = apply_basic(a.view(), &n);
    match (g, gather_of(&n)) {
        (Some(g), Some((idx, ishape))) => {
            let mut shape = sub.shape()[..g].to_vec();
            shape.extend_from_slice(ishape);
            shape.extend_from_slice(&sub.shape()[g + 1..]);
            check_count::<T>(&shape, "gather")?;
            if shape.contains(&0) {
                return Ok(from_array(ArrayD::from_elem(IxDyn(&shape), T::default())));
            }
            let sel = sub.select(Axis(g), idx);
            let data: Vec<T> = sel.iter().copied().collect();
            Ok(from_array(
                ArrayD::from_shape_vec(IxDyn(&shape), data).map_err(internal)?,
            ))
        }
        _ => Ok(from_array(sub.to_owned())),
    }
}

/// `target[items] = value`, with `value` already evaluated.
pub(crate) fn assign(target: &mut Val, items: &[RIdx], value: &Val) -> R<()> {
    let dt = target.dtype()?;
    if value.dtype()? != dt {
        return Err(internal(format!(
            "assigning {} elements into a {} array",
            value.dtype()?.name(),
            dt.name()
        )));
    }
    with_any!(dt, T => assign_gen::<T>(target, items, value))
}

fn assign_gen<T: Elem>(target: &mut Val, items: &[RIdx], value: &Val) -> R<()> {
    // Take the array out of the local so that an unshared buffer is written in place.
    let mut rc: Rc<ArrayD<T>> = match std::mem::replace(target, Val::Unit) {
        Val::S(s) => Rc::new(ArrayD::from_elem(
            IxDyn(&[]),
            T::from_scalar(s).ok_or_else(|| internal("dtype"))?,
        )),
        Val::A(a) => T::unwrap_owned(a).ok_or_else(|| internal("dtype"))?,
        _ => return Err(internal("assignment into a tuple")),
    };
    let r = write(Rc::make_mut(&mut rc), items, value);
    *target = if rc.ndim() == 0 {
        Val::S(rc.first().copied().unwrap_or_default().to_scalar())
    } else {
        Val::A(T::wrap(rc))
    };
    r
}

fn region_mismatch(value: &[usize], region: &[usize]) -> arr::Error {
    arr::Error::ShapeMismatch(format!(
        "cannot assign a value of shape {} to a region of shape {}",
        arr::Error::shape_str(value),
        arr::Error::shape_str(region)
    ))
}

fn write<T: Elem>(arr: &mut ArrayD<T>, items: &[RIdx], value: &Val) -> R<()> {
    let n = normalize(items, arr.shape())?;
    if let (Val::S(s), true) = (value, n.iter().all(|i| matches!(i, NIdx::At(_)))) {
        let idx: Vec<usize> = n
            .iter()
            .map(|i| if let NIdx::At(j) = i { *j } else { 0 })
            .collect();
        let x = T::from_scalar(*s).ok_or_else(|| internal("dtype"))?;
        *arr.get_mut(IxDyn(&idx))
            .ok_or_else(|| internal("element index"))? = x;
        return Ok(());
    }
    let v = view::<T>(value)?;
    let mut v = v.view();
    let (mut region, g) = apply_basic(arr.view_mut(), &n);
    // The target shape the value must broadcast to.
    let target: Vec<usize> = match (g, gather_of(&n)) {
        (Some(g), Some((_, ishape))) => {
            let mut s = region.shape()[..g].to_vec();
            s.extend_from_slice(ishape);
            s.extend_from_slice(&region.shape()[g + 1..]);
            s
        }
        _ => region.shape().to_vec(),
    };
    // NumPy drops leading size-1 axes of a value of higher rank than the target.
    while v.ndim() > target.len() {
        if v.shape()[0] != 1 {
            return Err(region_mismatch(value.shape(), &target));
        }
        v = v.index_axis_move(Axis(0), 0);
    }
    let vb = v
        .broadcast(IxDyn(&target))
        .ok_or_else(|| region_mismatch(value.shape(), &target))?;
    match (g, gather_of(&n)) {
        (Some(g), Some((idx, _))) => {
            // Rows of the value in the order of the flattened index array.
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
