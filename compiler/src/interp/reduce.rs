//! Reductions and scans.

use super::val::{from_array, internal, view, Elem, Float, Num, Val, R};
use crate::ir::{DType, ReduceOp, ScanOp};
use ndarray::{ArrayD, ArrayViewD, Axis, IxDyn, Zip};

fn bad(op: &str, dt: DType) -> arr::Error {
    internal(format!("`{op}` is not defined for {}", dt.name()))
}

fn empty_err(op: ReduceOp) -> arr::Error {
    arr::Error::Other(format!(
        "`{}` of an empty array (the operation has no identity)",
        op.name()
    ))
}

pub(crate) fn reduce(op: ReduceOp, v: &Val, axis: Option<usize>, keepdims: bool) -> R<Val> {
    let dt = v.dtype()?;
    let name = op.name();
    match op {
        ReduceOp::Sum => with_num!(dt, T => reduce_with::<T, T>(v, axis, keepdims, |l| {
            Ok(<T as Num>::sum_iter(l.iter().copied()))
        }), else Err(bad(name, dt))),
        ReduceOp::Prod => with_num!(dt, T => reduce_with::<T, T>(v, axis, keepdims, |l| {
            Ok(<T as Num>::prod_iter(l.iter().copied()))
        }), else Err(bad(name, dt))),
        ReduceOp::Mean => with_float!(dt, T => reduce_with::<T, T>(v, axis, keepdims, |l| {
            let s = l.iter().fold(0.0f64, |a, x| a + x.to_f64());
            Ok(T::from_f64(s / l.len() as f64))
        }), else Err(bad(name, dt))),
        ReduceOp::Max | ReduceOp::Min => {
            check_nonempty(op, v, axis)?;
            let is_max = op == ReduceOp::Max;
            with_any!(dt, T => reduce_with::<T, T>(v, axis, keepdims, |l| extreme(op, l, is_max).map(|(_, x)| x)))
        }
        ReduceOp::ArgMax | ReduceOp::ArgMin => {
            check_nonempty(op, v, axis)?;
            let is_max = op == ReduceOp::ArgMax;
            with_any!(dt, T => reduce_with::<T, i64>(v, axis, keepdims, |l| {
                extreme(op, l, is_max).map(|(i, _)| i as i64)
            }))
        }
        ReduceOp::Any | ReduceOp::All => {
            if dt != DType::Bool {
                return Err(bad(name, dt));
            }
            let all = op == ReduceOp::All;
            reduce_with::<bool, bool>(v, axis, keepdims, |l| {
                Ok(if all {
                    l.iter().all(|x| *x)
                } else {
                    l.iter().any(|x| *x)
                })
            })
        }
    }
}

/// NumPy raises for max/min/argmax/argmin when the reduced axis (or the whole array) is
/// empty, even if the result would have no elements.
fn check_nonempty(op: ReduceOp, v: &Val, axis: Option<usize>) -> R<()> {
    let shape = v.shape();
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

/// The (flat index, value) of the maximum or minimum: the first one on ties, and the
/// first NaN if there is one (NaN propagates).
fn extreme<T: Elem>(op: ReduceOp, l: ArrayViewD<'_, T>, is_max: bool) -> R<(usize, T)> {
    let mut it = l.iter().copied().enumerate();
    let Some((mut bi, mut best)) = it.next() else {
        return Err(empty_err(op));
    };
    if best.is_nan_e() {
        return Ok((bi, best));
    }
    for (i, x) in it {
        if x.is_nan_e() {
            return Ok((i, x));
        }
        if (is_max && x > best) || (!is_max && x < best) {
            bi = i;
            best = x;
        }
    }
    Ok((bi, best))
}

/// Applies `f` to the whole array (axis `None`) or to every lane along `axis`.
fn reduce_with<T: Elem, O: Elem>(
    v: &Val,
    axis: Option<usize>,
    keepdims: bool,
    f: impl Fn(ArrayViewD<'_, T>) -> R<O>,
) -> R<Val> {
    let a = view::<T>(v)?;
    let ndim = a.ndim();
    match axis {
        None => {
            let r = f(a.view())?;
            if keepdims && ndim > 0 {
                Ok(from_array(ArrayD::from_elem(IxDyn(&vec![1; ndim]), r)))
            } else {
                Ok(Val::S(r.to_scalar()))
            }
        }
        Some(k) => {
            if k >= ndim {
                return Err(internal(format!(
                    "reduction axis {k} of a rank-{ndim} array"
                )));
            }
            let res = Zip::from(a.lanes(Axis(k))).map_collect(|l| f(l.into_dyn()));
            let shape = res.shape().to_vec();
            let mut out = Vec::with_capacity(res.len());
            for r in res.iter() {
                out.push(r.clone()?);
            }
            let mut arr = ArrayD::from_shape_vec(IxDyn(&shape), out).map_err(internal)?;
            if keepdims {
                arr = arr.insert_axis(Axis(k));
            }
            Ok(from_array(arr))
        }
    }
}

pub(crate) fn scan(op: ScanOp, v: &Val, axis: usize) -> R<Val> {
    let dt = v.dtype()?;
    let f = match op {
        ScanOp::CumSum => "cumsum",
        ScanOp::CumProd => "cumprod",
    };
    with_num!(dt, T => {
        let mut a = view::<T>(v)?.into_owned();
        if axis >= a.ndim() {
            return Err(internal(format!("`{f}` along axis {axis} of a rank-{} array", a.ndim())));
        }
        let step: fn(T, T) -> T = match op {
            ScanOp::CumSum => <T as Num>::add,
            ScanOp::CumProd => <T as Num>::mul,
        };
        for mut lane in a.lanes_mut(Axis(axis)) {
            let mut acc: Option<T> = None;
            for x in lane.iter_mut() {
                let y = match acc {
                    None => *x,
                    Some(p) => step(p, *x),
                };
                *x = y;
                acc = Some(y);
            }
        }
        Ok(from_array(a))
    }, else Err(bad(f, dt)))
}
