//! Element types and their scalar operations, with the interpreter's semantics: integers
//! wrap, integer `/` and `%` truncate, `min`/`max` propagate NaN, casts saturate.

/// One of the v0 element types.
pub trait Elem:
    Copy + PartialEq + PartialOrd + Default + Send + Sync + std::fmt::Debug + 'static
{
    /// The dtype's name (`f32`, `i64`, ...).
    const NAME: &'static str;
    /// The smallest and the largest value (`-inf`/`inf` for floats): the start of a
    /// running `max`/`min`.
    const LOWEST: Self;
    const HIGHEST: Self;
    fn is_nan_e(self) -> bool;
    fn from_f32(x: f32) -> Self;
    fn from_f64(x: f64) -> Self;
    fn from_i32(x: i32) -> Self;
    fn from_i64(x: i64) -> Self;
    fn from_bool(x: bool) -> Self;
    /// Elementwise conversion (`f32(x)`).
    fn cast<U: Elem>(self) -> U;
    /// Is the value zero (false for bool false).
    fn is_zero(self) -> bool;
    /// Is the value negative.
    fn is_negative(self) -> bool;
}

macro_rules! impl_elem_num {
    ($t:ty, $name:literal, $cast_fn:ident, $nan:expr, $lo:expr, $hi:expr) => {
        impl Elem for $t {
            const NAME: &'static str = $name;
            const LOWEST: Self = $lo;
            const HIGHEST: Self = $hi;
            #[inline(always)]
            fn is_nan_e(self) -> bool {
                let f: fn($t) -> bool = $nan;
                f(self)
            }
            #[inline(always)]
            fn from_f32(x: f32) -> Self {
                x as $t
            }
            #[inline(always)]
            fn from_f64(x: f64) -> Self {
                x as $t
            }
            #[inline(always)]
            fn from_i32(x: i32) -> Self {
                x as $t
            }
            #[inline(always)]
            fn from_i64(x: i64) -> Self {
                x as $t
            }
            #[inline(always)]
            fn from_bool(x: bool) -> Self {
                u8::from(x) as $t
            }
            #[inline(always)]
            fn cast<U: Elem>(self) -> U {
                U::$cast_fn(self)
            }
            #[inline(always)]
            fn is_zero(self) -> bool {
                self == (0 as $t)
            }
            #[inline(always)]
            fn is_negative(self) -> bool {
                self < (0 as $t)
            }
        }
    };
}

impl_elem_num!(
    f32,
    "f32",
    from_f32,
    |x| x.is_nan(),
    f32::NEG_INFINITY,
    f32::INFINITY
);
impl_elem_num!(
    f64,
    "f64",
    from_f64,
    |x| x.is_nan(),
    f64::NEG_INFINITY,
    f64::INFINITY
);
impl_elem_num!(i32, "i32", from_i32, |_| false, i32::MIN, i32::MAX);
impl_elem_num!(i64, "i64", from_i64, |_| false, i64::MIN, i64::MAX);

impl Elem for bool {
    const NAME: &'static str = "bool";
    const LOWEST: Self = false;
    const HIGHEST: Self = true;
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
    fn cast<U: Elem>(self) -> U {
        U::from_bool(self)
    }
    fn is_zero(self) -> bool {
        !self
    }
    fn is_negative(self) -> bool {
        false
    }
}

/// Numeric element types.
pub trait Num: Elem {
    const ZERO: Self;
    const ONE: Self;
    fn add(self, b: Self) -> Self;
    fn sub(self, b: Self) -> Self;
    fn mul(self, b: Self) -> Self;
    /// Integer division by zero gives 0 here: callers check divisors first.
    fn div(self, b: Self) -> Self;
    fn rem(self, b: Self) -> Self;
    /// Integer powers with a negative exponent give 1 here: callers check first.
    fn pow(self, b: Self) -> Self;
    fn neg(self) -> Self;
    fn abs(self) -> Self;
    fn sign(self) -> Self;
    /// Sum of a sequence (floats accumulate in f64, as the interpreter).
    fn sum_iter<I: Iterator<Item = Self>>(it: I) -> Self;
    fn prod_iter<I: Iterator<Item = Self>>(it: I) -> Self;
}

