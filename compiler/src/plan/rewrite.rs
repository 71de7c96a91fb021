//! Rebuilding a function's arena: the plumbing of the passes that rewrite the IR before
//! planning ([`super::cse`], [`super::stencil`]). A pass emits a new arena in the old
//! order (so that handles keep pointing backwards, as `ir::verify` requires), mapping
//! each old handle with [`map_expr`] / [`map_block`]; [`compact`] then drops what the
//! body no longer reaches.

use crate::ir::{Block, Expr, ExprId, Function, Index, LocalId, Stmt, Ty};
use crate::span::Span;
use std::collections::HashSet;

/// The new arena under construction.
pub(crate) struct Arena {
    pub(crate) exprs: Vec<Expr>,
    pub(crate) spans: Vec<Span>,
    pub(crate) types: Vec<Ty>,
}

impl Arena {
    pub(crate) fn add(&mut self, e: Expr, span: Span, ty: Ty) -> ExprId {
        self.exprs.push(e);
        self.spans.push(span);
        self.types.push(ty);
        ExprId((self.exprs.len() - 1) as u32)
    }
}

/// `g` with a new arena and body (everything else copied).
pub(crate) fn with_arena(g: &Function, arena: Arena, body: Block) -> Function {
    Function {
        name: g.name.clone(),
        span: g.span,
        params: g.params.clone(),
        results: g.results.clone(),
        result_is_tuple: g.result_is_tuple,
        size_vars: g.size_vars.clone(),
        size_bindings: g.size_bindings.clone(),
        locals: g.locals.clone(),
        exprs: arena.exprs,
        spans: arena.spans,
        types: arena.types,
        body,
    }
}

/// Removes the `let`s of `dead` locals from `b` and the blocks nested in its statements.
pub(crate) fn drop_lets(b: &mut Block, dead: &HashSet<LocalId>) {
    b.stmts
        .retain(|s| !matches!(s, Stmt::Let { local, .. } if dead.contains(local)));
    for s in &mut b.stmts {
        if let Stmt::For { body, .. } | Stmt::While { body, .. } = s {
            drop_lets(body, dead);
        }
    }
}

/// `f` with only the expressions its body reaches, in their order; and where each old
/// handle went.
pub(crate) fn compact(f: Function) -> (Function, Vec<Option<ExprId>>) {
    let n = f.exprs.len();
    let mut live = vec![false; n];
    fn mark(f: &Function, e: ExprId, live: &mut [bool]) {
        if live[e.index()] {
            return;
        }
        live[e.index()] = true;
        for o in f.expr(e).operands() {
            mark(f, o, live);
        }
        if let Expr::If { then, els, .. } = f.expr(e) {
            mark_block(f, then, live);
            mark_block(f, els, live);
        }
    }
    fn mark_block(f: &Function, b: &Block, live: &mut [bool]) {
        let mut ids = Vec::new();
        for s in &b.stmts {
            stmt_ids(s, &mut ids);
            if let Stmt::For { body, .. } | Stmt::While { body, .. } = s {
                mark_block(f, body, live);
            }
        }
        ids.extend(b.value);
        for e in ids {
            mark(f, e, live);
        }
    }
    mark_block(&f, &f.body, &mut live);
    let mut remap: Vec<Option<ExprId>> = vec![None; n];
    let mut out = Arena {
        exprs: Vec::new(),
        spans: Vec::new(),
        types: Vec::new(),
    };
    for i in 0..n {
        if live[i] {
            let e = map_expr(&f.exprs[i], &|o| remap[o.index()].expect("live operand"));
            remap[i] = Some(out.add(e, f.spans[i], f.types[i].clone()));
        }
    }
    let body = map_block(&f.body, &|o| remap[o.index()].expect("live"));
    (
        Function {
            exprs: out.exprs,
            spans: out.spans,
            types: out.types,
            body,
            ..f
        },
        remap,
    )
}

/// The expression handles a statement holds directly (not those of nested blocks).
pub(crate) fn stmt_ids(s: &Stmt, out: &mut Vec<ExprId>) {
    match s {
        Stmt::Let { value, .. }
        | Stmt::LetTuple { value, .. }
        | Stmt::Assign { value, .. }
        | Stmt::Return(value)
        | Stmt::Eval(value) => out.push(*value),
        Stmt::AssignIndex { items, value, .. } => {
            for it in items {
                crate::ir::index_operands(it, out);
            }
            out.push(*value);
        }
        Stmt::For { lo, hi, .. } => out.extend([*lo, *hi]),
        Stmt::While { cond, .. } => out.push(*cond),
    }
}

