//! Checking one function body (and the constants): scopes, statements, blocks.

use super::sig::{lower_type, Signature};
use super::{Diags, Globals};
use crate::diag::{Code, Diagnostic};
use crate::front::ast::{self, ScalarType};
use crate::ir::{self, ExprId, FuncId, LocalId, SizeVarInfo, SizeVarKind, Stmt, Ty, Type};
use crate::size::{Size, SizeVar};
use crate::span::Span;
use std::collections::HashMap;

/// The result of checking a piece of a body: `Err(())` means a diagnostic was recorded.
pub(crate) type R<T> = Result<T, ()>;

/// The state of checking one function body.
pub(crate) struct FnCx<'g, 'a> {
    pub g: &'g Globals<'a>,
    /// The declared results (empty while checking a constant).
    pub results: Vec<Type>,
    pub result_is_tuple: bool,
    pub exprs: Vec<ir::Expr>,
    pub spans: Vec<Span>,
    pub types: Vec<Ty>,
    pub locals: Vec<ir::Local>,
    pub size_vars: Vec<SizeVarInfo>,
    pub size_names: HashMap<String, SizeVar>,
    /// Scalar parameters that name a size: local → size variable.
    pub size_params: HashMap<LocalId, SizeVar>,
    /// Dynamic sizes made so far, by a key describing how they were computed, so that
    /// the same computation (`l[i, :j]` and `l[j, :j]`) gives the same size.
    pub dyn_keys: HashMap<String, SizeVar>,
    /// Innermost last; `None` marks a name whose definition failed (poisoned).
    pub scopes: Vec<HashMap<String, Option<LocalId>>>,
    /// The statement lists being built, innermost last.
    pub stmts: Vec<Vec<Stmt>>,
    pub diags: &'g mut Diags,
    pub calls: Vec<(FuncId, Span)>,
    /// While checking constant number `k`, only constants before it may be used.
    pub const_limit: Option<usize>,
    /// Diagnostics are dropped while > 0 (re-lowering an already checked constant).
    pub silent: usize,
}

impl<'g, 'a> FnCx<'g, 'a> {
    fn new(g: &'g Globals<'a>, diags: &'g mut Diags) -> Self {
        FnCx {
            g,
            results: Vec::new(),
            result_is_tuple: false,
            exprs: Vec::new(),
            spans: Vec::new(),
            types: Vec::new(),
            locals: Vec::new(),
            size_vars: Vec::new(),
            size_names: HashMap::new(),
            size_params: HashMap::new(),
            dyn_keys: HashMap::new(),
            scopes: vec![HashMap::new()],
            stmts: vec![Vec::new()],
            diags,
            calls: Vec::new(),
            const_limit: None,
            silent: 0,
        }
    }

    /// Records a diagnostic; always returns `Err(())` for `?`/`return` convenience.
    pub fn error<T>(&mut self, d: Diagnostic) -> R<T> {
        if self.silent == 0 {
            self.diags.push(d);
        }
        Err(())
    }

    pub fn push(&mut self, e: ir::Expr, span: Span, ty: Ty) -> ExprId {
        debug_assert!(e.operands().iter().all(|o| o.index() < self.exprs.len()));
        self.exprs.push(e);
        self.spans.push(span);
        self.types.push(ty);
        ExprId(self.exprs.len() as u32 - 1)
    }

    pub fn push_value(&mut self, e: ir::Expr, span: Span, ty: Type) -> ExprId {
        self.push(e, span, Ty::Value(ty))
    }

    pub fn ty(&self, id: ExprId) -> &Ty {
        &self.types[id.index()]
    }

    /// The dtype of a value expression (bool for non-values, which callers reject).
    pub fn dtype(&self, id: ExprId) -> ScalarType {
        match self.ty(id) {
            Ty::Value(t) => t.dtype,
            _ => ScalarType::Bool,
        }
    }

    pub fn emit(&mut self, s: Stmt) {
        self.stmts.last_mut().expect("statement list").push(s);
    }

    pub fn size_str(&self, s: &Size) -> String {
        s.display(&|v: SizeVar| self.size_vars[v.0 as usize].name.clone())
            .to_string()
    }

