//! Moment pairs (planner pass 4): a mean and the squared deviations from it, reduced
//! along the same axis (or over all elements), computed in one pass over the input.
//!
//! ```text
//! let mu = mean(x, axis=k);                       // first
//! ... mean((x - mu[newaxis, :]) ** 2, axis=k) ... // second (or `sum`, or `d * d`)
//! mean((x - mean(x, axis=0)) ** 2, axis=0)        // inline: the first inside the second
//! sqrt(mean((x - mean(x)) ** 2))                  // over all elements (np.std(x))
//! ```
//!
//! is NumPy's `x.mean(axis)` / `x.var(axis)`. As written it reads `x` twice (once for
//! the mean, once for the deviations); `arr::rt::moments_axis` (`moments_all` over all
//! elements) computes both results in one read (see its docs for the algorithm and its
//! rounding). A pair is found when:
//!
//! - the first is `mean(x, axis=k)` (or `mean(x)`) of a float array `x` that is a
//!   materialized local (a parameter or a stored `let`), of rank ≥ 2 along an axis;
//! - the second is `mean` or `sum` along the same axis (or over all elements) of
//!   `d ** 2` or `d * d`, where each `d` is `x - m` or `m - x`, and `m` is the mean
//!   broadcast back along axis `k`: itself when it kept its axis (`keepdims=true`), when
//!   `k` is the first axis (NumPy's broadcasting adds leading axes) or over all elements
//!   (a scalar), else indexed with `newaxis` at `k` and full slices elsewhere;
//! - either the first is the second's own operand (inline: one expression, evaluated at
//!   once), or it is the value of a `let mu` of an immutable local, `x` is immutable
//!   too, and the second appears in a later statement of the same block, outside any
//!   nested loop or `if` (so it is evaluated once, after the first), neither statement
//!   being part of a row group. Each such first pairs with at most one second (the
//!   first found in statement order, left operands first).

use super::{is_float, is_full_slice, stmt_value, FnPlan};
use crate::ir::{BinaryOp, Block, Expr, ExprId, Function, Index, LocalId, ReduceOp, Scalar, Stmt};
use std::collections::{HashMap, HashSet};

/// A mean and the reduction of squared deviations from it, computed together.
#[derive(Debug, Clone, PartialEq)]
pub struct MomentPair {
    /// The `mean(x, axis=k)` expression (for an inline pair, one of those inside the
    /// second).
    pub first: ExprId,
    /// The reduction of the squared deviations.
    pub second: ExprId,
    /// The first is inside the second: only the second is evaluated.
    pub inline: bool,
    /// The `x` operand of the first (a local read).
    pub x: ExprId,
    /// `None`: over all elements.
    pub axis: Option<usize>,
    /// `keepdims` of the first and the second.
    pub keepdims: [bool; 2],
    /// The second is a `mean` (else a `sum`).
    pub second_is_mean: bool,
}

/// The moment pairs of `f`: `let`-bound pairs keyed by their first expression, inline
/// pairs by their second.
pub fn find_pairs(f: &Function, plan: &FnPlan) -> HashMap<ExprId, MomentPair> {
    let grouped: HashSet<ExprId> = plan
        .row_groups
        .values()
        .flat_map(|g| g.members.iter().map(|m| m.value()))
        .collect();
    let mut blocks = Vec::new();
    super::rows::collect_blocks(f, &f.body, &mut blocks);
    let mut out = HashMap::new();
    for b in blocks {
        pairs_of_block(f, plan, &grouped, b, &mut out);
    }
    // Inline pairs anywhere but inside row groups (which compute their reductions
    // themselves) and the seconds of `let` pairs.
    let mut skip: HashSet<ExprId> = out.values().map(|p| p.second).collect();
    let mut stack: Vec<ExprId> = grouped.iter().copied().collect();
    while let Some(e) = stack.pop() {
        if skip.insert(e) || grouped.contains(&e) {
            stack.extend(f.expr(e).operands());
        }
    }
    for (i, e) in f.exprs.iter().enumerate() {
        let e_id = ExprId(i as u32);
        let Expr::Reduce { .. } = e else { continue };
        if skip.contains(&e_id) {
            continue;
        }
        if let Some(p) = inline_pair(f, plan, e_id) {
            out.insert(e_id, p);
        }
    }
    out
}

