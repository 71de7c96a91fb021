//! Fusion queries over one function's IR, shared by the planner and the writers.
//!
//! An expression is *fusable* when it can be computed inside the loop of the
//! elementwise tree that consumes it: elementwise operators, math functions and casts,
//! and reads of locals the planner decided to inline (see [`super::FnPlan::inlined`]).
//! Everything else is a *leaf* of the loop: an array in memory (a parameter, a
//! materialized local, a view of one, the result of a library operation).

use crate::ir::{BinaryOp, DType, Expr, ExprId, FuncId, Function, Index, LocalId, Ty, UnaryOp};
use std::collections::{HashMap, HashSet};

/// Most array leaves one fused loop reads (`::arr::rt::zip16`, `reduce_zip16`,
/// `assign_zip16`, `update_zip15` plus the target): enough for a 3-D 7-point stencil
/// with coefficient arrays, or hdiff with its Laplacian and fluxes fused (14 views).
pub const MAX_LEAVES: usize = 16;

/// The fusion view of a function: which locals are inlined and their values.
#[derive(Debug, Clone, Copy)]
pub struct Fuse<'a> {
    pub f: &'a Function,
    /// Inlined locals and the expression each stands for.
    pub inlined: &'a HashMap<LocalId, ExprId>,
    /// Scalar functions simple enough to compute inside a loop when applied
    /// elementwise (see [`super::simple_ufuncs`]), with their names.
    pub ufuncs: &'a HashMap<FuncId, String>,
}

impl<'a> Fuse<'a> {
    /// The rank of a value expression (0 for scalars, units and tuples).
    pub fn rank(&self, e: ExprId) -> usize {
        self.f
            .types
            .get(e.index())
            .and_then(|t| t.as_value())
            .map_or(0, |t| t.rank())
    }

    pub fn dtype(&self, e: ExprId) -> Option<DType> {
        self.f
            .types
            .get(e.index())
            .and_then(|t| t.as_value())
            .map(|t| t.dtype)
    }

    /// An elementwise operation proper (operator, math function, cast).
    pub fn is_elementwise_op(&self, e: ExprId) -> bool {
        matches!(
            self.f.expr(e),
            Expr::Unary { .. } | Expr::Binary { .. } | Expr::Math { .. } | Expr::Cast { .. }
        )
    }

    /// The value an inlined local read stands for.
    pub fn inlined_value(&self, e: ExprId) -> Option<ExprId> {
        match self.f.expr(e) {
            Expr::Local(l) => self.inlined.get(l).copied(),
            _ => None,
        }
    }

    /// Computed inside the consuming loop: an elementwise operation, or a read of an
    /// inlined local.
    pub fn is_fusable(&self, e: ExprId) -> bool {
        self.is_elementwise_op(e) || self.inlined_value(e).is_some() || self.is_inline_map(e)
    }

    /// A simple scalar function applied elementwise to arrays (computed in the loop).
    pub fn is_inline_map(&self, e: ExprId) -> bool {
        matches!(self.f.expr(e), Expr::Map { func, .. } if self.ufuncs.contains_key(func))
            && self.rank(e) > 0
    }

    /// Whether the fused loop at `e` may write its result into the buffer of its leaf
    /// `l`: `l` is a fresh array that only this loop reads — the result of a product, a
    /// scan, a concatenation, a call (or a function applied elementwise by a call per
    /// element) or a constructor (`full`, `arange`, ...), or a
    /// sub-tree split off into its own loop
    /// (`forced`) — of exactly `e`'s type (same element type and size variables, so
    /// neither converted nor broadcast). The Rust writer then computes the loop in
    /// place (`update_zipN`); `arrc explain` says so. (`forced` is the plan's set: a leaf
    /// is never the loop's own root, so the root's membership does not matter.)
    pub fn reusable_leaf(&self, e: ExprId, l: ExprId, forced: &HashSet<ExprId>) -> bool {
        let fresh = (forced.contains(&l) && self.is_fusable(l))
            || matches!(
                self.f.expr(l),
                Expr::MatMul { .. }
                    | Expr::Scan { .. }
                    | Expr::Concat { .. }
                    | Expr::Stack { .. }
                    | Expr::Call { .. }
                    | Expr::Fill { .. }
                    | Expr::Arange { .. }
                    | Expr::Linspace { .. }
                    | Expr::Eye { .. }
            )
            || (matches!(self.f.expr(l), Expr::Map { .. }) && !self.is_inline_map(l));
        fresh
            && self.rank(e) > 0
            && matches!(
                (self.f.ty(l), self.f.ty(e)),
                (Ty::Value(a), Ty::Value(b)) if a == b
            )
    }

