//! Pass 0b, before the plan proper: *slice pushdown*, which lets a stencil fuse the
//! `let`s it reads through shifted slices.
//!
//! A stencil often names an intermediate field and reads it at neighbouring points:
//!
//! ```text
//! let flx = where(resx * (infield[2:-1, 2:-2, :] - infield[1:-2, 2:-2, :]) > 0.0, 0.0, resx);
//! ... coeff * (flx[1:, :, :] - flx[:-1, :, :] + ...)
//! ```
//!
//! Inlining (pass 1) cannot compute `flx` inside the consumer's loop: that loop needs
//! `flx` at two different points per element. So `flx` would be stored, costing a loop
//! of its own plus a write and two reads of memory per element. This pass removes the
//! local instead. Each read `flx[s]` becomes a copy of `flx`'s value with the slice `s`
//! pushed into the leaves: `lap[1:, 1:-1, :]` read through `[1:, :, :]` is the view
//! `lap[2:, 1:-1, :]`. The consumer's loop then computes both copies from arrays in
//! memory.
//!
//! # When a local is pushed down
//!
//! All of these must hold:
//!
//! * It is an immutable `let` of a float array.
//! * Its value is a cheap elementwise expression: arithmetic, comparisons, `where`,
//!   `abs`, `minimum`, `maximum`, `clip`, `sign`, `sqrt`, rounding and casts. There is
//!   no transcendental function (which costs too much to compute twice), no integer
//!   division (checked before the loop) and no broadcasting (every operand has the
//!   local's shape, or is a scalar made of constants and scalar locals).
//! * Its leaves are locals or views of them. A view's items are slices with constant
//!   bounds, `start >= 0` and `stop < 0` (or absent), and step 1, or scalar indices.
//! * Other locals of the same kind that the value reads whole (`resx` in `flx`) are
//!   pushed through in the same way. A local it reads through a slice (`lap`) stays a
//!   leaf of the copy (and is a candidate of its own).
//! * Every read of it is such a slice, at most [`MAX_READS`] of them, and the copies
//!   cost at most [`MAX_RECOMPUTE`] operations in all (reads × operations per copy).
//!   They all sit in later statements of the block that defines it, so it is never
//!   recomputed per iteration of a loop around the reads.
//! * No statement between the definition and a read writes anything the value reads.
//! * The consumer's loop still reads at most [`MAX_LEAVES`] arrays. Locals are tried
//!   from the last definition back. A local whose pushdown would break the limit stays
//!   stored. For hdiff nothing does: `lap` (5 operations) is read at sixteen points by
//!   the pushed fluxes, five of them distinct, and the update reads the 13 points of a
//!   radius-2 diamond of `infield` and `coeff`. Copies at the same point are the same
//!   expression of the same views, which LLVM computes once per element.
//!
//! # Rewriting the function
//!
//! The rewritten function is a new arena, rebuilt in order, so handles still point
//! backwards. The pushed locals' `let`s are then dropped once nothing reads them, and
//! unreachable expressions are left out. The interpreter keeps running the function as
//! written, so it stays an independent oracle for the generated code.
//!
//! Composing slices is exact. With `start >= 0` and `stop < 0` on both sides, the view
//! `x[s1:-e1][s2:-e2]` is `x[s1 + s2 : -(e1 + e2)]`. When one of the two slices is out of
//! range, so is the composed one, so an error stays an error (`InvalidSlice`). It is
//! reported, with the composed bounds, at the consumer's statement.

use super::fuse::{int_const, Fuse};
use super::rewrite::{compact, drop_lets, map_block, map_expr, with_arena, Arena};
use super::uses::{Pos, Uses};
use super::{inline_locals, is_float, loop_root, MAX_LEAVES};
use crate::ir::{
    BinaryOp, DType, Expr, ExprId, FuncId, Function, Index, LocalId, MathFn, Scalar, Ty, Type,
};
use crate::size::Size;
use std::collections::{HashMap, HashSet};

