//! Time-skewed stencil sweeps: a `for` loop whose body only writes regions of arrays
//! from shifted views of arrays (`for t { b[1:-1] = f(a[:-2], a[2:]); a[1:-1] = g(b..) }`)
//! run as one pass over the arrays instead of one pass per statement and iteration.
//!
//! Number the statement executions of the loop in program order: *level* `L` is
//! statement `L % k` of iteration `L / k` (`k` statements). Cut axis 0 of the arrays
//! into blocks of `B` rows (absolute row numbers, the same for every array). Level `L`
//! computes block `j` at *front* `j + L`; a front runs its levels in increasing order.
//! When every read of an array written in the loop is at most `B` rows away from the
//! row it is used for (the compiler passes the largest such distance, the radius, and
//! `B` is at least that), this order gives every level the values the loop as written
//! would: a value read from block `j + 1` of the previous level was written at front
//! `j + 1 + (L - 1) = j + L`, the same front, by a lower level; a row that a later
//! level overwrites (block `j - 1` at level `L + 1`, front `j + L`) is overwritten after
//! the reads of this front. So the arrays are read from memory once per pass while the
//! few blocks a front touches stay in cache: a 10-step Jacobi sweep of a 4096² grid
//! (20 levels) reads and writes each array about once instead of 20 times.
//!
//! The levels are split into contiguous ranges, one per thread. Thread `i` runs its
//! levels front after front, starting front `p` only once thread `i - 1` has finished
//! it (an atomic counter per thread). Every pair of conflicting block computations then
//! runs in the order above: a lower level's block at a later front never touches what a
//! higher level reads or writes at an earlier one (their rows are more than `B` apart),
//! so thread `i - 1` may run ahead freely. Blocks run on their thread alone (no nested
//! parallelism, so a waiting thread never has to run another thread's work), and a
//! failing or panicking thread stops the others, so nothing waits forever.
//!
//! Generated code passes one closure per statement (see [`Sweep`]); the closure builds
//! its views and calls [`Sweep`]'s `assign_zipN`, which checks the statement (first
//! call), computes one block of rows, or runs the whole statement, depending on the
//! mode. When a statement's shapes do not allow the row split (an operand broadcast
//! along axis 0, for one), or the work is too small to split, the loop runs as written:
//! each statement in turn, each in parallel, with the same results.

use super::index::{region_view, RowSel};
use super::{check_region, internal, Error, R};
use ndarray::{ArrayD, ArrayViewD, ArrayViewMutD, Axis, IxDyn, ShapeBuilder, Slice};
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;

/// Elements per block of rows (at least one row, and at least the radius): large enough
/// that a block's call costs little next to its work, small enough that the blocks a
/// thread's fronts keep in flight stay in the caches.
const BLOCK_ELEMS: usize = 1 << 14;

/// The pipeline runs only when there are at least this many blocks per thread: with
/// fewer, a statement's own parallel loop keeps the cores busier.
const MIN_BLOCKS_PER_THREAD: usize = 4;

/// `ARR_SWEEP=0` in the environment: every sweep loop runs as written (for comparisons).
fn sweeps_off() -> bool {
    static OFF: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *OFF.get_or_init(|| std::env::var("ARR_SWEEP").is_ok_and(|v| v.trim() == "0"))
}

/// `ARR_SWEEP_ROWS=n` in the environment: blocks of `n` rows (at least the radius), and
/// the pipeline whenever a loop allows it, however small (for tests and comparisons).
fn forced_rows() -> Option<usize> {
    #[cfg(test)]
    if let Some(n) = tests::TEST_ROWS.with(|c| c.get()) {
        return Some(n);
    }
    static ROWS: std::sync::OnceLock<Option<usize>> = std::sync::OnceLock::new();
    *ROWS.get_or_init(|| {
        std::env::var("ARR_SWEEP_ROWS")
            .ok()
            .and_then(|v| v.trim().parse::<usize>().ok())
            .filter(|&n| n > 0)
    })
}