    /// The operands a fused loop descends into (an inlined local's value).
    pub fn operands(&self, e: ExprId) -> Vec<ExprId> {
        match self.inlined_value(e) {
            Some(v) => vec![v],
            None => self.f.expr(e).operands(),
        }
    }

    /// The array leaves of the fused tree at `e` (operands that are not fusable, plus
    /// `forced` sub-trees), deduplicated, in first-use order.
    pub fn leaves(&self, e: ExprId, forced: &HashSet<ExprId>, out: &mut Vec<ExprId>) {
        if self.rank(e) == 0 {
            return;
        }
        if !self.is_fusable(e) || forced.contains(&e) {
            let key = self.leaf_key(e);
            let seen = out
                .iter()
                .any(|x| *x == e || (key.is_some() && self.leaf_key(*x) == key));
            if !seen {
                out.push(e);
            }
            return;
        }
        for o in self.operands(e) {
            self.leaves(o, forced, out);
        }
    }

    /// A key equal for leaves that are the same view of the same local, written more
    /// than once (`a[1:-1, 1:-1]` in each term of a stencil): a loop reads it once. `None`
    /// for anything else (which is deduplicated by handle only).
    pub fn leaf_key(&self, e: ExprId) -> Option<String> {
        match self.f.expr(e) {
            Expr::Local(l) if !self.inlined.contains_key(l) => Some(format!("L{}", l.index())),
            Expr::Index { base, items } => {
                let mut k = self.leaf_key(*base)?;
                k.push_str(&self.items_key(items)?);
                Some(k)
            }
            _ => None,
        }
    }

    /// Whether `e` reads exactly the region `local[items]`: an index of that local with
    /// the same items (the same expressions, or equal [`Self::leaf_key`]s).
    pub fn is_region_read(&self, e: ExprId, local: LocalId, items: &[Index]) -> bool {
        let Expr::Index { base, items: read } = self.f.expr(e) else {
            return false;
        };
        if !matches!(self.f.expr(*base), Expr::Local(l) if *l == local) {
            return false;
        }
        if read.as_slice() == items {
            return true;
        }
        match (self.leaf_key(e), self.items_key(items)) {
            (Some(a), Some(b)) => a == format!("L{}{b}", local.index()),
            _ => false,
        }
    }

    /// The index-list part of a [`Self::leaf_key`].
    fn items_key(&self, items: &[Index]) -> Option<String> {
        let mut k = String::from("[");
        for it in items {
            match it {
                Index::Slice { start, stop, step } => {
                    let a = self.bound_key(*start)?;
                    let b = self.bound_key(*stop)?;
                    k.push_str(&format!("{a}:{b}:{step},"));
                }
                Index::NewAxis => k.push_str("+,"),
                Index::At(x) => k.push_str(&format!("@{},", self.bound_key(Some(*x))?)),
                Index::Gather(_) => return None,
            }
        }
        k.push(']');
        Some(k)
    }

    /// A slice bound or index in a [`Self::leaf_key`]: absent, a constant, a negated
    /// constant or a scalar local (all leaves of one loop are evaluated together, so a
    /// local has one value for all of them).
    fn bound_key(&self, e: Option<ExprId>) -> Option<String> {
        let Some(e) = e else {
            return Some("_".into());
        };
        if let Some(v) = int_const(self.f, e) {
            // (`-2` and a constant -2 are the same bound.)
            return Some(v.to_string());
        }
        match self.f.expr(e) {
            Expr::Const(c) => Some(format!("{c:?}")),
            Expr::Unary {
                op: UnaryOp::Neg,
                arg,
            } => Some(format!("-{}", self.bound_key(Some(*arg))?)),
            Expr::Local(l) if self.f.local(*l).ty.is_scalar() => Some(format!("L{}", l.index())),
            _ => None,
        }
    }

    /// The leaves of the loop rooted at `root` (which is computed by that loop even when
    /// it is itself a forced sub-tree of an enclosing loop).
    pub fn root_leaves(&self, root: ExprId, forced: &HashSet<ExprId>, out: &mut Vec<ExprId>) {
        if !self.is_fusable(root) {
            self.leaves(root, forced, out);
            return;
        }
        for o in self.operands(root) {
            self.leaves(o, forced, out);
        }
    }

