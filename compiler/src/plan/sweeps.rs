//! Pass 6: *sweep loops*, a `for` loop of stencil sweeps run time-skewed.
//!
//! ```text
//! for t in 0..steps {
//!     b[1:-1, 1:-1] = 0.2 * (a[1:-1, 1:-1] + a[1:-1, :-2] + a[1:-1, 2:] + a[2:, 1:-1] + a[:-2, 1:-1]);
//!     a[1:-1, 1:-1] = 0.2 * (b[1:-1, 1:-1] + b[1:-1, :-2] + b[1:-1, 2:] + b[2:, 1:-1] + b[:-2, 1:-1]);
//! }
//! ```
//!
//! Run as written, every statement of every iteration streams its arrays through memory
//! once. The runtime's `arr::rt::sweeps` instead runs all of them in one pass over the
//! rows (axis 0), a block of rows of each statement execution a little behind the one
//! before, so that what one execution writes is read by the next while it is in cache
//! (its docs give the schedule and why it computes what the loop as written does).
//! That is valid when every row a statement reads from an array the loop writes is a
//! constant distance from the row it computes; the largest such distance is the loop's
//! *radius*. This pass finds the loops for which the compiler can prove it.
//!
//! # When a loop is a sweep loop
//!
//! * Its body is one or more `x[items] = e` statements, each computed in place (pass 5)
//!   or storing a scalar (`ey[0, :] = fict[t]`, whose region may lie in one row), and
//!   nothing else. The written locals (the loop's *arrays*) share one element type.
//! * The first item of each target is a slice of step 1 whose start is absent or a
//!   constant `>= 0`, so the region's rows are the array's rows from a known one.
//! * Each right side is one fused loop over exactly the region's rank: no sub-tree is
//!   materialized before it, and every array leaf is a local, or a view of a local,
//!   of that rank. A leaf of one of the loop's arrays other than the target's region
//!   starts axis 0 with a slice of step 1 and a constant start (or is the
//!   whole local); the difference of the two starts is that read's distance. A read of
//!   the target's own region (`x[1:-1] += e`, each element read where it is written)
//!   is the update form, at distance 0.
//! * Scalars in the right sides and in the index bounds are cheap expressions
//!   (arithmetic, math functions, casts, elements of arrays the loop does not write; no
//!   reductions or calls, which would be recomputed per block of rows) that read none of
//!   the loop's arrays. The right sides' scalars may read the loop variable
//!   (`coef[t]`); the index bounds may not, so that every iteration writes and reads
//!   the same regions.
//!
//! The run-time checks that remain (every operand has the region's shape, so that row
//! `i` of the region is row `i` of each operand; enough rows to split) are the
//! runtime's: where they fail, it runs the loop as written.

use super::fuse::int_const;
use super::uses::Uses;
use super::{region_rank, scalar_op_ok, FnPlan};
use crate::ir::{Block, Expr, ExprId, Function, Index, LocalId, Stmt};
use std::collections::{HashMap, HashSet};

/// A `for` loop run as time-skewed sweeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SweepLoop {
    /// The locals its statements write, in order of first write: the runtime's arrays.
    pub arrays: Vec<LocalId>,
    /// The largest distance along axis 0 between a row a statement computes and a row
    /// of one of the arrays that it reads.
    pub radius: usize,
    /// Whether a statement's scalars read the loop variable (`coef[t]`).
    pub reads_index: bool,
}

/// The sweep loops of `f`, keyed by the loop's upper bound expression.
pub fn find_sweeps(f: &Function, plan: &FnPlan) -> HashMap<ExprId, SweepLoop> {
    let mut out = HashMap::new();
    fn walk(f: &Function, plan: &FnPlan, b: &Block, out: &mut HashMap<ExprId, SweepLoop>) {
        for s in &b.stmts {
            match s {
                Stmt::For { var, hi, body, .. } => {
                    if let Some(l) = sweep_loop(f, plan, *var, body) {
                        out.insert(*hi, l);
                    } else {
                        walk(f, plan, body, out);
                    }
                }
                Stmt::While { body, .. } => walk(f, plan, body, out),
                _ => {}
            }
        }
    }
    walk(f, plan, &f.body, &mut out);
    out
}