/// One of the loop's arrays, by its raw parts (shared between the pipeline's threads,
/// which access disjoint rows at any one time: see the module docs): the pointer to its
/// lowest element, its shape, the absolute values of its strides, and the axes whose
/// strides are negative (views are made with positive strides, then those axes
/// inverted, as ndarray's raw constructors take non-negative strides only).
struct Raw<T> {
    ptr: *mut T,
    shape: Vec<usize>,
    strides: Vec<usize>,
    flip: Vec<bool>,
}

impl<T> Raw<T> {
    fn of(a: &mut ArrayD<T>) -> Self {
        let shape = a.shape().to_vec();
        let strides: Vec<isize> = a.strides().to_vec();
        let mut ptr = a.as_mut_ptr();
        for (&n, &s) in shape.iter().zip(&strides) {
            if s < 0 && n > 0 {
                // The last element along this axis is the lowest one.
                ptr = ptr.wrapping_offset((n as isize - 1) * s);
            }
        }
        Raw {
            ptr,
            shape,
            strides: strides.iter().map(|s| s.unsigned_abs()).collect(),
            flip: strides.iter().map(|&s| s < 0).collect(),
        }
    }

    fn dim(&self) -> ndarray::StrideShape<IxDyn> {
        IxDyn(&self.shape).strides(IxDyn(&self.strides))
    }

    fn unflip<S: ndarray::RawData>(
        &self,
        mut v: ndarray::ArrayBase<S, IxDyn>,
    ) -> ndarray::ArrayBase<S, IxDyn> {
        for (k, &f) in self.flip.iter().enumerate() {
            if f {
                v.invert_axis(Axis(k));
            }
        }
        v
    }
}

// SAFETY: a `Raw` is made from an array borrowed mutably for the whole of `sweeps`, and
// its users access it only as the schedule allows (no element is written by one thread
// while another reads or writes it), so sending or sharing the pointer is sound for
// element types that may be sent between threads.
unsafe impl<T: Send> Send for Raw<T> {}
// SAFETY: as for `Send`.
unsafe impl<T: Send> Sync for Raw<T> {}

/// What a statement is run for.
#[derive(Clone, Copy, Debug)]
enum Mode<'s> {
    /// Check its shapes and report its region (no element is written).
    Check(&'s Cell<Option<Region>>),
    /// Compute the rows `q0 .. q1` (absolute rows of the target) of its region, on this
    /// thread only.
    Rows(usize, usize),
    /// Run it as written (the whole region, in parallel).
    Whole,
}

/// The region a statement writes, as its check found it.
#[derive(Clone, Copy, Debug)]
struct Region {
    /// Its first row (absolute) and number of rows along axis 0.
    start: usize,
    rows: usize,
    /// Elements per row.
    row_elems: usize,
    /// Whether every operand has the region's shape, so that block rows of the region
    /// are the same rows of each operand.
    splits: bool,
}

/// What a statement closure of [`sweeps`] gets: views of the loop's arrays, and the
/// in-place loops (`assign_zipN`) that write a region of one of them.
pub struct Sweep<'s, T> {
    arrays: &'s [Raw<T>],
    mode: Mode<'s>,
    /// The value of the loop variable for this statement execution.
    index: i64,
}

impl<T> std::fmt::Debug for Sweep<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sweep")
            .field("arrays", &self.arrays.len())
            .field("mode", &self.mode)
            .field("index", &self.index)
            .finish()
    }
}

impl<T> Sweep<'_, T> {
    /// The loop variable's value in the iteration this call computes.
    pub fn index(&self) -> i64 {
        self.index
    }

    /// A view of the loop's array `k` (the closure's own binding for that local).
    pub fn view(&self, k: usize) -> R<ArrayViewD<'_, T>> {
        let a = self
            .arrays
            .get(k)
            .ok_or_else(|| internal("a sweep array out of range"))?;
        // SAFETY: `a` holds the raw parts of an array borrowed mutably for the whole of
        // `sweeps` (`Raw::of`: the lowest element and non-negative strides), so they
        // describe its initialized elements; the schedule (module docs) guarantees that
        // no element read through this view is written meanwhile.
        Ok(a.unflip(unsafe { ArrayViewD::from_shape_ptr(a.dim(), a.ptr) }))
    }

    /// The region `items` of array `k`, mutable, and the rows it covers.
    fn region(&self, k: usize, items: &[super::Idx<'_>]) -> R<(ArrayViewMutD<'_, T>, RowSel)> {
        let a = self
            .arrays
            .get(k)
            .ok_or_else(|| internal("a sweep array out of range"))?;
        // SAFETY: as in `view`; only the elements of the rows this call computes are
        // accessed through the region (`assign`), and no other thread accesses them
        // meanwhile.
        let whole = a.unflip(unsafe { ArrayViewMutD::from_shape_ptr(a.dim(), a.ptr) });
        region_view(whole, items)
    }
}

