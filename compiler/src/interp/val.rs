//! Run-time values of the interpreter and the element-type machinery.
//!
//! A [`Val`] is a scalar (an [`ir::Scalar`](crate::ir::Scalar), no allocation), an array of
//! rank ≥ 1 shared copy-on-write ([`Arr`]), a tuple or unit. Arrays of rank 0 never appear:
//! [`from_array`] turns them into scalars, so every rank-0 value is a `Val::S`.
//!
//! Generic code is written once over the [`Elem`] trait (every element type), [`Num`]
//! (numbers) and [`Float`], and instantiated per dtype by the `with_*!` macros.

use crate::ir::{DType, MathFn, Scalar};
use crate::value::Value;
use ndarray::{Array2, ArrayD, ArrayView2, ArrayViewD, CowArray, IxDyn};
use std::rc::Rc;

pub(crate) type R<T> = Result<T, arr::Error>;

/// An interpreter bug or an IR that breaks its invariants: never a user error.
pub(crate) fn internal(msg: impl std::fmt::Display) -> arr::Error {
    arr::Error::Other(format!("internal error in the interpreter: {msg}"))
}

/// An array of rank ≥ 1, shared copy-on-write.
#[derive(Debug, Clone)]
pub(crate) enum Arr {
    F32(Rc<ArrayD<f32>>),
    F64(Rc<ArrayD<f64>>),
    I32(Rc<ArrayD<i32>>),
    I64(Rc<ArrayD<i64>>),
    Bool(Rc<ArrayD<bool>>),
}

impl Arr {
    pub(crate) fn dtype(&self) -> DType {
        match self {
            Arr::F32(_) => DType::F32,
            Arr::F64(_) => DType::F64,
            Arr::I32(_) => DType::I32,
            Arr::I64(_) => DType::I64,
            Arr::Bool(_) => DType::Bool,
        }
    }

    pub(crate) fn shape(&self) -> &[usize] {
        match self {
            Arr::F32(a) => a.shape(),
            Arr::F64(a) => a.shape(),
            Arr::I32(a) => a.shape(),
            Arr::I64(a) => a.shape(),
            Arr::Bool(a) => a.shape(),
        }
    }
}

/// A run-time value.
#[derive(Debug, Clone)]
pub(crate) enum Val {
    S(Scalar),
    A(Arr),
    Tuple(Vec<Val>),
    /// No value (an `if` without `else`), also the state of a local not yet assigned.
    Unit,
}

impl Val {
    pub(crate) fn dtype(&self) -> R<DType> {
        match self {
            Val::S(s) => Ok(s.dtype()),
            Val::A(a) => Ok(a.dtype()),
            Val::Tuple(_) | Val::Unit => {
                Err(internal("a tuple or unit where an array was expected"))
            }
        }
    }

    /// The shape (empty for scalars, tuples and unit).
    pub(crate) fn shape(&self) -> &[usize] {
        match self {
            Val::A(a) => a.shape(),
            _ => &[],
        }
    }

    pub(crate) fn is_value(&self) -> bool {
        matches!(self, Val::S(_) | Val::A(_))
    }

    pub(crate) fn scalar(&self) -> R<Scalar> {
        match self {
            Val::S(s) => Ok(*s),
            _ => Err(internal("an array where a scalar was expected")),
        }
    }

    pub(crate) fn as_i64(&self) -> R<i64> {
        match self.scalar()? {
            Scalar::I64(v) => Ok(v),
            s => Err(internal(format!("expected an i64 scalar, got {s:?}"))),
        }
    }

    pub(crate) fn as_bool(&self) -> R<bool> {
        match self.scalar()? {
            Scalar::Bool(v) => Ok(v),
            s => Err(internal(format!("expected a bool scalar, got {s:?}"))),
        }
    }

    /// The type as written in Arr with concrete sizes (`[2, 3]f64`).
    pub(crate) fn type_str(&self) -> String {
        match self {
            Val::S(s) => s.dtype().name().to_string(),
            Val::A(a) => format!("{}{}", arr::Error::shape_str(a.shape()), a.dtype().name()),
            Val::Tuple(_) => "a tuple".to_string(),
            Val::Unit => "no value".to_string(),
        }
    }