pub(crate) fn map_index(it: &Index, m: &dyn Fn(ExprId) -> ExprId) -> Index {
    match it {
        Index::At(e) => Index::At(m(*e)),
        Index::Gather(e) => Index::Gather(m(*e)),
        Index::Slice { start, stop, step } => Index::Slice {
            start: start.map(m),
            stop: stop.map(m),
            step: *step,
        },
        Index::NewAxis => Index::NewAxis,
    }
}

/// `e` with every handle it holds (nested blocks included) mapped by `m`.
pub(crate) fn map_expr(e: &Expr, m: &dyn Fn(ExprId) -> ExprId) -> Expr {
    let v = |xs: &[ExprId]| xs.iter().map(|x| m(*x)).collect::<Vec<_>>();
    match e {
        Expr::Const(_) | Expr::Local(_) | Expr::SizeValue(_) => e.clone(),
        Expr::Unary { op, arg } => Expr::Unary {
            op: *op,
            arg: m(*arg),
        },
        Expr::Binary { op, lhs, rhs } => Expr::Binary {
            op: *op,
            lhs: m(*lhs),
            rhs: m(*rhs),
        },
        Expr::Math { fun, args } => Expr::Math {
            fun: *fun,
            args: v(args),
        },
        Expr::Cast { to, arg } => Expr::Cast {
            to: *to,
            arg: m(*arg),
        },
        Expr::Reduce {
            op,
            arg,
            axis,
            keepdims,
        } => Expr::Reduce {
            op: *op,
            arg: m(*arg),
            axis: *axis,
            keepdims: *keepdims,
        },
        Expr::Scan { op, arg, axis } => Expr::Scan {
            op: *op,
            arg: m(*arg),
            axis: *axis,
        },
        Expr::MatMul { lhs, rhs } => Expr::MatMul {
            lhs: m(*lhs),
            rhs: m(*rhs),
        },
        Expr::Fill { shape, value } => Expr::Fill {
            shape: v(shape),
            value: m(*value),
        },
        Expr::Arange { n } => Expr::Arange { n: m(*n) },
        Expr::Linspace { start, stop, n } => Expr::Linspace {
            start: m(*start),
            stop: m(*stop),
            n: m(*n),
        },
        Expr::Eye { n, dtype } => Expr::Eye {
            n: m(*n),
            dtype: *dtype,
        },
        Expr::Transpose { arg, perm } => Expr::Transpose {
            arg: m(*arg),
            perm: perm.clone(),
        },
        Expr::Reshape { arg, shape } => Expr::Reshape {
            arg: m(*arg),
            shape: v(shape),
        },
        Expr::Concat { args, axis } => Expr::Concat {
            args: v(args),
            axis: *axis,
        },
        Expr::Stack { args, axis } => Expr::Stack {
            args: v(args),
            axis: *axis,
        },
        Expr::Flip { arg, axis } => Expr::Flip {
            arg: m(*arg),
            axis: *axis,
        },
        Expr::Index { base, items } => Expr::Index {
            base: m(*base),
            items: items.iter().map(|it| map_index(it, m)).collect(),
        },
        Expr::Call { func, args } => Expr::Call {
            func: *func,
            args: v(args),
        },
        Expr::Map { func, args } => Expr::Map {
            func: *func,
            args: v(args),
        },
        Expr::If { cond, then, els } => Expr::If {
            cond: m(*cond),
            then: map_block(then, m),
            els: map_block(els, m),
        },
        Expr::Tuple(args) => Expr::Tuple(v(args)),
    }
}

pub(crate) fn map_block(b: &Block, m: &dyn Fn(ExprId) -> ExprId) -> Block {
    Block {
        stmts: b.stmts.iter().map(|s| map_stmt(s, m)).collect(),
        value: b.value.map(m),
    }
}

pub(crate) fn map_stmt(s: &Stmt, m: &dyn Fn(ExprId) -> ExprId) -> Stmt {
    match s {
        Stmt::Let { local, value } => Stmt::Let {
            local: *local,
            value: m(*value),
        },
        Stmt::LetTuple { locals, value } => Stmt::LetTuple {
            locals: locals.clone(),
            value: m(*value),
        },
        Stmt::Assign { local, value } => Stmt::Assign {
            local: *local,
            value: m(*value),
        },
        Stmt::AssignIndex {
            local,
            items,
            value,
        } => Stmt::AssignIndex {
            local: *local,
            items: items.iter().map(|it| map_index(it, m)).collect(),
            value: m(*value),
        },
        Stmt::For { var, lo, hi, body } => Stmt::For {
            var: *var,
            lo: m(*lo),
            hi: m(*hi),
            body: map_block(body, m),
        },
        Stmt::While { cond, body } => Stmt::While {
            cond: m(*cond),
            body: map_block(body, m),
        },
        Stmt::Return(e) => Stmt::Return(m(*e)),
        Stmt::Eval(e) => Stmt::Eval(m(*e)),
    }
}