/// `Sweep::$name`: the in-place loop `$region` of `rt::rows` for the statement's mode.
/// `$($old)?` is `T` for an update, whose `f` gets each element's old value first.
macro_rules! sweep_zip {
    ($name:ident, $region:ident, $what:literal; $($old:ident)?; $($a:ident: $A:ident),*) => {
        impl<T: Copy + Send + Sync> Sweep<'_, T> {
            #[doc = concat!("`array_k[items] = ", $what, "`, as `", stringify!($name),
                "` in `arr::rt` does it, for the statement's mode (see [`sweeps`]).")]
            #[allow(clippy::too_many_arguments)]
            pub fn $name<$($A: Copy + Send + Sync,)* F>(
                &self,
                k: usize,
                items: &[super::Idx<'_>],
                value_shape: &[usize],
                $($a: &ArrayViewD<'_, $A>,)*
                f: F,
            ) -> R<()>
            where
                F: Fn($($old,)? $($A),*) -> T + Sync,
            {
                let (mut region, rows) = self.region(k, items)?;
                check_region(value_shape, region.shape())?;
                match self.mode {
                    Mode::Whole => super::rows::$region(region, $($a,)* f, true),
                    Mode::Check(out) => {
                        let same = true $(&& $a.shape() == region.shape())*;
                        out.set(Some(Region::of(region.shape(), rows, same)));
                        Ok(())
                    }
                    Mode::Rows(q0, q1) => {
                        let Some((i0, i1)) = block_rows(region.shape(), rows, q0, q1)? else {
                            return Ok(());
                        };
                        let rows_of = Slice::from(i0..i1);
                        region.slice_axis_inplace(Axis(0), rows_of);
                        $(let $a = $a.slice_axis(Axis(0), rows_of);)*
                        super::rows::$region(region, $(&$a,)* f, false)
                    }
                }
            }
        }
    };
}

sweep_zip!(assign_zip1, region_zip1, "f(inputs...)"; ; a: A);
sweep_zip!(assign_zip2, region_zip2, "f(inputs...)"; ; a: A, b: B);
sweep_zip!(assign_zip3, region_zip3, "f(inputs...)"; ; a: A, b: B, c: C);
sweep_zip!(assign_zip4, region_zip4, "f(inputs...)"; ; a: A, b: B, c: C, d: D);
sweep_zip!(assign_zip5, region_zip5, "f(inputs...)"; ; a: A, b: B, c: C, d: D, e: E);
sweep_zip!(assign_zip6, region_zip6, "f(inputs...)"; ; a: A, b: B, c: C, d: D, e: E, g: G);
sweep_zip!(assign_zip7, region_zip7, "f(inputs...)"; ; a: A, b: B, c: C, d: D, e: E, g: G, h: H);
sweep_zip!(assign_zip8, region_zip8, "f(inputs...)"; ; a: A, b: B, c: C, d: D, e: E, g: G, h: H, p: P);
sweep_zip!(assign_zip9, region_zip9, "f(inputs...)"; ; a: A, b: B, c: C, d: D, e: E, g: G, h: H, p: P, q: Q);
sweep_zip!(assign_zip10, region_zip10, "f(inputs...)"; ;
    a: A, b: B, c: C, d: D, e: E, g: G, h: H, p: P, q: Q, u: U);
sweep_zip!(assign_zip11, region_zip11, "f(inputs...)"; ;
    a: A, b: B, c: C, d: D, e: E, g: G, h: H, p: P, q: Q, u: U, v: V);
sweep_zip!(assign_zip12, region_zip12, "f(inputs...)"; ;
    a: A, b: B, c: C, d: D, e: E, g: G, h: H, p: P, q: Q, u: U, v: V, x: X);