    pub(crate) fn from_value(v: &Value) -> Val {
        match v {
            Value::F32(a) => from_array(a.clone()),
            Value::F64(a) => from_array(a.clone()),
            Value::I32(a) => from_array(a.clone()),
            Value::I64(a) => from_array(a.clone()),
            Value::Bool(a) => from_array(a.clone()),
        }
    }

    pub(crate) fn into_value(self) -> R<Value> {
        fn un<T: Clone>(a: Rc<ArrayD<T>>) -> ArrayD<T> {
            Rc::try_unwrap(a).unwrap_or_else(|a| (*a).clone())
        }
        Ok(match self {
            Val::S(s) => match s {
                Scalar::F32(x) => Value::F32(ArrayD::from_elem(IxDyn(&[]), x)),
                Scalar::F64(x) => Value::F64(ArrayD::from_elem(IxDyn(&[]), x)),
                Scalar::I32(x) => Value::I32(ArrayD::from_elem(IxDyn(&[]), x)),
                Scalar::I64(x) => Value::I64(ArrayD::from_elem(IxDyn(&[]), x)),
                Scalar::Bool(x) => Value::Bool(ArrayD::from_elem(IxDyn(&[]), x)),
            },
            Val::A(a) => match a {
                Arr::F32(a) => Value::F32(un(a)),
                Arr::F64(a) => Value::F64(un(a)),
                Arr::I32(a) => Value::I32(un(a)),
                Arr::I64(a) => Value::I64(un(a)),
                Arr::Bool(a) => Value::Bool(un(a)),
            },
            Val::Tuple(_) | Val::Unit => return Err(internal("a tuple or unit as a result value")),
        })
    }
}

/// An element type.
pub(crate) trait Elem:
    Copy + PartialEq + PartialOrd + Default + std::fmt::Debug + 'static
{
    const DT: DType;
    fn to_scalar(self) -> Scalar;
    fn from_scalar(s: Scalar) -> Option<Self>;
    fn wrap(a: Rc<ArrayD<Self>>) -> Arr;
    fn unwrap(a: &Arr) -> Option<&Rc<ArrayD<Self>>>;
    fn unwrap_owned(a: Arr) -> Option<Rc<ArrayD<Self>>>;
    fn unwrap_mut(a: &mut Arr) -> Option<&mut Rc<ArrayD<Self>>>;
    fn is_nan_e(self) -> bool;
    // Conversions with Rust `as` semantics (to bool: `!= 0`).
    fn from_f32(x: f32) -> Self;
    fn from_f64(x: f64) -> Self;
    fn from_i32(x: i32) -> Self;
    fn from_i64(x: i64) -> Self;
    fn from_bool(x: bool) -> Self;
    fn cast<U: Elem>(self) -> U;
}

macro_rules! impl_elem_common {
    ($t:ty, $var:ident, $cast_fn:ident) => {
        const DT: DType = DType::$var;
        fn to_scalar(self) -> Scalar {
            Scalar::$var(self)
        }
        fn from_scalar(s: Scalar) -> Option<Self> {
            match s {
                Scalar::$var(x) => Some(x),
                _ => None,
            }
        }
        fn wrap(a: Rc<ArrayD<Self>>) -> Arr {
            Arr::$var(a)
        }
        fn unwrap(a: &Arr) -> Option<&Rc<ArrayD<Self>>> {
            match a {
                Arr::$var(x) => Some(x),
                _ => None,
            }
        }
        fn unwrap_owned(a: Arr) -> Option<Rc<ArrayD<Self>>> {
            match a {
                Arr::$var(x) => Some(x),
                _ => None,
            }
        }
        fn unwrap_mut(a: &mut Arr) -> Option<&mut Rc<ArrayD<Self>>> {
            match a {
                Arr::$var(x) => Some(x),
                _ => None,
            }
        }
        fn cast<U: Elem>(self) -> U {
            U::$cast_fn(self)
        }
    };
}

macro_rules! impl_elem_num {
    ($t:ty, $var:ident, $cast_fn:ident, $nan:expr) => {
        impl Elem for $t {
            impl_elem_common!($t, $var, $cast_fn);
            fn is_nan_e(self) -> bool {
                let f: fn($t) -> bool = $nan;
                f(self)
            }
            fn from_f32(x: f32) -> Self {
                x as $t
            }
            fn from_f64(x: f64) -> Self {
                x as $t
            }
            fn from_i32(x: i32) -> Self {
                x as $t
            }
            fn from_i64(x: i64) -> Self {
                x as $t
            }
            fn from_bool(x: bool) -> Self {
                u8::from(x) as $t
            }
        }
    };
}

