//! Kernels for row groups and in-place assignment (see the compiler's `plan` module).
//!
//! A *row group* computes a whole chain of row-wise work — row reductions along the last
//! axis and elementwise row loops — for one row at a time, in parallel over rows
//! ([`rows_run`]): each row is read from memory once or twice while it is in cache,
//! instead of every operation streaming the whole array. Generated code supplies the
//! per-row body; this module supplies row access ([`Rows`]), the row reductions
//! ([`row_sum`], [`row_max`], ...) and the parallel driver.
//!
//! Row reductions are the runtime's blocked reductions (`ops::block_sum`,
//! `ops::block_ext_value`: floats in `f64`, 16 partial sums combined in a fixed order), so they
//! vectorize and their result depends only on the row, never on the thread count.
//!
//! [`assign_zip1`] … [`assign_zip16`] compute an elementwise expression directly into a
//! region of an existing array (`b[1:-1, 1:-1] = f(a)`), with no temporary;
//! [`update_zip0`] … [`update_zip15`] do the same for a right side that also reads the
//! region itself (`x[1:] -= e`), passing each element's old value.

use super::{
    broadcast, check_count, internal, isa, seq_blocked, Elem, Nest, Src, ZipK10, ZipK11, ZipK12,
    ZipK13, ZipK14, ZipK15, ZipK16, ZipK6, ZipK7, ZipK8, ZipK9, PAR_MIN, R,
};
use ndarray::{ArrayD, ArrayView1, ArrayViewD, ArrayViewMutD, Axis, IxDyn, Zip};
use rayon::prelude::*;

/// The domain of a row group: the broadcast of its leaves' shapes (interpreter
/// messages on a mismatch), which must have `rank` axes.
pub fn row_domain(shapes: &[&[usize]], rank: usize) -> R<Vec<usize>> {
    let mut d: Vec<usize> = Vec::new();
    for s in shapes {
        d = super::broadcast_shape(&d, s)?;
    }
    while d.len() < rank {
        d.insert(0, 1);
    }
    if d.len() != rank {
        return Err(internal("row group of the wrong rank"));
    }
    Ok(d)
}

/// Row access to an array broadcast to a row group's domain (or to the domain with a
/// last axis of 1, for one value per row).
#[derive(Debug)]
pub struct Rows<'a, T> {
    a: ArrayViewD<'a, T>,
    /// The domain's outer axes (all but the last).
    outer: Vec<usize>,
    m: usize,
}

impl<'a, T: Copy + Default> Rows<'a, T> {
    /// Row access to `a` over `domain`; `a` must broadcast to it (or to it with a last
    /// axis of 1).
    pub fn new(a: ArrayViewD<'a, T>, domain: &[usize]) -> R<Self> {
        let (m, outer) = match domain.split_last() {
            Some((m, outer)) => (*m, outer.to_vec()),
            None => return Err(internal("row access to a rank-0 domain")),
        };
        let mut d1 = domain.to_vec();
        if a.shape().last() == Some(&1) {
            if let Some(l) = d1.last_mut() {
                *l = 1;
            }
        }
        // Checks the broadcast (with the interpreter's message).
        broadcast(&a, &d1)?;
        Ok(Rows { a, outer, m })
    }

    /// Row `r` (row-major over the outer axes) as a 1-D view of length 1 or `m`.
    fn lane(&self, r: usize) -> ArrayView1<'_, T> {
        let mut v = self.a.view();
        let extra = self.outer.len() + 1 - v.ndim();
        // Unravel r over the outer axes, last axis fastest.
        let mut idx = vec![0usize; self.outer.len()];
        let mut rem = r;
        for k in (0..self.outer.len()).rev() {
            let d = self.outer[k].max(1);
            idx[k] = rem % d;
            rem /= d;
        }
        for &i in idx.iter().skip(extra) {
            let take = if v.shape()[0] == 1 { 0 } else { i };
            v = v.index_axis_move(Axis(0), take);
        }
        v.into_dimensionality().unwrap_or_else(|_| {
            // Unreachable: `new` checked the rank; an empty view keeps this total.
            ArrayView1::from(&[][..])
        })
    }

    /// Row `r` as a slice of length `m`: borrowed when the row is contiguous, else
    /// copied (or broadcast) into `buf`.
    #[inline(always)]
    pub fn row<'b>(&'b self, r: usize, buf: &'b mut Vec<T>) -> &'b [T] {
        let lane = self.lane(r);
        if lane.len() == self.m {
            if let Some(s) = lane.to_slice() {
                return s;
            }
        }
        buf.clear();
        if lane.len() == self.m {
            buf.extend(lane.iter().copied());
        } else {
            let x = lane.first().copied().unwrap_or_default();
            buf.resize(self.m, x);
        }
        buf
    }

    /// The value of row `r` of an array with one value per row.
    #[inline]
    pub fn at(&self, r: usize) -> T {
        self.lane(r).first().copied().unwrap_or_default()
    }
}