    pub fn type_str(&self, t: &Type) -> String {
        if t.shape.is_empty() {
            return t.dtype.name().to_string();
        }
        let dims: Vec<String> = t.shape.iter().map(|s| self.size_str(s)).collect();
        format!("[{}]{}", dims.join(", "), t.dtype.name())
    }

    pub fn ty_str(&self, t: &Ty) -> String {
        match t {
            Ty::Value(t) => self.type_str(t),
            Ty::Tuple(ts) => {
                let parts: Vec<String> = ts.iter().map(|t| self.type_str(t)).collect();
                format!("({})", parts.join(", "))
            }
            Ty::Unit => "no value".to_string(),
        }
    }

    /// Whether a size mentions a size known only at run time.
    pub fn is_dynamic(&self, s: &Size) -> bool {
        s.vars()
            .iter()
            .any(|v| self.size_vars[v.0 as usize].kind == SizeVarKind::Dynamic)
    }

    /// A size known only at run time. The same `key` gives the same size.
    pub fn dynamic_size(&mut self, key: Option<String>, desc: String) -> Size {
        if let Some(k) = &key {
            if let Some(v) = self.dyn_keys.get(k) {
                return Size::var(*v);
            }
        }
        self.size_vars.push(SizeVarInfo {
            name: desc,
            kind: SizeVarKind::Dynamic,
        });
        let v = SizeVar(self.size_vars.len() as u32 - 1);
        if let Some(k) = key {
            self.dyn_keys.insert(k, v);
        }
        Size::var(v)
    }

    /// Declares a variable (parameter, `let` or loop variable) in the innermost scope.
    /// The language's reserved names (`f64`, `newaxis`, ...) are refused, as for items:
    /// a variable named `f32` would make `f32(x)` mean two things.
    pub fn declare(&mut self, name: &ast::Ident, ty: Type, mutable: bool) -> LocalId {
        if super::RESERVED.contains(&name.name.as_str()) {
            let _: R<()> = self.error(super::reserved_name(name));
        }
        self.locals.push(ir::Local {
            name: name.name.clone(),
            ty,
            mutable,
            span: name.span,
        });
        let id = LocalId(self.locals.len() as u32 - 1);
        self.scopes
            .last_mut()
            .expect("scope")
            .insert(name.name.clone(), Some(id));
        id
    }

    /// Marks a name whose definition failed, so its uses stay quiet.
    pub fn poison(&mut self, name: &str) {
        self.scopes
            .last_mut()
            .expect("scope")
            .insert(name.to_string(), None);
    }

    /// `Some(Some(id))` for a local, `Some(None)` for a poisoned name, `None` if unbound.
    pub fn lookup(&self, name: &str) -> Option<Option<LocalId>> {
        self.scopes.iter().rev().find_map(|s| s.get(name).copied())
    }

    /// Checks a block in a new scope. Statement errors are recorded and skipped; the
    /// result is `Err` only if the block's value failed.
    pub fn block(&mut self, b: &ast::Block, hint: Option<ScalarType>) -> R<ir::Block> {
        self.scopes.push(HashMap::new());
        self.stmts.push(Vec::new());
        for s in &b.stmts {
            let _ = self.stmt(s);
        }
        let value = match &b.tail {
            Some(t) => self.expr(t, hint).map(Some),
            None => Ok(None),
        };
        let stmts = self.stmts.pop().expect("statement list");
        self.scopes.pop();
        Ok(ir::Block {
            stmts,
            value: value?,
        })
    }

    /// Requires a value (not a tuple, not unit) and returns its type.
    pub fn value_type(&mut self, id: ExprId, what: &str) -> R<Type> {
        match self.ty(id).clone() {
            Ty::Value(t) => Ok(t),
            Ty::Tuple(_) => self.error(
                Diagnostic::new(
                    Code::TupleMisuse,
                    format!("a tuple cannot be used as {what}"),
                )
                .label(self.spans[id.index()], "this is a tuple")
                .help("bind its parts first: `let (a, b) = ...;`"),
            ),
            Ty::Unit => self.error(
                Diagnostic::new(
                    Code::MissingValue,
                    format!("this has no value to use as {what}"),
                )
                .label(self.spans[id.index()], "has no value"),
            ),
        }
    }

