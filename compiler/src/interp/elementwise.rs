//! Elementwise operations with NumPy broadcasting: unary and binary operators, math
//! functions, casts. Scalars take an allocation-free path.

use super::val::{
    broadcast_shape, broadcast_view, check_count, from_array, internal, view, Elem, Float, Num,
    Val, R,
};
use crate::ir::{BinaryOp, DType, MathFn, UnaryOp};
use ndarray::Zip;

/// `f` applied to every element.
pub(crate) fn map1<A: Elem, O: Elem>(v: &Val, f: impl Fn(A) -> O) -> R<Val> {
    if let Val::S(s) = v {
        let x = A::from_scalar(*s).ok_or_else(|| super::val::dtype_err(A::DT, s.dtype()))?;
        return Ok(Val::S(f(x).to_scalar()));
    }
    let a = view::<A>(v)?;
    Ok(from_array(a.mapv(f)))
}

/// `f` applied to the broadcast pairs of elements.
pub(crate) fn zip2<A: Elem, B: Elem, O: Elem>(a: &Val, b: &Val, f: impl Fn(A, B) -> O) -> R<Val> {
    if let (Val::S(x), Val::S(y)) = (a, b) {
        let x = A::from_scalar(*x).ok_or_else(|| super::val::dtype_err(A::DT, x.dtype()))?;
        let y = B::from_scalar(*y).ok_or_else(|| super::val::dtype_err(B::DT, y.dtype()))?;
        return Ok(Val::S(f(x, y).to_scalar()));
    }
    let av = view::<A>(a)?;
    let bv = view::<B>(b)?;
    let shape = broadcast_shape(av.shape(), bv.shape())?;
    check_count::<O>(&shape, "a broadcast result")?;
    let (av, bv) = (av.view(), bv.view());
    let ab = broadcast_view(&av, &shape)?;
    let bb = broadcast_view(&bv, &shape)?;
    Ok(from_array(
        Zip::from(&ab).and(&bb).map_collect(|x, y| f(*x, *y)),
    ))
}

/// `f` applied to the broadcast triples of elements.
pub(crate) fn zip3<A: Elem, B: Elem, C: Elem, O: Elem>(
    a: &Val,
    b: &Val,
    c: &Val,
    f: impl Fn(A, B, C) -> O,
) -> R<Val> {
    if let (Some(x), Some(y), Some(z)) = (scalar::<A>(a)?, scalar::<B>(b)?, scalar::<C>(c)?) {
        return Ok(Val::S(f(x, y, z).to_scalar()));
    }
    let av = view::<A>(a)?;
    let bv = view::<B>(b)?;
    let cv = view::<C>(c)?;
    let shape = broadcast_shape(&broadcast_shape(av.shape(), bv.shape())?, cv.shape())?;
    check_count::<O>(&shape, "a broadcast result")?;
    let (av, bv, cv) = (av.view(), bv.view(), cv.view());
    let ab = broadcast_view(&av, &shape)?;
    let bb = broadcast_view(&bv, &shape)?;
    let cb = broadcast_view(&cv, &shape)?;
    Ok(from_array(
        Zip::from(&ab)
            .and(&bb)
            .and(&cb)
            .map_collect(|x, y, z| f(*x, *y, *z)),
    ))
}

/// `Some(x)` for a scalar of `T`, `None` for an array, an error for another dtype.
fn scalar<T: Elem>(v: &Val) -> R<Option<T>> {
    match v {
        Val::S(s) => T::from_scalar(*s)
            .map(Some)
            .ok_or_else(|| super::val::dtype_err(T::DT, s.dtype())),
        _ => Ok(None),
    }
}

fn bad_dtype(what: &str, dt: DType) -> arr::Error {
    internal(format!("{what} is not defined for {}", dt.name()))
}

pub(crate) fn unary(op: UnaryOp, v: &Val) -> R<Val> {
    let dt = v.dtype()?;
    match op {
        UnaryOp::Neg => {
            with_num!(dt, T => map1::<T, T>(v, <T as Num>::neg), else Err(bad_dtype("negation", dt)))
        }
        UnaryOp::Not => match dt {
            DType::Bool => map1::<bool, bool>(v, |x| !x),
            _ => Err(bad_dtype("`!`", dt)),
        },
    }
}

pub(crate) fn binary(op: BinaryOp, a: &Val, b: &Val) -> R<Val> {
    let dt = a.dtype()?;
    if b.dtype()? != dt {
        return Err(internal(format!(
            "operands of `{}` have element types {} and {}",
            op.symbol(),
            dt.name(),
            b.dtype()?.name()
        )));
    }
    with_num!(dt, T => binary_num::<T>(op, a, b), else binary_bool(op, a, b))
}

/// NaN-propagating minimum (`np.minimum`).
pub(crate) fn nan_min<T: Elem>(a: T, b: T) -> T {
    if a.is_nan_e() {
        a
    } else if b.is_nan_e() || b < a {
        b
    } else {
        a
    }
}

/// NaN-propagating maximum (`np.maximum`).
pub(crate) fn nan_max<T: Elem>(a: T, b: T) -> T {
    if a.is_nan_e() {
        a
    } else if b.is_nan_e() || b > a {
        b
    } else {
        a
    }
}

/// Whether any element satisfies `p` (only elements that reach the result matter, so an
/// empty broadcast result checks nothing).
fn any_elem<T: Elem>(a: &Val, b: &Val, p: impl Fn(T) -> bool) -> R<bool> {
    if let Some(x) = scalar::<T>(b)? {
        return Ok(p(x) && broadcast_shape(a.shape(), &[])?.iter().product::<usize>() > 0);
    }
    let shape = broadcast_shape(a.shape(), b.shape())?;
    if shape.iter().product::<usize>() == 0 {
        return Ok(false);
    }
    Ok(view::<T>(b)?.iter().any(|x| p(*x)))
}