/// Most reads of one local that the pass recomputes (each read computes the value once
/// more; copies at the same point are the same expression of the same inputs, which
/// LLVM computes once).
pub const MAX_READS: usize = 16;

/// Most operations in one pushed copy of a value, pushed-through locals included.
pub const MAX_OPS: usize = 32;

/// Most operations in all the pushed copies of one local (reads × operations per copy):
/// a value costs at most this much arithmetic per element to recompute where it is read,
/// against a store and a reload from memory when it is stored.
pub const MAX_RECOMPUTE: usize = 128;

/// A function after slice pushdown.
#[derive(Debug, Clone)]
pub struct Pushed {
    pub f: Function,
    /// Source-like text of the views that the pass composed (`lap[2:, 1:-1, :]`),
    /// which the plan's printout shows for them.
    pub texts: HashMap<ExprId, String>,
    /// The locals no longer stored, in the order they were pushed down.
    pub locals: Vec<LocalId>,
}

/// Runs the pass on `f` (`ufuncs` as in [`super::simple_ufuncs`]): `None` when no local
/// is pushed down.
pub fn push_slices(f: &Function, ufuncs: &HashMap<FuncId, String>) -> Option<Pushed> {
    let order = {
        let uses = Uses::of(f);
        let mut defs: Vec<(LocalId, Pos)> = uses.def.iter().map(|(l, (p, _))| (*l, *p)).collect();
        // The last definition first: a consumer's nearest fields are pushed before the
        // fields they read, which then usually stay stored (the leaf limit).
        defs.sort_by_key(|(l, p)| std::cmp::Reverse((p.block, p.stmt, l.index())));
        defs
    };
    let mut cur: Option<Pushed> = None;
    for (l, _) in order {
        let g = cur.as_ref().map_or(f, |p| &p.f);
        let uses = Uses::of(g);
        let Some(plan) = Candidate::find(g, &uses, l) else {
            continue;
        };
        let texts = cur.as_ref().map(|p| p.texts.clone()).unwrap_or_default();
        let (next, roots) = rewrite(g, &plan, texts);
        if fits(&next.f, ufuncs, &roots) {
            let mut locals = cur.map(|p| p.locals).unwrap_or_default();
            locals.push(l);
            cur = Some(Pushed { locals, ..next });
        }
    }
    cur
}

/// Whether every loop around a pushed copy reads at most [`MAX_LEAVES`] arrays, as the
/// planner will see it (with its inlining decisions).
fn fits(g: &Function, ufuncs: &HashMap<FuncId, String>, roots: &[ExprId]) -> bool {
    let uses = Uses::of(g);
    let inlined = inline_locals(g, &uses, ufuncs);
    let fz = Fuse {
        f: g,
        inlined: &inlined,
        ufuncs,
    };
    roots.iter().all(|&r| {
        let root = loop_root(&fz, &uses, r);
        fz.leaf_count(root, &HashSet::new()) <= MAX_LEAVES
    })
}

/// One slice of an axis, `start .. size - end` (both counts, never negative).
type Cut = (i64, i64);

/// A local chosen for pushdown: the reads to replace (each with its slice), and the
/// locals its value is pushed through (with their values).
struct Candidate {
    local: LocalId,
    reads: Vec<(ExprId, Vec<Cut>)>,
    through: HashMap<LocalId, ExprId>,
}