/// The inline pair whose second is `e`, if any.
fn inline_pair(f: &Function, plan: &FnPlan, e: ExprId) -> Option<MomentPair> {
    let Expr::Reduce { arg, .. } = f.expr(e) else {
        return None;
    };
    // The first: the mean inside the (left) deviation.
    let d = match f.expr(*arg) {
        Expr::Binary {
            op: BinaryOp::Pow | BinaryOp::Mul,
            lhs,
            ..
        } => *lhs,
        _ => return None,
    };
    let Expr::Binary {
        op: BinaryOp::Sub,
        lhs,
        rhs,
    } = f.expr(d)
    else {
        return None;
    };
    let candidates = [*lhs, *rhs].map(|m| match f.expr(m) {
        Expr::Index { base, .. } => *base,
        _ => m,
    });
    for first in candidates {
        let Some((x, xe, axis, keep1)) = first_of(f, plan, first, false) else {
            continue;
        };
        if let Some((is_mean, keep2)) = second_of(f, e, x, Mean::Inline, axis, keep1) {
            return Some(MomentPair {
                first,
                second: e,
                inline: true,
                x: xe,
                axis,
                keepdims: [keep1, keep2],
                second_is_mean: is_mean,
            });
        }
    }
    None
}

/// How the second refers to the mean.
#[derive(Clone, Copy)]
enum Mean {
    /// Through the `let`-bound local.
    Local(LocalId),
    /// As an expression of its own (the same `mean` of the same `x`).
    Inline,
}

fn pairs_of_block(
    f: &Function,
    plan: &FnPlan,
    grouped: &HashSet<ExprId>,
    b: &Block,
    out: &mut HashMap<ExprId, MomentPair>,
) {
    let mut taken: HashSet<ExprId> = HashSet::new();
    for (i, s) in b.stmts.iter().enumerate() {
        let Stmt::Let { local: mu, value } = s else {
            continue;
        };
        if grouped.contains(value) || f.local(*mu).mutable {
            continue;
        }
        let Some((x, xe, axis, keep1)) = first_of(f, plan, *value, true) else {
            continue;
        };
        let later = b.stmts[i + 1..]
            .iter()
            .filter_map(stmt_value)
            .chain(b.value)
            .filter(|r| !grouped.contains(r));
        'roots: for root in later {
            let mut stack = vec![root];
            while let Some(e) = stack.pop() {
                if !taken.contains(&e) {
                    if let Some((is_mean, keep2)) =
                        second_of(f, e, x, Mean::Local(*mu), axis, keep1)
                    {
                        taken.insert(e);
                        out.insert(
                            *value,
                            MomentPair {
                                first: *value,
                                second: e,
                                inline: false,
                                x: xe,
                                axis,
                                keepdims: [keep1, keep2],
                                second_is_mean: is_mean,
                            },
                        );
                        break 'roots;
                    }
                }
                // Left operands first. (`operands` leaves out the blocks of an `if`,
                // which are evaluated conditionally.)
                stack.extend(f.expr(e).operands().into_iter().rev());
            }
        }
    }
}