impl_elem_num!(f32, F32, from_f32, |x| x.is_nan());
impl_elem_num!(f64, F64, from_f64, |x| x.is_nan());
impl_elem_num!(i32, I32, from_i32, |_| false);
impl_elem_num!(i64, I64, from_i64, |_| false);

impl Elem for bool {
    impl_elem_common!(bool, Bool, from_bool);
    fn is_nan_e(self) -> bool {
        false
    }
    fn from_f32(x: f32) -> Self {
        x != 0.0
    }
    fn from_f64(x: f64) -> Self {
        x != 0.0
    }
    fn from_i32(x: i32) -> Self {
        x != 0
    }
    fn from_i64(x: i64) -> Self {
        x != 0
    }
    fn from_bool(x: bool) -> Self {
        x
    }
}

/// Numbers: arithmetic with Arr's semantics (integers wrap; the callers check division
/// by zero and negative integer exponents before mapping, so these never fail).
pub(crate) trait Num: Elem {
    fn add(self, b: Self) -> Self;
    fn sub(self, b: Self) -> Self;
    fn mul(self, b: Self) -> Self;
    fn div(self, b: Self) -> Self;
    fn rem(self, b: Self) -> Self;
    fn pow(self, b: Self) -> Self;
    fn neg(self) -> Self;
    fn abs(self) -> Self;
    fn sign(self) -> Self;
    fn is_zero(self) -> bool;
    fn is_negative(self) -> bool;
    /// The sum of all elements (floats accumulate in f64).
    fn sum_iter<I: Iterator<Item = Self>>(it: I) -> Self;
    /// The product of all elements (floats accumulate in f64).
    fn prod_iter<I: Iterator<Item = Self>>(it: I) -> Self;
    fn matmul2(a: &ArrayView2<'_, Self>, b: &ArrayView2<'_, Self>) -> Array2<Self>;
}

macro_rules! impl_num_int {
    ($t:ty) => {
        impl Num for $t {
            fn add(self, b: Self) -> Self {
                self.wrapping_add(b)
            }
            fn sub(self, b: Self) -> Self {
                self.wrapping_sub(b)
            }
            fn mul(self, b: Self) -> Self {
                self.wrapping_mul(b)
            }
            fn div(self, b: Self) -> Self {
                if b == 0 {
                    0
                } else {
                    self.wrapping_div(b)
                }
            }
            fn rem(self, b: Self) -> Self {
                if b == 0 {
                    0
                } else {
                    self.wrapping_rem(b)
                }
            }
            fn pow(self, b: Self) -> Self {
                // Square and multiply with wrapping; a negative exponent was rejected.
                let mut e = if b < 0 { 0u64 } else { b as u64 };
                let mut base = self;
                let mut acc: $t = 1;
                while e > 0 {
                    if e & 1 == 1 {
                        acc = acc.wrapping_mul(base);
                    }
                    base = base.wrapping_mul(base);
                    e >>= 1;
                }
                acc
            }
            fn neg(self) -> Self {
                self.wrapping_neg()
            }
            fn abs(self) -> Self {
                self.wrapping_abs()
            }
            fn sign(self) -> Self {
                self.signum()
            }
            fn is_zero(self) -> bool {
                self == 0
            }
            fn is_negative(self) -> bool {
                self < 0
            }
            fn sum_iter<I: Iterator<Item = Self>>(it: I) -> Self {
                it.fold(0, |a, b| a.wrapping_add(b))
            }
            fn prod_iter<I: Iterator<Item = Self>>(it: I) -> Self {
                it.fold(1, |a, b| a.wrapping_mul(b))
            }
            fn matmul2(a: &ArrayView2<'_, Self>, b: &ArrayView2<'_, Self>) -> Array2<Self> {
                let (n, k) = a.dim();
                let m = b.dim().1;
                Array2::from_shape_fn((n, m), |(i, j)| {
                    (0..k).fold(0, |acc: $t, p| {
                        acc.wrapping_add(a[(i, p)].wrapping_mul(b[(p, j)]))
                    })
                })
            }
        }
    };
}

impl_num_int!(i32);
impl_num_int!(i64);

