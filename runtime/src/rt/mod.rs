//! Run-time support for the code that `arrc build --target rust` generates.
//!
//! Generated functions keep their arrays as dynamic-rank `ndarray` arrays
//! ([`ArrayD`]/[`ArrayViewD`]) internally and call the helpers here for everything that is
//! not a fused elementwise loop: entry checks, broadcasting, indexing, reductions, array
//! builders, shape operations. Every helper checks its inputs and returns
//! [`crate::Error`] with the reference interpreter's messages; none panics on any input.
//!
//! Elementwise loops go through [`zip1`] … [`zip5`]: sequential below [`PAR_MIN`]
//! elements, split recursively over rayon above (each output element is computed by the
//! same scalar code either way, so results do not depend on the thread count).
//!
//! Reductions accumulate floats in `f64`, as the interpreter does. Unfused ones (of an
//! array variable) run sequentially in row-major order, bit-identical to the interpreter.
//! Fused ones ([`reduce_zip1`] …, of an elementwise expression, with no temporary array)
//! split a full reduction into chunks of whole rows of about [`CHUNK`] elements (a
//! function of the shape only), reduce each chunk sequentially (in parallel across
//! chunks when large) and combine the chunk results in order; axis reductions reduce
//! each output element's lane sequentially, in parallel over output elements. So results
//! never depend on the number of threads, and differ from the interpreter's only by the
//! rounding of the f64 partial sums (far below f32 and f64 tolerances in practice);
//! `max`/`min`/`arg*`/`any`/`all` and integer reductions are exact.

mod elem;
mod entry;
mod index;
mod ops;

pub use elem::{clip, nan_max, nan_min, Elem, Float, Num};
pub use entry::*;
pub use index::*;
pub use ops::*;

use crate::Error;
use ndarray::{ArrayD, ArrayViewD, ArrayViewMutD, Axis, Dimension, Ix1, Ix2, Ix3, IxDyn, Zip};

/// The result type of every helper.
pub type R<T> = Result<T, Error>;

/// Elementwise loops with at least this many elements run in parallel.
pub const PAR_MIN: usize = 32768;

/// An internal error: a bug in the compiler or the generated code, never the user's.
pub fn internal(msg: impl std::fmt::Display) -> Error {
    Error::Other(format!("internal error in generated code: {msg}"))
}

/// NumPy broadcasting of two shapes, with the interpreter's message.
pub fn broadcast_shape(a: &[usize], b: &[usize]) -> R<Vec<usize>> {
    let n = a.len().max(b.len());
    let mut out = vec![0; n];
    for (i, o) in out.iter_mut().enumerate() {
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
        *o = if da == db || db == 1 {
            da
        } else if da == 1 {
            db
        } else {
            return Err(Error::ShapeMismatch(format!(
                "cannot broadcast shapes {} and {}",
                Error::shape_str(a),
                Error::shape_str(b)
            )));
        };
    }
    Ok(out)
}

/// A view broadcast to `shape`.
pub fn broadcast<'a, T>(a: &'a ArrayViewD<'_, T>, shape: &[usize]) -> R<ArrayViewD<'a, T>> {
    a.broadcast(IxDyn(shape)).ok_or_else(|| {
        Error::ShapeMismatch(format!(
            "cannot broadcast shape {} to {}",
            Error::shape_str(a.shape()),
            Error::shape_str(shape)
        ))
    })
}

/// Checks that an array of `shape` with elements of `T` can be allocated; returns its
/// element count.
pub fn check_count<T>(shape: &[usize], what: &str) -> R<usize> {
    let too_big = || Error::InvalidSize {
        value: i64::MAX,
        what: format!(
            "{what}: shape {} has too many elements",
            Error::shape_str(shape)
        ),
    };
    let mut n: usize = 1;
    for &d in shape {
        n = n.checked_mul(d).ok_or_else(too_big)?;
    }
    let bytes = n
        .checked_mul(std::mem::size_of::<T>().max(1))
        .ok_or_else(too_big)?;
    if bytes > isize::MAX as usize {
        return Err(too_big());
    }
    if bytes > 1 << 26 {
        let mut probe: Vec<u8> = Vec::new();
        if probe.try_reserve_exact(bytes).is_err() {
            return Err(Error::OutOfMemory {
                bytes,
                what: format!("{what} of shape {}", Error::shape_str(shape)),
            });
        }
    }
    Ok(n)
}