/// Runs a row group: allocates the `domain`-shaped result and calls
/// `body(r, out_row, scratch)` for every row `r` (row-major over the outer axes), in
/// parallel over rows when large, each worker with its own `scratch` from `init`.
pub fn rows_run<O, S, I, F>(domain: &[usize], init: I, body: F) -> R<ArrayD<O>>
where
    O: Copy + Default + Send + Sync,
    I: Fn() -> S + Sync + Send,
    F: Fn(usize, &mut [O], &mut S) -> R<()> + Sync + Send,
{
    check_count::<O>(domain, "a row group's result")?;
    let mut out = ArrayD::from_elem(IxDyn(domain), O::default());
    let data = out
        .as_slice_mut()
        .ok_or_else(|| internal("a fresh array is not contiguous"))?;
    super::advise_huge(data);
    run_rows(data, domain, init, body)?;
    Ok(out)
}

/// [`rows_run`] writing the rows straight into the caller's array (the generated
/// `f_into`): `out` must have exactly the shape `domain`, else a
/// [`crate::Error::ShapeMismatch`] and `out` is left untouched. An `out` that is not
/// C-contiguous gets the rows of a fresh result, copied.
pub fn rows_run_into<O, S, I, F>(
    mut out: ArrayViewMutD<'_, O>,
    domain: &[usize],
    init: I,
    body: F,
) -> R<()>
where
    O: Copy + Default + Send + Sync,
    I: Fn() -> S + Sync + Send,
    F: Fn(usize, &mut [O], &mut S) -> R<()> + Sync + Send,
{
    super::check_out(out.shape(), domain)?;
    match out.as_slice_mut() {
        Some(data) => run_rows(data, domain, init, body),
        None => {
            let r = rows_run(domain, init, body)?;
            super::write_into(&r, out)
        }
    }
}

/// The rows of a row group of shape `domain`, computed into `data` (C order).
fn run_rows<O, S, I, F>(data: &mut [O], domain: &[usize], init: I, body: F) -> R<()>
where
    O: Copy + Default + Send + Sync,
    I: Fn() -> S + Sync + Send,
    F: Fn(usize, &mut [O], &mut S) -> R<()> + Sync + Send,
{
    let n = data.len();
    let m = domain.last().copied().unwrap_or(1);
    if n == 0 || m == 0 {
        return Ok(());
    }
    // Tasks of whole rows, about `par_chunk` elements each (a function of the shape
    // only); each runs its rows with the best instruction set (`isa::dispatch`).
    let rows_per_task = (super::par_chunk(n) / m).max(1);
    if n >= PAR_MIN {
        data.par_chunks_mut(m * rows_per_task)
            .enumerate()
            .try_for_each_init(&init, |s, (c, chunk)| {
                super::isa::dispatch(RowTask {
                    data: chunk,
                    r0: c * rows_per_task,
                    m,
                    scratch: s,
                    body: &body,
                })
            })?;
    } else {
        let mut s = init();
        super::isa::dispatch(RowTask {
            data,
            r0: 0,
            m,
            scratch: &mut s,
            body: &body,
        })?;
    }
    Ok(())
}

/// Consecutive rows of a row group, starting at row `r0`.
struct RowTask<'a, O, S, F> {
    data: &'a mut [O],
    r0: usize,
    m: usize,
    scratch: &'a mut S,
    body: &'a F,
}

impl<O, S, F> super::isa::Kernel for RowTask<'_, O, S, F>
where
    F: Fn(usize, &mut [O], &mut S) -> R<()>,
{
    type Out = R<()>;
    #[inline(always)]
    fn run(self) -> R<()> {
        for (k, row) in self.data.chunks_mut(self.m).enumerate() {
            (self.body)(self.r0 + k, row, self.scratch)?;
        }
        Ok(())
    }
}

/// A scratch row of length `m` from `buf`.
#[inline(always)]
pub fn scratch<T: Copy + Default>(buf: &mut Vec<T>, m: usize) -> &mut [T] {
    if buf.len() < m {
        buf.resize(m, T::default());
    }
    &mut buf[..m]
}

