//! Row groups (planner pass 3): statements that meet only through reductions along the
//! last axis become one parallel loop over rows.
//!
//! A group is a run of consecutive `let`s of one block followed by its *final* member
//! (a `let` or the block's value) whose type is the group's domain `D = [.., m]` (rank
//! ≥ 2, floats). Every member is computed per row:
//!
//! - a *row vector* — an elementwise expression over `D` — is a loop over the row's `m`
//!   elements (into a per-thread scratch row, or the output row for the final member);
//! - a *row scalar* — shape `[.., 1]` — is either a reduction along the last axis
//!   (`max(e, axis=-1)[:, newaxis]`, `sum(e, axis=-1, keepdims=true)`) of a row vector,
//!   or elementwise arithmetic on row scalars.
//!
//! Their operands are row vectors, row scalars, scalars, group locals, and *leaves*:
//! arrays computed before the group (parameters, other locals, views) that broadcast to
//! `D`, read one row (or one element per row) at a time. A group's non-final locals must
//! be read only inside the group (they never exist as whole arrays), and a group has at
//! least one row reduction (otherwise inlining already fuses it into one loop).

use super::uses::{Pos, Uses};
use super::FnPlan;
use crate::ir::{Block, DType, Expr, ExprId, Function, Index, LocalId, ReduceOp, Stmt};
use crate::size::Size;
use crate::span::Span;
use std::collections::{HashMap, HashSet};

/// One member of a row group, in statement order.
#[derive(Debug, Clone, PartialEq)]
pub enum Member {
    /// `let l = v;` with `v` a row vector (a scratch row per thread).
    Vec(LocalId, ExprId),
    /// `let l = v;` with `v` a row scalar.
    Scalar(LocalId, ExprId),
    /// The group's result bound by a `let` (a whole array).
    FinalLet(LocalId, ExprId),
    /// The group's result as the block's value.
    FinalValue(ExprId),
}

impl Member {
    pub fn value(&self) -> ExprId {
        match self {
            Member::Vec(_, v) | Member::Scalar(_, v) | Member::FinalLet(_, v) => *v,
            Member::FinalValue(v) => *v,
        }
    }
}

/// A row group of the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct RowGroup {
    pub members: Vec<Member>,
    /// The domain `D` (the final member's shape).
    pub domain: Vec<Size>,
    pub span: Span,
    /// Row reductions and row loops per row.
    pub reductions: usize,
    pub loops: usize,
}

/// How a value varies inside a row group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A rank-0 value computed before the group.
    Scalar0,
    /// One value per row (shape `[.., 1]`).
    RowScalar,
    /// One value per element (last axis `m`).
    RowVec,
}

/// The reduction along the last axis of a rank-`rank` array that `e` is, in one of the
/// forms `op(arg, axis=rank-1)[:, .., newaxis]` or `op(arg, axis=rank-1, keepdims=true)`,
/// for the float reductions a row group computes.
pub fn row_reduction(f: &Function, e: ExprId, rank: usize) -> Option<(ReduceOp, ExprId)> {
    let rank_of = |x: ExprId| f.ty(x).as_value().map_or(0, |t| t.rank());
    let ok_op = |op: &ReduceOp| {
        matches!(
            op,
            ReduceOp::Sum | ReduceOp::Mean | ReduceOp::Max | ReduceOp::Min | ReduceOp::Prod
        )
    };
    let float = |x: ExprId| {
        f.ty(x)
            .as_value()
            .is_some_and(|t| matches!(t.dtype, DType::F32 | DType::F64))
    };
    match f.expr(e) {
        Expr::Reduce {
            op,
            arg,
            axis: Some(a),
            keepdims: true,
        } if ok_op(op) && *a + 1 == rank && rank_of(*arg) == rank && float(*arg) => {
            Some((*op, *arg))
        }
        Expr::Index { base, items } if items.len() == rank => {
            let Expr::Reduce {
                op,
                arg,
                axis: Some(a),
                keepdims: false,
            } = f.expr(*base)
            else {
                return None;
            };
            let shape_ok = items[..rank - 1].iter().all(super::is_full_slice)
                && matches!(items[rank - 1], Index::NewAxis);
            (ok_op(op) && shape_ok && *a + 1 == rank && rank_of(*arg) == rank && float(*arg))
                .then_some((*op, *arg))
        }
        _ => None,
    }
}

struct RowCx<'a> {
    f: &'a Function,
    plan: &'a FnPlan,
    d: &'a [Size],
    vec_locals: HashSet<LocalId>,
    scalar_locals: HashSet<LocalId>,
    reductions: usize,
    vec_leaves: usize,
}