/// A new array of `shape` filled with `x` (allocation checked).
pub fn alloc<T: Clone>(shape: &[usize], x: T, what: &str) -> R<ArrayD<T>> {
    check_count::<T>(shape, what)?;
    Ok(ArrayD::from_elem(IxDyn(shape), x))
}

/// A dynamic-rank view of a fixed-rank one.
pub fn dyn_view<'a, T, D: Dimension>(a: ndarray::ArrayView<'a, T, D>) -> ArrayViewD<'a, T> {
    a.into_dyn()
}

/// A fixed-rank view of a dynamic-rank one (for calls of generated functions).
pub fn fix_view<'a, T, D: Dimension>(a: ArrayViewD<'a, T>) -> R<ndarray::ArrayView<'a, T, D>> {
    a.into_dimensionality::<D>().map_err(internal)
}

/// A fixed-rank array of a dynamic-rank one (results of generated functions).
pub fn fix<T, D: Dimension>(a: ArrayD<T>) -> R<ndarray::Array<T, D>> {
    a.into_dimensionality::<D>().map_err(internal)
}

/// The `f_into` epilogue: checks `out`'s shape and writes `r` into it.
pub fn write_into<T: Clone, D: Dimension>(
    r: &ndarray::Array<T, D>,
    mut out: ndarray::ArrayViewMut<'_, T, D>,
) -> R<()> {
    if r.shape() != out.shape() {
        return Err(Error::ShapeMismatch(format!(
            "output has shape {}, but the result has shape {}",
            Error::shape_str(out.shape()),
            Error::shape_str(r.shape())
        )));
    }
    out.assign(r);
    Ok(())
}

/// The first element of a 0-d array (a reduction or element read), or the default.
pub fn scalar_of<T: Copy + Default>(a: &ArrayD<T>) -> T {
    a.first().copied().unwrap_or_default()
}

fn split_len(shape: &[usize]) -> Option<(usize, usize)> {
    // The longest axis, when it can be halved.
    let (ax, &len) = shape.iter().enumerate().max_by_key(|(_, &d)| d)?;
    (len >= 2).then_some((ax, len / 2))
}