/// `mean(x, axis=k)` (`k` of rank ≥ 2) or `mean(x)` of a float, materialized local `x`
/// (immutable if `let_bound`): `(x, its read, k, keepdims)`.
type First = (LocalId, ExprId, Option<usize>, bool);
fn first_of(f: &Function, plan: &FnPlan, e: ExprId, let_bound: bool) -> Option<First> {
    let Expr::Reduce {
        op: ReduceOp::Mean,
        arg,
        axis,
        keepdims,
    } = f.expr(e)
    else {
        return None;
    };
    let Expr::Local(x) = f.expr(*arg) else {
        return None;
    };
    let rank = f.ty(*arg).as_value()?.rank();
    let shape_ok = match axis {
        Some(_) => rank >= 2,
        None => rank >= 1 && !keepdims,
    };
    let ok = shape_ok
        && is_float(f, *arg)
        && !(let_bound && f.local(*x).mutable)
        && !plan.inlined.contains_key(x);
    ok.then_some((*x, *arg, *axis, *keepdims))
}

/// Whether `e` is `mean`/`sum` along `axis` (or over all elements) of the squared
/// deviations of `x` from the mean: `(is mean, keepdims)`.
fn second_of(
    f: &Function,
    e: ExprId,
    x: LocalId,
    mean: Mean,
    axis: Option<usize>,
    keep1: bool,
) -> Option<(bool, bool)> {
    let Expr::Reduce {
        op,
        arg,
        axis: k,
        keepdims,
    } = f.expr(e)
    else {
        return None;
    };
    let is_mean = match op {
        ReduceOp::Mean => true,
        ReduceOp::Sum => false,
        _ => return None,
    };
    if *k != axis || !is_float(f, *arg) || (axis.is_none() && *keepdims) {
        return None;
    }
    let dev = |d: ExprId| deviation(f, d, x, mean, axis, keep1);
    let squared = match f.expr(*arg) {
        Expr::Binary {
            op: BinaryOp::Pow,
            lhs,
            rhs,
        } => dev(*lhs) && is_two(f.expr(*rhs)),
        Expr::Binary {
            op: BinaryOp::Mul,
            lhs,
            rhs,
        } => dev(*lhs) && dev(*rhs),
        _ => false,
    };
    squared.then_some((is_mean, *keepdims))
}

fn is_two(e: &Expr) -> bool {
    match e {
        Expr::Const(Scalar::F32(v)) => *v == 2.0,
        Expr::Const(Scalar::F64(v)) => *v == 2.0,
        Expr::Const(Scalar::I32(v)) => *v == 2,
        Expr::Const(Scalar::I64(v)) => *v == 2,
        _ => false,
    }
}

/// `x - m` or `m - x`, with `m` the mean broadcast back along `axis`.
fn deviation(
    f: &Function,
    d: ExprId,
    x: LocalId,
    mean: Mean,
    axis: Option<usize>,
    keep1: bool,
) -> bool {
    let Expr::Binary {
        op: BinaryOp::Sub,
        lhs,
        rhs,
    } = f.expr(d)
    else {
        return false;
    };
    let is_x = |e: ExprId| matches!(f.expr(e), Expr::Local(l) if *l == x);
    let (xs, m) = if is_x(*lhs) {
        (*lhs, *rhs)
    } else {
        (*rhs, *lhs)
    };
    if !is_x(xs) || f.ty(d) != f.ty(xs) {
        return false;
    }
    // The mean itself: the local, or the same `mean` of `x` along the same axis.
    let is_mean = |e: ExprId| match mean {
        Mean::Local(mu) => matches!(f.expr(e), Expr::Local(l) if *l == mu),
        Mean::Inline => matches!(
            f.expr(e),
            Expr::Reduce { op: ReduceOp::Mean, arg, axis: a, keepdims }
                if *a == axis && *keepdims == keep1 && is_x(*arg)
        ),
    };
    if is_mean(m) {
        return keep1 || matches!(axis, None | Some(0));
    }
    let (Some(axis), Expr::Index { base, items }) = (axis, f.expr(m)) else {
        return false;
    };
    let rank = f.ty(xs).as_value().map_or(0, |t| t.rank());
    is_mean(*base)
        && !keep1
        && items.len() == rank
        && items.iter().enumerate().all(|(i, it)| {
            if i == axis {
                matches!(it, Index::NewAxis)
            } else {
                is_full_slice(it)
            }
        })
}
