//! Evaluation of expressions and statements, calls, and the checks at function entry and
//! exit.

use super::index::{self, RIdx};
use super::val::{broadcast_shape, broadcast_view, from_array, internal, view, Elem, Val, R};
use super::{construct, elementwise, reduce};
use crate::ir::{
    BinaryOp, Block, DType, Expr, Function, Index, Local, LocalId, Module, Scalar, SizeSource,
    Stmt, Ty, Type,
};
use crate::size::{Size, SizeVar};
use ndarray::{ArrayD, IxDyn};

/// Why evaluation stopped early: an error, or a `return` leaving the function.
pub(crate) enum Ctrl {
    Err(arr::Error),
    Return(Val),
}

impl From<arr::Error> for Ctrl {
    fn from(e: arr::Error) -> Ctrl {
        Ctrl::Err(e)
    }
}

type E<T> = Result<T, Ctrl>;

/// The state of one running function.
struct Frame<'m> {
    module: &'m Module,
    func: &'m Function,
    locals: Vec<Val>,
    /// Values of the parameter size variables (indexed by [`SizeVar`]); `None` for
    /// dynamic ones.
    sizes: Vec<Option<i64>>,
}

/// Runs `func` on `args` (in parameter order): checks and binds the arguments, runs the
/// body and checks the results. Returns the result (a `Val::Tuple` for tuple results).
pub(crate) fn call(module: &Module, func: &Function, args: Vec<Val>) -> R<Val> {
    if args.len() < func.params.len() {
        return Err(arr::Error::MissingArgument(
            func.params[args.len()].name.clone(),
        ));
    }
    if args.len() > func.params.len() {
        return Err(arr::Error::Other(format!(
            "`{}` takes {} arguments, got {}",
            func.name,
            func.params.len(),
            args.len()
        )));
    }
    for (p, a) in func.params.iter().zip(&args) {
        if !a.is_value() || a.dtype()? != p.ty.dtype || a.shape().len() != p.ty.rank() {
            return Err(arr::Error::BadArgument {
                param: p.name.clone(),
                expected: func.type_str(&p.ty),
                got: a.type_str(),
            });
        }
    }
    let sizes = bind_sizes(func, &args)?;
    let mut locals = vec![Val::Unit; func.locals.len()];
    for (p, a) in func.params.iter().zip(args) {
        let slot = locals
            .get_mut(p.local.index())
            .ok_or_else(|| internal("parameter local out of range"))?;
        *slot = a;
    }
    let mut frame = Frame {
        module,
        func,
        locals,
        sizes,
    };
    let result = match frame.block(&func.body) {
        Ok(v) => v,
        Err(Ctrl::Return(v)) => v,
        Err(Ctrl::Err(e)) => return Err(e),
    };
    check_results(&frame, &result)?;
    Ok(result)
}

/// Where a size variable got its value, for messages.
fn source_str(func: &Function, src: &SizeSource) -> String {
    match src {
        SizeSource::Axis { param, axis, .. } => {
            format!(
                "`{}` axis {axis}",
                func.params.get(*param).map_or("?", |p| p.name.as_str())
            )
        }
        SizeSource::Scalar { param } => format!(
            "`{}`",
            func.params.get(*param).map_or("?", |p| p.name.as_str())
        ),
    }
}