impl Candidate {
    fn find(g: &Function, uses: &Uses, l: LocalId) -> Option<Candidate> {
        let (def_pos, value) = *uses.def.get(&l)?;
        let local = g.local(l);
        if local.mutable || local.ty.is_scalar() || !is_float(g, value) {
            return None;
        }
        // The reads: later statements of the same block, each the base of a slice.
        let reads = uses.reads.get(&l)?;
        if reads.is_empty() || reads.len() > MAX_READS {
            return None;
        }
        let mut out = Vec::new();
        let mut last_use = def_pos.stmt;
        for &(pos, e) in reads {
            if pos.block != def_pos.block || pos.stmt <= def_pos.stmt {
                return None;
            }
            let parent = *uses.parent.get(&e)?;
            let Expr::Index { base, items } = g.expr(parent) else {
                return None;
            };
            if *base != e {
                return None;
            }
            let cuts = items
                .iter()
                .map(|it| cut_of(g, it))
                .collect::<Option<Vec<Cut>>>()?;
            if cuts.len() != local.ty.rank() {
                return None;
            }
            out.push((parent, cuts));
            last_use = last_use.max(pos.stmt);
        }
        // The value, and what it reads.
        let mut walk = TreeCheck {
            g,
            uses,
            block: def_pos.block,
            through: HashMap::new(),
            reads: HashSet::new(),
            first_def: def_pos.stmt,
            ops: 0,
        };
        walk.tree(value, &local.ty.shape)?;
        walk.through.insert(l, value);
        if walk.ops == 0 || walk.ops > MAX_OPS || out.len() * walk.ops > MAX_RECOMPUTE {
            return None;
        }
        // Nothing between the first definition involved and the last read writes what
        // the value reads.
        let clobbered = (walk.first_def + 1..last_use).any(|s| {
            uses.writes_in
                .get(&Pos {
                    block: def_pos.block,
                    stmt: s,
                })
                .is_some_and(|w| w.iter().any(|x| walk.reads.contains(x)))
        });
        if clobbered {
            return None;
        }
        Some(Candidate {
            local: l,
            reads: out,
            through: walk.through,
        })
    }
}

/// The slice of one index item, when it is one the pass composes: step 1, a constant
/// `start >= 0` (or none) and a constant `stop < 0` (or none).
fn cut_of(g: &Function, it: &Index) -> Option<Cut> {
    let Index::Slice { start, stop, step } = it else {
        return None;
    };
    if *step != 1 {
        return None;
    }
    let s = match start {
        None => 0,
        Some(e) => int_const(g, *e).filter(|v| *v >= 0)?,
    };
    let e = match stop {
        None => 0,
        Some(e) => -int_const(g, *e).filter(|v| *v < 0)?,
    };
    Some((s, e))
}

/// The elementwise functions cheap enough to compute once per read.
fn cheap(fun: MathFn) -> bool {
    matches!(
        fun,
        MathFn::Abs
            | MathFn::Sign
            | MathFn::Minimum
            | MathFn::Maximum
            | MathFn::Clip
            | MathFn::Where
            | MathFn::Sqrt
            | MathFn::Floor
            | MathFn::Ceil
            | MathFn::Round
    )
}

fn shape_of(g: &Function, e: ExprId) -> Option<&[Size]> {
    g.ty(e).as_value().map(|t| t.shape.as_slice())
}

fn is_int(g: &Function, e: ExprId) -> bool {
    matches!(
        g.ty(e).as_value().map(|t| t.dtype),
        Some(DType::I32 | DType::I64)
    )
}

/// Checks a value for pushdown (module docs), collecting the locals it reads and those
/// it is pushed through.
struct TreeCheck<'a> {
    g: &'a Function,
    uses: &'a Uses,
    block: usize,
    through: HashMap<LocalId, ExprId>,
    reads: HashSet<LocalId>,
    first_def: usize,
    ops: usize,
}