    /// Requires a scalar of dtype `want` (used for bounds, sizes, indices).
    pub fn scalar_of(&mut self, e: &ast::Expr, want: ScalarType, what: &str) -> R<ExprId> {
        let id = self.expr(e, Some(want))?;
        let t = self.value_type(id, what)?;
        if t.dtype != want || !t.is_scalar() {
            return self.error(
                Diagnostic::new(
                    Code::BadOperand,
                    format!("{what} must be a scalar {}", want.name()),
                )
                .label(e.span, format!("this is {}", self.type_str(&t))),
            );
        }
        Ok(id)
    }

    /// Whether two types agree: same dtype and rank, and each pair of sizes equal or
    /// checked at run time (dynamic).
    pub fn types_agree(&self, a: &Type, b: &Type) -> bool {
        a.dtype == b.dtype
            && a.rank() == b.rank()
            && a.shape
                .iter()
                .zip(&b.shape)
                .all(|(x, y)| x == y || self.is_dynamic(x) || self.is_dynamic(y))
    }

    pub fn stmt(&mut self, s: &ast::Stmt) -> R<()> {
        match s {
            ast::Stmt::Let {
                mutable,
                name,
                ty,
                value,
                ..
            } => {
                let declared = match ty {
                    Some(t) => match self.lower_local_type(t) {
                        Ok(t) => Some(t),
                        Err(()) => {
                            self.poison(&name.name);
                            return Err(());
                        }
                    },
                    None => None,
                };
                let r = self
                    .expr(value, declared.as_ref().map(|t| t.dtype))
                    .and_then(|id| {
                        let t = self.value_type(id, "a variable's value")?;
                        if let Some(d) = &declared {
                            if !self.types_agree(&t, d) {
                                return self.error(
                                    Diagnostic::new(
                                        Code::AssignShape,
                                        format!(
                                            "`{}` is declared {} but its value is {}",
                                            name.name,
                                            self.type_str(d),
                                            self.type_str(&t)
                                        ),
                                    )
                                    .label(value.span, format!("this is {}", self.type_str(&t)))
                                    .label(
                                        ty.as_ref().map_or(name.span, |t| t.span()),
                                        "declared here",
                                    ),
                                );
                            }
                        }
                        Ok((id, declared.clone().unwrap_or(t)))
                    });
                match r {
                    Ok((id, t)) => {
                        let local = self.declare(name, t, *mutable);
                        self.emit(Stmt::Let { local, value: id });
                        Ok(())
                    }
                    Err(()) => {
                        self.poison(&name.name);
                        Err(())
                    }
                }
            }
            ast::Stmt::LetTuple { names, value, .. } => {
                let r = self
                    .expr(value, None)
                    .and_then(|id| match self.ty(id).clone() {
                        Ty::Tuple(ts) if ts.len() == names.len() => Ok((id, ts)),
                        other => self.error(
                            Diagnostic::new(
                                Code::TupleMisuse,
                                format!(
                                    "cannot unpack {} into {} names",
                                    self.ty_str(&other),
                                    names.len()
                                ),
                            )
                            .label(value.span, format!("this is {}", self.ty_str(&other))),
                        ),
                    });
                match r {
                    Ok((id, ts)) => {
                        let locals = names
                            .iter()
                            .zip(ts)
                            .map(|(n, t)| self.declare(n, t, false))
                            .collect();
                        self.emit(Stmt::LetTuple { locals, value: id });
                        Ok(())
                    }
                    Err(()) => {
                        for n in names {
                            self.poison(&n.name);
                        }
                        Err(())
                    }
                }
            }
            ast::Stmt::Assign {
                target,
                index,
                op,
                value,
                ..
            } => self.assign(target, index.as_deref(), *op, value),
            ast::Stmt::For {
                var, lo, hi, body, ..
            } => {
                let lo = self.scalar_of(lo, ScalarType::I64, "a loop bound");
                let hi = self.scalar_of(hi, ScalarType::I64, "a loop bound");
                self.scopes.push(HashMap::new());
                let v = self.declare(var, Type::scalar(ScalarType::I64), false);
                let body = self.block(body, None);
                self.scopes.pop();
                let (lo, hi, body) = (lo?, hi?, body?);
                self.emit(Stmt::For {
                    var: v,
                    lo,
                    hi,
                    body,
                });
                Ok(())
            }
            ast::Stmt::While { cond, body, .. } => {
                let c = self.condition(cond);
                let body = self.block(body, None);
                let (cond, body) = (c?, body?);
                self.emit(Stmt::While { cond, body });
                Ok(())
            }
            ast::Stmt::Return { value, .. } => {
                let id = self.expr(value, self.result_hint())?;
                self.check_result(id)?;
                self.emit(Stmt::Return(id));
                Ok(())
            }
            ast::Stmt::Expr(e) => {
                let id = self.expr(e, None)?;
                self.emit(Stmt::Eval(id));
                Ok(())
            }
        }
    }

