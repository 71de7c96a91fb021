//! Reductions, scans, array builders, linear algebra and shape operations.

#![allow(clippy::new_without_default)]

use super::{check_count, internal, Elem, Float, Num, R};
use crate::Error;
use ndarray::{Array1, Array2, ArrayD, ArrayViewD, Axis, Ix2, IxDyn, Zip};

fn empty_err(op: &str) -> Error {
    Error::Other(format!(
        "`{op}` of an empty array (the operation has no identity)"
    ))
}

fn extreme<T: Elem>(op: &str, l: ArrayViewD<'_, T>, is_max: bool) -> R<(usize, T)> {
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

/// `sum(x)` (floats accumulate in f64, sequentially in row-major order).
pub fn sum_all<T: Num>(a: ArrayViewD<'_, T>) -> T {
    T::sum_iter(a.iter().copied())
}
/// `prod(x)`.
pub fn prod_all<T: Num>(a: ArrayViewD<'_, T>) -> T {
    T::prod_iter(a.iter().copied())
}
/// `mean(x)` (NaN for an empty array).
pub fn mean_all<T: Float>(a: ArrayViewD<'_, T>) -> T {
    let s = a.iter().fold(0.0f64, |acc, x| acc + x.to_f64());
    T::from_f64(s / a.len() as f64)
}
/// `max(x)`/`min(x)`: NaN-propagating; an error for an empty array.
pub fn extreme_all<T: Elem>(a: ArrayViewD<'_, T>, is_max: bool) -> R<T> {
    let op = if is_max { "max" } else { "min" };
    check_nonempty(op, a.shape(), None)?;
    extreme(op, a, is_max).map(|(_, x)| x)
}
/// `argmax(x)`/`argmin(x)` of the flattened array.
pub fn arg_all<T: Elem>(a: ArrayViewD<'_, T>, is_max: bool) -> R<i64> {
    let op = if is_max { "argmax" } else { "argmin" };
    check_nonempty(op, a.shape(), None)?;
    extreme(op, a, is_max).map(|(i, _)| i as i64)
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
    reduce_axis(a, axis, keepdims, |l| Ok(T::sum_iter(l.iter().copied())))
}
/// `prod(x, axis=k)`.
pub fn prod_axis<T: Num>(a: ArrayViewD<'_, T>, axis: usize, keepdims: bool) -> R<ArrayD<T>> {
    reduce_axis(a, axis, keepdims, |l| Ok(T::prod_iter(l.iter().copied())))
}
/// `mean(x, axis=k)`.
pub fn mean_axis<T: Float>(a: ArrayViewD<'_, T>, axis: usize, keepdims: bool) -> R<ArrayD<T>> {
    reduce_axis(a, axis, keepdims, |l| Ok(mean_all(l)))
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
    reduce_axis(a, axis, keepdims, |l| {
        extreme(op, l, is_max).map(|(_, x)| x)
    })
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
    reduce_axis(a, axis, keepdims, |l| {
        extreme(op, l, is_max).map(|(i, _)| i as i64)
    })
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

/// `cumsum`/`cumprod` along `axis`.
pub fn scan<T: Num>(a: ArrayViewD<'_, T>, axis: usize, prod: bool) -> R<ArrayD<T>> {
    let f = if prod { "cumprod" } else { "cumsum" };
    if axis >= a.ndim() {
        return Err(internal(format!(
            "`{f}` along axis {axis} of a rank-{} array",
            a.ndim()
        )));
    }
    let mut a = a.to_owned();
    for mut lane in a.lanes_mut(Axis(axis)) {
        let mut acc: Option<T> = None;
        for x in lane.iter_mut() {
            let y = match acc {
                None => *x,
                Some(p) => {
                    if prod {
                        p.mul(*x)
                    } else {
                        p.add(*x)
                    }
                }
            };
            *x = y;
            acc = Some(y);
        }
    }
    Ok(a)
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
pub fn fill<T: Clone>(sizes: &[i64], x: T) -> R<ArrayD<T>> {
    let shape = sizes_of(sizes, "an array shape")?;
    check_count::<T>(&shape, "array")?;
    Ok(ArrayD::from_elem(IxDyn(&shape), x))
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

/// `a @ b` for ranks (2,2), (2,1), (1,2) and (1,1) (a 0-d result), through
/// [`crate::linalg`].
pub fn matmul<T: Elem + crate::linalg::Gemm>(
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
    let a2 = if ra == 1 { a.insert_axis(Axis(0)) } else { a };
    let b2 = if rb == 1 { b.insert_axis(Axis(1)) } else { b };
    let a2 = a2.into_dimensionality::<Ix2>().map_err(internal)?;
    let b2 = b2.into_dimensionality::<Ix2>().map_err(internal)?;
    let (n, m) = (a2.dim().0, b2.dim().1);
    check_count::<T>(&[n, m], "matmul")?;
    let mut r = Array2::from_elem((n, m), T::default());
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
    check_count::<T>(&[n, m], "outer")?;
    let av: Vec<T> = a.iter().copied().collect();
    let bv: Vec<T> = b.iter().copied().collect();
    Ok(Array2::from_shape_fn((n, m), |(i, j)| av[i].mul(bv[j])).into_dyn())
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
pub fn reshape<T: Clone>(a: ArrayViewD<'_, T>, sizes: &[i64]) -> R<ArrayD<T>> {
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
    let data: Vec<T> = a.iter().cloned().collect();
    ArrayD::from_shape_vec(IxDyn(&shape), data).map_err(internal)
}

fn shapes_str<T>(vals: &[ArrayViewD<'_, T>]) -> String {
    vals.iter()
        .map(|v| Error::shape_str(v.shape()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `concat([a, b], axis=k)`.
pub fn concat<T: Clone>(vals: &[ArrayViewD<'_, T>], axis: usize) -> R<ArrayD<T>> {
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
    check_count::<T>(&shape, "concat")?;
    ndarray::concatenate(Axis(axis), vals).map_err(|e| Error::ShapeMismatch(e.to_string()))
}

/// `stack([a, b], axis=k)` of arrays.
pub fn stack<T: Clone>(vals: &[ArrayViewD<'_, T>], axis: usize) -> R<ArrayD<T>> {
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
    check_count::<T>(&shape, "stack")?;
    ndarray::stack(Axis(axis), vals).map_err(|e| Error::ShapeMismatch(e.to_string()))
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
pub const CHUNK: usize = 4096;

/// A reduction's accumulator over elements of type `T`.
pub trait Acc<T>: Sized + Send {
    type Out;
    /// The empty accumulator.
    fn start() -> Self;
    /// Adds the element at position `i` (row-major, within the reduced elements).
    fn push(&mut self, i: usize, x: T);
    /// Combines with the accumulator of the elements that follow.
    fn merge(self, later: Self) -> Self;
    fn finish(self) -> R<Self::Out>;
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
pub struct MeanF<T>(f64, usize, std::marker::PhantomData<T>);

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
        MeanF(0.0, 0, std::marker::PhantomData)
    }
}

impl<T: Float> Acc<T> for SumF<T> {
    type Out = T;
    fn start() -> Self {
        Self::new()
    }
    #[inline(always)]
    fn push(&mut self, _: usize, x: T) {
        self.0 += x.to_f64();
    }
    fn merge(self, later: Self) -> Self {
        SumF(self.0 + later.0, std::marker::PhantomData)
    }
    fn finish(self) -> R<T> {
        Ok(T::from_f64(self.0))
    }
}
impl<T: Num> Acc<T> for SumI<T> {
    type Out = T;
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
    fn finish(self) -> R<T> {
        Ok(self.0)
    }
}
impl<T: Float> Acc<T> for ProdF<T> {
    type Out = T;
    fn start() -> Self {
        Self::new()
    }
    #[inline(always)]
    fn push(&mut self, _: usize, x: T) {
        self.0 *= x.to_f64();
    }
    fn merge(self, later: Self) -> Self {
        ProdF(self.0 * later.0, std::marker::PhantomData)
    }
    fn finish(self) -> R<T> {
        Ok(T::from_f64(self.0))
    }
}
impl<T: Num> Acc<T> for ProdI<T> {
    type Out = T;
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
    fn finish(self) -> R<T> {
        Ok(self.0)
    }
}
impl<T: Float> Acc<T> for MeanF<T> {
    type Out = T;
    fn start() -> Self {
        Self::new()
    }
    #[inline(always)]
    fn push(&mut self, _: usize, x: T) {
        self.0 += x.to_f64();
        self.1 += 1;
    }
    fn merge(self, later: Self) -> Self {
        MeanF(self.0 + later.0, self.1 + later.1, std::marker::PhantomData)
    }
    fn finish(self) -> R<T> {
        Ok(T::from_f64(self.0 / self.1 as f64))
    }
}

/// The running extreme: the first NaN, else the first of the largest (smallest).
#[derive(Debug, Clone, Copy)]
pub struct Ext<T> {
    best: Option<(usize, T)>,
    is_max: bool,
}

impl<T: Elem> Ext<T> {
    fn with(is_max: bool) -> Self {
        Ext { best: None, is_max }
    }
    #[inline(always)]
    fn push(&mut self, i: usize, x: T) {
        match self.best {
            None => self.best = Some((i, x)),
            Some((_, b)) if b.is_nan_e() => {}
            Some((_, b)) => {
                if x.is_nan_e() || (self.is_max && x > b) || (!self.is_max && x < b) {
                    self.best = Some((i, x));
                }
            }
        }
    }
    fn merge(self, later: Self) -> Self {
        match (self.best, later.best) {
            (None, _) => later,
            (_, None) => self,
            (Some((_, b)), Some((i, x))) => {
                let mut s = self;
                if !b.is_nan_e() {
                    s.push(i, x);
                }
                s
            }
        }
    }
}

macro_rules! ext_acc {
    ($name:ident, $is_max:expr, $op:literal, $out:ty, $pick:expr) => {
        #[doc = concat!("`", $op, "` of an elementwise expression.")]
        #[derive(Debug)]
        pub struct $name<T>(Ext<T>);
        impl<T: Elem> $name<T> {
            pub fn new() -> Self {
                $name(Ext::with($is_max))
            }
        }
        impl<T: Elem> Acc<T> for $name<T> {
            type Out = $out;
            fn start() -> Self {
                Self::new()
            }
            #[inline(always)]
            fn push(&mut self, i: usize, x: T) {
                self.0.push(i, x);
            }
            fn merge(self, later: Self) -> Self {
                $name(self.0.merge(later.0))
            }
            fn finish(self) -> R<$out> {
                let pick: fn((usize, T)) -> $out = $pick;
                self.0.best.map(pick).ok_or_else(|| empty_err($op))
            }
        }
    };
}

ext_acc!(Max, true, "max", T, |(_, x)| x);
ext_acc!(Min, false, "min", T, |(_, x)| x);
ext_acc!(ArgMax, true, "argmax", i64, |(i, _)| i as i64);
ext_acc!(ArgMin, false, "argmin", i64, |(i, _)| i as i64);

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
    fn finish(self) -> R<bool> {
        Ok(self.0)
    }
}
impl Acc<bool> for AllAcc {
    type Out = bool;
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
    fn finish(self) -> R<bool> {
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

macro_rules! reduce_fn {
    ($full:ident, $axis:ident, $chunk:ident; $($a:ident: $A:ident),+) => {
        /// A full reduction of `f(inputs...)` over inputs broadcast to `shape`: chunks of
        /// whole rows (about [`CHUNK`] elements) reduced in parallel when large,
        /// combined in order.
        #[allow(clippy::too_many_arguments)]
        pub fn $full<Ac, $($A: Copy + Sync,)+ T, F>(
            shape: &[usize],
            $($a: &ArrayViewD<'_, $A>,)+
            _acc: Ac,
            f: F,
        ) -> R<Ac::Out>
        where
            Ac: Acc<T>,
            F: Fn($($A),+) -> T + Sync,
        {
            $(let $a = super::broadcast($a, shape)?;)+
            let n: usize = shape.iter().product();
            let rows = shape.first().copied().unwrap_or(1);
            let row_len = if rows == 0 { 0 } else { n / rows };
            let per = (CHUNK / row_len.max(1)).max(1);
            let nchunks = rows.div_ceil(per);
            let run = |c: usize| -> Ac {
                let acc = Ac::start();
                let (r0, r1) = (c * per, ((c + 1) * per).min(rows));
                $(
                    let $a = if shape.is_empty() {
                        $a.view()
                    } else {
                        $a.slice_axis(Axis(0), ndarray::Slice::from(r0..r1))
                    };
                )+
                let i = r0 * row_len;
                // Fixed-rank iteration is much faster than dynamic-rank iteration.
                match shape.len() {
                    1 => {
                        if let ($(Ok($a),)+) = ($($a.view().into_dimensionality::<ndarray::Ix1>(),)+) {
                            return $chunk(acc, i, $($a,)+ &f);
                        }
                    }
                    2 => {
                        if let ($(Ok($a),)+) = ($($a.view().into_dimensionality::<ndarray::Ix2>(),)+) {
                            return $chunk(acc, i, $($a,)+ &f);
                        }
                    }
                    3 => {
                        if let ($(Ok($a),)+) = ($($a.view().into_dimensionality::<ndarray::Ix3>(),)+) {
                            return $chunk(acc, i, $($a,)+ &f);
                        }
                    }
                    _ => {}
                }
                $chunk(acc, i, $($a,)+ &f)
            };
            let parts: Vec<Ac> = if n >= super::PAR_MIN {
                use rayon::prelude::*;
                (0..nchunks).into_par_iter().map(run).collect()
            } else {
                (0..nchunks).map(run).collect()
            };
            let mut acc = Ac::start();
            for p in parts {
                acc = acc.merge(p);
            }
            acc.finish()
        }

        /// One chunk of a full reduction, in row-major order from flat index `i`.
        #[allow(clippy::too_many_arguments)]
        fn $chunk<Ac, $($A: Copy,)+ T, F, Dm: ndarray::Dimension>(
            mut acc: Ac,
            mut i: usize,
            $($a: ndarray::ArrayView<'_, $A, Dm>,)+
            f: &F,
        ) -> Ac
        where
            Ac: Acc<T>,
            F: Fn($($A),+) -> T,
        {
            $(let mut $a = $a.iter();)+
            loop {
                $(let Some(&$a) = $a.next() else { break };)+
                acc.push(i, f($($a),+));
                i += 1;
            }
            acc
        }

        /// A reduction of `f(inputs...)` along `axis` of `shape`: each output element's
        /// lane sequentially, in parallel over output elements when large.
        #[allow(clippy::too_many_arguments)]
        pub fn $axis<Ac, $($A: Copy + Sync,)+ T, F>(
            shape: &[usize],
            axis: usize,
            keepdims: bool,
            $($a: &ArrayViewD<'_, $A>,)+
            _acc: Ac,
            f: F,
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
            let mut perm: Vec<usize> = (0..nd).filter(|&k| k != axis).collect();
            perm.push(axis);
            $(
                let $a = super::broadcast($a, shape)?;
                let $a = $a.permuted_axes(IxDyn(&perm));
            )+
            let mut out_shape: Vec<usize> = shape.to_vec();
            out_shape.remove(axis);
            let n: usize = shape.iter().product();
            let rows = out_shape.first().copied().unwrap_or(1);
            let per = if n >= super::PAR_MIN {
                (rows / (4 * rayon::current_num_threads()).max(1)).max(1)
            } else {
                rows.max(1)
            };
            let nchunks = rows.div_ceil(per);
            let run = |c: usize| -> R<Vec<Ac::Out>> {
                let (r0, r1) = (c * per, ((c + 1) * per).min(rows));
                $(
                    let $a = if out_shape.is_empty() {
                        $a.view()
                    } else {
                        $a.slice_axis(Axis(0), ndarray::Slice::from(r0..r1))
                    };
                    let mut $a = $a.lanes(Axis(nd - 1)).into_iter();
                )+
                let mut out = Vec::new();
                loop {
                    $(let Some($a) = $a.next() else { break };)+
                    let mut acc = Ac::start();
                    $(let mut $a = $a.iter();)+
                    let mut j = 0;
                    loop {
                        $(let Some(&$a) = $a.next() else { break };)+
                        acc.push(j, f($($a),+));
                        j += 1;
                    }
                    out.push(acc.finish()?);
                }
                Ok(out)
            };
            let parts: Vec<R<Vec<Ac::Out>>> = if n >= super::PAR_MIN {
                use rayon::prelude::*;
                (0..nchunks).into_par_iter().map(run).collect()
            } else {
                (0..nchunks).map(run).collect()
            };
            let mut data = Vec::with_capacity(out_shape.iter().product());
            for p in parts {
                data.extend(p?);
            }
            let mut r = ArrayD::from_shape_vec(IxDyn(&out_shape), data).map_err(internal)?;
            if keepdims {
                r = r.insert_axis(Axis(axis));
            }
            Ok(r)
        }
    };
}

reduce_fn!(reduce_zip1, reduce_axis_zip1, chunk1; a: A);
reduce_fn!(reduce_zip2, reduce_axis_zip2, chunk2; a: A, b: B);
reduce_fn!(reduce_zip3, reduce_axis_zip3, chunk3; a: A, b: B, c: C);
reduce_fn!(reduce_zip4, reduce_axis_zip4, chunk4; a: A, b: B, c: C, d: D);
reduce_fn!(reduce_zip5, reduce_axis_zip5, chunk5; a: A, b: B, c: C, d: D, e: E);