fn bind_sizes(func: &Function, args: &[Val]) -> R<Vec<Option<i64>>> {
    let mut sizes: Vec<Option<i64>> = vec![None; func.size_vars.len()];
    let mut sources: Vec<Option<String>> = vec![None; func.size_vars.len()];
    for b in &func.size_bindings {
        let value = match &b.source {
            SizeSource::Axis {
                param,
                axis,
                scale,
                offset,
            } => {
                let a = args
                    .get(*param)
                    .ok_or_else(|| internal("size binding of a missing parameter"))?;
                let dim = *a
                    .shape()
                    .get(*axis)
                    .ok_or_else(|| internal("size binding of a missing axis"))?
                    as i64;
                let p = &func.params[*param];
                let declared =
                    p.ty.shape
                        .get(*axis)
                        .map(|s| func.size_str(s))
                        .unwrap_or_default();
                arr::rt::size_from_axis(
                    dim as usize,
                    *scale,
                    *offset,
                    &p.name,
                    *axis,
                    &declared,
                    &func.size_name(b.var),
                )?
            }
            SizeSource::Scalar { param } => {
                let a = args
                    .get(*param)
                    .ok_or_else(|| internal("size binding of a missing parameter"))?;
                arr::rt::size_from_scalar(
                    a.as_i64()?,
                    &func.size_name(b.var),
                    &func.params[*param].name,
                )?
            }
        };
        let i = b.var.0 as usize;
        if i >= sizes.len() {
            return Err(internal("size binding of an unknown size variable"));
        }
        sizes[i] = Some(value);
        sources[i] = Some(source_str(func, &b.source));
    }
    // Every parameter axis against its declared size.
    for (p, a) in func.params.iter().zip(args) {
        for (axis, (decl, &actual)) in p.ty.shape.iter().zip(a.shape()).enumerate() {
            let Some(want) = eval_size(decl, &sizes) else {
                continue;
            };
            if want == actual as i64 {
                continue;
            }
            let from: Vec<String> = decl
                .vars()
                .iter()
                .filter_map(|v| sources.get(v.0 as usize).cloned().flatten())
                .collect();
            arr::rt::check_axis(
                want,
                actual,
                &p.name,
                axis,
                &func.size_str(decl),
                !decl.vars().is_empty(),
                &from.join(" and "),
                &func.type_str(&p.ty),
                &a.type_str(),
            )?;
        }
    }
    Ok(sizes)
}

fn eval_size(s: &Size, sizes: &[Option<i64>]) -> Option<i64> {
    s.eval(&|v: SizeVar| sizes.get(v.0 as usize).copied().flatten())
}

fn check_results(frame: &Frame<'_>, result: &Val) -> R<()> {
    let func = frame.func;
    let vals: Vec<&Val> = match (func.result_is_tuple, result) {
        (true, Val::Tuple(vs)) => vs.iter().collect(),
        (false, v) => vec![v],
        _ => {
            return Err(internal(format!(
                "`{}` returned a non-tuple for a tuple result",
                func.name
            )))
        }
    };
    if vals.len() != func.results.len() {
        return Err(internal(format!(
            "`{}` returned {} values for {} results",
            func.name,
            vals.len(),
            func.results.len()
        )));
    }
    for (i, (ty, v)) in func.results.iter().zip(vals).enumerate() {
        if !v.is_value() || v.dtype()? != ty.dtype || v.shape().len() != ty.rank() {
            return Err(internal(format!(
                "result {i} of `{}` is {}, declared {}",
                func.name,
                v.type_str(),
                func.type_str(ty)
            )));
        }
        for (decl, &actual) in ty.shape.iter().zip(v.shape()) {
            match eval_size(decl, &frame.sizes) {
                Some(want) if want != actual as i64 => {
                    return Err(arr::Error::ShapeMismatch(format!(
                        "result {i} of `{}` has shape {}, but its declared type {} requires {}",
                        func.name,
                        arr::Error::shape_str(v.shape()),
                        func.type_str(ty),
                        declared_shape(ty, &frame.sizes)
                    )));
                }
                _ => {}
            }
        }
    }
    Ok(())
}

fn declared_shape(ty: &Type, sizes: &[Option<i64>]) -> String {
    let dims: Vec<String> = ty
        .shape
        .iter()
        .map(|s| eval_size(s, sizes).map_or_else(|| "?".to_string(), |v| v.to_string()))
        .collect();
    format!("[{}]", dims.join(", "))
}

