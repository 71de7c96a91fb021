//! Moment pairs (planner pass 4): a mean along an axis and the squared deviations from
//! it, reduced along the same axis, computed in one pass over the input.
//!
//! ```text
//! let mu = mean(x, axis=k);                       // first
//! ... mean((x - mu[newaxis, :]) ** 2, axis=k) ... // second (or `sum`, or `d * d`)
//! ```
//!
//! is NumPy's `x.mean(axis)` / `x.var(axis)`. As written it reads `x` twice (once for
//! `mu`, once for the deviations); `arr::rt::moments_axis` computes both results in one
//! read (see its docs for the algorithm and its rounding). The pair is found when:
//!
//! - the first is the value of a `let` of an immutable local, `mean(x, axis=k)` of a
//!   float array `x` of rank ≥ 2 that is an immutable, materialized local (a parameter
//!   or a `let`);
//! - the second is `mean` or `sum` along the same axis of `d ** 2` or `d * d`, where each
//!   `d` is `x - m` or `m - x`, and `m` is `mu` broadcast back along axis `k`: `mu` itself
//!   when it kept its axis (`keepdims=true`) or when `k` is the first axis (NumPy's
//!   broadcasting adds leading axes), else `mu[.., newaxis, ..]` with `newaxis` at `k`;
//! - the second appears in a later statement of the same block, outside any nested loop
//!   or `if` (so it is evaluated once, after the first), and neither statement is part
//!   of a row group.
//!
//! Each first pairs with at most one second (the first found in statement order).

use super::FnPlan;
use crate::ir::{
    BinaryOp, Block, DType, Expr, ExprId, Function, Index, LocalId, ReduceOp, Scalar, Stmt,
};
use std::collections::{HashMap, HashSet};

/// A mean and the reduction of squared deviations from it, computed together.
#[derive(Debug, Clone, PartialEq)]
pub struct MomentPair {
    /// The `mean(x, axis=k)` expression.
    pub first: ExprId,
    /// The reduction of the squared deviations.
    pub second: ExprId,
    /// The `x` operand of the first (a local read).
    pub x: ExprId,
    pub axis: usize,
    /// `keepdims` of the first and the second.
    pub keepdims: [bool; 2],
    /// The second is a `mean` (else a `sum`).
    pub second_is_mean: bool,
}

/// The moment pairs of `f`, keyed by their first expression.
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
    out
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
        let Some((x, xe, axis, keep1)) = first_of(f, plan, *value) else {
            continue;
        };
        let later = b.stmts[i + 1..]
            .iter()
            .filter_map(stmt_root)
            .chain(b.value)
            .filter(|r| !grouped.contains(r));
        'roots: for root in later {
            let mut stack = vec![root];
            while let Some(e) = stack.pop() {
                if !taken.contains(&e) {
                    if let Some((is_mean, keep2)) = second_of(f, e, x, *mu, axis, keep1) {
                        taken.insert(e);
                        out.insert(
                            *value,
                            MomentPair {
                                first: *value,
                                second: e,
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

/// The expression a statement evaluates (unconditionally, once).
fn stmt_root(s: &Stmt) -> Option<ExprId> {
    match s {
        Stmt::Let { value, .. }
        | Stmt::Assign { value, .. }
        | Stmt::LetTuple { value, .. }
        | Stmt::AssignIndex { value, .. }
        | Stmt::Return(value)
        | Stmt::Eval(value) => Some(*value),
        Stmt::For { .. } | Stmt::While { .. } => None,
    }
}

fn is_float(f: &Function, e: ExprId) -> bool {
    f.ty(e)
        .as_value()
        .is_some_and(|t| matches!(t.dtype, DType::F32 | DType::F64))
}

/// `mean(x, axis=k)` of a float, immutable, materialized local `x` of rank ≥ 2: `(x,
/// its read, k, keepdims)`.
fn first_of(f: &Function, plan: &FnPlan, e: ExprId) -> Option<(LocalId, ExprId, usize, bool)> {
    let Expr::Reduce {
        op: ReduceOp::Mean,
        arg,
        axis: Some(k),
        keepdims,
    } = f.expr(e)
    else {
        return None;
    };
    let Expr::Local(x) = f.expr(*arg) else {
        return None;
    };
    let rank = f.ty(*arg).as_value()?.rank();
    let ok =
        rank >= 2 && is_float(f, *arg) && !f.local(*x).mutable && !plan.inlined.contains_key(x);
    ok.then_some((*x, *arg, *k, *keepdims))
}

/// Whether `e` is `mean`/`sum` along `axis` of the squared deviations of `x` from `mu`:
/// `(is mean, keepdims)`.
fn second_of(
    f: &Function,
    e: ExprId,
    x: LocalId,
    mu: LocalId,
    axis: usize,
    keep1: bool,
) -> Option<(bool, bool)> {
    let Expr::Reduce {
        op,
        arg,
        axis: Some(k),
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
    if *k != axis || !is_float(f, *arg) {
        return None;
    }
    let dev = |d: ExprId| deviation(f, d, x, mu, axis, keep1);
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

/// `x - m` or `m - x`, with `m` the mean `mu` broadcast back along `axis`.
fn deviation(f: &Function, d: ExprId, x: LocalId, mu: LocalId, axis: usize, keep1: bool) -> bool {
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
    match f.expr(m) {
        Expr::Local(l) => *l == mu && (keep1 || axis == 0),
        Expr::Index { base, items } => {
            let rank = f.ty(xs).as_value().map_or(0, |t| t.rank());
            matches!(f.expr(*base), Expr::Local(l) if *l == mu)
                && !keep1
                && items.len() == rank
                && items.iter().enumerate().all(|(i, it)| {
                    if i == axis {
                        matches!(it, Index::NewAxis)
                    } else {
                        matches!(
                            it,
                            Index::Slice {
                                start: None,
                                stop: None,
                                step: 1
                            }
                        )
                    }
                })
        }
        _ => false,
    }
}
