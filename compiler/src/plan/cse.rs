//! Pass 0a, before the plan proper: *shared reductions*. A statement that computes the
//! same `sum` or `mean` more than once computes it once.
//!
//! The z-score `(x - mean(x)) / sqrt(mean((x - mean(x)) ** 2))` names `mean(x)` twice.
//! Each occurrence is a pass over `x`. This pass hoists the repeated reduction into a
//! new `let` just before the statement and reads that local at each place:
//!
//! ```text
//! let mean_x = mean(x);
//! (x - mean_x) / sqrt(mean((x - mean_x) ** 2))
//! ```
//!
//! Moment pairs (pass 4) then compute the mean and the variance in one pass. The z-score
//! reads `x` twice in all, not three times.
//!
//! # Which reductions are shared
//!
//! * The reduction is a `sum` or `mean` (with any axis and `keepdims`). Neither can fail,
//!   so computing it first cannot change which error a failing statement reports.
//! * Its operand is built only from locals, constants, sizes, and elementwise
//!   operations that cannot fail (no integer division), so two occurrences always have
//!   the same value. Views (`x[1:]`) and calls are left alone.
//! * It occurs at least twice in one statement (compared structurally), and the
//!   statement holds no `if` and no `and`/`or`, so every occurrence is evaluated
//!   exactly once.
//!
//! Larger repeated reductions are hoisted first. The values are unchanged: the same
//! reduction is computed, once instead of twice.

use super::rewrite::{compact, map_block, map_expr, with_arena, Arena};
use crate::ir::{BinaryOp, Block, DType, Expr, ExprId, Function, Local, LocalId, ReduceOp, Stmt};
use std::collections::HashMap;

/// Runs the pass on `f`: `None` when no statement repeats a reduction.
pub fn share_reductions(f: &Function) -> Option<Function> {
    let mut cur: Option<Function> = None;
    // One hoist per round (each changes the arena); a function has few such repeats.
    for _ in 0..64 {
        let g = cur.as_ref().unwrap_or(f);
        let Some(found) = find(g) else {
            break;
        };
        cur = Some(hoist(g, &found));
    }
    cur
}

/// A repeated reduction: where its statement is, and its occurrences (first first).
struct Repeat {
    /// The statement's position: the path of statement indices through nested loop
    /// bodies, and its index in the innermost block.
    path: Vec<usize>,
    occurrences: Vec<ExprId>,
}

fn find(g: &Function) -> Option<Repeat> {
    let mut best: Option<(usize, Repeat)> = None;
    walk_block(g, &g.body, &mut Vec::new(), &mut best);
    best.map(|(_, r)| r)
}

fn walk_block(g: &Function, b: &Block, path: &mut Vec<usize>, best: &mut Option<(usize, Repeat)>) {
    for (i, s) in b.stmts.iter().enumerate() {
        path.push(i);
        match s {
            Stmt::For { body, .. } | Stmt::While { body, .. } => walk_block(g, body, path, best),
            Stmt::Let { value, .. }
            | Stmt::Assign { value, .. }
            | Stmt::LetTuple { value, .. }
            | Stmt::AssignIndex { value, .. }
            | Stmt::Return(value)
            | Stmt::Eval(value) => statement(g, *value, path, best),
        }
        path.pop();
    }
    if let Some(v) = b.value {
        path.push(b.stmts.len());
        statement(g, v, path, best);
        path.pop();
    }
}

/// Looks for repeats in the statement whose value is `root` (at `path`).
fn statement(g: &Function, root: ExprId, path: &[usize], best: &mut Option<(usize, Repeat)>) {
    let mut all = Vec::new();
    if !collect(g, root, &mut all) {
        return;
    }
    let mut groups: HashMap<String, Vec<ExprId>> = HashMap::new();
    for e in all {
        if let Some(k) = shared_key(g, e) {
            groups.entry(k).or_default().push(e);
        }
    }
    for (k, mut occ) in groups {
        if occ.len() < 2 {
            continue;
        }
        occ.sort();
        let size = k.len();
        if best.as_ref().is_none_or(|(s, _)| size > *s) {
            *best = Some((
                size,
                Repeat {
                    path: path.to_vec(),
                    occurrences: occ,
                },
            ));
        }
    }
}

/// Every expression of the tree at `e`; `false` when the tree holds an `if` or a
/// short-circuit operator (which may skip an occurrence).
fn collect(g: &Function, e: ExprId, out: &mut Vec<ExprId>) -> bool {
    match g.expr(e) {
        Expr::If { .. } => return false,
        Expr::Binary { op, .. } if op.is_logical() => return false,
        _ => {}
    }
    out.push(e);
    g.expr(e).operands().into_iter().all(|o| collect(g, o, out))
}