impl Frame<'_> {
    fn block(&mut self, b: &Block) -> E<Val> {
        for s in &b.stmts {
            self.stmt(s)?;
        }
        match b.value {
            Some(e) => self.eval(e),
            None => Ok(Val::Unit),
        }
    }

    fn local_info(&self, l: LocalId) -> R<&Local> {
        self.func
            .locals
            .get(l.index())
            .ok_or_else(|| internal(format!("unknown local {l}")))
    }

    fn set(&mut self, l: LocalId, v: Val) -> R<()> {
        let v = self.coerce(l, v)?;
        let slot = self
            .locals
            .get_mut(l.index())
            .ok_or_else(|| internal(format!("unknown local {l}")))?;
        *slot = v;
        Ok(())
    }

    /// Brings a value to the declared type of a local: sizes that the frame knows must
    /// match (a value with size 1 or missing axes broadcasts); dynamic sizes are taken
    /// from the value.
    fn coerce(&self, l: LocalId, v: Val) -> R<Val> {
        let ty = &self.local_info(l)?.ty;
        let vshape = v.shape();
        if ty.shape.is_empty() {
            return if v.is_value() && vshape.is_empty() {
                Ok(v)
            } else {
                Err(internal(format!(
                    "value {} for scalar local `{}`",
                    v.type_str(),
                    self.func.locals[l.index()].name
                )))
            };
        }
        let (rank, vrank) = (ty.shape.len(), vshape.len());
        let mismatch = || {
            arr::Error::ShapeMismatch(format!(
                "cannot assign a value of shape {} to `{}` of type {} = {}",
                arr::Error::shape_str(vshape),
                self.func.locals[l.index()].name,
                self.func.type_str(ty),
                declared_shape(ty, &self.sizes)
            ))
        };
        if vrank > rank {
            return Err(mismatch());
        }
        let mut target = Vec::with_capacity(rank);
        for (i, decl) in ty.shape.iter().enumerate() {
            let vi = (i + vrank).checked_sub(rank).map(|j| vshape[j]);
            match (eval_size(decl, &self.sizes), vi) {
                (Some(d), _) => target.push(usize::try_from(d).map_err(|_| mismatch())?),
                (None, Some(d)) => target.push(d),
                (None, None) => return Err(mismatch()),
            }
        }
        if target == vshape {
            return Ok(v);
        }
        broadcast_to(&v, &target).map_err(|_| mismatch())
    }

    fn get(&self, l: LocalId) -> R<Val> {
        match self.locals.get(l.index()) {
            Some(Val::Unit) | None => {
                Err(internal(format!("local {l} read before it was assigned")))
            }
            Some(v) => Ok(v.clone()),
        }
    }

    fn stmt(&mut self, s: &Stmt) -> E<()> {
        match s {
            Stmt::Let { local, value } | Stmt::Assign { local, value } => {
                let v = self.eval(*value)?;
                self.set(*local, v)?;
            }
            Stmt::LetTuple { locals, value } => match self.eval(*value)? {
                Val::Tuple(vs) if vs.len() == locals.len() => {
                    for (l, v) in locals.iter().zip(vs) {
                        self.set(*l, v)?;
                    }
                }
                _ => {
                    return Err(internal(
                        "`let (..)` of a value that is not a tuple of that length",
                    )
                    .into())
                }
            },
            Stmt::AssignIndex {
                local,
                items,
                value,
            } => {
                let v = self.eval(*value)?;
                if let Val::S(x) = v {
                    if let Some((buf, n)) = self.element_index(items)? {
                        let slot = self
                            .locals
                            .get_mut(local.index())
                            .ok_or_else(|| internal("unknown local"))?;
                        if matches!(slot, Val::A(_)) {
                            index::write_element(slot, &buf[..n], x)?;
                            return Ok(());
                        }
                    }
                }
                let items = self.items(items)?;
                let slot = self
                    .locals
                    .get_mut(local.index())
                    .ok_or_else(|| internal("unknown local"))?;
                index::assign(slot, &items, &v)?;
            }
            Stmt::For { var, lo, hi, body } => {
                let lo = self.eval(*lo)?.as_i64()?;
                let hi = self.eval(*hi)?.as_i64()?;
                let slot = var.index();
                if slot >= self.locals.len() {
                    return Err(internal("unknown loop variable").into());
                }
                for i in lo..hi {
                    self.locals[slot] = Val::S(Scalar::I64(i));
                    self.block(body)?;
                }
            }
            Stmt::While { cond, body } => {
                while self.eval(*cond)?.as_bool()? {
                    self.block(body)?;
                }
            }
            Stmt::Return(e) => {
                let v = self.eval(*e)?;
                return Err(Ctrl::Return(v));
            }
            Stmt::Eval(e) => {
                self.eval(*e)?;
            }
        }
        Ok(())
    }

    fn items(&mut self, items: &[Index]) -> E<Vec<RIdx>> {
        let mut out = Vec::with_capacity(items.len());
        for it in items {
            out.push(match it {
                Index::At(e) => RIdx::At(self.eval(*e)?.as_i64()?),
                Index::Slice { start, stop, step } => RIdx::Slice {
                    start: match start {
                        Some(e) => Some(self.eval(*e)?.as_i64()?),
                        None => None,
                    },
                    stop: match stop {
                        Some(e) => Some(self.eval(*e)?.as_i64()?),
                        None => None,
                    },
                    step: *step,
                },
                Index::NewAxis => RIdx::NewAxis,
                Index::Gather(e) => RIdx::Gather(self.eval(*e)?),
            });
        }
        Ok(out)
    }

    /// The values of an index list made only of scalar indices (at most
    /// [`index::FAST_RANK`]), for the allocation-free element paths.
    fn element_index(&mut self, items: &[Index]) -> E<Option<([i64; index::FAST_RANK], usize)>> {
        if items.len() > index::FAST_RANK || !items.iter().all(|i| matches!(i, Index::At(_))) {
            return Ok(None);
        }
        let mut buf = [0i64; index::FAST_RANK];
        for (k, it) in items.iter().enumerate() {
            if let Index::At(e) = it {
                buf[k] = self.eval(*e)?.as_i64()?;
            }
        }
        Ok(Some((buf, items.len())))
    }

    fn evals(&mut self, es: &[crate::ir::ExprId]) -> E<Vec<Val>> {
        let mut out = Vec::with_capacity(es.len());
        for e in es {
            out.push(self.eval(*e)?);
        }
        Ok(out)
    }

    fn i64s(&mut self, es: &[crate::ir::ExprId]) -> E<Vec<i64>> {
        let mut out = Vec::with_capacity(es.len());
        for e in es {
            out.push(self.eval(*e)?.as_i64()?);
        }
        Ok(out)
    }

    fn eval(&mut self, id: crate::ir::ExprId) -> E<Val> {
        let func = self.func;
        let expr = func
            .exprs
            .get(id.index())
            .ok_or_else(|| internal(format!("unknown expression {id}")))?;
        let v = match expr {
            Expr::Const(s) => Val::S(*s),
            Expr::Local(l) => self.get(*l)?,
            Expr::SizeValue(s) => {
                let v = eval_size(s, &self.sizes)
                    .ok_or_else(|| internal(format!("size `{}` has no value", func.size_str(s))))?;
                Val::S(Scalar::I64(v))
            }
            Expr::Unary { op, arg } => elementwise::unary(*op, &self.eval(*arg)?)?,
            Expr::Binary { op, lhs, rhs } => {
                let a = self.eval(*lhs)?;
                // `&&`/`||` on scalars short-circuit, as in Rust (`i < n && x[i] > 0.0`).
                let scalar_result =
                    !matches!(func.types.get(id.index()), Some(Ty::Value(t)) if !t.is_scalar());
                if let (BinaryOp::And | BinaryOp::Or, Val::S(Scalar::Bool(l)), true) =
                    (op, &a, scalar_result)
                {
                    if *l == (*op == BinaryOp::Or) {
                        return Ok(a);
                    }
                }
                let b = self.eval(*rhs)?;
                elementwise::binary(*op, &a, &b)?
            }
            Expr::Math { fun, args } => {
                let vs = self.evals(args)?;
                elementwise::math(*fun, &vs)?
            }
            Expr::Cast { to, arg } => elementwise::cast(*to, &self.eval(*arg)?)?,
            Expr::Reduce {
                op,
                arg,
                axis,
                keepdims,
            } => reduce::reduce(*op, &self.eval(*arg)?, *axis, *keepdims)?,
            Expr::Scan { op, arg, axis } => reduce::scan(*op, &self.eval(*arg)?, *axis)?,
            Expr::MatMul { lhs, rhs } => {
                let a = self.eval(*lhs)?;
                let b = self.eval(*rhs)?;
                construct::matmul(&a, &b)?
            }
            Expr::Fill { shape, value } => {
                let sizes = self.i64s(shape)?;
                let v = self.eval(*value)?.scalar()?;
                construct::fill(&sizes, v)?
            }
            Expr::Arange { n } => construct::arange(self.eval(*n)?.as_i64()?)?,
            Expr::Linspace { start, stop, n } => {
                let a = self.eval(*start)?.scalar()?;
                let b = self.eval(*stop)?.scalar()?;
                let n = self.eval(*n)?.as_i64()?;
                construct::linspace(a, b, n)?
            }
            Expr::Eye { n, dtype } => construct::eye(self.eval(*n)?.as_i64()?, *dtype)?,
            Expr::Transpose { arg, perm } => construct::transpose(&self.eval(*arg)?, perm)?,
            Expr::Reshape { arg, shape } => {
                let a = self.eval(*arg)?;
                let sizes = self.i64s(shape)?;
                construct::reshape(&a, &sizes)?
            }
            Expr::Concat { args, axis } => construct::concat(&self.evals(args)?, *axis)?,
            Expr::Stack { args, axis } => {
                let dtype = match func.types.get(id.index()) {
                    Some(Ty::Value(t)) => t.dtype,
                    _ => DType::F64,
                };
                construct::stack(&self.evals(args)?, *axis, dtype)?
            }
            Expr::Flip { arg, axis } => construct::flip(&self.eval(*arg)?, *axis)?,
            Expr::Index { base, items } => {
                let b = self.eval(*base)?;
                if matches!(b, Val::A(_)) {
                    if let Some((buf, n)) = self.element_index(items)? {
                        return Ok(index::read_element(&b, &buf[..n])?);
                    }
                }
                let items = self.items(items)?;
                index::read(&b, &items)?
            }
            Expr::Call { func: f, args } => {
                let callee = self
                    .module
                    .functions
                    .get(f.index())
                    .ok_or_else(|| internal("unknown function"))?;
                let vs = self.evals(args)?;
                call(self.module, callee, vs)?
            }
            Expr::Map { func: f, args } => {
                let callee = self
                    .module
                    .functions
                    .get(f.index())
                    .ok_or_else(|| internal("unknown function"))?;
                let vs = self.evals(args)?;
                map(self.module, callee, vs)?
            }
            Expr::If { cond, then, els } => {
                if self.eval(*cond)?.as_bool()? {
                    self.block(then)?
                } else {
                    self.block(els)?
                }
            }
            Expr::Tuple(es) => Val::Tuple(self.evals(es)?),
        };
        Ok(v)
    }
}