    /// The number of distinct arrays a loop over `e` reads: leaves that are reads of the
    /// same local count once (the writer passes one view for them).
    pub fn leaf_count(&self, e: ExprId, forced: &HashSet<ExprId>) -> usize {
        let mut ls = Vec::new();
        self.leaves(e, forced, &mut ls);
        let mut seen: HashSet<LocalId> = HashSet::new();
        ls.iter()
            .filter(|l| match self.f.expr(**l) {
                Expr::Local(id) => seen.insert(*id),
                _ => true,
            })
            .count()
    }

    /// Chooses the sub-trees of the fused tree at `e` to materialize, adding them to
    /// `forced` with their reason: integer divisors and exponents (checked before the
    /// loop), then, while the loop would read more than [`MAX_LEAVES`] arrays, the operand
    /// sub-tree with the most leaves.
    pub fn choose_forced(
        &self,
        e: ExprId,
        forced: &mut HashSet<ExprId>,
        why: &mut HashMap<ExprId, super::Rule>,
    ) {
        if self.rank(e) == 0 || !self.is_fusable(e) || forced.contains(&e) {
            return;
        }
        let ops = self.operands(e);
        for &o in &ops {
            self.choose_forced(o, forced, why);
        }
        if let Expr::Binary { op, rhs, .. } = self.f.expr(e) {
            let int = matches!(self.dtype(*rhs), Some(DType::I32 | DType::I64));
            if int
                && matches!(op, BinaryOp::Div | BinaryOp::Rem | BinaryOp::Pow)
                && self.rank(*rhs) > 0
                && self.is_fusable(*rhs)
            {
                forced.insert(*rhs);
                why.insert(*rhs, super::Rule::IntegerCheck);
            }
        }
        while self.leaf_count(e, forced) > MAX_LEAVES {
            let best = ops
                .iter()
                .filter(|o| self.is_fusable(**o) && self.rank(**o) > 0 && !forced.contains(o))
                .max_by_key(|o| self.leaf_count(**o, forced))
                .copied();
            match best {
                Some(b) => {
                    forced.insert(b);
                    why.insert(b, super::Rule::LeafLimit);
                }
                None => break,
            }
        }
    }

    /// The operations fused into the loop rooted at `root` (names, in tree order), for
    /// the plan's printout.
    pub fn op_names(&self, root: ExprId, forced: &HashSet<ExprId>, out: &mut Vec<String>) {
        match self.f.expr(root) {
            Expr::Binary { op, .. } => out.push(op.symbol().to_string()),
            Expr::Unary { op, .. } => out.push(
                match op {
                    crate::ir::UnaryOp::Neg => "neg",
                    crate::ir::UnaryOp::Not => "!",
                }
                .to_string(),
            ),
            Expr::Math { fun, .. } => out.push(fun.name().to_string()),
            Expr::Cast { to, .. } => out.push(format!("{}()", to.name())),
            Expr::Local(l) if self.inlined.contains_key(l) => {
                // A local read several times in the loop is computed (and listed) once.
                let name = format!("`{}` (inlined)", self.f.local(*l).name);
                if out.contains(&name) {
                    return;
                }
                out.push(name)
            }
            Expr::Map { func, .. } if self.is_inline_map(root) => {
                out.push(format!("{}() (inlined)", self.ufuncs[func]))
            }
            _ => return,
        }
        for o in self.operands(root) {
            let leaf = if self.rank(o) > 0 {
                !self.is_fusable(o) || forced.contains(&o)
            } else {
                !self.is_fusable(o)
            };
            if !leaf {
                self.op_names(o, forced, out);
            }
        }
    }
}

/// An integer constant, possibly negated (`2`, `-2`).
pub fn int_const(f: &Function, e: ExprId) -> Option<i64> {
    match f.expr(e) {
        Expr::Const(crate::ir::Scalar::I64(v)) => Some(*v),
        Expr::Const(crate::ir::Scalar::I32(v)) => Some(i64::from(*v)),
        Expr::Unary {
            op: UnaryOp::Neg,
            arg,
        } => int_const(f, *arg)?.checked_neg(),
        _ => None,
    }
}