    pub fn condition(&mut self, cond: &ast::Expr) -> R<ExprId> {
        let id = self.expr(cond, Some(ScalarType::Bool))?;
        match self.ty(id).clone() {
            Ty::Value(t) if t == Type::scalar(ScalarType::Bool) => Ok(id),
            other => {
                let help = if matches!(&other, Ty::Value(t) if !t.is_scalar()) {
                    "for an elementwise choice use `where(cond, a, b)`; to test all elements use `all(...)` or `any(...)`"
                } else {
                    "compare to get a bool, e.g. `x > 0.0`"
                };
                self.error(
                    Diagnostic::new(
                        Code::Condition,
                        format!(
                            "a condition must be a scalar bool, not {}",
                            self.ty_str(&other)
                        ),
                    )
                    .label(cond.span, format!("this is {}", self.ty_str(&other)))
                    .help(help),
                )
            }
        }
    }

    fn assign(
        &mut self,
        target: &ast::Ident,
        index: Option<&[ast::IndexItem]>,
        op: Option<ast::BinOp>,
        value: &ast::Expr,
    ) -> R<()> {
        let local = match self.lookup(&target.name) {
            Some(Some(l)) => l,
            Some(None) => return Err(()),
            None => {
                return self.error(
                    Diagnostic::new(
                        Code::UnknownName,
                        format!("cannot assign to unknown variable `{}`", target.name),
                    )
                    .label(target.span, "not defined")
                    .help(format!(
                        "declare it first: `let mut {} = ...;`",
                        target.name
                    )),
                )
            }
        };
        let info = self.locals[local.index()].clone();
        if !info.mutable {
            return self.error(
                Diagnostic::new(
                    Code::AssignImmutable,
                    format!("cannot assign to `{}`: it is not mutable", target.name),
                )
                .label(target.span, "assigned here")
                .label(info.span, "declared without `mut` here")
                .help(format!("declare it with `let mut {}`", target.name)),
            );
        }
        let base = self.push_value(ir::Expr::Local(local), target.span, info.ty.clone());
        // The target region: the whole variable, or the indexed part.
        let (items, region, region_span) = match index {
            Some(items) => {
                let span = target.span.to(value.span);
                let (items, shape) = self.index_items(base, items, target.span)?;
                (
                    Some(items),
                    Type {
                        dtype: info.ty.dtype,
                        shape,
                    },
                    span,
                )
            }
            None => (None, info.ty.clone(), target.span),
        };
        let _ = region_span;
        let rhs = self.expr(value, Some(info.ty.dtype))?;
        let rhs = match op {
            None => rhs,
            Some(op) => {
                let current = match &items {
                    Some(items) => self.push_value(
                        ir::Expr::Index {
                            base,
                            items: items.clone(),
                        },
                        target.span,
                        region.clone(),
                    ),
                    None => base,
                };
                self.binary_ids(op, current, rhs, target.span.to(value.span))?
            }
        };
        let vt = self.value_type(rhs, "an assigned value")?;
        if vt.dtype != region.dtype {
            return self.error(
                Diagnostic::new(
                    Code::DtypeMismatch,
                    format!(
                        "cannot assign {} values to `{}`, which holds {}",
                        vt.dtype.name(),
                        target.name,
                        region.dtype.name()
                    ),
                )
                .label(value.span, format!("this is {}", self.type_str(&vt)))
                .label(
                    info.span,
                    format!("`{}` is {}", target.name, self.type_str(&info.ty)),
                )
                .help(format!(
                    "convert explicitly: `{}(...)`",
                    region.dtype.name()
                )),
            );
        }
        let fits = match &items {
            // Slice assignment broadcasts the value to the region.
            Some(_) => self
                .broadcast_shapes(&region.shape, &vt.shape)
                .is_ok_and(|s| {
                    s.len() == region.rank()
                        && s.iter()
                            .zip(&region.shape)
                            .all(|(a, b)| a == b || self.is_dynamic(a) || self.is_dynamic(b))
                }),
            // Whole assignment keeps the variable's shape.
            None => self.types_agree(&vt, &region),
        };
        if !fits {
            let help = if items.is_none() && vt.rank() < region.rank() {
                format!(
                    "to fill `{}`, assign through a slice: `{}[:] = ...;`",
                    target.name, target.name
                )
            } else {
                "a variable keeps its shape; the value must have (or broadcast to) the target's shape".to_string()
            };
            return self.error(
                Diagnostic::new(
                    Code::AssignShape,
                    format!(
                        "cannot assign a value of type {} to a target of type {}",
                        self.type_str(&vt),
                        self.type_str(&region)
                    ),
                )
                .label(value.span, format!("this is {}", self.type_str(&vt)))
                .label(
                    target.span,
                    format!("the target is {}", self.type_str(&region)),
                )
                .help(help),
            );
        }
        match items {
            Some(items) => self.emit(Stmt::AssignIndex {
                local,
                items,
                value: rhs,
            }),
            None => self.emit(Stmt::Assign { local, value: rhs }),
        }
        Ok(())
    }

