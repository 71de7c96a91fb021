//! Entry and exit checks of generated functions, and the checks elementwise code needs
//! (integer division by zero, negative integer powers). The reference interpreter builds
//! its entry-check errors with the same functions, so the messages cannot drift.

use super::{broadcast, internal, Elem, Num, R};
use crate::Error;
use ndarray::{ArrayD, ArrayViewD, IxDyn};

/// A value's type as messages print it: `[2, 3]f64`, or `f64` for a scalar.
pub fn type_str(shape: &[usize], dtype: &str) -> String {
    if shape.is_empty() {
        dtype.to_string()
    } else {
        format!("{}{dtype}", Error::shape_str(shape))
    }
}

/// An argument whose rank, size or dtype does not fit the parameter.
pub fn bad_argument(param: &str, expected: &str, got: &str) -> Error {
    Error::BadArgument {
        param: param.to_string(),
        expected: expected.to_string(),
        got: got.to_string(),
    }
}

/// A size variable bound from an axis: `(dim - offset) / scale`, which must be exact and
/// non-negative. `declared` is the axis's declared size, `var` the variable's name.
#[allow(clippy::too_many_arguments)]
pub fn size_from_axis(
    dim: usize,
    scale: i64,
    offset: i64,
    param: &str,
    axis: usize,
    declared: &str,
    var: &str,
) -> R<i64> {
    let dim = dim as i64;
    match dim.checked_sub(offset) {
        Some(num) if scale != 0 && num % scale == 0 && num / scale >= 0 => Ok(num / scale),
        _ => Err(Error::InvalidSize {
            value: dim,
            what: format!("`{param}` axis {axis}: it must be `{declared}` for a size `{var}` >= 0"),
        }),
    }
}

/// A size variable bound from an `i64` scalar parameter; must be >= 0.
pub fn size_from_scalar(value: i64, var: &str, param: &str) -> R<i64> {
    if value < 0 {
        return Err(Error::InvalidSize {
            value,
            what: format!("size `{var}` (argument `{param}`)"),
        });
    }
    Ok(value)
}

/// Checks one parameter axis against its declared size `want` (evaluated from the bound
/// size variables). `decl` is the declared size as written, `has_vars` whether it
/// mentions size variables, `sources` where they came from (`` `x` axis 0``).
#[allow(clippy::too_many_arguments)]
pub fn check_axis(
    want: i64,
    actual: usize,
    param: &str,
    axis: usize,
    decl: &str,
    has_vars: bool,
    sources: &str,
    expected_type: &str,
    got_type: &str,
) -> R<()> {
    if want == actual as i64 {
        return Ok(());
    }
    if !has_vars {
        return Err(bad_argument(param, expected_type, got_type));
    }
    let here = format!("`{param}` axis {axis}");
    if want < 0 {
        return Err(Error::InvalidSize {
            value: want,
            what: format!("`{decl}` (the size of {here})"),
        });
    }
    Err(Error::SizeMismatch {
        size: decl.to_string(),
        first: want as usize,
        first_source: sources.to_string(),
        second: actual,
        second_source: here,
    })
}

/// A declared shape with known sizes as `[3, ?]`.
pub fn declared_shape(want: &[Option<i64>]) -> String {
    let dims: Vec<String> = want
        .iter()
        .map(|s| s.map_or_else(|| "?".to_string(), |v| v.to_string()))
        .collect();
    format!("[{}]", dims.join(", "))
}

/// Checks result `index` of `func` against its declared type.
pub fn check_result(
    index: usize,
    func: &str,
    shape: &[usize],
    type_str: &str,
    want: &[Option<i64>],
) -> R<()> {
    let bad = shape.len() != want.len()
        || shape
            .iter()
            .zip(want)
            .any(|(&d, w)| matches!(w, Some(w) if *w != d as i64));
    if bad {
        return Err(Error::ShapeMismatch(format!(
            "result {index} of `{func}` has shape {}, but its declared type {type_str} requires {}",
            Error::shape_str(shape),
            declared_shape(want)
        )));
    }
    Ok(())
}