/// The sweep loop of `for var { body }`, if it is one (module docs).
fn sweep_loop(f: &Function, plan: &FnPlan, var: LocalId, body: &Block) -> Option<SweepLoop> {
    if body.stmts.is_empty() || body.value.is_some() {
        return None;
    }
    let mut arrays: Vec<LocalId> = Vec::new();
    for s in &body.stmts {
        let Stmt::AssignIndex { local, value, .. } = s else {
            return None;
        };
        if !plan.in_place.contains(value) && !is_fill(f, plan, *local, *value) {
            return None;
        }
        if !arrays.contains(local) {
            arrays.push(*local);
        }
    }
    let dtype = f.local(arrays[0]).ty.dtype;
    if arrays.iter().any(|l| {
        let t = &f.local(*l).ty;
        t.dtype != dtype || t.rank() == 0
    }) {
        return None;
    }
    let banned: HashSet<LocalId> = arrays.iter().copied().collect();
    let check = Check {
        f,
        plan,
        arrays: &arrays,
        banned: &banned,
        var,
        reads_var: std::cell::Cell::new(false),
    };
    let mut radius = 0usize;
    for s in &body.stmts {
        let Stmt::AssignIndex {
            local,
            items,
            value,
        } = s
        else {
            return None;
        };
        if !check.bounds_ok(items) {
            return None;
        }
        if is_fill(f, plan, *local, *value) {
            // `x[i, :] = v`: a scalar (which reads none of the loop's arrays) into a
            // region in one row or from a row on.
            let row = match items.first() {
                Some(Index::At(x)) => int_const(f, *x).and_then(|v| usize::try_from(v).ok()),
                _ => row_start(f, items),
            };
            if row.is_none() || !check.scalar_ok(*value, true) {
                return None;
            }
            continue;
        }
        let start = row_start(f, items)?;
        let rank = region_rank(f.local(*local).ty.rank(), items);
        if check.fz_rank(*value) != rank {
            return None;
        }
        let mut dists = Vec::new();
        let target = Target {
            local: *local,
            items,
            start,
            rank,
        };
        check.tree(*value, &target, &mut dists)?;
        radius = dists.into_iter().fold(radius, usize::max);
    }
    let reads_index = check.reads_var.get();
    Some(SweepLoop {
        arrays,
        radius,
        reads_index,
    })
}

/// Whether `x[...] = value` stores a scalar of `x`'s element type (not an in-place loop).
pub fn is_fill(f: &Function, plan: &FnPlan, local: LocalId, value: ExprId) -> bool {
    let fz = plan.fuse(f);
    !plan.in_place.contains(&value)
        && fz.rank(value) == 0
        && fz.dtype(value) == Some(f.local(local).ty.dtype)
}

/// The first row of a region `x[items]` along axis 0 of `x`: `items` starts with a slice
/// of step 1 whose start is absent (0) or a constant `>= 0`.
fn row_start(f: &Function, items: &[Index]) -> Option<usize> {
    match items.first() {
        Some(Index::Slice { start, step: 1, .. }) => match start {
            None => Some(0),
            Some(e) => int_const(f, *e).and_then(|v| usize::try_from(v).ok()),
        },
        _ => None,
    }
}

/// The region a statement writes.
struct Target<'a> {
    local: LocalId,
    items: &'a [Index],
    /// Its first row in the array.
    start: usize,
    rank: usize,
}

struct Check<'a> {
    f: &'a Function,
    plan: &'a FnPlan,
    arrays: &'a [LocalId],
    /// The loop's arrays: no scalar may read them.
    banned: &'a HashSet<LocalId>,
    /// The loop variable, which only the right sides' scalars may read.
    var: LocalId,
    /// Set when one of them does.
    reads_var: std::cell::Cell<bool>,
}