/// The structural key of a shareable reduction (module docs), `None` for anything else.
fn shared_key(g: &Function, e: ExprId) -> Option<String> {
    let Expr::Reduce {
        op: op @ (ReduceOp::Sum | ReduceOp::Mean),
        arg,
        axis,
        keepdims,
    } = g.expr(e)
    else {
        return None;
    };
    Some(format!(
        "{}({},{axis:?},{keepdims})",
        op.name(),
        pure_key(g, *arg)?
    ))
}

/// The structural key of an infallible elementwise expression of locals, constants and
/// sizes.
fn pure_key(g: &Function, e: ExprId) -> Option<String> {
    let int = |x: ExprId| {
        matches!(
            g.ty(x).as_value().map(|t| t.dtype),
            Some(DType::I32 | DType::I64)
        )
    };
    Some(match g.expr(e) {
        Expr::Const(c) => format!("{c:?}"),
        Expr::Local(l) => format!("L{}", l.index()),
        Expr::SizeValue(s) => format!("S{s:?}"),
        Expr::Unary { op, arg } => format!("{op:?}({})", pure_key(g, *arg)?),
        Expr::Cast { to, arg } => format!("{to:?}({})", pure_key(g, *arg)?),
        Expr::Binary { op, lhs, rhs } => {
            if op.is_logical()
                || int(*rhs) && matches!(op, BinaryOp::Div | BinaryOp::Rem | BinaryOp::Pow)
            {
                return None;
            }
            format!("{op:?}({},{})", pure_key(g, *lhs)?, pure_key(g, *rhs)?)
        }
        Expr::Math { fun, args } => {
            let args = args
                .iter()
                .map(|a| pure_key(g, *a))
                .collect::<Option<Vec<_>>>()?;
            format!("{fun:?}({})", args.join(","))
        }
        _ => return None,
    })
}

/// `g` with the repeat's reduction bound to a new local before its statement, and each
/// occurrence replaced by a read of it.
fn hoist(g: &Function, r: &Repeat) -> Function {
    let first = r.occurrences[0];
    let mut locals = g.locals.clone();
    let name = match g.expr(first) {
        Expr::Reduce { op, arg, .. } => match g.expr(*arg) {
            Expr::Local(l) => format!("{}_{}", op.name(), g.local(*l).name),
            _ => op.name().to_string(),
        },
        _ => "shared".into(),
    };
    let ty = g
        .ty(first)
        .as_value()
        .cloned()
        .expect("a reduction has a value type");
    let local = LocalId(locals.len() as u32);
    locals.push(Local {
        name,
        ty: ty.clone(),
        mutable: false,
        span: g.span(first),
    });
    // Rebuild: the first occurrence stays as the new `let`'s value; every occurrence's
    // place in the statement reads the local instead.
    let n = g.exprs.len();
    let mut map: Vec<Option<ExprId>> = vec![None; n];
    let mut read: HashMap<ExprId, ExprId> = HashMap::new();
    let mut out = Arena {
        exprs: Vec::with_capacity(n + r.occurrences.len()),
        spans: Vec::with_capacity(n + r.occurrences.len()),
        types: Vec::with_capacity(n + r.occurrences.len()),
    };
    let operand = |o: ExprId, map: &[Option<ExprId>], read: &HashMap<ExprId, ExprId>| {
        read.get(&o)
            .copied()
            .unwrap_or_else(|| map[o.index()].expect("defined before use"))
    };
    for i in 0..n {
        let id = ExprId(i as u32);
        let e = map_expr(g.expr(id), &|o| operand(o, &map, &read));
        map[i] = Some(out.add(e, g.span(id), g.ty(id).clone()));
        if r.occurrences.contains(&id) {
            let l = out.add(
                Expr::Local(local),
                g.span(id),
                crate::ir::Ty::Value(ty.clone()),
            );
            read.insert(id, l);
        }
    }
    let value = map[first.index()].expect("emitted");
    let mut body = map_block(&g.body, &|o| operand(o, &map, &read));
    insert_let(&mut body, &r.path, Stmt::Let { local, value });
    let mut h = with_arena(g, out, body);
    h.locals = locals;
    compact(h).0
}

/// Inserts `s` before the statement at `path` (statement indices through nested loop
/// bodies).
fn insert_let(b: &mut Block, path: &[usize], s: Stmt) {
    match path {
        [i] => b.stmts.insert(*i, s),
        [i, rest @ ..] => {
            if let Some(Stmt::For { body, .. } | Stmt::While { body, .. }) = b.stmts.get_mut(*i) {
                insert_let(body, rest, s);
            }
        }
        [] => {}
    }
}
