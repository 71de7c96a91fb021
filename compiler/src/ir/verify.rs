//! The IR verifier. It runs after the checker in debug builds and in tests (and will run
//! after every optimizer pass). Errors are collected, not thrown, and found in a fixed
//! order: first the structure (every handle in range and pointing backwards, so later
//! checks can index freely), then the types of operands.

use super::{Block, Expr, ExprId, Function, Index, Module, Stmt, Ty};
use crate::front::ast::ScalarType;

/// A broken IR invariant: a bug in the pass that produced the IR, never a user error.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("IR verification failed in `{function}`: {message}")]
pub struct VerifyError {
    pub function: String,
    pub message: String,
}

/// Checks the invariants listed in the `ir` module docs.
pub fn verify(module: &Module) -> Result<(), Vec<VerifyError>> {
    let mut errors = Vec::new();
    for f in &module.functions {
        let mut v = Verifier {
            m: module,
            f,
            errors: Vec::new(),
        };
        v.structure();
        if v.errors.is_empty() {
            v.types();
        }
        errors.extend(v.errors.into_iter().map(|message| VerifyError {
            function: f.name.clone(),
            message,
        }));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

struct Verifier<'a> {
    m: &'a Module,
    f: &'a Function,
    errors: Vec<String>,
}

impl Verifier<'_> {
    fn err(&mut self, msg: String) {
        self.errors.push(msg);
    }

    fn structure(&mut self) {
        let f = self.f;
        let n = f.exprs.len();
        if f.spans.len() != n || f.types.len() != n {
            self.err(format!(
                "side tables have {} spans and {} types for {n} expressions",
                f.spans.len(),
                f.types.len()
            ));
            return;
        }
        for (i, e) in f.exprs.iter().enumerate() {
            for o in e.operands() {
                if o.index() >= i {
                    self.err(format!("e{i} uses {o}, which is not defined before it"));
                }
            }
            match e {
                Expr::Local(l) if l.index() >= f.locals.len() => {
                    self.err(format!("e{i} reads unknown local {l}"))
                }
                Expr::Call { func, .. } | Expr::Map { func, .. }
                    if func.index() >= self.m.functions.len() =>
                {
                    self.err(format!("e{i} calls unknown function {func}"))
                }
                Expr::If { then, els, .. } => {
                    self.block_refs(then, i);
                    self.block_refs(els, i);
                }
                _ => {}
            }
        }
        self.block_refs(&f.body, n);
        if f.params
            .iter()
            .enumerate()
            .any(|(i, p)| p.local.index() != i)
        {
            self.err("parameters must be the first locals, in order".into());
        }
    }

    /// Every handle a block uses must be below `limit`.
    fn block_refs(&mut self, b: &Block, limit: usize) {
        let mut ids: Vec<ExprId> = Vec::new();
        let mut locals = Vec::new();
        for s in &b.stmts {
            match s {
                Stmt::Let { local, value } | Stmt::Assign { local, value } => {
                    ids.push(*value);
                    locals.push(*local);
                }
                Stmt::LetTuple { locals: ls, value } => {
                    ids.push(*value);
                    locals.extend(ls.iter().copied());
                }
                Stmt::AssignIndex {
                    local,
                    items,
                    value,
                } => {
                    ids.push(*value);
                    locals.push(*local);
                    for it in items {
                        super::index_operands(it, &mut ids);
                    }
                }
                Stmt::For { var, lo, hi, body } => {
                    ids.extend([*lo, *hi]);
                    locals.push(*var);
                    self.block_refs(body, limit);
                }
                Stmt::While { cond, body } => {
                    ids.push(*cond);
                    self.block_refs(body, limit);
                }
                Stmt::Return(e) | Stmt::Eval(e) => ids.push(*e),
            }
        }
        ids.extend(b.value);
        for id in ids {
            if id.index() >= limit {
                self.err(format!("a statement uses {id}, which is out of range here"));
            }
        }
        for l in locals {
            if l.index() >= self.f.locals.len() {
                self.err(format!("a statement uses unknown local {l}"));
            }
        }
    }

    fn types(&mut self) {
        let f = self.f;
        for (i, e) in f.exprs.iter().enumerate() {
            let Some(t) = f.types[i].as_value().cloned() else {
                if !matches!(e, Expr::Tuple(_) | Expr::Call { .. } | Expr::If { .. }) {
                    self.err(format!("e{i} must have a value type"));
                }
                continue;
            };
            let val = |id: ExprId| f.types[id.index()].as_value();
            let dt = |id: &ExprId| val(*id).map(|t| t.dtype);
            match e {
                Expr::Const(s) if s.dtype() != t.dtype => self.err(format!(
                    "e{i}: constant of type {} typed {}",
                    s.dtype().name(),
                    t.dtype.name()
                )),
                Expr::Local(l) if f.locals[l.index()].ty != t => {
                    self.err(format!("e{i}: local read with a different type"))
                }
                Expr::Binary { op, lhs, rhs } => {
                    if dt(lhs) != dt(rhs) {
                        self.err(format!(
                            "e{i}: `{}` operands differ in element type",
                            op.symbol()
                        ));
                    }
                    let want = if op.is_comparison() {
                        Some(ScalarType::Bool)
                    } else {
                        dt(lhs)
                    };
                    if want != Some(t.dtype) {
                        self.err(format!("e{i}: `{}` has the wrong result type", op.symbol()));
                    }
                }
                Expr::Cast { to, .. } if *to != t.dtype => {
                    self.err(format!("e{i}: cast result type differs"))
                }
                Expr::Index { base, items } => {
                    let Some(bt) = val(*base) else {
                        self.err(format!("e{i}: index of a non-value"));
                        continue;
                    };
                    let consumed = items
                        .iter()
                        .filter(|x| !matches!(x, Index::NewAxis))
                        .count();
                    if consumed != bt.rank() {
                        self.err(format!(
                            "e{i}: {consumed} index entries for rank {}",
                            bt.rank()
                        ));
                    }
                    for it in items {
                        if let Index::At(x) | Index::Gather(x) = it {
                            if dt(x) != Some(ScalarType::I64) {
                                self.err(format!("e{i}: index {x} is not i64"));
                            }
                        }
                        if let Index::Slice { step, .. } = it {
                            if *step <= 0 {
                                self.err(format!("e{i}: slice step {step} is not positive"));
                            }
                        }
                    }
                }
                Expr::Reduce {
                    arg, axis: Some(a), ..
                }
                | Expr::Scan { arg, axis: a, .. }
                    if val(*arg).is_none_or(|at| *a >= at.rank()) =>
                {
                    self.err(format!("e{i}: axis {a} out of range"));
                }
                Expr::Transpose { arg, perm } => {
                    let mut p = perm.clone();
                    p.sort();
                    if val(*arg).is_none_or(|at| p != (0..at.rank()).collect::<Vec<_>>()) {
                        self.err(format!("e{i}: transpose permutation {perm:?} is invalid"));
                    }
                }
                _ => {}
            }
        }
        if let Some(v) = f.body.value {
            let ok = match (&f.types[v.index()], f.result_is_tuple) {
                (Ty::Value(_), false) => f.results.len() == 1,
                (Ty::Tuple(ts), true) => ts.len() == f.results.len(),
                _ => false,
            };
            if !ok {
                self.err("the body's value does not have the result's form".into());
            }
        }
    }
}