impl TreeCheck<'_> {
    /// An array expression of `shape`.
    fn tree(&mut self, e: ExprId, shape: &[Size]) -> Option<()> {
        let g = self.g;
        if shape_of(g, e)? != shape {
            return None;
        }
        let operands = |s: &mut Self, ops: &[ExprId]| -> Option<()> {
            for &o in ops {
                if shape_of(g, o)?.is_empty() {
                    s.scalar(o)?;
                } else {
                    s.tree(o, shape)?;
                }
            }
            s.ops += 1;
            Some(())
        };
        match g.expr(e) {
            Expr::Unary { arg, .. } | Expr::Cast { arg, .. } => operands(self, &[*arg]),
            Expr::Binary { op, lhs, rhs } => {
                let int_check = matches!(op, BinaryOp::Div | BinaryOp::Rem | BinaryOp::Pow);
                if int_check && is_int(g, *rhs) {
                    return None;
                }
                operands(self, &[*lhs, *rhs])
            }
            Expr::Math { fun, args } if cheap(*fun) => operands(self, args),
            Expr::Local(m) => {
                self.reads.insert(*m);
                if let Some(v) = self.through_value(*m) {
                    self.tree(v, shape)?;
                }
                Some(())
            }
            Expr::Index { base, items } => {
                let Expr::Local(m) = g.expr(*base) else {
                    return None;
                };
                self.reads.insert(*m);
                let mut cuts = Vec::new();
                for it in items {
                    match it {
                        Index::At(x) => self.scalar(*x)?,
                        _ => cuts.push(cut_of(g, it)?),
                    }
                }
                // (A view of another local is a leaf: pushing through it too would
                // multiply the loop's leaves. That local is a candidate of its own.)
                Some(())
            }
            _ => None,
        }
    }

    /// The value of a local the pushdown goes through: an immutable float array `let`,
    /// earlier in the same block, whose value is itself pushable.
    fn through_value(&mut self, m: LocalId) -> Option<ExprId> {
        if let Some(v) = self.through.get(&m) {
            return Some(*v);
        }
        let (pos, v) = *self.uses.def.get(&m)?;
        let local = self.g.local(m);
        if local.mutable || pos.block != self.block || !is_float(self.g, v) {
            return None;
        }
        // (Checked on a copy: a value that is not pushable leaves `m` a leaf.)
        let mut sub = TreeCheck {
            g: self.g,
            uses: self.uses,
            block: self.block,
            through: self.through.clone(),
            reads: HashSet::new(),
            first_def: pos.stmt,
            ops: 0,
        };
        sub.tree(v, &local.ty.shape)?;
        self.through = sub.through;
        self.through.insert(m, v);
        self.reads.extend(sub.reads);
        self.first_def = self.first_def.min(sub.first_def);
        self.ops += sub.ops;
        Some(v)
    }

    /// A scalar made of constants, sizes and scalar locals.
    fn scalar(&mut self, e: ExprId) -> Option<()> {
        let g = self.g;
        match g.expr(e) {
            Expr::Const(_) | Expr::SizeValue(_) => Some(()),
            Expr::Local(m) => {
                self.reads.insert(*m);
                Some(())
            }
            Expr::Unary { arg, .. } | Expr::Cast { arg, .. } => self.scalar(*arg),
            Expr::Binary { op, lhs, rhs } => {
                let int_check = matches!(op, BinaryOp::Div | BinaryOp::Rem | BinaryOp::Pow);
                if int_check && is_int(g, *rhs) {
                    return None;
                }
                self.scalar(*lhs)?;
                self.scalar(*rhs)
            }
            _ => None,
        }
    }
}

/// Copies of values with slices pushed into their leaves.
struct Pusher<'a> {
    g: &'a Function,
    through: &'a HashMap<LocalId, ExprId>,
    out: Arena,
    texts: HashMap<ExprId, String>,
}