impl Check<'_> {
    fn fz_rank(&self, e: ExprId) -> usize {
        self.plan.fuse(self.f).rank(e)
    }

    /// A scalar the statement may compute per block of rows: cheap (arithmetic, math
    /// functions, casts, and elements of arrays the loop does not write, `coef[t]`),
    /// reading none of the loop's arrays, and the loop variable only where `var_ok`.
    fn scalar_ok(&self, e: ExprId, var_ok: bool) -> bool {
        let mut reads = HashSet::new();
        Uses::reads_of(self.f, e, &self.plan.inlined, &mut reads);
        if !reads.is_disjoint(self.banned) {
            return false;
        }
        if reads.contains(&self.var) {
            if !var_ok {
                return false;
            }
            self.reads_var.set(true);
        }
        self.cheap(e)
    }

    /// Cheap scalar expressions: constants, locals, arithmetic other than integer
    /// division, math functions and casts ([`scalar_op_ok`]), and elements of arrays
    /// at cheap indices (`coef[t]`).
    fn cheap(&self, e: ExprId) -> bool {
        match self.f.expr(e) {
            Expr::Index { base, items } => {
                matches!(self.f.expr(*base), Expr::Local(_))
                    && items.iter().all(|it| match it {
                        Index::At(x) => self.cheap(*x),
                        _ => false,
                    })
            }
            x => scalar_op_ok(self.f, e) && x.operands().into_iter().all(|o| self.cheap(o)),
        }
    }

    /// The bounds and indices of `items` are such scalars, none reading the loop
    /// variable (a region that moved with it would not be checked once for all
    /// iterations), and there is no gather.
    fn bounds_ok(&self, items: &[Index]) -> bool {
        items.iter().all(|it| match it {
            Index::At(x) => self.scalar_ok(*x, false),
            Index::Slice { start, stop, .. } => start
                .iter()
                .chain(stop.iter())
                .all(|x| self.scalar_ok(*x, false)),
            Index::NewAxis => true,
            Index::Gather(_) => false,
        })
    }

    /// Checks the fused tree at `e` of a statement writing `target`; pushes the
    /// distance of each read of the loop's arrays.
    fn tree(&self, e: ExprId, target: &Target<'_>, dists: &mut Vec<usize>) -> Option<()> {
        let fz = self.plan.fuse(self.f);
        if fz.rank(e) == 0 {
            return self.scalar_ok(e, true).then_some(());
        }
        if fz.is_fusable(e) && !self.plan.forced.contains(&e) {
            for o in fz.operands(e) {
                self.tree(o, target, dists)?;
            }
            return Some(());
        }
        // A leaf: a local or a view of one, of the region's rank.
        if fz.rank(e) != target.rank {
            return None;
        }
        if fz.is_region_read(e, target.local, target.items) {
            // The target's own region, each element read where it is written (the
            // update form, `x[s] += e`): distance 0.
            return Some(());
        }
        let (y, items) = match self.f.expr(e) {
            Expr::Local(y) => (*y, None),
            Expr::Index { base, items } => match self.f.expr(*base) {
                Expr::Local(y) => (*y, Some(items.as_slice())),
                _ => return None,
            },
            _ => return None,
        };
        if self.plan.inlined.contains_key(&y) || self.f.local(y).ty.is_scalar() {
            return None;
        }
        if let Some(items) = items {
            if !self.bounds_ok(items) {
                return None;
            }
        }
        if !self.arrays.contains(&y) {
            // Read only: any view of the region's shape (checked at run time).
            return Some(());
        }
        if y == target.local {
            return None;
        }
        let from = match items {
            None => 0,
            Some(items) => row_start(self.f, items)?,
        };
        dists.push(from.abs_diff(target.start));
        Some(())
    }
}