fn binary_num<T: Num>(op: BinaryOp, a: &Val, b: &Val) -> R<Val> {
    let is_int = matches!(T::DT, DType::I32 | DType::I64);
    match op {
        BinaryOp::Add => zip2::<T, T, T>(a, b, T::add),
        BinaryOp::Sub => zip2::<T, T, T>(a, b, T::sub),
        BinaryOp::Mul => zip2::<T, T, T>(a, b, T::mul),
        BinaryOp::Div | BinaryOp::Rem => {
            if is_int && any_elem::<T>(a, b, T::is_zero)? {
                return Err(arr::Error::DivisionByZero);
            }
            if op == BinaryOp::Div {
                zip2::<T, T, T>(a, b, T::div)
            } else {
                zip2::<T, T, T>(a, b, T::rem)
            }
        }
        BinaryOp::Pow => {
            if is_int && any_elem::<T>(a, b, T::is_negative)? {
                return Err(arr::Error::Other(
                    "integers to negative integer powers are not allowed".to_string(),
                ));
            }
            // `x ** 2` is by far the most common power: square by multiplying (exactly
            // what a correctly rounded pow gives), as NumPy's fast path does.
            if let Some(e) = scalar::<T>(b)? {
                let two = T::add(T::sign(e), T::sign(e));
                if !T::is_negative(e) && !T::is_zero(e) && e == two {
                    return map1::<T, T>(a, |x| T::mul(x, x));
                }
            }
            zip2::<T, T, T>(a, b, T::pow)
        }
        BinaryOp::Eq => zip2::<T, T, bool>(a, b, |x, y| x == y),
        BinaryOp::Ne => zip2::<T, T, bool>(a, b, |x, y| x != y),
        BinaryOp::Lt => zip2::<T, T, bool>(a, b, |x, y| x < y),
        BinaryOp::Le => zip2::<T, T, bool>(a, b, |x, y| x <= y),
        BinaryOp::Gt => zip2::<T, T, bool>(a, b, |x, y| x > y),
        BinaryOp::Ge => zip2::<T, T, bool>(a, b, |x, y| x >= y),
        BinaryOp::And | BinaryOp::Or => Err(bad_dtype(op.symbol(), T::DT)),
    }
}

fn binary_bool(op: BinaryOp, a: &Val, b: &Val) -> R<Val> {
    type B = bool;
    match op {
        BinaryOp::And => zip2::<B, B, B>(a, b, |x, y| x && y),
        BinaryOp::Or => zip2::<B, B, B>(a, b, |x, y| x || y),
        BinaryOp::Eq => zip2::<B, B, B>(a, b, |x, y| x == y),
        BinaryOp::Ne => zip2::<B, B, B>(a, b, |x, y| x != y),
        BinaryOp::Lt => zip2::<B, B, B>(a, b, |x, y| !x & y),
        BinaryOp::Le => zip2::<B, B, B>(a, b, |x, y| x <= y),
        BinaryOp::Gt => zip2::<B, B, B>(a, b, |x, y| x & !y),
        BinaryOp::Ge => zip2::<B, B, B>(a, b, |x, y| x >= y),
        _ => Err(bad_dtype(op.symbol(), DType::Bool)),
    }
}

pub(crate) fn math(fun: MathFn, args: &[Val]) -> R<Val> {
    let arity = match fun {
        MathFn::Atan2 | MathFn::Minimum | MathFn::Maximum => 2,
        MathFn::Clip | MathFn::Where => 3,
        _ => 1,
    };
    if args.len() != arity {
        return Err(internal(format!(
            "`{}` takes {arity} operands, got {}",
            fun.name(),
            args.len()
        )));
    }
    let dt = args[if fun == MathFn::Where { 1 } else { 0 }].dtype()?;
    let bad = || bad_dtype(fun.name(), dt);
    match fun {
        MathFn::Abs => with_num!(dt, T => map1::<T, T>(&args[0], <T as Num>::abs), else Err(bad())),
        MathFn::Sign => {
            with_num!(dt, T => map1::<T, T>(&args[0], <T as Num>::sign), else Err(bad()))
        }
        MathFn::IsNan => {
            with_float!(dt, T => map1::<T, bool>(&args[0], |x| x.is_nan()), else Err(bad()))
        }
        MathFn::Atan2 => {
            with_float!(dt, T => zip2::<T, T, T>(&args[0], &args[1], <T as Float>::atan2), else Err(bad()))
        }
        MathFn::Minimum => with_any!(dt, T => zip2::<T, T, T>(&args[0], &args[1], nan_min)),
        MathFn::Maximum => with_any!(dt, T => zip2::<T, T, T>(&args[0], &args[1], nan_max)),
        MathFn::Clip => {
            with_any!(dt, T => zip3::<T, T, T, T>(&args[0], &args[1], &args[2], |x, lo, hi| {
                nan_min(nan_max(x, lo), hi)
            }))
        }
        MathFn::Where => {
            with_any!(dt, T => zip3::<bool, T, T, T>(&args[0], &args[1], &args[2], |c, x, y| {
                if c { x } else { y }
            }))
        }
        _ => with_float!(dt, T => {
            let f = <T as Float>::math1(fun).ok_or_else(bad)?;
            map1::<T, T>(&args[0], f)
        }, else Err(bad())),
    }
}

pub(crate) fn cast(to: DType, v: &Val) -> R<Val> {
    let from = v.dtype()?;
    if from == to {
        return Ok(v.clone());
    }
    with_any!(from, S => with_any!(to, U => map1::<S, U>(v, |x| x.cast::<U>())))
}