impl Pusher<'_> {
    fn value_ty(&self, e: ExprId, shape: &[Size]) -> Ty {
        let dtype = self.g.ty(e).as_value().map_or(DType::F64, |t| t.dtype);
        Ty::Value(Type {
            dtype,
            shape: shape.to_vec(),
        })
    }

    /// A copy of the array expression `e` (of the pushed local's shape) read through
    /// `cuts`, of the read's `shape`.
    fn push(&mut self, e: ExprId, cuts: &[Cut], shape: &[Size]) -> ExprId {
        let g = self.g;
        let span = g.span(e);
        let ty = self.value_ty(e, shape);
        let arg = |s: &mut Self, o: ExprId| {
            if shape_of(g, o).is_some_and(|t| t.is_empty()) {
                s.scalar(o)
            } else {
                s.push(o, cuts, shape)
            }
        };
        match g.expr(e) {
            Expr::Unary { op, arg: a } => {
                let a = arg(self, *a);
                self.out.add(Expr::Unary { op: *op, arg: a }, span, ty)
            }
            Expr::Cast { to, arg: a } => {
                let a = arg(self, *a);
                self.out.add(Expr::Cast { to: *to, arg: a }, span, ty)
            }
            Expr::Binary { op, lhs, rhs } => {
                let (l, r) = (arg(self, *lhs), arg(self, *rhs));
                self.out.add(
                    Expr::Binary {
                        op: *op,
                        lhs: l,
                        rhs: r,
                    },
                    span,
                    ty,
                )
            }
            Expr::Math { fun, args } => {
                let args = args.iter().map(|a| arg(self, *a)).collect();
                self.out.add(Expr::Math { fun: *fun, args }, span, ty)
            }
            Expr::Local(m) => match self.through.get(m) {
                Some(&v) => self.push(v, cuts, shape),
                None => {
                    let full = vec![(0, 0); cuts.len()];
                    self.view(
                        *m,
                        e,
                        &full.iter().map(|c| Some(*c)).collect::<Vec<_>>(),
                        &[],
                        cuts,
                        shape,
                    )
                }
            },
            Expr::Index { base, items } => {
                let Expr::Local(m) = g.expr(*base) else {
                    unreachable!("checked by TreeCheck::tree");
                };
                let inner: Vec<Option<Cut>> = items.iter().map(|it| cut_of(g, it)).collect();
                let ats: Vec<ExprId> = items
                    .iter()
                    .filter_map(|it| match it {
                        Index::At(x) => Some(*x),
                        _ => None,
                    })
                    .collect();
                self.view(*m, e, &inner, &ats, cuts, shape)
            }
            _ => unreachable!("checked by TreeCheck::tree"),
        }
    }

    /// The view of local `m` with items `inner` (a cut per slice, `None` per scalar
    /// index, taken from `ats` in order) read through `cuts` (one per slice).
    fn view(
        &mut self,
        m: LocalId,
        at: ExprId,
        inner: &[Option<Cut>],
        ats: &[ExprId],
        cuts: &[Cut],
        shape: &[Size],
    ) -> ExprId {
        let g = self.g;
        let span = g.span(at);
        let local = g.local(m);
        let base = self
            .out
            .add(Expr::Local(m), span, Ty::Value(local.ty.clone()));
        let mut items = Vec::new();
        let mut text = Vec::new();
        let (mut next_cut, mut next_at) = (cuts.iter(), ats.iter());
        for it in inner {
            match it {
                Some(c) => {
                    let (s, e) = compose(*c, next_cut.next().copied().unwrap_or((0, 0)));
                    let bound = |p: &mut Self, v: i64| {
                        (v != 0).then(|| {
                            p.out.add(
                                Expr::Const(Scalar::I64(v)),
                                span,
                                Ty::Value(Type::scalar(DType::I64)),
                            )
                        })
                    };
                    let start = bound(self, s);
                    let stop = bound(self, -e);
                    items.push(Index::Slice {
                        start,
                        stop,
                        step: 1,
                    });
                    text.push(match (s, e) {
                        (0, 0) => ":".to_string(),
                        (s, 0) => format!("{s}:"),
                        (0, e) => format!(":-{e}"),
                        (s, e) => format!("{s}:-{e}"),
                    });
                }
                None => {
                    let x = *next_at.next().expect("one scalar index per `None`");
                    let src = self.scalar(x);
                    items.push(Index::At(src));
                    text.push(match g.expr(x) {
                        Expr::Local(l) => g.local(*l).name.clone(),
                        Expr::Const(Scalar::I64(v)) => v.to_string(),
                        _ => "..".into(),
                    });
                }
            }
        }
        let ty = Ty::Value(Type {
            dtype: local.ty.dtype,
            shape: shape.to_vec(),
        });
        let id = self.out.add(Expr::Index { base, items }, span, ty);
        self.texts
            .insert(id, format!("{}[{}]", local.name, text.join(", ")));
        id
    }

    /// A fresh copy of a scalar expression (constants, sizes, scalar locals and
    /// operators on them).
    fn scalar(&mut self, e: ExprId) -> ExprId {
        let g = self.g;
        let copied = match g.expr(e) {
            Expr::Unary { op, arg } => Expr::Unary {
                op: *op,
                arg: self.scalar(*arg),
            },
            Expr::Cast { to, arg } => Expr::Cast {
                to: *to,
                arg: self.scalar(*arg),
            },
            Expr::Binary { op, lhs, rhs } => Expr::Binary {
                op: *op,
                lhs: self.scalar(*lhs),
                rhs: self.scalar(*rhs),
            },
            other @ (Expr::Const(_) | Expr::SizeValue(_) | Expr::Local(_)) => other.clone(),
            _ => unreachable!("`TreeCheck::scalar` admits only the kinds above"),
        };
        self.out.add(copied, g.span(e), g.ty(e).clone())
    }
}