/// The sum of a row (accumulated in `f64`, the runtime's blocked sum).
#[inline(always)]
pub fn row_sum<T: Elem>(x: &[T]) -> T {
    T::from_f64(super::ops::block_sum(x))
}

/// The mean of a row (NaN for an empty row, as NumPy).
#[inline(always)]
pub fn row_mean<T: Elem>(x: &[T]) -> T {
    T::from_f64(super::ops::block_sum(x) / x.len() as f64)
}

/// The product of a row (accumulated in `f64`, in order).
#[inline(always)]
pub fn row_prod<T: Elem>(x: &[T]) -> T {
    T::from_f64(x.iter().fold(1.0, |p, v| p * v.cast::<f64>()))
}

/// The maximum of a row (NaN if any element is NaN; an empty row is an error).
#[inline(always)]
pub fn row_max<T: Elem>(x: &[T]) -> R<T> {
    super::ops::block_ext_value::<T, true>(x).ok_or_else(|| super::ops::empty_err("max"))
}

/// The minimum of a row (NaN if any element is NaN; an empty row is an error).
#[inline(always)]
pub fn row_min<T: Elem>(x: &[T]) -> R<T> {
    super::ops::block_ext_value::<T, false>(x).ok_or_else(|| super::ops::empty_err("min"))
}

/// The general-layout body of an in-place loop, with ndarray's `Zip` (at most five
/// inputs besides the output).
macro_rules! assign_body_zip {
    ($kern:ident, $out:ident, $f:ident; $($a:ident),+) => {
        Zip::from(&mut $out)$(.and(&$a))+.for_each(|o, $($a),+| *o = $f($(*$a),+))
    };
}