sweep_zip!(assign_zip13, region_zip13, "f(inputs...)"; ;
    a: A, b: B, c: C, d: D, e: E, g: G, h: H, p: P, q: Q, u: U, v: V, x: X, i13: I13);
sweep_zip!(assign_zip14, region_zip14, "f(inputs...)"; ;
    a: A, b: B, c: C, d: D, e: E, g: G, h: H, p: P, q: Q, u: U, v: V, x: X, i13: I13, i14: I14);
sweep_zip!(assign_zip15, region_zip15, "f(inputs...)"; ;
    a: A, b: B, c: C, d: D, e: E, g: G, h: H, p: P, q: Q, u: U, v: V, x: X, i13: I13, i14: I14, i15: I15);
sweep_zip!(assign_zip16, region_zip16, "f(inputs...)"; ;
    a: A, b: B, c: C, d: D, e: E, g: G, h: H, p: P, q: Q, u: U, v: V, x: X, i13: I13, i14: I14, i15: I15, i16: I16);

sweep_zip!(update_zip0, uregion0, "f(array_k[items], inputs...)"; T;);
sweep_zip!(update_zip1, uregion1, "f(array_k[items], inputs...)"; T; a: A);
sweep_zip!(update_zip2, uregion2, "f(array_k[items], inputs...)"; T; a: A, b: B);
sweep_zip!(update_zip3, uregion3, "f(array_k[items], inputs...)"; T; a: A, b: B, c: C);
sweep_zip!(update_zip4, uregion4, "f(array_k[items], inputs...)"; T; a: A, b: B, c: C, d: D);
sweep_zip!(update_zip5, uregion5, "f(array_k[items], inputs...)"; T; a: A, b: B, c: C, d: D, e: E);
sweep_zip!(update_zip6, uregion6, "f(array_k[items], inputs...)"; T; a: A, b: B, c: C, d: D, e: E, g: G);
sweep_zip!(update_zip7, uregion7, "f(array_k[items], inputs...)"; T; a: A, b: B, c: C, d: D, e: E, g: G, h: H);
sweep_zip!(update_zip8, uregion8, "f(array_k[items], inputs...)"; T; a: A, b: B, c: C, d: D, e: E, g: G, h: H, p: P);
sweep_zip!(update_zip9, uregion9, "f(array_k[items], inputs...)"; T; a: A, b: B, c: C, d: D, e: E, g: G, h: H, p: P, q: Q);
sweep_zip!(update_zip10, uregion10, "f(array_k[items], inputs...)"; T;
    a: A, b: B, c: C, d: D, e: E, g: G, h: H, p: P, q: Q, u: U);
sweep_zip!(update_zip11, uregion11, "f(array_k[items], inputs...)"; T;
    a: A, b: B, c: C, d: D, e: E, g: G, h: H, p: P, q: Q, u: U, v: V);
sweep_zip!(update_zip12, uregion12, "f(array_k[items], inputs...)"; T;
    a: A, b: B, c: C, d: D, e: E, g: G, h: H, p: P, q: Q, u: U, v: V, x: X);
sweep_zip!(update_zip13, uregion13, "f(array_k[items], inputs...)"; T;
    a: A, b: B, c: C, d: D, e: E, g: G, h: H, p: P, q: Q, u: U, v: V, x: X, i13: I13);
sweep_zip!(update_zip14, uregion14, "f(array_k[items], inputs...)"; T;
    a: A, b: B, c: C, d: D, e: E, g: G, h: H, p: P, q: Q, u: U, v: V, x: X, i13: I13, i14: I14);
sweep_zip!(update_zip15, uregion15, "f(array_k[items], inputs...)"; T;
    a: A, b: B, c: C, d: D, e: E, g: G, h: H, p: P, q: Q, u: U, v: V, x: X, i13: I13, i14: I14, i15: I15);

