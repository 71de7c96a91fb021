//! Building arrays (`zeros`, `arange`, `linspace`, `eye`), linear algebra, and shape
//! operations (transpose, reshape, concat, stack, flip).

use super::val::{check_count, from_array, internal, reshape_rowmajor, view, Elem, Num, Val, R};
use crate::ir::{DType, Scalar};
use ndarray::{Array1, Array2, ArrayD, ArrayViewD, Axis, Ix2, IxDyn};

fn sizes_of(sizes: &[i64], what: &str) -> R<Vec<usize>> {
    sizes
        .iter()
        .enumerate()
        .map(|(i, &s)| {
            usize::try_from(s).map_err(|_| arr::Error::InvalidSize {
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

/// `zeros`/`ones`/`full`.
pub(crate) fn fill(sizes: &[i64], value: Scalar) -> R<Val> {
    let shape = sizes_of(sizes, "an array shape")?;
    if shape.is_empty() {
        return Ok(Val::S(value));
    }
    with_any!(value.dtype(), T => {
        check_count::<T>(&shape, "array")?;
        let x = T::from_scalar(value).ok_or_else(|| internal("fill value"))?;
        Ok(from_array(ArrayD::from_elem(IxDyn(&shape), x)))
    })
}

pub(crate) fn arange(n: i64) -> R<Val> {
    let len = sizes_of(&[n], "`arange`")?[0];
    check_count::<i64>(&[len], "`arange`")?;
    Ok(from_array(Array1::from_iter(0..n).into_dyn()))
}

pub(crate) fn linspace(start: Scalar, stop: Scalar, n: i64) -> R<Val> {
    let len = sizes_of(&[n], "`linspace`")?[0];
    let dt = start.dtype();
    with_float!(dt, T => {
        check_count::<T>(&[len], "`linspace`")?;
        let a = T::from_scalar(start).ok_or_else(|| internal("linspace start"))?;
        let b = T::from_scalar(stop).ok_or_else(|| internal("linspace stop"))?;
        let mut out: Vec<T> = Vec::with_capacity(len);
        if len == 1 {
            out.push(a);
        } else if len > 1 {
            let step = Num::div(Num::sub(b, a), T::from_i64(n - 1));
            for i in 0..n {
                out.push(Num::add(a, Num::mul(T::from_i64(i), step)));
            }
            out[len - 1] = b;
        }
        Ok(from_array(Array1::from_vec(out).into_dyn()))
    }, else Err(internal(format!("linspace of {}", dt.name()))))
}

pub(crate) fn eye(n: i64, dtype: DType) -> R<Val> {
    let n = sizes_of(&[n], "`eye`")?[0];
    with_any!(dtype, T => {
        check_count::<T>(&[n, n], "`eye`")?;
        let one = T::from_bool(true);
        Ok(from_array(Array2::from_shape_fn((n, n), |(i, j)| if i == j { one } else { T::default() }).into_dyn()))
    })
}

fn mismatch(msg: String) -> arr::Error {
    arr::Error::ShapeMismatch(msg)
}

/// `a @ b` for ranks (2,2), (2,1), (1,2), (1,1).
pub(crate) fn matmul(a: &Val, b: &Val) -> R<Val> {
    let dt = a.dtype()?;
    with_num!(dt, T => matmul_gen::<T>(a, b), else Err(internal("matmul of bool")))
}

fn matmul_gen<T: Num>(a: &Val, b: &Val) -> R<Val> {
    let av = view::<T>(a)?;
    let bv = view::<T>(b)?;
    let (ra, rb) = (av.ndim(), bv.ndim());
    if !(1..=2).contains(&ra) || !(1..=2).contains(&rb) {
        return Err(internal(format!("matmul of ranks {ra} and {rb}")));
    }
    let k1 = av.shape()[ra - 1];
    let k2 = bv.shape()[0];
    if k1 != k2 {
        return Err(mismatch(format!(
            "matmul of shapes {} and {}: inner sizes {k1} and {k2} differ",
            arr::Error::shape_str(av.shape()),
            arr::Error::shape_str(bv.shape())
        )));
    }
    let a2 = if ra == 1 {
        av.view().insert_axis(Axis(0))
    } else {
        av.view()
    };
    let b2 = if rb == 1 {
        bv.view().insert_axis(Axis(1))
    } else {
        bv.view()
    };
    let a2 = a2.into_dimensionality::<Ix2>().map_err(internal)?;
    let b2 = b2.into_dimensionality::<Ix2>().map_err(internal)?;
    check_count::<T>(&[a2.dim().0, b2.dim().1], "matmul")?;
    let r = T::matmul2(&a2, &b2);
    let mut r = r.into_dyn();
    if rb == 1 {
        r = r.index_axis_move(Axis(1), 0);
    }
    if ra == 1 {
        r = r.index_axis_move(Axis(0), 0);
    }
    Ok(from_array(r))
}

pub(crate) fn transpose(v: &Val, perm: &[usize]) -> R<Val> {
    let dt = v.dtype()?;
    let nd = v.shape().len();
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
    if nd == 0 {
        return Ok(v.clone());
    }
    with_any!(dt, T => {
        let a = view::<T>(v)?;
        Ok(from_array(a.view().permuted_axes(IxDyn(perm)).to_owned()))
    })
}

pub(crate) fn reshape(v: &Val, sizes: &[i64]) -> R<Val> {
    let dt = v.dtype()?;
    let shape = sizes_of(sizes, "`reshape`")?;
    with_any!(dt, T => {
        let a = view::<T>(v)?;
        let to_shape = || arr::Error::shape_str(&shape);
        let count = check_count::<T>(&shape, "`reshape`")
            .map_err(|_| arr::Error::BadReshape { from: a.len(), to: to_shape() })?;
        if count != a.len() {
            return Err(arr::Error::BadReshape { from: a.len(), to: to_shape() });
        }
        Ok(from_array(reshape_rowmajor(&a.view(), &shape)?))
    })
}

fn same_dtype(vals: &[Val]) -> R<DType> {
    let dt = vals
        .first()
        .ok_or_else(|| internal("empty list of arrays"))?
        .dtype()?;
    for v in vals {
        if v.dtype()? != dt {
            return Err(internal("arrays of different element types"));
        }
    }
    Ok(dt)
}

fn shapes_str(vals: &[Val]) -> String {
    vals.iter()
        .map(|v| arr::Error::shape_str(v.shape()))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) fn concat(vals: &[Val], axis: usize) -> R<Val> {
    let dt = same_dtype(vals)?;
    let first = vals[0].shape();
    let nd = first.len();
    if axis >= nd {
        return Err(internal(format!(
            "concat along axis {axis} of rank-{nd} arrays"
        )));
    }
    for v in vals {
        let s = v.shape();
        if s.len() != nd || (0..nd).any(|i| i != axis && s[i] != first[i]) {
            return Err(mismatch(format!(
                "cannot concatenate arrays of shapes {} along axis {axis}",
                shapes_str(vals)
            )));
        }
    }
    with_any!(dt, T => {
        let views = vals.iter().map(view::<T>).collect::<R<Vec<_>>>()?;
        let vs: Vec<ArrayViewD<'_, T>> = views.iter().map(|v| v.view()).collect();
        let total: usize = vs.iter().map(|v| v.shape()[axis]).sum();
        let mut shape = first.to_vec();
        shape[axis] = total;
        check_count::<T>(&shape, "concat")?;
        let r = ndarray::concatenate(Axis(axis), &vs).map_err(|e| mismatch(e.to_string()))?;
        Ok(from_array(r))
    })
}

/// `stack` and array literals. `dtype` is used only for an empty list.
pub(crate) fn stack(vals: &[Val], axis: usize, dtype: DType) -> R<Val> {
    if vals.is_empty() {
        return with_any!(dtype, T => Ok(from_array(ArrayD::<T>::from_elem(IxDyn(&[0]), T::default()))));
    }
    let dt = same_dtype(vals)?;
    let first = vals[0].shape();
    let nd = first.len();
    if axis > nd {
        return Err(internal(format!(
            "stack along axis {axis} of rank-{nd} arrays"
        )));
    }
    if vals.iter().any(|v| v.shape() != first) {
        return Err(mismatch(format!(
            "cannot stack arrays of shapes {}",
            shapes_str(vals)
        )));
    }
    with_any!(dt, T => {
        if nd == 0 {
            let xs = vals
                .iter()
                .map(|v| v.scalar().and_then(|s| T::from_scalar(s).ok_or_else(|| internal("stack"))))
                .collect::<R<Vec<T>>>()?;
            return Ok(from_array(Array1::from_vec(xs).into_dyn()));
        }
        let views = vals.iter().map(view::<T>).collect::<R<Vec<_>>>()?;
        let vs: Vec<ArrayViewD<'_, T>> = views.iter().map(|v| v.view()).collect();
        let mut shape = first.to_vec();
        shape.insert(axis, vals.len());
        check_count::<T>(&shape, "stack")?;
        let r = ndarray::stack(Axis(axis), &vs).map_err(|e| mismatch(e.to_string()))?;
        Ok(from_array(r))
    })
}

pub(crate) fn flip(v: &Val, axis: Option<usize>) -> R<Val> {
    let dt = v.dtype()?;
    let nd = v.shape().len();
    if let Some(k) = axis {
        if k >= nd {
            return Err(internal(format!(
                "flip along axis {k} of a rank-{nd} array"
            )));
        }
    }
    if nd == 0 {
        return Ok(v.clone());
    }
    with_any!(dt, T => {
        let a = view::<T>(v)?;
        let mut w = a.view();
        match axis {
            Some(k) => w.invert_axis(Axis(k)),
            None => (0..nd).for_each(|k| w.invert_axis(Axis(k))),
        }
        Ok(from_array(w.to_owned()))
    })
}