macro_rules! impl_num_float {
    ($t:ty) => {
        impl Num for $t {
            fn add(self, b: Self) -> Self {
                self + b
            }
            fn sub(self, b: Self) -> Self {
                self - b
            }
            fn mul(self, b: Self) -> Self {
                self * b
            }
            fn div(self, b: Self) -> Self {
                self / b
            }
            fn rem(self, b: Self) -> Self {
                self % b
            }
            fn pow(self, b: Self) -> Self {
                self.powf(b)
            }
            fn neg(self) -> Self {
                -self
            }
            fn abs(self) -> Self {
                <$t>::abs(self)
            }
            fn sign(self) -> Self {
                if self > 0.0 {
                    1.0
                } else if self < 0.0 {
                    -1.0
                } else if self == 0.0 {
                    0.0
                } else {
                    self
                }
            }
            fn is_zero(self) -> bool {
                self == 0.0
            }
            fn is_negative(self) -> bool {
                self < 0.0
            }
            fn sum_iter<I: Iterator<Item = Self>>(it: I) -> Self {
                it.fold(0.0f64, |a, b| a + b as f64) as $t
            }
            fn prod_iter<I: Iterator<Item = Self>>(it: I) -> Self {
                it.fold(1.0f64, |a, b| a * b as f64) as $t
            }
            fn matmul2(a: &ArrayView2<'_, Self>, b: &ArrayView2<'_, Self>) -> Array2<Self> {
                a.dot(b)
            }
        }
    };
}

impl_num_float!(f32);
impl_num_float!(f64);

/// Float-only operations.
pub(crate) trait Float: Num {
    /// The std method for a one-operand float math function.
    fn math1(f: MathFn) -> Option<fn(Self) -> Self>;
    fn atan2(self, b: Self) -> Self;
    fn to_f64(self) -> f64;
}

macro_rules! impl_float {
    ($t:ty) => {
        impl Float for $t {
            fn math1(f: MathFn) -> Option<fn(Self) -> Self> {
                Some(match f {
                    MathFn::Sqrt => <$t>::sqrt,
                    MathFn::Exp => <$t>::exp,
                    MathFn::Log => <$t>::ln,
                    MathFn::Log1p => <$t>::ln_1p,
                    MathFn::Expm1 => <$t>::exp_m1,
                    MathFn::Sin => <$t>::sin,
                    MathFn::Cos => <$t>::cos,
                    MathFn::Tan => <$t>::tan,
                    MathFn::Asin => <$t>::asin,
                    MathFn::Acos => <$t>::acos,
                    MathFn::Atan => <$t>::atan,
                    MathFn::Sinh => <$t>::sinh,
                    MathFn::Cosh => <$t>::cosh,
                    MathFn::Tanh => <$t>::tanh,
                    MathFn::Floor => <$t>::floor,
                    MathFn::Ceil => <$t>::ceil,
                    MathFn::Round => <$t>::round_ties_even,
                    _ => return None,
                })
            }
            fn atan2(self, b: Self) -> Self {
                <$t>::atan2(self, b)
            }
            fn to_f64(self) -> f64 {
                self as f64
            }
        }
    };
}

impl_float!(f32);
impl_float!(f64);

/// Runs `$body` with `$T` the element type of dtype `$dt`.
macro_rules! with_any {
    ($dt:expr, $T:ident => $body:expr) => {
        match $dt {
            DType::F32 => {
                type $T = f32;
                $body
            }
            DType::F64 => {
                type $T = f64;
                $body
            }
            DType::I32 => {
                type $T = i32;
                $body
            }
            DType::I64 => {
                type $T = i64;
                $body
            }
            DType::Bool => {
                type $T = bool;
                $body
            }
        }
    };
}

/// Like `with_any!` for the numeric dtypes; bool runs `$other`.
macro_rules! with_num {
    ($dt:expr, $T:ident => $body:expr, else $other:expr) => {
        match $dt {
            DType::F32 => {
                type $T = f32;
                $body
            }
            DType::F64 => {
                type $T = f64;
                $body
            }
            DType::I32 => {
                type $T = i32;
                $body
            }
            DType::I64 => {
                type $T = i64;
                $body
            }
            DType::Bool => $other,
        }
    };
}

/// Like `with_any!` for the float dtypes; the others run `$other`.
macro_rules! with_float {
    ($dt:expr, $T:ident => $body:expr, else $other:expr) => {
        match $dt {
            DType::F32 => {
                type $T = f32;
                $body
            }
            DType::F64 => {
                type $T = f64;
                $body
            }
            DType::I32 | DType::I64 | DType::Bool => $other,
        }
    };
}