impl Region {
    /// The region of `shape` covering rows `rows` of its array; `same` whether every
    /// operand has its shape. Only a region whose axis 0 is the array's rows splits.
    fn of(shape: &[usize], rows: RowSel, same: bool) -> Region {
        Region {
            start: match rows {
                RowSel::From(s) | RowSel::In(s) => s,
                RowSel::Other => 0,
            },
            rows: shape.first().copied().unwrap_or(0),
            row_elems: shape.iter().skip(1).product(),
            splits: matches!(rows, RowSel::From(_)) && !shape.is_empty() && same,
        }
    }
}

/// The rows `i0 .. i1` of a region of `shape` covering rows `rows` of its array that
/// lie in the array rows `q0 .. q1` (`None` when there are none).
fn block_rows(shape: &[usize], rows: RowSel, q0: usize, q1: usize) -> R<Option<(usize, usize)>> {
    let (RowSel::From(start), Some(&n)) = (rows, shape.first()) else {
        return Err(internal("a sweep block of an unsplit region"));
    };
    let i0 = q0.saturating_sub(start).min(n);
    let i1 = q1.saturating_sub(start).min(n);
    Ok((i0 < i1).then_some((i0, i1)))
}

impl<T: Copy + Send + Sync> Sweep<'_, T> {
    /// `array_k[items] = value` for a scalar `value`, for the statement's mode. The
    /// region may also lie in one row (`x[0, :] = v`).
    pub fn fill(&self, k: usize, items: &[super::Idx<'_>], value: T) -> R<()> {
        let (mut region, rows) = self.region(k, items)?;
        match self.mode {
            Mode::Whole => region.fill(value),
            Mode::Check(out) => out.set(Some(match rows {
                RowSel::In(row) => Region {
                    start: row,
                    rows: 1,
                    row_elems: region.len(),
                    splits: true,
                },
                _ => Region::of(region.shape(), rows, true),
            })),
            Mode::Rows(q0, q1) => match rows {
                RowSel::In(row) => {
                    if (q0..q1).contains(&row) {
                        region.fill(value);
                    }
                }
                _ => {
                    if let Some((i0, i1)) = block_rows(region.shape(), rows, q0, q1)? {
                        region
                            .slice_axis_mut(Axis(0), Slice::from(i0..i1))
                            .fill(value);
                    }
                }
            },
        }
        Ok(())
    }
}