impl RowCx<'_> {
    fn shape(&self, e: ExprId) -> Option<&[Size]> {
        self.f.ty(e).as_value().map(|t| t.shape.as_slice())
    }

    fn reads_group_local(&self, e: ExprId) -> bool {
        let mut reads = HashSet::new();
        Uses::reads_of(self.f, e, &self.plan.inlined, &mut reads);
        reads
            .iter()
            .any(|l| self.vec_locals.contains(l) || self.scalar_locals.contains(l))
    }

    /// The kind of a value of shape `s` inside the group, if it broadcasts to `D`.
    fn kind_of_shape(&self, s: &[Size]) -> Option<Kind> {
        let r = self.d.len();
        if s.is_empty() {
            return Some(Kind::Scalar0);
        }
        if s.len() > r {
            return None;
        }
        let off = r - s.len();
        for (k, x) in s.iter().enumerate() {
            if x != &self.d[off + k] && !x.is_one() {
                return None;
            }
        }
        let last = s.last()?;
        if last == &self.d[r - 1] {
            Some(Kind::RowVec)
        } else if last.is_one() {
            Some(Kind::RowScalar)
        } else {
            None
        }
    }

    fn classify(&mut self, e: ExprId) -> Option<Kind> {
        let f = self.f;
        let shape = self.shape(e)?.to_vec();
        let kind = self.kind_of_shape(&shape)?;
        if kind == Kind::Scalar0 {
            return (!self.reads_group_local(e)).then_some(Kind::Scalar0);
        }
        if let Expr::Local(l) = f.expr(e) {
            if self.vec_locals.contains(l) {
                return (kind == Kind::RowVec && shape == self.d).then_some(Kind::RowVec);
            }
            if self.scalar_locals.contains(l) {
                return (kind == Kind::RowScalar).then_some(Kind::RowScalar);
            }
            if let Some(v) = self.plan.inlined.get(l) {
                return (self.classify(*v)? == kind).then_some(kind);
            }
            if kind == Kind::RowVec {
                self.vec_leaves += 1;
            }
            return Some(kind);
        }
        if let Some((_, arg)) = row_reduction(f, e, self.d.len()) {
            if self.shape(arg)? != self.d || self.classify(arg)? != Kind::RowVec {
                return None;
            }
            self.reductions += 1;
            return Some(Kind::RowScalar);
        }
        let fz = self.plan.fuse(f);
        if fz.is_elementwise_op(e) {
            if let Expr::Binary { op, lhs, .. } = f.expr(e) {
                let int = matches!(
                    f.ty(*lhs).as_value().map(|t| t.dtype),
                    Some(DType::I32 | DType::I64)
                );
                if int
                    && matches!(
                        op,
                        crate::ir::BinaryOp::Div
                            | crate::ir::BinaryOp::Rem
                            | crate::ir::BinaryOp::Pow
                    )
                {
                    return None;
                }
            }
            for o in f.expr(e).operands() {
                let k = self.classify(o)?;
                if kind == Kind::RowScalar && k == Kind::RowVec {
                    return None;
                }
            }
            return Some(kind);
        }
        // A leaf: computed before the group.
        if self.reads_group_local(e) {
            return None;
        }
        if kind == Kind::RowVec {
            self.vec_leaves += 1;
        }
        Some(kind)
    }
}

/// Finds the row groups of every block of `f`.
pub fn find_groups(f: &Function, uses: &Uses, plan: &FnPlan) -> HashMap<ExprId, RowGroup> {
    let mut out = HashMap::new();
    let mut blocks: Vec<&Block> = Vec::new();
    collect_blocks(f, &f.body, &mut blocks);
    for b in blocks {
        groups_of_block(f, uses, plan, b, &mut out);
    }
    out
}

pub(super) fn collect_blocks<'a>(f: &'a Function, b: &'a Block, out: &mut Vec<&'a Block>) {
    out.push(b);
    let mut roots = Vec::new();
    for s in &b.stmts {
        match s {
            Stmt::For { body, .. } | Stmt::While { body, .. } => collect_blocks(f, body, out),
            _ => roots.extend(super::stmt_value(s)),
        }
    }
    roots.extend(b.value);
    while let Some(e) = roots.pop() {
        if let Expr::If { then, els, .. } = f.expr(e) {
            collect_blocks(f, then, out);
            collect_blocks(f, els, out);
        }
        roots.extend(f.expr(e).operands());
    }
}

/// The position of a block's statement `i` in `uses` (found through a `let`'s value or
/// the block value, whose root positions `uses` recorded).
fn pos_of(uses: &Uses, e: ExprId) -> Option<Pos> {
    uses.root_pos.get(&e).copied()
}