/// A value from an owned array: rank 0 becomes a scalar.
pub(crate) fn from_array<T: Elem>(a: ArrayD<T>) -> Val {
    if a.ndim() == 0 {
        match a.first() {
            Some(x) => Val::S(x.to_scalar()),
            None => Val::S(T::default().to_scalar()),
        }
    } else {
        Val::A(T::wrap(Rc::new(a)))
    }
}

/// The value as an array of `T` (a scalar as a 0-d array), borrowed where possible.
pub(crate) fn view<T: Elem>(v: &Val) -> R<CowArray<'_, T, IxDyn>> {
    match v {
        Val::S(s) => match T::from_scalar(*s) {
            Some(x) => Ok(CowArray::from(ArrayD::from_elem(IxDyn(&[]), x))),
            None => Err(dtype_err(T::DT, s.dtype())),
        },
        Val::A(a) => match T::unwrap(a) {
            Some(a) => Ok(CowArray::from(a.view())),
            None => Err(dtype_err(T::DT, a.dtype())),
        },
        Val::Tuple(_) | Val::Unit => Err(internal("a tuple or unit where an array was expected")),
    }
}

pub(crate) fn dtype_err(want: DType, got: DType) -> arr::Error {
    internal(format!(
        "expected element type {}, got {}",
        want.name(),
        got.name()
    ))
}

/// NumPy's broadcast of two shapes.
pub(crate) fn broadcast_shape(a: &[usize], b: &[usize]) -> R<Vec<usize>> {
    let n = a.len().max(b.len());
    let mut out = vec![0; n];
    for i in 0..n {
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
        out[i] = if da == db || db == 1 {
            da
        } else if da == 1 {
            db
        } else {
            return Err(arr::Error::ShapeMismatch(format!(
                "cannot broadcast shapes {} and {}",
                arr::Error::shape_str(a),
                arr::Error::shape_str(b)
            )));
        };
    }
    Ok(out)
}

/// A view of `a` broadcast to `shape` (which must be a broadcast target of `a`).
pub(crate) fn broadcast_view<'a, T>(
    a: &'a ArrayViewD<'_, T>,
    shape: &[usize],
) -> R<ArrayViewD<'a, T>> {
    a.broadcast(IxDyn(shape)).ok_or_else(|| {
        arr::Error::ShapeMismatch(format!(
            "cannot broadcast shape {} to {}",
            arr::Error::shape_str(a.shape()),
            arr::Error::shape_str(shape)
        ))
    })
}

/// Checks that an array of `shape` with elements of `T` can be allocated: the element
/// count and the byte size must not overflow.
pub(crate) fn check_count<T>(shape: &[usize], what: &str) -> R<usize> {
    let mut n: usize = 1;
    for &d in shape {
        n = n.checked_mul(d).ok_or_else(|| too_big(shape, what))?;
    }
    let bytes = n
        .checked_mul(std::mem::size_of::<T>().max(1))
        .ok_or_else(|| too_big(shape, what))?;
    if bytes > isize::MAX as usize {
        return Err(too_big(shape, what));
    }
    // Allocation failure aborts the process, so ask first for anything large: a
    // reservation that the allocator refuses becomes a typed error instead.
    if bytes > 1 << 26 {
        let mut probe: Vec<u8> = Vec::new();
        if probe.try_reserve_exact(bytes).is_err() {
            return Err(arr::Error::OutOfMemory {
                bytes,
                what: format!("{what} of shape {}", arr::Error::shape_str(shape)),
            });
        }
    }
    Ok(n)
}

fn too_big(shape: &[usize], what: &str) -> arr::Error {
    arr::Error::InvalidSize {
        value: i64::MAX,
        what: format!(
            "{what}: shape {} has too many elements",
            arr::Error::shape_str(shape)
        ),
    }
}

/// Rebuilds an array in row-major order with a new shape of the same element count.
pub(crate) fn reshape_rowmajor<T: Clone>(a: &ArrayViewD<'_, T>, shape: &[usize]) -> R<ArrayD<T>> {
    let data: Vec<T> = a.iter().cloned().collect();
    ArrayD::from_shape_vec(IxDyn(shape), data).map_err(|e| internal(format!("reshape: {e}")))
}