/// A value broadcast to `shape` (a new array).
fn broadcast_to(v: &Val, shape: &[usize]) -> R<Val> {
    with_any!(v.dtype()?, T => {
        let a = view::<T>(v)?;
        let a = a.view();
        let b = broadcast_view(&a, shape)?;
        super::val::check_count::<T>(shape, "broadcast")?;
        Ok(from_array(b.to_owned()))
    })
}

/// A scalar function applied elementwise to broadcast arguments.
fn map(module: &Module, callee: &Function, args: Vec<Val>) -> R<Val> {
    if args.iter().all(|a| matches!(a, Val::S(_))) {
        return call(module, callee, args);
    }
    let mut shape: Vec<usize> = Vec::new();
    for a in &args {
        shape = broadcast_shape(&shape, a.shape())?;
    }
    let n = super::val::check_count::<Scalar>(&shape, "a function applied elementwise")?;
    // Each argument's elements in the row-major order of the broadcast shape.
    let mut columns: Vec<Vec<Scalar>> = Vec::with_capacity(args.len());
    for a in &args {
        let col = with_any!(a.dtype()?, T => {
            let v = view::<T>(a)?;
            let v = v.view();
            let b = broadcast_view(&v, &shape)?;
            b.iter().map(|x| x.to_scalar()).collect::<Vec<Scalar>>()
        });
        columns.push(col);
    }
    let out_dt = callee
        .results
        .first()
        .ok_or_else(|| internal("map of a function without result"))?
        .dtype;
    let mut results: Vec<Scalar> = Vec::with_capacity(n);
    for k in 0..n {
        let call_args: Vec<Val> = columns.iter().map(|c| Val::S(c[k])).collect();
        results.push(call(module, callee, call_args)?.scalar()?);
    }
    with_any!(out_dt, T => {
        let xs = results
            .into_iter()
            .map(|s| T::from_scalar(s).ok_or_else(|| internal("map result type")))
            .collect::<R<Vec<T>>>()?;
        Ok(from_array(ArrayD::from_shape_vec(IxDyn(&shape), xs).map_err(internal)?))
    })
}