/// Brings a value assigned to a local to the local's declared shape (`want`: the sizes
/// known at run time, `None` for dynamic ones): a value with size-1 or missing axes
/// broadcasts.
pub fn coerce<T: Clone>(
    v: ArrayViewD<'_, T>,
    want: &[Option<i64>],
    name: &str,
    type_str: &str,
) -> R<ArrayD<T>> {
    let vshape = v.shape().to_vec();
    let mismatch = || {
        Error::ShapeMismatch(format!(
            "cannot assign a value of shape {} to `{name}` of type {type_str} = {}",
            Error::shape_str(&vshape),
            declared_shape(want)
        ))
    };
    let (rank, vrank) = (want.len(), vshape.len());
    if vrank > rank {
        return Err(mismatch());
    }
    let mut target = Vec::with_capacity(rank);
    for (i, decl) in want.iter().enumerate() {
        let vi = (i + vrank).checked_sub(rank).map(|j| vshape[j]);
        match (decl, vi) {
            (Some(d), _) => target.push(usize::try_from(*d).map_err(|_| mismatch())?),
            (None, Some(d)) => target.push(d),
            (None, None) => return Err(mismatch()),
        }
    }
    if target == vshape {
        return Ok(v.to_owned());
    }
    let b = broadcast(&v, &target).map_err(|_| mismatch())?;
    super::check_count::<T>(&target, "broadcast")?;
    Ok(b.to_owned())
}

/// [`coerce`] of an owned value (no copy when the shape already fits).
pub fn coerce_owned<T: Clone>(
    v: ArrayD<T>,
    want: &[Option<i64>],
    name: &str,
    type_str: &str,
) -> R<ArrayD<T>> {
    let fits = v.ndim() == want.len()
        && v.shape()
            .iter()
            .zip(want)
            .all(|(&d, w)| w.is_none_or(|w| w == d as i64));
    if fits {
        Ok(v)
    } else {
        coerce(v.view(), want, name, type_str)
    }
}

/// A scalar as a 0-d array (to assign it to an array local).
pub fn scalar_array<T: Clone>(x: T) -> ArrayD<T> {
    ArrayD::from_elem(IxDyn(&[]), x)
}

fn count(shape: &[usize]) -> usize {
    shape.iter().product()
}

/// Integer division or remainder by an array divisor broadcast to `shape`: an error if
/// the result is not empty and any divisor is zero.
pub fn check_divisor<T: Elem>(b: &ArrayViewD<'_, T>, shape: &[usize]) -> R<()> {
    if count(shape) > 0 && b.iter().any(|x| x.is_zero()) {
        return Err(Error::DivisionByZero);
    }
    Ok(())
}

/// [`check_divisor`] for a scalar divisor.
pub fn check_divisor_scalar<T: Elem>(b: T, shape: &[usize]) -> R<()> {
    if count(shape) > 0 && b.is_zero() {
        return Err(Error::DivisionByZero);
    }
    Ok(())
}

fn neg_pow() -> Error {
    Error::Other("integers to negative integer powers are not allowed".to_string())
}

/// Integer powers with an array exponent: an error if any exponent is negative.
pub fn check_exponent<T: Elem>(b: &ArrayViewD<'_, T>, shape: &[usize]) -> R<()> {
    if count(shape) > 0 && b.iter().any(|x| x.is_negative()) {
        return Err(neg_pow());
    }
    Ok(())
}

/// [`check_exponent`] for a scalar exponent.
pub fn check_exponent_scalar<T: Elem>(b: T, shape: &[usize]) -> R<()> {
    if count(shape) > 0 && b.is_negative() {
        return Err(neg_pow());
    }
    Ok(())
}

/// Scalar integer division (checked).
pub fn div<T: Num>(a: T, b: T) -> R<T> {
    if b.is_zero() {
        return Err(Error::DivisionByZero);
    }
    Ok(a.div(b))
}

/// Scalar integer remainder (checked).
pub fn rem<T: Num>(a: T, b: T) -> R<T> {
    if b.is_zero() {
        return Err(Error::DivisionByZero);
    }
    Ok(a.rem(b))
}

/// Scalar integer power (checked).
pub fn pow<T: Num>(a: T, b: T) -> R<T> {
    if b.is_negative() {
        return Err(neg_pow());
    }
    Ok(a.pow(b))
}

/// Converts an `i64` used as a size (loop bounds are plain i64 and need no check).
pub fn to_usize(v: i64, what: &str) -> R<usize> {
    usize::try_from(v).map_err(|_| Error::InvalidSize {
        value: v,
        what: what.to_string(),
    })
}

/// `x` unchanged; used where generated code needs an explicit internal check.
pub fn expect<T>(x: Option<T>, what: &str) -> R<T> {
    x.ok_or_else(|| internal(what))
}
