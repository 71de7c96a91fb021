//! *Matrix–vector pairs*: `a @ x` and `y @ a` over one matrix `a` in one statement
//! (npbench's bicg `(r @ a, a @ p)`, mvt `(x1 + a @ y1, x2 + y2 @ a)`) are computed by one
//! kernel that reads `a` once (`arr::rt::matvec_pair`) instead of two. A matrix–vector
//! product is bound by reading its matrix, so the pair costs about one product.
//!
//! Both products must read whole variables (parameters or locals; an inlined local is
//! computed where the pair is, once): the Rust writer computes the pair where it meets
//! the first of the two, and a variable has its value anywhere in the statement that
//! reads it. Keeping to one statement (outside `if` branches) keeps both in one Rust
//! scope.

use crate::ir::{Expr, ExprId, Function};
use std::collections::HashMap;

/// The pairs, keyed both ways: each member maps to the other.
pub fn find_pairs(f: &Function) -> HashMap<ExprId, ExprId> {
    let mut blocks = Vec::new();
    super::rows::collect_blocks(f, &f.body, &mut blocks);
    let mut out = HashMap::new();
    for b in blocks {
        let roots = b.stmts.iter().filter_map(super::stmt_value).chain(b.value);
        for root in roots {
            pairs_of_tree(f, root, &mut out);
        }
    }
    out
}

/// One statement's tree (not entering `if` branches, which are blocks of their own).
fn pairs_of_tree(f: &Function, root: ExprId, out: &mut HashMap<ExprId, ExprId>) {
    // Per matrix local, in walk order: the `a @ x` and the `y @ a` products.
    let mut ax: Vec<(usize, ExprId)> = Vec::new();
    let mut ya: Vec<(usize, ExprId)> = Vec::new();
    let mut stack = vec![root];
    while let Some(e) = stack.pop() {
        if let Expr::MatMul { lhs, rhs } = f.expr(e) {
            let (l, r) = (plain_local(f, *lhs), plain_local(f, *rhs));
            match (l, r) {
                (Some((a, 2)), Some((_, 1))) => ax.push((a, e)),
                (Some((_, 1)), Some((a, 2))) => ya.push((a, e)),
                _ => {}
            }
        }
        if !matches!(f.expr(e), Expr::If { .. }) {
            // (Reversed, so that operands are visited left to right.)
            let mut ops = f.expr(e).operands();
            ops.reverse();
            stack.extend(ops);
        }
    }
    for (a, e1) in ax {
        if let Some(i) = ya.iter().position(|&(b, _)| b == a) {
            let (_, e2) = ya.remove(i);
            out.insert(e1, e2);
            out.insert(e2, e1);
        }
    }
}

/// `(local index, rank)` when `e` reads a whole local.
fn plain_local(f: &Function, e: ExprId) -> Option<(usize, usize)> {
    let Expr::Local(l) = f.expr(e) else {
        return None;
    };
    let rank = f.ty(e).as_value()?.rank();
    Some((l.index(), rank))
}

/// The products and operands of a pair: `ax` is `a @ x`, `ya` is `y @ a`.
#[derive(Debug, Clone, Copy)]
pub struct PairParts {
    pub ax: ExprId,
    pub ya: ExprId,
    pub a: ExprId,
    pub x: ExprId,
    pub y: ExprId,
}

/// The parts of the pair of `e` and `partner` (either one may be `a @ x`); `None` when
/// they are not such a pair.
pub fn parts(f: &Function, e: ExprId, partner: ExprId) -> Option<PairParts> {
    // `a @ x` has the matrix on the left.
    let is_ax = |m: ExprId| match f.expr(m) {
        Expr::MatMul { lhs, .. } => plain_local(f, *lhs).is_some_and(|(_, rank)| rank == 2),
        _ => false,
    };
    let (ax, ya) = if is_ax(e) { (e, partner) } else { (partner, e) };
    match (f.expr(ax), f.expr(ya)) {
        (Expr::MatMul { lhs: a, rhs: x }, Expr::MatMul { lhs: y, .. }) => Some(PairParts {
            ax,
            ya,
            a: *a,
            x: *x,
            y: *y,
        }),
        _ => None,
    }
}