macro_rules! impl_num_int {
    ($t:ty) => {
        impl Num for $t {
            const ZERO: Self = 0;
            const ONE: Self = 1;
            #[inline(always)]
            fn add(self, b: Self) -> Self {
                self.wrapping_add(b)
            }
            #[inline(always)]
            fn sub(self, b: Self) -> Self {
                self.wrapping_sub(b)
            }
            #[inline(always)]
            fn mul(self, b: Self) -> Self {
                self.wrapping_mul(b)
            }
            #[inline(always)]
            fn div(self, b: Self) -> Self {
                if b == 0 {
                    0
                } else {
                    self.wrapping_div(b)
                }
            }
            #[inline(always)]
            fn rem(self, b: Self) -> Self {
                if b == 0 {
                    0
                } else {
                    self.wrapping_rem(b)
                }
            }
            fn pow(self, b: Self) -> Self {
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
            #[inline(always)]
            fn neg(self) -> Self {
                self.wrapping_neg()
            }
            #[inline(always)]
            fn abs(self) -> Self {
                self.wrapping_abs()
            }
            #[inline(always)]
            fn sign(self) -> Self {
                self.signum()
            }
            fn sum_iter<I: Iterator<Item = Self>>(it: I) -> Self {
                it.fold(0, |a, b| a.wrapping_add(b))
            }
            fn prod_iter<I: Iterator<Item = Self>>(it: I) -> Self {
                it.fold(1, |a, b| a.wrapping_mul(b))
            }
        }
    };
}

impl_num_int!(i32);
impl_num_int!(i64);

macro_rules! impl_num_float {
    ($t:ident) => {
        impl Num for $t {
            const ZERO: Self = 0.0;
            const ONE: Self = 1.0;
            #[inline(always)]
            fn add(self, b: Self) -> Self {
                self + b
            }
            #[inline(always)]
            fn sub(self, b: Self) -> Self {
                self - b
            }
            #[inline(always)]
            fn mul(self, b: Self) -> Self {
                self * b
            }
            #[inline(always)]
            fn div(self, b: Self) -> Self {
                self / b
            }
            #[inline(always)]
            fn rem(self, b: Self) -> Self {
                self % b
            }
            #[inline(always)]
            fn pow(self, b: Self) -> Self {
                self.powf(b)
            }
            #[inline(always)]
            fn neg(self) -> Self {
                -self
            }
            #[inline(always)]
            fn abs(self) -> Self {
                <$t>::abs(self)
            }
            #[inline(always)]
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
            fn sum_iter<I: Iterator<Item = Self>>(it: I) -> Self {
                it.fold(0.0f64, |a, b| a + b as f64) as $t
            }
            fn prod_iter<I: Iterator<Item = Self>>(it: I) -> Self {
                it.fold(1.0f64, |a, b| a * b as f64) as $t
            }
        }
    };
}

impl_num_float!(f32);
impl_num_float!(f64);

/// Float element types.
pub trait Float: Num {
    fn to_f64(self) -> f64;
}

impl Float for f32 {
    fn to_f64(self) -> f64 {
        self as f64
    }
}

impl Float for f64 {
    fn to_f64(self) -> f64 {
        self
    }
}

/// `np.minimum`: NaN-propagating.
#[inline(always)]
pub fn nan_min<T: Elem>(a: T, b: T) -> T {
    if a.is_nan_e() {
        a
    } else if b.is_nan_e() || b < a {
        b
    } else {
        a
    }
}

/// `np.maximum`: NaN-propagating.
#[inline(always)]
pub fn nan_max<T: Elem>(a: T, b: T) -> T {
    if a.is_nan_e() {
        a
    } else if b.is_nan_e() || b > a {
        b
    } else {
        a
    }
}

/// `x ** 2` for floats: `x * x`, as NumPy computes it.
#[inline(always)]
pub fn square<T: Float>(x: T) -> T {
    x.mul(x)
}

/// `clip(x, lo, hi)` = `minimum(maximum(x, lo), hi)`.
#[inline(always)]
pub fn clip<T: Elem>(x: T, lo: T, hi: T) -> T {
    nan_min(nan_max(x, lo), hi)
}