    fn result_hint(&self) -> Option<ScalarType> {
        match self.results.as_slice() {
            [t] if !self.result_is_tuple => Some(t.dtype),
            _ => None,
        }
    }

    /// Checks a value returned from the function against the declared result type.
    pub fn check_result(&mut self, id: ExprId) -> R<()> {
        let actual = self.ty(id).clone();
        let ok = match (&actual, self.result_is_tuple) {
            (Ty::Value(t), false) => self.types_agree(t, &self.results[0]),
            (Ty::Tuple(ts), true) => {
                ts.len() == self.results.len()
                    && ts
                        .iter()
                        .zip(&self.results)
                        .all(|(a, b)| self.types_agree(a, b))
            }
            _ => false,
        };
        if ok {
            return Ok(());
        }
        let declared = if self.result_is_tuple {
            self.ty_str(&Ty::Tuple(self.results.clone()))
        } else {
            self.type_str(&self.results[0])
        };
        self.error(
            Diagnostic::new(
                Code::ResultMismatch,
                format!(
                    "the function returns {} but is declared to return {}",
                    self.ty_str(&actual),
                    declared
                ),
            )
            .label(
                self.spans[id.index()],
                format!("this is {}", self.ty_str(&actual)),
            ),
        )
    }

    /// A type written in a `let`: sizes are parameter size variables or constants.
    fn lower_local_type(&mut self, t: &ast::TypeExpr) -> R<Type> {
        let names = self.size_names.clone();
        let mut unknown = Vec::new();
        let mut lookup = |id: &ast::Ident| match names.get(&id.name) {
            Some(v) => Some(Size::var(*v)),
            None => {
                unknown.push(id.clone());
                None
            }
        };
        let mut ds = Vec::new();
        let r = lower_type(t, &mut lookup, &mut ds);
        for u in unknown {
            ds.push(
                Diagnostic::new(Code::UnboundSize, format!("unknown size `{}`", u.name))
                    .label(u.span, "not a size of this function's parameters"),
            );
        }
        let ok = ds.is_empty();
        for d in ds {
            let _: R<()> = self.error(d);
        }
        match r {
            Some(mut ts) if ok && ts.len() == 1 && !matches!(t, ast::TypeExpr::Tuple { .. }) => {
                Ok(ts.remove(0))
            }
            Some(_) if ok => self.error(
                Diagnostic::new(Code::TupleMisuse, "a variable cannot have a tuple type")
                    .label(t.span(), "use `let (a, b) = ...;`"),
            ),
            _ => Err(()),
        }
    }
}