macro_rules! zip_fn {
    ($name:ident, $par:ident, $seq:ident; $($a:ident: $A:ident),+) => {
        /// An elementwise loop: `out[i] = f(inputs[i]...)` over inputs already broadcast to
        /// `shape`; parallel when large.
        #[allow(clippy::too_many_arguments)]
        pub fn $name<$($A: Copy + Send + Sync,)+ O: Copy + Default + Send + Sync, F>(
            shape: &[usize],
            $($a: &ArrayViewD<'_, $A>,)+
            f: F,
        ) -> R<ArrayD<O>>
        where
            F: Fn($($A),+) -> O + Sync,
        {
            let n = check_count::<O>(shape, "a broadcast result")?;
            $(let $a = broadcast($a, shape)?;)+
            let mut out = ArrayD::from_elem(IxDyn(shape), O::default());
            if n >= PAR_MIN {
                $par(out.view_mut(), $($a,)+ &f);
            } else {
                $seq(out.view_mut(), $($a,)+ &f);
            }
            Ok(out)
        }

        /// The sequential loop, on fixed-rank views for ranks 1 to 3 (much faster than
        /// dynamic-rank iteration).
        #[allow(clippy::too_many_arguments)]
        fn $seq<$($A: Copy,)+ O, F>(
            mut out: ArrayViewMutD<'_, O>,
            $($a: ArrayViewD<'_, $A>,)+
            f: &F,
        ) where
            F: Fn($($A),+) -> O,
        {
            match out.ndim() {
                1 => {
                    if let (Ok(mut o), $(Ok($a),)+) = (
                        out.view_mut().into_dimensionality::<Ix1>(),
                        $($a.view().into_dimensionality::<Ix1>(),)+
                    ) {
                        Zip::from(&mut o)$(.and(&$a))+.for_each(|o, $($a),+| *o = f($(*$a),+));
                        return;
                    }
                }
                2 => {
                    if let (Ok(mut o), $(Ok($a),)+) = (
                        out.view_mut().into_dimensionality::<Ix2>(),
                        $($a.view().into_dimensionality::<Ix2>(),)+
                    ) {
                        Zip::from(&mut o)$(.and(&$a))+.for_each(|o, $($a),+| *o = f($(*$a),+));
                        return;
                    }
                }
                3 => {
                    if let (Ok(mut o), $(Ok($a),)+) = (
                        out.view_mut().into_dimensionality::<Ix3>(),
                        $($a.view().into_dimensionality::<Ix3>(),)+
                    ) {
                        Zip::from(&mut o)$(.and(&$a))+.for_each(|o, $($a),+| *o = f($(*$a),+));
                        return;
                    }
                }
                _ => {}
            }
            Zip::from(&mut out)$(.and(&$a))+.for_each(|o, $($a),+| *o = f($(*$a),+));
        }

        #[allow(clippy::too_many_arguments)]
        fn $par<$($A: Copy + Send + Sync,)+ O: Copy + Send + Sync, F>(
            out: ArrayViewMutD<'_, O>,
            $($a: ArrayViewD<'_, $A>,)+
            f: &F,
        ) where
            F: Fn($($A),+) -> O + Sync,
        {
            match split_len(out.shape()) {
                Some((ax, mid)) if out.len() >= PAR_MIN / 2 => {
                    let (o1, o2) = out.split_at(Axis(ax), mid);
                    $(let $a = $a.split_at(Axis(ax), mid);)+
                    rayon::join(
                        || $par(o1, $($a.0,)+ f),
                        || $par(o2, $($a.1,)+ f),
                    );
                }
                _ => $seq(out, $($a,)+ f),
            }
        }
    };
}

zip_fn!(zip1, par1, seq1; a: A);
zip_fn!(zip2, par2, seq2; a: A, b: B);
zip_fn!(zip3, par3, seq3; a: A, b: B, c: C);
zip_fn!(zip4, par4, seq4; a: A, b: B, c: C, d: D);
zip_fn!(zip5, par5, seq5; a: A, b: B, c: C, d: D, e: E);

macro_rules! map_try_fn {
    ($name:ident; $($a:ident: $A:ident),+) => {
        /// A fallible scalar function applied elementwise (a ufunc call), sequentially in
        /// row-major order so that the first error is the interpreter's.
        pub fn $name<$($A: Copy,)+ O: Copy, F>(
            shape: &[usize],
            $($a: &ArrayViewD<'_, $A>,)+
            mut f: F,
        ) -> R<ArrayD<O>>
        where
            F: FnMut($($A),+) -> R<O>,
        {
            let n = check_count::<O>(shape, "a function applied elementwise")?;
            $(let $a = broadcast($a, shape)?;)+
            $(let mut $a = $a.iter();)+
            let mut out = Vec::with_capacity(n);
            for _ in 0..n {
                out.push(f($(*$a.next().ok_or_else(|| internal("map"))?),+)?);
            }
            ArrayD::from_shape_vec(IxDyn(shape), out).map_err(internal)
        }
    };
}

map_try_fn!(map_try1; a: A);
map_try_fn!(map_try2; a: A, b: B);
map_try_fn!(map_try3; a: A, b: B, c: C);
map_try_fn!(map_try4; a: A, b: B, c: C, d: D);
map_try_fn!(map_try5; a: A, b: B, c: C, d: D, e: E);