/// A statement of a sweep loop: builds its views from the [`Sweep`] and calls one of
/// its `assign_zipN`.
pub type SweepStmt<'f, T> = &'f (dyn Fn(&Sweep<'_, T>) -> R<()> + Sync);

/// Runs `for t in lo..hi { stmts[0]; stmts[1]; ... }` over `arrays` (the arrays the
/// statements write), time-skewed when it can (module docs): `radius` is the largest
/// distance along axis 0 between a row a statement writes and a row of a written array
/// that it reads, which the compiler proved constant. `reads_index`: some statement
/// reads `t` ([`Sweep::index`]), in scalars only (`coef[t]`); then every iteration is
/// checked before any runs, so that an error (`coef` too short) is the one the loop as
/// written would stop at.
pub fn sweeps<T: Copy + Send + Sync>(
    lo: i64,
    hi: i64,
    radius: usize,
    reads_index: bool,
    arrays: &mut [&mut ArrayD<T>],
    stmts: &[SweepStmt<'_, T>],
) -> R<()> {
    let iters = hi.saturating_sub(lo).max(0) as u64;
    if iters == 0 || stmts.is_empty() {
        return Ok(());
    }
    let off = sweeps_off();
    let raws: Vec<Raw<T>> = arrays.iter_mut().map(|a| Raw::of(a)).collect();
    let raws = &raws[..];
    let whole = || -> R<()> {
        for t in lo..hi {
            for s in stmts {
                s(&Sweep {
                    arrays: raws,
                    mode: Mode::Whole,
                    index: t,
                })?;
            }
        }
        Ok(())
    };
    if off {
        return whole();
    }
    // A statement's check in iteration `t`: its errors, and the region it writes.
    let check = |s: &SweepStmt<'_, T>, t: i64| -> R<Option<Region>> {
        let cell = Cell::new(None);
        s(&Sweep {
            arrays: raws,
            mode: Mode::Check(&cell),
            index: t,
        })?;
        Ok(cell.get())
    };
    // Check every statement (its errors are the loop's first iteration's).
    let mut regions = Vec::with_capacity(stmts.len());
    for s in stmts {
        match check(s, lo)? {
            Some(r) if r.splits => regions.push(r),
            _ => return whole(),
        }
    }
    let levels = usize::try_from(iters)
        .ok()
        .and_then(|n| n.checked_mul(stmts.len()));
    let Some(levels) = levels else {
        return whole();
    };
    let row_elems = regions
        .iter()
        .map(|r| r.row_elems)
        .max()
        .unwrap_or(1)
        .max(1);
    let span = regions.iter().map(|r| r.start + r.rows).max().unwrap_or(0);
    let forced = forced_rows();
    let block = forced.unwrap_or(BLOCK_ELEMS / row_elems).max(radius).max(1);
    let blocks = span.div_ceil(block);
    let threads = rayon::current_num_threads().clamp(1, levels);
    if levels < 2 || (forced.is_none() && blocks < MIN_BLOCKS_PER_THREAD * threads) {
        return whole();
    }
    if reads_index {
        // The other iterations' checks, in order (they read no array the loop writes,
        // so they need not wait for the iterations before them).
        for t in lo.saturating_add(1)..hi {
            for s in stmts {
                check(s, t)?;
            }
        }
    }
    // Passes of at most `per_pass` levels: thread `i` starts only once thread `i - 1`
    // has finished the fronts below its first level, about `m * m / 2` blocks for `m`
    // levels per thread out of its `m * blocks`, so `m` is kept to `blocks / (4 (T -
    // 1))`, which bounds that start-up to an eighth of a thread's work per thread
    // before it (a 1-D loop of 200 levels over 64 blocks, run as one pass, kept the
    // second thread waiting for two thirds of the first one's work).
    let by_start = match threads {
        1 => levels,
        t => (blocks / (4 * (t - 1))).max(1),
    };
    // And each thread's levels keep about three blocks of every array in flight; they
    // should share the last-level cache with the other threads' and leave it half free
    // (fdtd_2d, 80 levels over three 32 MiB arrays: one pass of 40 levels per thread
    // was no faster than the loop as written).
    let level_bytes = (3 * block * row_elems * std::mem::size_of::<T>() * raws.len()).max(1);
    let by_cache = (super::mem::last_level_cache_bytes() / (2 * threads) / level_bytes).max(1);
    let per_thread = by_start.min(by_cache);
    let per_pass = per_thread.saturating_mul(threads);
    let mut first = 0;
    while first < levels {
        let n = per_pass.min(levels - first);
        let run = |level: usize, j: usize| -> R<()> {
            let (iter, stmt) = ((first + level) / stmts.len(), (first + level) % stmts.len());
            stmts[stmt](&Sweep {
                arrays: raws,
                mode: Mode::Rows(j * block, (j + 1) * block),
                index: lo.saturating_add(iter as i64),
            })
        };
        pipeline(n, blocks, threads.min(n), &run)?;
        first += n;
    }
    Ok(())
}

/// Runs `run(level, block)` for every level below `levels` and block below `blocks`,
/// block `j` of level `L` at front `j + L`, fronts in order and levels in order within
/// a front, the levels split among `threads` threads (module docs).
fn pipeline(
    levels: usize,
    blocks: usize,
    threads: usize,
    run: &(dyn Fn(usize, usize) -> R<()> + Sync),
) -> R<()> {
    // Thread `i` runs levels `bounds[i] .. bounds[i + 1]`.
    let bounds: Vec<usize> = (0..=threads).map(|i| i * levels / threads).collect();
    // `done[i]`: the fronts below it are finished by thread `i` (each thread's fronts
    // before its first are vacuously finished; `usize::MAX` once it has stopped).
    let done: Vec<AtomicUsize> = bounds[..threads]
        .iter()
        .map(|&b| AtomicUsize::new(b))
        .collect();
    let stop = AtomicBool::new(false);
    let error: Mutex<Option<Error>> = Mutex::new(None);
    let task = |i: usize| {
        // Marks the thread finished however it ends, so that no successor waits forever
        // (a panic also stops the others, and rayon passes it on).
        struct Finish<'a>(&'a AtomicUsize, &'a AtomicBool, bool);
        impl Drop for Finish<'_> {
            fn drop(&mut self) {
                if !self.2 {
                    self.1.store(true, Ordering::Release);
                }
                self.0.store(usize::MAX, Ordering::Release);
            }
        }
        let mut fin = Finish(&done[i], &stop, false);
        let (l0, l1) = (bounds[i], bounds[i + 1]);
        for p in l0..l1 - 1 + blocks {
            if i > 0 {
                let mut spins = 0u32;
                while done[i - 1].load(Ordering::Acquire) <= p {
                    if stop.load(Ordering::Acquire) {
                        fin.2 = true;
                        return;
                    }
                    spins = spins.saturating_add(1);
                    if spins < 1 << 10 {
                        std::hint::spin_loop();
                    } else {
                        std::thread::yield_now();
                    }
                }
            }
            if stop.load(Ordering::Acquire) {
                fin.2 = true;
                return;
            }
            // Levels active at front `p`: block `p - L` exists.
            let first = l0.max((p + 1).saturating_sub(blocks));
            let last = l1.min(p + 1);
            for level in first..last {
                if let Err(e) = run(level, p - level) {
                    let mut slot = error.lock().unwrap_or_else(|e| e.into_inner());
                    slot.get_or_insert(e);
                    stop.store(true, Ordering::Release);
                    fin.2 = true;
                    return;
                }
            }
            done[i].store(p + 1, Ordering::Release);
        }
        fin.2 = true;
    };
    chain(0, threads, &task);
    match error.into_inner().unwrap_or_else(|e| e.into_inner()) {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// Runs `task(i)` for `i` in `from..to`, each as the first half of a `rayon::join` whose
/// second half starts the rest: the calling thread always runs `task(from)` itself, so
/// a task that waits for its predecessor waits for one that is running (on another
/// thread) or finished.
fn chain(from: usize, to: usize, task: &(dyn Fn(usize) + Sync)) {
    if from + 1 >= to {
        if from < to {
            task(from);
        }
        return;
    }
    rayon::join(|| task(from), || chain(from + 1, to, task));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicU64;

    thread_local! {
        /// [`forced_rows`] for sweeps started on this thread (as `ARR_SWEEP_ROWS`).
        pub(super) static TEST_ROWS: Cell<Option<usize>> = const { Cell::new(None) };
    }

    fn run_forced<O>(rows: usize, f: impl FnOnce() -> O) -> O {
        TEST_ROWS.with(|c| c.set(Some(rows)));
        let r = f();
        TEST_ROWS.with(|c| c.set(None));
        r
    }

    fn pool(threads: usize) -> rayon::ThreadPool {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
    }

    /// Every (level, block) runs once, and after everything the schedule says it
    /// depends on: the level below at blocks `j - 1 ..= j + 1`, and its own block
    /// `j - 1`.
    #[test]
    fn pipeline_runs_each_block_once_after_its_dependencies() {
        for threads in 1..=4 {
            for (levels, blocks) in [(1, 1), (2, 9), (7, 3), (20, 16), (5, 40)] {
                let clock = AtomicU64::new(1);
                let at: Vec<AtomicU64> = (0..levels * blocks).map(|_| AtomicU64::new(0)).collect();
                let run = |l: usize, j: usize| -> R<()> {
                    let t = clock.fetch_add(1, Ordering::SeqCst);
                    assert_eq!(at[l * blocks + j].swap(t, Ordering::SeqCst), 0, "ran twice");
                    Ok(())
                };
                pool(threads)
                    .install(|| pipeline(levels, blocks, threads.min(levels), &run))
                    .unwrap();
                let t = |l: usize, j: usize| at[l * blocks + j].load(Ordering::SeqCst);
                for l in 0..levels {
                    for j in 0..blocks {
                        assert!(t(l, j) > 0, "({l}, {j}) never ran");
                        if j > 0 {
                            assert!(t(l, j - 1) < t(l, j));
                        }
                        if l > 0 {
                            for k in j.saturating_sub(1)..(j + 2).min(blocks) {
                                assert!(
                                    t(l - 1, k) < t(l, j),
                                    "{threads} threads: ({l}, {j}) before ({}, {k})",
                                    l - 1
                                );
                            }
                        }
                    }
                }
            }
        }
    }

    /// `for _ in 0..steps { b[1:-1] = a[:-2] + a[2:] * 0.5; a[1:-1] = b[1:-1] - b[2:] }`
    /// through `sweeps`, on arrays of any strides, as generated code calls it.
    fn smooth(a: &mut ArrayD<f64>, b: &mut ArrayD<f64>, steps: i64) -> R<()> {
        use super::super::Idx;
        let mid = [Idx::Slice {
            start: Some(1),
            stop: Some(-1),
            step: 1,
        }];
        fn view<'s>(
            sw: &'s Sweep<'_, f64>,
            k: usize,
            start: i64,
            stop: Option<i64>,
        ) -> R<ArrayViewD<'s, f64>> {
            let items = [Idx::Slice {
                start: Some(start),
                stop,
                step: 1,
            }];
            super::super::index_view(sw.view(k)?, &items)
        }
        let s1 = |sw: &Sweep<'_, f64>| -> R<()> {
            let (x, y) = (view(sw, 0, 0, Some(-2))?, view(sw, 0, 2, None)?);
            let shape = x.shape().to_vec();
            sw.assign_zip2(1, &mid, &shape, &x, &y, |x, y| x + y * 0.5)
        };
        let s2 = |sw: &Sweep<'_, f64>| -> R<()> {
            let (x, y) = (view(sw, 1, 1, Some(-1))?, view(sw, 1, 2, None)?);
            let shape = x.shape().to_vec();
            sw.assign_zip2(0, &mid, &shape, &x, &y, |x, y| x - y)
        };
        sweeps(0, steps, 1, false, &mut [a, b], &[&s1, &s2])
    }

    #[test]
    fn sweeps_match_the_loop_as_written_for_any_strides() {
        let n = 37;
        let start: Vec<f64> = (0..n).map(|i| ((i * 7) % 11) as f64 - 3.0).collect();
        // The loop as written, on plain vectors.
        let mut want_a = start.clone();
        let mut want_b = start.clone();
        for _ in 0..6 {
            for i in 1..n - 1 {
                want_b[i] = want_a[i - 1] + want_a[i + 1] * 0.5;
            }
            for i in 1..n - 1 {
                want_a[i] = want_b[i] - want_b[i + 1];
            }
        }
        for reversed in [false, true] {
            for threads in 1..=3 {
                let make = || {
                    let mut v = ArrayD::from_shape_vec(IxDyn(&[n]), start.clone()).unwrap();
                    if reversed {
                        // The same logical values, stored back to front.
                        v = ArrayD::from_shape_vec(
                            IxDyn(&[n]),
                            start.iter().rev().copied().collect(),
                        )
                        .unwrap();
                        v.invert_axis(Axis(0));
                    }
                    v
                };
                let (mut a, mut b) = (make(), make());
                pool(threads)
                    .install(|| {
                        // Blocks of two rows: the pipeline, however small the arrays.
                        run_forced(2, || smooth(&mut a, &mut b, 6))
                    })
                    .unwrap();
                assert_eq!(a.iter().copied().collect::<Vec<_>>(), want_a);
                assert_eq!(b.iter().copied().collect::<Vec<_>>(), want_b);
            }
        }
    }

    #[test]
    fn an_error_stops_every_thread_and_is_returned() {
        for threads in 1..=3 {
            let r = pool(threads).install(|| {
                pipeline(12, 30, threads, &|l, j| {
                    if (l, j) == (5, 7) {
                        Err(Error::ShapeMismatch("boom".into()))
                    } else {
                        Ok(())
                    }
                })
            });
            assert!(matches!(r, Err(Error::ShapeMismatch(m)) if m == "boom"));
        }
    }

    #[test]
    fn a_panic_stops_every_thread_and_propagates() {
        for threads in 2..=3 {
            let r = std::panic::catch_unwind(|| {
                pool(threads).install(|| {
                    pipeline(12, 30, threads, &|l, j| {
                        assert!((l, j) != (0, 20), "boom");
                        Ok(())
                    })
                })
            });
            assert!(r.is_err());
        }
    }
}