/// Checks one function body against its signature.
pub(crate) fn check_function(
    g: &Globals,
    sig: &Signature,
    f: &ast::FnDef,
    diags: &mut Diags,
) -> (Option<ir::Function>, Vec<(FuncId, Span)>) {
    let before = diags.len();
    let mut cx = FnCx::new(g, diags);
    cx.results = sig.results.clone();
    cx.result_is_tuple = sig.result_is_tuple;
    cx.size_vars = sig.size_vars.clone();
    cx.size_names = sig.size_names.clone();
    for (i, p) in sig.params.iter().enumerate() {
        let id = cx.declare(&f.params[i].name, p.ty.clone(), false);
        debug_assert_eq!(id, p.local);
    }
    for b in &sig.size_bindings {
        if let ir::SizeSource::Scalar { param } = b.source {
            cx.size_params.insert(sig.params[param].local, b.var);
        }
    }
    // The body's statements go to the outer list; its value is checked as the result.
    cx.scopes.push(HashMap::new());
    for s in &f.body.stmts {
        let _ = cx.stmt(s);
    }
    let mut value = None;
    match &f.body.tail {
        Some(t) => {
            if let Ok(id) = cx.expr(t, cx.result_hint()) {
                if cx.check_result(id).is_ok() {
                    value = Some(id);
                }
            }
        }
        None => {
            if !matches!(f.body.stmts.last(), Some(ast::Stmt::Return { .. })) {
                let _: R<()> = cx.error(
                    Diagnostic::new(
                        Code::MissingValue,
                        format!("function `{}` has no result value", f.name.name),
                    )
                    .label(f.name.span, "declared with a result")
                    .label(f.body.span, "this body ends without a value")
                    .help("end the body with an expression (no `;`) or a `return`"),
                );
            }
        }
    }
    let stmts = cx.stmts.pop().expect("body statements");
    let calls = std::mem::take(&mut cx.calls);
    let FnCx {
        exprs,
        spans,
        types,
        locals,
        size_vars,
        ..
    } = cx;
    if diags.len() > before {
        return (None, calls);
    }
    let func = ir::Function {
        name: sig.name.clone(),
        span: f.name.span,
        params: sig.params.clone(),
        results: sig.results.clone(),
        result_is_tuple: sig.result_is_tuple,
        size_vars,
        size_bindings: sig.size_bindings.clone(),
        locals,
        exprs,
        spans,
        types,
        body: ir::Block { stmts, value },
    };
    (Some(func), calls)
}

/// Checks every constant once (its type and value); uses re-lower the value silently.
pub(crate) fn check_consts(g: &mut Globals, diags: &mut Diags) {
    let mut names: Vec<(usize, String)> =
        g.consts.iter().map(|(n, c)| (c.order, n.clone())).collect();
    names.sort();
    for (order, name) in names {
        let def = g.consts[&name].def;
        let mut ds = Vec::new();
        let mut bad_size = Vec::new();
        let mut lookup = |id: &ast::Ident| {
            bad_size.push(id.clone());
            None
        };
        let ty = lower_type(&def.ty, &mut lookup, &mut ds);
        for id in bad_size {
            ds.push(
                Diagnostic::new(
                    Code::UnboundSize,
                    "a constant's type must have constant sizes",
                )
                .label(id.span, format!("`{}` is not a constant size", id.name)),
            );
        }
        let ty = match ty {
            Some(mut ts)
                if ds.is_empty()
                    && ts.len() == 1
                    && !matches!(def.ty, ast::TypeExpr::Tuple { .. }) =>
            {
                ts.remove(0)
            }
            Some(_) if ds.is_empty() => {
                diags.push(
                    Diagnostic::new(Code::TupleMisuse, "a constant cannot have a tuple type")
                        .label(def.ty.span(), "tuple type"),
                );
                continue;
            }
            _ => {
                diags.extend(ds);
                continue;
            }
        };
        let ok = {
            let gr: &Globals = g;
            let mut cx = FnCx::new(gr, diags);
            cx.const_limit = Some(order);
            match cx.expr(&def.value, Some(ty.dtype)) {
                Ok(id) => match cx.ty(id).clone() {
                    Ty::Value(t) if t == ty => true,
                    other => {
                        let msg = format!(
                            "constant `{}` is declared {} but its value is {}",
                            name,
                            cx.type_str(&ty),
                            cx.ty_str(&other)
                        );
                        let _: R<()> = cx.error(
                            Diagnostic::new(Code::ResultMismatch, msg)
                                .label(def.value.span, format!("this is {}", cx.ty_str(&other)))
                                .label(def.ty.span(), "declared here"),
                        );
                        false
                    }
                },
                Err(()) => false,
            }
        };
        if ok {
            g.consts.get_mut(&name).expect("constant").ty = Some(ty);
        }
    }
}