/// `x[a][b]` as one slice of `x`.
fn compose(a: Cut, b: Cut) -> Cut {
    (a.0 + b.0, a.1 + b.1)
}

/// Rewrites `g` with `plan`'s reads replaced by pushed copies, then drops the `let`s
/// nothing reads any more and unreachable expressions. Returns the new function and the
/// new handles of the copies.
fn rewrite(
    g: &Function,
    plan: &Candidate,
    texts: HashMap<ExprId, String>,
) -> (Pushed, Vec<ExprId>) {
    let targets: HashMap<ExprId, &Vec<Cut>> = plan.reads.iter().map(|(e, c)| (*e, c)).collect();
    let n = g.exprs.len();
    let mut map: Vec<Option<ExprId>> = vec![None; n];
    let mut p = Pusher {
        g,
        through: &plan.through,
        out: Arena {
            exprs: Vec::with_capacity(n),
            spans: Vec::with_capacity(n),
            types: Vec::with_capacity(n),
        },
        texts: HashMap::new(),
    };
    let mut roots = Vec::new();
    let value = plan.through[&plan.local];
    for i in 0..n {
        let id = ExprId(i as u32);
        let new = match targets.get(&id) {
            Some(cuts) => {
                let shape = shape_of(g, id).unwrap_or(&[]).to_vec();
                let r = p.push(value, cuts, &shape);
                roots.push(r);
                r
            }
            None => {
                let e = map_expr(g.expr(id), &|o| map[o.index()].expect("defined before use"));
                p.out.add(e, g.span(id), g.ty(id).clone())
            }
        };
        map[i] = Some(new);
    }
    let mut texts2: HashMap<ExprId, String> = texts
        .into_iter()
        .filter_map(|(e, t)| Some((map[e.index()]?, t)))
        .collect();
    texts2.extend(p.texts);
    let body = map_block(&g.body, &|o| map[o.index()].expect("defined"));
    let mut f = with_arena(g, p.out, body);
    // Drop the pushed `let`s (and those pushed through) that nothing reads any more.
    let droppable: HashSet<LocalId> = plan.through.keys().copied().collect();
    loop {
        let uses = Uses::of(&f);
        let dead: HashSet<LocalId> = droppable
            .iter()
            .filter(|l| uses.def.contains_key(l) && uses.reads.get(l).is_none_or(|r| r.is_empty()))
            .copied()
            .collect();
        if dead.is_empty() {
            break;
        }
        drop_lets(&mut f.body, &dead);
    }
    let (f, remap) = compact(f);
    let texts = texts2
        .into_iter()
        .filter_map(|(e, t)| Some((remap[e.index()]?, t)))
        .collect();
    let roots = roots.iter().filter_map(|r| remap[r.index()]).collect();
    (
        Pushed {
            f,
            texts,
            locals: Vec::new(),
        },
        roots,
    )
}