macro_rules! assign_zip_fn {
    ($name:ident, $into:ident, $region:ident, $par:ident, $seq:ident, $kern:ident, $body:ident;
     $($a:ident: $A:ident),+) => {
        /// `arr[items] = f(inputs...)` computed in place: `value_shape` (the broadcast
        /// shape of the inputs) must fit the region; each input is broadcast to the
        /// region. When the region's rows and every input's are contiguous (or
        /// broadcast), the region is collapsed into a loop nest like [`super::zip1`]'s
        /// and filled a block at a time, in chunks of the flat order run in parallel;
        /// other layouts take a generic loop, parallel over the region's first axis.
        #[allow(clippy::too_many_arguments)]
        pub fn $name<$($A: Copy + Send + Sync,)+ O: Copy + Send + Sync, F>(
            arr: &mut ArrayD<O>,
            items: &[super::Idx<'_>],
            value_shape: &[usize],
            $($a: &ArrayViewD<'_, $A>,)+
            f: F,
        ) -> R<()>
        where
            F: Fn($($A),+) -> O + Sync,
        {
            let region = super::region_mut(arr, items)?;
            super::check_region(value_shape, region.shape())?;
            $region(region, $($a,)+ f, true)
        }

        /// `out = f(inputs...)` computed straight into the caller's array (the
        /// generated `f_into`): `out` must have exactly `shape` (the inputs' broadcast
        /// shape), else a [`crate::Error::ShapeMismatch`] and `out` is left untouched.
        #[allow(clippy::too_many_arguments)]
        pub fn $into<$($A: Copy + Send + Sync,)+ O: Copy + Send + Sync, F>(
            out: ArrayViewMutD<'_, O>,
            shape: &[usize],
            $($a: &ArrayViewD<'_, $A>,)+
            f: F,
        ) -> R<()>
        where
            F: Fn($($A),+) -> O + Sync,
        {
            super::check_out(out.shape(), shape)?;
            $region(out, $($a,)+ f, true)
        }

        /// The loop of [`$name`] and [`$into`] over a region already checked: in
        /// parallel when large, or on the calling thread only when `!par` (a block of
        /// rows of [`super::sweeps`], whose threads must not wait on other work).
        #[allow(clippy::too_many_arguments)]
        pub(crate) fn $region<$($A: Copy + Send + Sync,)+ O: Copy + Send + Sync, F>(
            mut region: ArrayViewMutD<'_, O>,
            $($a: &ArrayViewD<'_, $A>,)+
            f: F,
            par: bool,
        ) -> R<()>
        where
            F: Fn($($A),+) -> O + Sync,
        {
            let shape = region.shape().to_vec();
            $(let $a = broadcast($a, &shape)?;)+
            let n: usize = shape.iter().product();
            if n == 0 {
                return Ok(());
            }
            let nest = Nest::new(&shape, &[region.strides(), $($a.strides()),+], false);
            let out_unit = nest.strides[0].last() == Some(&1);
            if out_unit && nest.blocked() {
                let mut st = nest.strides.into_iter();
                let ost = st.next().unwrap_or_default();
                $(let $a = Src::new($a, st.next().unwrap_or_default());)+
                let dst = super::Dst::new(region.as_mut_ptr(), ost).streaming(n);
                let dims = &nest.dims[..];
                let run = |e0, len| {
                    isa::dispatch(super::$kern { dst: &dst, e0, len, dims, $($a: &$a,)+ f: &f })
                };
                if par {
                    super::for_chunks(n, run);
                } else {
                    run(0, n);
                }
                return Ok(());
            }
            if par {
                $par(region, $($a,)+ &f);
            } else {
                $seq(region, $($a,)+ &f);
            }
            Ok(())
        }

        /// Halves the region along its first axis while it is large, in parallel.
        #[allow(clippy::too_many_arguments)]
        fn $par<$($A: Copy + Send + Sync,)+ O: Copy + Send + Sync, F>(
            out: ArrayViewMutD<'_, O>,
            $($a: ArrayViewD<'_, $A>,)+
            f: &F,
        ) where
            F: Fn($($A),+) -> O + Sync,
        {
            if out.len() >= PAR_MIN && out.ndim() >= 1 && out.shape()[0] >= 2 {
                let mid = out.shape()[0] / 2;
                let (o1, o2) = out.split_at(Axis(0), mid);
                $(let $a = $a.split_at(Axis(0), mid);)+
                rayon::join(|| $par(o1, $($a.0,)+ f), || $par(o2, $($a.1,)+ f));
            } else {
                $seq(out, $($a,)+ f);
            }
        }

        /// The generic loop (any layout).
        #[allow(clippy::too_many_arguments)]
        fn $seq<$($A: Copy,)+ O: Copy, F>(
            mut out: ArrayViewMutD<'_, O>,
            $($a: ArrayViewD<'_, $A>,)+
            f: &F,
        ) where
            F: Fn($($A),+) -> O,
        {
            $body!($kern, out, f; $($a),+);
        }
    };
}

assign_zip_fn!(assign_zip1, into_zip1, region_zip1, apar1, aseq1, ZipK1, assign_body_zip; a: A);
assign_zip_fn!(assign_zip2, into_zip2, region_zip2, apar2, aseq2, ZipK2, assign_body_zip; a: A, b: B);
assign_zip_fn!(assign_zip3, into_zip3, region_zip3, apar3, aseq3, ZipK3, assign_body_zip; a: A, b: B, c: C);
assign_zip_fn!(assign_zip4, into_zip4, region_zip4, apar4, aseq4, ZipK4, assign_body_zip;
    a: A, b: B, c: C, d: D);
assign_zip_fn!(assign_zip5, into_zip5, region_zip5, apar5, aseq5, ZipK5, assign_body_zip;
    a: A, b: B, c: C, d: D, e: E);
assign_zip_fn!(assign_zip6, into_zip6, region_zip6, apar6, aseq6, ZipK6, seq_blocked;
    a: A, b: B, c: C, d: D, e: E, g: G);
assign_zip_fn!(assign_zip7, into_zip7, region_zip7, apar7, aseq7, ZipK7, seq_blocked;
    a: A, b: B, c: C, d: D, e: E, g: G, h: H);
assign_zip_fn!(assign_zip8, into_zip8, region_zip8, apar8, aseq8, ZipK8, seq_blocked;
    a: A, b: B, c: C, d: D, e: E, g: G, h: H, p: P);
assign_zip_fn!(assign_zip9, into_zip9, region_zip9, apar9, aseq9, ZipK9, seq_blocked;
    a: A, b: B, c: C, d: D, e: E, g: G, h: H, p: P, q: Q);
assign_zip_fn!(assign_zip10, into_zip10, region_zip10, apar10, aseq10, ZipK10, seq_blocked;
    a: A, b: B, c: C, d: D, e: E, g: G, h: H, p: P, q: Q, u: U);
assign_zip_fn!(assign_zip11, into_zip11, region_zip11, apar11, aseq11, ZipK11, seq_blocked;
    a: A, b: B, c: C, d: D, e: E, g: G, h: H, p: P, q: Q, u: U, v: V);
assign_zip_fn!(assign_zip12, into_zip12, region_zip12, apar12, aseq12, ZipK12, seq_blocked;
    a: A, b: B, c: C, d: D, e: E, g: G, h: H, p: P, q: Q, u: U, v: V, x: X);
assign_zip_fn!(assign_zip13, into_zip13, region_zip13, apar13, aseq13, ZipK13, seq_blocked;
    a: A, b: B, c: C, d: D, e: E, g: G, h: H, p: P, q: Q, u: U, v: V, x: X, i13: I13);
assign_zip_fn!(assign_zip14, into_zip14, region_zip14, apar14, aseq14, ZipK14, seq_blocked;
    a: A, b: B, c: C, d: D, e: E, g: G, h: H, p: P, q: Q, u: U, v: V, x: X, i13: I13, i14: I14);
assign_zip_fn!(assign_zip15, into_zip15, region_zip15, apar15, aseq15, ZipK15, seq_blocked;
    a: A, b: B, c: C, d: D, e: E, g: G, h: H, p: P, q: Q, u: U, v: V, x: X, i13: I13, i14: I14, i15: I15);
assign_zip_fn!(assign_zip16, into_zip16, region_zip16, apar16, aseq16, ZipK16, seq_blocked;
    a: A, b: B, c: C, d: D, e: E, g: G, h: H, p: P, q: Q, u: U, v: V, x: X, i13: I13, i14: I14, i15: I15, i16: I16);

/// The general body of an in-place update with at most five inputs: ndarray's `Zip`
/// (at most six producers: the target, whose elements are the old values, and the
/// inputs).
macro_rules! update_body_zip {
    ($kern:ident, $out:ident, $f:ident; $($a:ident),*) => {
        Zip::from(&mut $out)$(.and(&$a))*.for_each(|o, $($a),*| *o = $f(*o, $(*$a),*))
    };
}

/// The general body of an in-place update with six or more inputs: [`seq_blocked`] with
/// the update kernel `$kern` (it gathers strided inputs and old values, and scatters the
/// results).
macro_rules! update_body_blocked {
    ($kern:ident, $out:ident, $f:ident; $($a:ident),*) => {
        seq_blocked!($kern, $out, $f; $($a),*; inputs: std::marker::PhantomData)
    };
}

macro_rules! update_zip_fn {
    ($name:ident, $region:ident, $par:ident, $kern:ident, $fill_out:ident, $body:ident;
     $($a:ident: $A:ident / $ab:ident),*) => {
        /// `arr[items] = f(arr[items], inputs...)` computed in place, for a right side
        /// that reads the assigned region itself (`x[1:] -= e`, `x[s] = g(x[s], y)`):
        /// `f` gets each element's old value first, read at the position it then writes,
        /// so the result is what evaluating the right side first would give. Inputs are
        /// broadcast to the region. Layouts that [`assign_zip1`] runs as blocked,
        /// dispatched loops run the same way (each block's old values copied out of the
        /// destination just before the block is written); others take ndarray's `Zip`,
        /// in parallel halves along the region's longest axis.
        #[allow(clippy::too_many_arguments)]
        pub fn $name<$($A: Copy + Send + Sync,)* O: Copy + Send + Sync, F>(
            arr: &mut ArrayD<O>,
            items: &[super::Idx<'_>],
            value_shape: &[usize],
            $($a: &ArrayViewD<'_, $A>,)*
            f: F,
        ) -> R<()>
        where
            F: Fn(O, $($A),*) -> O + Sync,
        {
            let region = super::region_mut(arr, items)?;
            super::check_region(value_shape, region.shape())?;
            $region(region, $($a,)* f, true)
        }

        /// The loop of [`$name`] over a region already checked: in parallel when large,
        /// or on the calling thread only when `!par` (a block of rows of
        /// [`super::sweeps`]).
        #[allow(clippy::too_many_arguments)]
        pub(crate) fn $region<$($A: Copy + Send + Sync,)* O: Copy + Send + Sync, F>(
            mut region: ArrayViewMutD<'_, O>,
            $($a: &ArrayViewD<'_, $A>,)*
            f: F,
            par: bool,
        ) -> R<()>
        where
            F: Fn(O, $($A),*) -> O + Sync,
        {
            $(let $a = broadcast($a, region.shape())?;)*
            let n = region.len();
            if n == 0 {
                return Ok(());
            }
            let nest = Nest::new(region.shape(), &[region.strides(), $($a.strides()),*], false);
            let out_unit = nest.strides[0].last() == Some(&1);
            if out_unit && nest.blocked() {
                let mut st = nest.strides.into_iter();
                let ost = st.next().unwrap_or_default();
                $(let $a = Src::new($a, st.next().unwrap_or_default());)*
                let dst = super::Dst::new(region.as_mut_ptr(), ost);
                let dims = &nest.dims[..];
                let run = |e0, len| {
                    isa::dispatch($kern {
                        dst: &dst,
                        e0,
                        len,
                        dims,
                        $($a: &$a,)*
                        f: &f,
                        inputs: std::marker::PhantomData,
                    })
                };
                if par {
                    super::for_chunks(n, run);
                } else {
                    run(0, n);
                }
                return Ok(());
            }
            if par {
                $par(region, $($a,)* &f);
            } else {
                let f = &f;
                $body!($kern, region, f; $($a),*);
            }
            Ok(())
        }

        /// The blocked loop of `update_zipN`: [`super::ZipK1`]'s, with the block's old
        /// values as the first input.
        struct $kern<'k, 'v, $($A,)* O, F> {
            dst: &'k super::Dst<O>,
            e0: usize,
            len: usize,
            dims: &'k [usize],
            $($a: &'k Src<'v, $A>,)*
            f: &'k F,
            // (`'v` is unused without inputs.)
            inputs: std::marker::PhantomData<&'v ()>,
        }

        impl<$($A: Copy,)* O: Copy, F: Fn(O, $($A),*) -> O> isa::Kernel
            for $kern<'_, '_, $($A,)* O, F>
        {
            type Out = ();
            #[inline(always)]
            fn run(self) {
                $(let mut $ab: Vec<$A> = Vec::new();)*
                let mut old: Vec<O> = Vec::with_capacity(super::BLK);
                let s = self.dst.inner();
                let mut local = [std::mem::MaybeUninit::<O>::uninit(); super::BLK];
                let mut w = super::Walk::new(self.dims, self.e0, self.len);
                while let Some((_, i0, l)) = w.next() {
                    let row = self.dst.offset(w.idx());
                    let mut done = 0;
                    while done < l {
                        let b = (l - done).min(super::BLK);
                        // SAFETY: as in `ZipK1::run`: `Walk` yields outer indices within
                        // `dims` and segments within the inner extent, and each `Src` was
                        // built from the nest of `dims` over its view.
                        $(let $a = unsafe { self.$a.seg_at(&mut $ab, 0, w.idx(), i0 + done, b) };)*
                        let off = row + (i0 + done) as isize * s;
                        old.clear();
                        // SAFETY (here and below): as in `ZipK1::run`: `off + t * s` for
                        // `t < b` are elements of the region, written by this chunk only,
                        // and no input views the target (`update_zipN` borrows it mutably
                        // while they are shared). The region is part of an existing
                        // array, so every element is initialized; none of this block is
                        // written yet when its old values are read.
                        let out = if s == 1 {
                            let out = unsafe { self.dst.seg(off, b) };
                            old.extend(out.iter().map(|v| unsafe { v.assume_init() }));
                            out
                        } else {
                            unsafe { self.dst.gather(&mut old, off, s, b) };
                            &mut local[..b]
                        };
                        super::$fill_out(out, &old[..], $($a,)* self.f, false);
                        if s != 1 {
                            // (`$fill_out` wrote all of `local[..b]`.)
                            unsafe { self.dst.scatter(off, s, &local[..b]) };
                        }
                        done += b;
                    }
                }
            }
        }

        #[allow(clippy::too_many_arguments)]
        fn $par<$($A: Copy + Send + Sync,)* O: Copy + Send + Sync, F>(
            mut out: ArrayViewMutD<'_, O>,
            $($a: ArrayViewD<'_, $A>,)*
            f: &F,
        ) where
            F: Fn(O, $($A),*) -> O + Sync,
        {
            let longest = (0..out.ndim()).max_by_key(|&k| out.shape()[k]);
            match longest {
                Some(ax) if out.len() >= PAR_MIN && out.shape()[ax] >= 2 => {
                    let mid = out.shape()[ax] / 2;
                    let (o1, o2) = out.split_at(Axis(ax), mid);
                    $(let $a = $a.split_at(Axis(ax), mid);)*
                    rayon::join(|| $par(o1, $($a.0,)* f), || $par(o2, $($a.1,)* f));
                }
                _ => {
                    $body!($kern, out, f; $($a),*);
                }
            }
        }
    };
}

update_zip_fn!(update_zip0, uregion0, upar0, UpdK0, fill_out1, update_body_zip;);
update_zip_fn!(update_zip1, uregion1, upar1, UpdK1, fill_out2, update_body_zip; a: A / ab);
update_zip_fn!(update_zip2, uregion2, upar2, UpdK2, fill_out3, update_body_zip; a: A / ab, b: B / bb);
update_zip_fn!(update_zip3, uregion3, upar3, UpdK3, fill_out4, update_body_zip;
    a: A / ab, b: B / bb, c: C / cb);
update_zip_fn!(update_zip4, uregion4, upar4, UpdK4, fill_out5, update_body_zip;
    a: A / ab, b: B / bb, c: C / cb, d: D / db);
update_zip_fn!(update_zip5, uregion5, upar5, UpdK5, fill_out6, update_body_zip;
    a: A / ab, b: B / bb, c: C / cb, d: D / db, e: E / eb);
update_zip_fn!(update_zip6, uregion6, upar6, UpdK6, fill_out7, update_body_blocked;
    a: A / ab, b: B / bb, c: C / cb, d: D / db, e: E / eb, g: G / gb);
update_zip_fn!(update_zip7, uregion7, upar7, UpdK7, fill_out8, update_body_blocked;
    a: A / ab, b: B / bb, c: C / cb, d: D / db, e: E / eb, g: G / gb, h: H / hb);
update_zip_fn!(update_zip8, uregion8, upar8, UpdK8, fill_out9, update_body_blocked;
    a: A / ab, b: B / bb, c: C / cb, d: D / db, e: E / eb, g: G / gb, h: H / hb, p: P / pb);
update_zip_fn!(update_zip9, uregion9, upar9, UpdK9, fill_out10, update_body_blocked;
    a: A / ab, b: B / bb, c: C / cb, d: D / db, e: E / eb, g: G / gb, h: H / hb, p: P / pb, q: Q / qb);
update_zip_fn!(update_zip10, uregion10, upar10, UpdK10, fill_out11, update_body_blocked;
    a: A / ab, b: B / bb, c: C / cb, d: D / db, e: E / eb, g: G / gb, h: H / hb, p: P / pb, q: Q / qb, u: U / ub);
update_zip_fn!(update_zip11, uregion11, upar11, UpdK11, fill_out12, update_body_blocked;
    a: A / ab, b: B / bb, c: C / cb, d: D / db, e: E / eb, g: G / gb, h: H / hb, p: P / pb, q: Q / qb, u: U / ub, v: V / vb);
update_zip_fn!(update_zip12, uregion12, upar12, UpdK12, fill_out13, update_body_blocked;
    a: A / ab, b: B / bb, c: C / cb, d: D / db, e: E / eb, g: G / gb, h: H / hb, p: P / pb, q: Q / qb, u: U / ub, v: V / vb, x: X / xb);
update_zip_fn!(update_zip13, uregion13, upar13, UpdK13, fill_out14, update_body_blocked;
    a: A / ab, b: B / bb, c: C / cb, d: D / db, e: E / eb, g: G / gb, h: H / hb, p: P / pb, q: Q / qb, u: U / ub, v: V / vb, x: X / xb, i13: I13 / ib13);
update_zip_fn!(update_zip14, uregion14, upar14, UpdK14, fill_out15, update_body_blocked;
    a: A / ab, b: B / bb, c: C / cb, d: D / db, e: E / eb, g: G / gb, h: H / hb, p: P / pb, q: Q / qb, u: U / ub, v: V / vb, x: X / xb, i13: I13 / ib13, i14: I14 / ib14);
update_zip_fn!(update_zip15, uregion15, upar15, UpdK15, fill_out16, update_body_blocked;
    a: A / ab, b: B / bb, c: C / cb, d: D / db, e: E / eb, g: G / gb, h: H / hb, p: P / pb, q: Q / qb, u: U / ub, v: V / vb, x: X / xb, i13: I13 / ib13, i14: I14 / ib14, i15: I15 / ib15);

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{array, Array2};

    #[test]
    fn row_reductions_match_sequential_sums() {
        let x: Vec<f32> = (0..37).map(|i| (i as f32 * 0.37).sin()).collect();
        let want: f64 = x.iter().map(|&v| f64::from(v)).sum();
        assert!((f64::from(row_sum(&x)) - want).abs() < 1e-6);
        assert!((f64::from(row_mean(&x)) - want / 37.0).abs() < 1e-7);
        let mx = x.iter().copied().fold(f32::MIN, f32::max);
        assert_eq!(row_max(&x).unwrap(), mx);
        let mn = x.iter().copied().fold(f32::MAX, f32::min);
        assert_eq!(row_min(&x).unwrap(), mn);
        let mut y = x.clone();
        y[30] = f32::NAN;
        assert!(row_max(&y).unwrap().is_nan());
        assert!(row_min(&y).unwrap().is_nan());
        assert!(row_max::<f64>(&[]).is_err());
        assert!(row_mean::<f64>(&[]).is_nan());
        assert_eq!(row_prod(&[2.0f64, 3.0, 4.0]), 24.0);
    }

    #[test]
    fn rows_of_strided_and_broadcast_arrays() {
        let a: Array2<f64> = array![[1., 2., 3.], [4., 5., 6.]];
        let t = a.t().to_owned(); // [3, 2]
        let tv = t.t(); // a view equal to `a`, not contiguous
        let domain = [2, 3];
        let r = Rows::new(tv.into_dyn(), &domain).unwrap();
        let mut buf = Vec::new();
        assert_eq!(r.row(1, &mut buf), &[4., 5., 6.]);
        let col: Array2<f64> = array![[10.], [20.]];
        let c = Rows::new(col.view().into_dyn(), &domain).unwrap();
        assert_eq!(c.at(1), 20.);
        let v = array![7., 8., 9.];
        let s = Rows::new(v.view().into_dyn(), &domain).unwrap();
        assert_eq!(s.row(1, &mut buf), &[7., 8., 9.]);
        let bad = array![1., 2.];
        assert!(Rows::new(bad.view().into_dyn(), &domain).is_err());
    }

    #[test]
    fn rows_run_gives_each_row() {
        for n in [3usize, 20000] {
            let out: ArrayD<f64> = rows_run(&[n, 4], Vec::<f64>::new, |r, row, _| {
                for (j, o) in row.iter_mut().enumerate() {
                    *o = (r * 4 + j) as f64;
                }
                Ok(())
            })
            .unwrap();
            assert!(out.iter().enumerate().all(|(i, &v)| v == i as f64));
        }
        let e: ArrayD<f64> = rows_run(&[0, 4], || (), |_, _, _| Ok(())).unwrap();
        assert_eq!(e.shape(), &[0, 4]);
    }

    #[test]
    fn six_or_more_inputs_in_any_layout() {
        // Contiguous, transposed (general-layout path) and broadcast inputs.
        let base = ArrayD::<f64>::from_shape_fn(IxDyn(&[5, 7]), |i| (i[0] * 7 + i[1]) as f64);
        let t = ArrayD::<f64>::from_shape_fn(IxDyn(&[7, 5]), |i| (i[1] * 7 + i[0]) as f64);
        let tv = t.t(); // equal to `base`, not contiguous
        let row = ArrayD::<f64>::from_shape_fn(IxDyn(&[7]), |i| i[0] as f64);
        let want = base.mapv(|x| 5.0 * x) + &row;
        for (a, b) in [(base.view(), base.view()), (tv.view(), tv.view())] {
            let got = super::super::zip6(
                &[5, 7],
                &a,
                &b,
                &base.view(),
                &a,
                &b,
                &row.view(),
                |p, q, r, s, u, v| p + q + r + s + u + v + base_extra(r),
            )
            .unwrap();
            assert_eq!(got, want.clone() + base.mapv(base_extra));
            let mut out = ArrayD::<f64>::zeros(IxDyn(&[5, 7]));
            let full = || super::super::Idx::Slice {
                start: None,
                stop: None,
                step: 1,
            };
            let all = [full(), full()];
            assign_zip7(
                &mut out,
                &all,
                &[5, 7],
                &a,
                &b,
                &base.view(),
                &a,
                &b,
                &row.view(),
                &tv.view(),
                |p, q, r, s, u, v, w| p + q + r + s + u + v + w - r,
            )
            .unwrap();
            assert_eq!(out, want);
        }
    }

    fn base_extra(x: f64) -> f64 {
        x * 0.5
    }

    #[test]
    fn assign_in_place() {
        let mut b = ArrayD::<f64>::zeros(IxDyn(&[4, 5]));
        let a = ArrayD::<f64>::from_shape_fn(IxDyn(&[2, 3]), |i| (i[0] * 3 + i[1]) as f64);
        let items = [
            super::super::Idx::Slice {
                start: Some(1),
                stop: Some(-1),
                step: 1,
            },
            super::super::Idx::Slice {
                start: Some(1),
                stop: Some(-1),
                step: 1,
            },
        ];
        assign_zip1(&mut b, &items, &[2, 3], &a.view(), |x| x * 2.0).unwrap();
        assert_eq!(b[[1, 1]], 0.0);
        assert_eq!(b[[2, 3]], 10.0);
        assert_eq!(b.sum(), 30.0);
        let wrong = ArrayD::<f64>::zeros(IxDyn(&[2, 2]));
        let err = assign_zip1(&mut b, &items, &[2, 2], &wrong.view(), |x| x).unwrap_err();
        assert!(err.to_string().contains("cannot assign"), "{err}");
    }
}