fn groups_of_block(
    f: &Function,
    uses: &Uses,
    plan: &FnPlan,
    b: &Block,
    out: &mut HashMap<ExprId, RowGroup>,
) {
    // Candidate finals, from the end: the block value, then each `let`.
    let n = b.stmts.len();
    let mut end = n + 1; // exclusive upper bound on statement indices still free
    let mut i = n as isize;
    while i >= 0 {
        let iu = i as usize;
        let fin = if iu == n {
            b.value.map(Member::FinalValue)
        } else {
            match &b.stmts[iu] {
                Stmt::Let { local, value } => Some(Member::FinalLet(*local, *value)),
                _ => None,
            }
        };
        if iu < end {
            if let Some(fin) = fin {
                if let Some((start, g)) = try_group(f, uses, plan, b, iu, fin) {
                    let key = g.members[0].value();
                    out.insert(key, g);
                    end = start;
                    i = start as isize - 1;
                    continue;
                }
            }
        }
        i -= 1;
    }
}

fn try_group(
    f: &Function,
    uses: &Uses,
    plan: &FnPlan,
    b: &Block,
    fin_idx: usize,
    fin: Member,
) -> Option<(usize, RowGroup)> {
    let fv = fin.value();
    let t = f.ty(fv).as_value()?;
    if t.rank() < 2 || !matches!(t.dtype, DType::F32 | DType::F64) {
        return None;
    }
    if t.shape.last().is_some_and(|m| m.is_one()) {
        return None;
    }
    if let Member::FinalLet(l, _) = fin {
        if plan.inlined.contains_key(&l) {
            return None;
        }
    }
    let d = t.shape.clone();
    let r = d.len();
    let mut row1 = d.clone();
    row1[r - 1] = Size::constant(1);
    // Candidate members before the final: immutable, non-inlined array `let`s of shape
    // D (row vectors) or D with last axis 1 (row scalars).
    let mut start = fin_idx;
    while start > 0 {
        let Stmt::Let { local, .. } = &b.stmts[start - 1] else {
            break;
        };
        let lt = &f.local(*local).ty;
        if f.local(*local).mutable
            || plan.inlined.contains_key(local)
            || !(lt.shape == d || lt.shape == row1)
            || !matches!(lt.dtype, DType::F32 | DType::F64)
        {
            break;
        }
        start -= 1;
    }
    // Shrink from the front until the group is valid.
    'starts: for s0 in start..fin_idx + 1 {
        let mut cx = RowCx {
            f,
            plan,
            d: &d,
            vec_locals: HashSet::new(),
            scalar_locals: HashSet::new(),
            reductions: 0,
            vec_leaves: 0,
        };
        let mut members = Vec::new();
        let mut loops = 0;
        let mut span = f.span(fv);
        for s in &b.stmts[s0..fin_idx] {
            let Stmt::Let { local, value } = s else {
                continue 'starts;
            };
            let k = cx.classify(*value);
            let lt = &f.local(*local).ty;
            match k {
                Some(Kind::RowVec) if lt.shape == d => {
                    cx.vec_locals.insert(*local);
                    members.push(Member::Vec(*local, *value));
                    loops += 1;
                }
                Some(Kind::RowScalar) if lt.shape == row1 => {
                    cx.scalar_locals.insert(*local);
                    members.push(Member::Scalar(*local, *value));
                }
                _ => continue 'starts,
            }
            span = span.to(f.local(*local).span).to(f.span(*value));
        }
        if cx.classify(fv) != Some(Kind::RowVec) {
            continue;
        }
        loops += 1;
        if cx.reductions == 0 || cx.vec_leaves == 0 {
            continue;
        }
        // Group locals are read only inside the group.
        let fin_pos = pos_of(uses, fv)?;
        let inside = |p: &Pos, def: usize| {
            p.block == fin_pos.block && p.stmt > def && p.stmt <= fin_pos.stmt
        };
        let locals_ok = members.iter().all(|m| {
            let (Member::Vec(l, v) | Member::Scalar(l, v)) = m else {
                return true;
            };
            let Some(dp) = pos_of(uses, *v) else {
                return false;
            };
            uses.reads
                .get(l)
                .is_none_or(|rs| rs.iter().all(|(p, _)| inside(p, dp.stmt)))
        });
        if !locals_ok {
            continue;
        }
        members.push(fin.clone());
        let reductions = cx.reductions;
        return Some((
            s0,
            RowGroup {
                members,
                domain: d.clone(),
                span,
                reductions,
                loops,
            },
        ));
    }
    None
}
