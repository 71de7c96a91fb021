//! The builtin functions of LANGUAGE §4: their arguments, result dtypes and shapes.

use super::expr::{const_int, literal_kind};
use super::func::{FnCx, R};
use crate::diag::{Code, Diagnostic};
use crate::front::ast::{self, ExprKind, ScalarType};
use crate::ir::{self, ExprId, MathFn, ReduceOp, ScanOp, Type};
use crate::size::Size;
use crate::span::Span;

/// How a math function treats element types.
#[derive(Clone, Copy, PartialEq)]
enum MathKind {
    /// Float operands, same dtype out.
    Float,
    /// Numeric operands, same dtype out.
    Numeric,
    /// Float operand, bool out.
    FloatToBool,
}

fn math_fn(name: &str) -> Option<(MathFn, usize, MathKind)> {
    use MathFn::*;
    use MathKind::*;
    Some(match name {
        "sqrt" => (Sqrt, 1, Float),
        "exp" => (Exp, 1, Float),
        "log" => (Log, 1, Float),
        "log1p" => (Log1p, 1, Float),
        "expm1" => (Expm1, 1, Float),
        "sin" => (Sin, 1, Float),
        "cos" => (Cos, 1, Float),
        "tan" => (Tan, 1, Float),
        "asin" => (Asin, 1, Float),
        "acos" => (Acos, 1, Float),
        "atan" => (Atan, 1, Float),
        "sinh" => (Sinh, 1, Float),
        "cosh" => (Cosh, 1, Float),
        "tanh" => (Tanh, 1, Float),
        "floor" => (Floor, 1, Float),
        "ceil" => (Ceil, 1, Float),
        "round" => (Round, 1, Float),
        "abs" => (Abs, 1, Numeric),
        "sign" => (Sign, 1, Numeric),
        "isnan" => (IsNan, 1, FloatToBool),
        "atan2" => (Atan2, 2, Float),
        "minimum" => (Minimum, 2, Numeric),
        "maximum" => (Maximum, 2, Numeric),
        "clip" => (Clip, 3, Numeric),
        _ => return None,
    })
}

fn reduce_op(name: &str) -> Option<ReduceOp> {
    Some(match name {
        "sum" => ReduceOp::Sum,
        "prod" => ReduceOp::Prod,
        "max" => ReduceOp::Max,
        "min" => ReduceOp::Min,
        "mean" => ReduceOp::Mean,
        "argmax" => ReduceOp::ArgMax,
        "argmin" => ReduceOp::ArgMin,
        "any" => ReduceOp::Any,
        "all" => ReduceOp::All,
        _ => return None,
    })
}

type Kwargs<'e> = Vec<(&'e ast::Ident, &'e ast::Expr)>;

impl FnCx<'_, '_> {
    /// Checks a call of a builtin; `None` if `callee` is not one.
    pub fn builtin(
        &mut self,
        callee: &ast::Ident,
        args: &[ast::Expr],
        kwargs: &[(ast::Ident, ast::Expr)],
        span: Span,
        hint: Option<ScalarType>,
    ) -> Option<R<ExprId>> {
        let name = callee.name.as_str();
        let kw: Kwargs = kwargs.iter().map(|(k, v)| (k, v)).collect();
        Some(if let Some(dt) = ScalarType::from_name(name) {
            self.cast(dt, callee, args, &kw, span)
        } else if let Some((f, n, kind)) = math_fn(name) {
            self.math(f, n, kind, callee, args, &kw, span, hint)
        } else if let Some(op) = reduce_op(name) {
            self.reduce(op, callee, args, &kw, span, hint)
        } else {
            match name {
                "pow" => self.fixed(callee, args, &kw, 2, &[]).and_then(|_| {
                    let (l, r) = self.operand_pair(&args[0], &args[1], hint)?;
                    self.binary_ids(ast::BinOp::Pow, l, r, span)
                }),
                "where" => self.where_(callee, args, &kw, span, hint),
                "cumsum" | "cumprod" => self.scan(
                    if name == "cumsum" {
                        ScanOp::CumSum
                    } else {
                        ScanOp::CumProd
                    },
                    callee,
                    args,
                    &kw,
                    span,
                    hint,
                ),
                "zeros" | "ones" => self.zeros_ones(name == "ones", callee, args, &kw, span, hint),
                "full" => self.full(callee, args, &kw, span, hint),
                "arange" => self.fixed(callee, args, &kw, 1, &[]).and_then(|_| {
                    let n = self.scalar_of(&args[0], ScalarType::I64, "the length of `arange`")?;
                    let len = self.size_of_value(&args[0], "arange");
                    Ok(self.push_value(
                        ir::Expr::Arange { n },
                        span,
                        Type {
                            dtype: ScalarType::I64,
                            shape: vec![len],
                        },
                    ))
                }),
                "linspace" => self.linspace(callee, args, &kw, span, hint),
                "eye" => self.eye(callee, args, &kw, span, hint),
                "transpose" => self.transpose(callee, args, &kw, span, hint),
                "reshape" => self.reshape(callee, args, &kw, span, hint),
                "concat" | "stack" => self.join(name == "stack", callee, args, &kw, span, hint),
                "flip" => self.flip(callee, args, &kw, span, hint),
                "dot" => self.fixed(callee, args, &kw, 2, &[]).and_then(|_| {
                    let (l, r) = self.operand_pair(&args[0], &args[1], hint)?;
                    self.matmul(l, r, span, "dot", Some(callee.span))
                }),
                "outer" => self
                    .fixed(callee, args, &kw, 2, &[])
                    .and_then(|_| self.outer(&args[0], &args[1], span, hint)),
                "newaxis" => self.error(
                    Diagnostic::new(Code::NotAValue, "`newaxis` is not a function")
                        .label(callee.span, "only valid inside an index"),
                ),
                _ => return None,
            }
        })
    }

    /// Checks the positional count and that only `allowed` keywords appear.
    fn fixed(
        &mut self,
        callee: &ast::Ident,
        args: &[ast::Expr],
        kw: &Kwargs,
        n: usize,
        allowed: &[&str],
    ) -> R<()> {
        self.arity(callee, args, n..=n)?;
        self.keywords(callee, kw, allowed)
    }

    fn arity(
        &mut self,
        callee: &ast::Ident,
        args: &[ast::Expr],
        n: std::ops::RangeInclusive<usize>,
    ) -> R<()> {
        if n.contains(&args.len()) {
            return Ok(());
        }
        let want = if n.start() == n.end() {
            format!("{}", n.start())
        } else {
            format!("{} to {}", n.start(), n.end())
        };
        self.error(
            Diagnostic::new(
                Code::ArgCount,
                format!(
                    "`{}` takes {want} positional argument{} but {} {} given",
                    callee.name,
                    if *n.end() == 1 { "" } else { "s" },
                    args.len(),
                    if args.len() == 1 { "was" } else { "were" }
                ),
            )
            .label(callee.span, format!("{} given", args.len())),
        )
    }

    fn keywords(&mut self, callee: &ast::Ident, kw: &Kwargs, allowed: &[&str]) -> R<()> {
        let mut seen: Vec<&str> = Vec::new();
        for (k, _) in kw {
            if !allowed.contains(&k.name.as_str()) {
                let help = if allowed.is_empty() {
                    format!("`{}` takes no keyword arguments", callee.name)
                } else {
                    format!("`{}` accepts: {}", callee.name, allowed.join(", "))
                };
                return self.error(
                    Diagnostic::new(
                        Code::Keyword,
                        format!(
                            "unknown keyword argument `{}` for `{}`",
                            k.name, callee.name
                        ),
                    )
                    .label(k.span, "not accepted here")
                    .help(help),
                );
            }
            if seen.contains(&k.name.as_str()) {
                return self.error(
                    Diagnostic::new(
                        Code::Keyword,
                        format!("keyword argument `{}` given twice", k.name),
                    )
                    .label(k.span, "again here"),
                );
            }
            seen.push(&k.name);
        }
        Ok(())
    }

    fn kwarg<'e>(kw: &Kwargs<'e>, name: &str) -> Option<(&'e ast::Ident, &'e ast::Expr)> {
        kw.iter().find(|(k, _)| k.name == name).copied()
    }

    /// An `axis=` value for an array of `rank` (`extra` = 1 for `stack`, which may insert
    /// after the last axis). Negative counts from the end.
    fn axis_value(&mut self, e: &ast::Expr, rank: usize, extra: usize) -> R<usize> {
        let Some(k) = const_int(e) else {
            return self.error(
                Diagnostic::new(Code::Keyword, "`axis` must be an integer literal")
                    .label(e.span, "not an integer literal"),
            );
        };
        let r = (rank + extra) as i64;
        let a = if k < 0 { k + r } else { k };
        if a < 0 || a >= r {
            return self.error(
                Diagnostic::new(
                    Code::AxisRange,
                    format!("axis {k} is out of range for an array of rank {rank}"),
                )
                .label(e.span, format!("valid axes: {} to {}", -r, r - 1)),
            );
        }
        Ok(a as usize)
    }

    fn bool_literal(&mut self, e: &ast::Expr, what: &str) -> R<bool> {
        match e.kind {
            ExprKind::Bool(b) => Ok(b),
            _ => self.error(
                Diagnostic::new(Code::Keyword, format!("`{what}` must be `true` or `false`"))
                    .label(e.span, "not a bool literal"),
            ),
        }
    }

    fn arg_value(
        &mut self,
        e: &ast::Expr,
        hint: Option<ScalarType>,
        what: &str,
    ) -> R<(ExprId, Type)> {
        let id = self.expr(e, hint)?;
        let t = self.value_type(id, what)?;
        Ok((id, t))
    }

    fn cast(
        &mut self,
        to: ScalarType,
        callee: &ast::Ident,
        args: &[ast::Expr],
        kw: &Kwargs,
        span: Span,
    ) -> R<ExprId> {
        self.fixed(callee, args, kw, 1, &[])?;
        // A literal converts at compile time to the target type (`f32(1.5)`).
        let hint = if literal_kind(&args[0]).is_some() && to.is_numeric() {
            Some(to)
        } else {
            None
        };
        if let (Some(h), Some(super::expr::LitKind::Float)) = (hint, literal_kind(&args[0])) {
            if h.is_int() {
                let (id, t) = self.arg_value(&args[0], None, "the argument of a conversion")?;
                return Ok(self.push_value(
                    ir::Expr::Cast { to, arg: id },
                    span,
                    Type {
                        dtype: to,
                        shape: t.shape,
                    },
                ));
            }
        }
        let (id, t) = self.arg_value(&args[0], hint, "the argument of a conversion")?;
        if t.dtype == to {
            return Ok(id);
        }
        Ok(self.push_value(
            ir::Expr::Cast { to, arg: id },
            span,
            Type {
                dtype: to,
                shape: t.shape,
            },
        ))
    }

    /// Broadcasts several checked operands; reports at the call on failure.
    fn broadcast_all(&mut self, callee: &ast::Ident, ops: &[(ExprId, Type)]) -> R<Vec<Size>> {
        let mut shape: Vec<Size> = Vec::new();
        for (k, (id, t)) in ops.iter().enumerate() {
            match self.broadcast_shapes(&shape, &t.shape) {
                Ok(s) => shape = s,
                Err(()) => {
                    let (first_id, first_t) = &ops[0];
                    let mut d = Diagnostic::new(
                        Code::Broadcast,
                        format!(
                            "arguments of `{}` do not broadcast: {} and {}",
                            callee.name,
                            self.shape_str(&shape),
                            self.shape_str(&t.shape)
                        ),
                    )
                    .label(callee.span, format!("in this call of `{}`", callee.name));
                    if k > 0 {
                        d = d.label(
                            self.spans[first_id.index()],
                            format!("this is {}", self.type_str(first_t)),
                        );
                    }
                    d = d
                        .label(
                            self.spans[id.index()],
                            format!("this is {}", self.type_str(t)),
                        )
                        .help(self.broadcast_help(&shape, &t.shape));
                    return self.error(d);
                }
            }
        }
        Ok(shape)
    }

    /// Checks operands so that literal ones take the dtype of the first non-literal one.
    fn same_dtype_args(
        &mut self,
        callee: &ast::Ident,
        args: &[ast::Expr],
        hint: Option<ScalarType>,
    ) -> R<Vec<(ExprId, Type)>> {
        let mut dt = hint;
        let mut out: Vec<Option<(ExprId, Type)>> = vec![None; args.len()];
        for (i, a) in args.iter().enumerate() {
            if literal_kind(a).is_none() {
                let r = self.arg_value(a, dt, "an argument")?;
                dt = Some(r.1.dtype);
                out[i] = Some(r);
            }
        }
        if out.iter().all(|o| o.is_none()) {
            let float = args
                .iter()
                .any(|a| literal_kind(a) == Some(super::expr::LitKind::Float));
            dt = Some(super::expr::literal_dtype(
                if float {
                    super::expr::LitKind::Float
                } else {
                    super::expr::LitKind::Int
                },
                hint,
            ));
        }
        for (i, a) in args.iter().enumerate() {
            if out[i].is_none() {
                out[i] = Some(self.arg_value(a, dt, "an argument")?);
            }
        }
        let out: Vec<(ExprId, Type)> = out.into_iter().map(|o| o.expect("checked")).collect();
        let first = out[0].1.dtype;
        for (k, (_, t)) in out.iter().enumerate() {
            if t.dtype != first {
                return self.error(
                    Diagnostic::new(
                        Code::DtypeMismatch,
                        format!(
                            "arguments of `{}` have different element types: {} and {}",
                            callee.name,
                            first.name(),
                            t.dtype.name()
                        ),
                    )
                    .label(callee.span, "in this call")
                    .label(args[0].span, format!("this is {}", first.name()))
                    .label(args[k].span, format!("this is {}", t.dtype.name()))
                    .help("convert explicitly so that they agree"),
                );
            }
        }
        Ok(out)
    }

    #[allow(clippy::too_many_arguments)]
    fn math(
        &mut self,
        f: MathFn,
        n: usize,
        kind: MathKind,
        callee: &ast::Ident,
        args: &[ast::Expr],
        kw: &Kwargs,
        span: Span,
        hint: Option<ScalarType>,
    ) -> R<ExprId> {
        self.fixed(callee, args, kw, n, &[])?;
        let op_hint = if kind == MathKind::FloatToBool {
            None
        } else {
            hint
        };
        let ops = self.same_dtype_args(callee, args, op_hint)?;
        let dt = ops[0].1.dtype;
        let ok = match kind {
            MathKind::Float | MathKind::FloatToBool => dt.is_float(),
            MathKind::Numeric => dt.is_numeric(),
        };
        if !ok {
            let need = if kind == MathKind::Numeric {
                "numbers"
            } else {
                "floats"
            };
            let help = if dt.is_int() {
                format!("convert first, e.g. `{}(f64(...))`", callee.name)
            } else {
                String::new()
            };
            let mut d = Diagnostic::new(
                Code::BadOperand,
                format!("`{}` needs {need}, not {}", callee.name, dt.name()),
            )
            .label(
                args[0].span,
                format!("this is {}", self.type_str(&ops[0].1)),
            );
            if !help.is_empty() {
                d = d.help(help);
            }
            return self.error(d);
        }
        let shape = self.broadcast_all(callee, &ops)?;
        let out = if kind == MathKind::FloatToBool {
            ScalarType::Bool
        } else {
            dt
        };
        let args = ops.into_iter().map(|(id, _)| id).collect();
        Ok(self.push_value(
            ir::Expr::Math { fun: f, args },
            span,
            Type { dtype: out, shape },
        ))
    }

    fn where_(
        &mut self,
        callee: &ast::Ident,
        args: &[ast::Expr],
        kw: &Kwargs,
        span: Span,
        hint: Option<ScalarType>,
    ) -> R<ExprId> {
        self.fixed(callee, args, kw, 3, &[])?;
        let c = self.arg_value(&args[0], Some(ScalarType::Bool), "a condition")?;
        if c.1.dtype != ScalarType::Bool {
            return self.error(
                Diagnostic::new(
                    Code::BadOperand,
                    format!(
                        "the condition of `where` must be bool, not {}",
                        c.1.dtype.name()
                    ),
                )
                .label(args[0].span, format!("this is {}", self.type_str(&c.1)))
                .help("compare to get bools, e.g. `x > 0.0`"),
            );
        }
        let mut ops = vec![c];
        ops.extend(self.same_dtype_args(callee, &args[1..], hint)?);
        let shape = self.broadcast_all(callee, &ops)?;
        let dt = ops[1].1.dtype;
        let args = ops.into_iter().map(|(id, _)| id).collect();
        Ok(self.push_value(
            ir::Expr::Math {
                fun: MathFn::Where,
                args,
            },
            span,
            Type { dtype: dt, shape },
        ))
    }

    fn reduce(
        &mut self,
        op: ReduceOp,
        callee: &ast::Ident,
        args: &[ast::Expr],
        kw: &Kwargs,
        span: Span,
        hint: Option<ScalarType>,
    ) -> R<ExprId> {
        self.fixed(callee, args, kw, 1, &["axis", "keepdims"])?;
        let h = match op {
            ReduceOp::Any | ReduceOp::All => Some(ScalarType::Bool),
            ReduceOp::ArgMax | ReduceOp::ArgMin => None,
            _ => hint,
        };
        let (id, t) = self.arg_value(&args[0], h, "the argument of a reduction")?;
        let ok = match op {
            ReduceOp::Any | ReduceOp::All => t.dtype == ScalarType::Bool,
            ReduceOp::Mean => t.dtype.is_float(),
            _ => t.dtype.is_numeric(),
        };
        if !ok {
            let (need, help) = match op {
                ReduceOp::Any | ReduceOp::All => {
                    ("bools", "compare first, e.g. `any(x > 0.0)`".to_string())
                }
                ReduceOp::Mean => ("floats", "convert first: `mean(f64(x))`".to_string()),
                _ => ("numbers", format!("count with `{}(i64(x))`", callee.name)),
            };
            return self.error(
                Diagnostic::new(
                    Code::BadOperand,
                    format!("`{}` needs {need}, not {}", callee.name, t.dtype.name()),
                )
                .label(args[0].span, format!("this is {}", self.type_str(&t)))
                .help(help),
            );
        }
        let axis = match Self::kwarg(kw, "axis") {
            Some((_, e)) => Some(self.axis_value(e, t.rank(), 0)?),
            None => None,
        };
        let keepdims = match Self::kwarg(kw, "keepdims") {
            Some((_, e)) => self.bool_literal(e, "keepdims")?,
            None => false,
        };
        let shape = match (axis, keepdims) {
            (None, false) => vec![],
            (None, true) => vec![Size::constant(1); t.rank()],
            (Some(a), false) => t
                .shape
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != a)
                .map(|(_, s)| s.clone())
                .collect(),
            (Some(a), true) => t
                .shape
                .iter()
                .enumerate()
                .map(|(i, s)| if i == a { Size::constant(1) } else { s.clone() })
                .collect(),
        };
        let dtype = match op {
            ReduceOp::ArgMax | ReduceOp::ArgMin => ScalarType::I64,
            _ => t.dtype,
        };
        Ok(self.push_value(
            ir::Expr::Reduce {
                op,
                arg: id,
                axis,
                keepdims,
            },
            span,
            Type { dtype, shape },
        ))
    }

    fn scan(
        &mut self,
        op: ScanOp,
        callee: &ast::Ident,
        args: &[ast::Expr],
        kw: &Kwargs,
        span: Span,
        hint: Option<ScalarType>,
    ) -> R<ExprId> {
        self.fixed(callee, args, kw, 1, &["axis"])?;
        let (id, t) = self.arg_value(&args[0], hint, "the argument of a scan")?;
        if !t.dtype.is_numeric() || t.is_scalar() {
            return self.error(
                Diagnostic::new(
                    Code::BadOperand,
                    format!(
                        "`{}` needs a numeric array, not {}",
                        callee.name,
                        self.type_str(&t)
                    ),
                )
                .label(args[0].span, format!("this is {}", self.type_str(&t))),
            );
        }
        let axis = match Self::kwarg(kw, "axis") {
            Some((_, e)) => self.axis_value(e, t.rank(), 0)?,
            None => t.rank() - 1,
        };
        Ok(self.push_value(ir::Expr::Scan { op, arg: id, axis }, span, t))
    }

    /// The static size an i64 argument stands for, or a dynamic one.
    pub fn size_of_value(&mut self, e: &ast::Expr, what: &str) -> Size {
        match self.static_size(e) {
            Some(s) => s,
            None => {
                let key = self.expr_key(e).map(|k| format!("value({k})"));
                self.dynamic_size(key, format!("{what}(?)"))
            }
        }
    }

    /// A shape argument `[d1, d2]` (or a single size): the i64 operands and the sizes.
    fn shape_arg(&mut self, e: &ast::Expr, what: &str) -> R<(Vec<ExprId>, Vec<Size>)> {
        let dims: Vec<&ast::Expr> = match &e.kind {
            ExprKind::List(ds) => ds.iter().collect(),
            _ => vec![e],
        };
        let mut ids = Vec::new();
        let mut sizes = Vec::new();
        for d in dims {
            ids.push(self.scalar_of(d, ScalarType::I64, "a size")?);
            if let Some(c) = self.static_size(d).and_then(|s| s.as_const()) {
                if c < 0 {
                    return self.error(
                        Diagnostic::new(Code::BadOperand, format!("negative size {c}"))
                            .label(d.span, "sizes must be non-negative"),
                    );
                }
            }
            sizes.push(self.size_of_value(d, what));
        }
        Ok((ids, sizes))
    }

    /// A dtype argument such as `f64`.
    fn dtype_arg(&mut self, e: &ast::Expr) -> R<ScalarType> {
        if let ExprKind::Name(n) = &e.kind {
            if let Some(t) = ScalarType::from_name(n) {
                return Ok(t);
            }
        }
        self.error(
            Diagnostic::new(
                Code::BadOperand,
                "expected an element type (`f32`, `f64`, `i32`, `i64` or `bool`)",
            )
            .label(e.span, "not an element type"),
        )
    }

    fn zeros_ones(
        &mut self,
        ones: bool,
        callee: &ast::Ident,
        args: &[ast::Expr],
        kw: &Kwargs,
        span: Span,
        hint: Option<ScalarType>,
    ) -> R<ExprId> {
        self.arity(callee, args, 1..=2)?;
        self.keywords(callee, kw, &[])?;
        let (shape_ids, shape) = self.shape_arg(&args[0], callee.name.as_str())?;
        let dtype = match args.get(1) {
            Some(e) => self.dtype_arg(e)?,
            None => hint.unwrap_or(ScalarType::F64),
        };
        let v = match dtype {
            ScalarType::F32 => ir::Scalar::F32(if ones { 1.0 } else { 0.0 }),
            ScalarType::F64 => ir::Scalar::F64(if ones { 1.0 } else { 0.0 }),
            ScalarType::I32 => ir::Scalar::I32(ones as i32),
            ScalarType::I64 => ir::Scalar::I64(ones as i64),
            ScalarType::Bool => ir::Scalar::Bool(ones),
        };
        let value = self.push_value(ir::Expr::Const(v), callee.span, Type::scalar(dtype));
        Ok(self.push_value(
            ir::Expr::Fill {
                shape: shape_ids,
                value,
            },
            span,
            Type { dtype, shape },
        ))
    }

    fn full(
        &mut self,
        callee: &ast::Ident,
        args: &[ast::Expr],
        kw: &Kwargs,
        span: Span,
        hint: Option<ScalarType>,
    ) -> R<ExprId> {
        self.fixed(callee, args, kw, 2, &[])?;
        let (shape_ids, shape) = self.shape_arg(&args[0], "full")?;
        let (value, t) = self.arg_value(&args[1], hint, "a fill value")?;
        if !t.is_scalar() {
            return self.error(
                Diagnostic::new(
                    Code::BadOperand,
                    "the fill value of `full` must be a scalar",
                )
                .label(args[1].span, format!("this is {}", self.type_str(&t))),
            );
        }
        Ok(self.push_value(
            ir::Expr::Fill {
                shape: shape_ids,
                value,
            },
            span,
            Type {
                dtype: t.dtype,
                shape,
            },
        ))
    }

    fn linspace(
        &mut self,
        callee: &ast::Ident,
        args: &[ast::Expr],
        kw: &Kwargs,
        span: Span,
        hint: Option<ScalarType>,
    ) -> R<ExprId> {
        self.fixed(callee, args, kw, 3, &[])?;
        let h = hint.filter(|h| h.is_float()).or(Some(ScalarType::F64));
        let ends = self.same_dtype_args(callee, &args[..2], h)?;
        for (k, (_, t)) in ends.iter().enumerate() {
            if !t.is_scalar() || !t.dtype.is_float() {
                return self.error(
                    Diagnostic::new(
                        Code::BadOperand,
                        "the ends of `linspace` must be float scalars",
                    )
                    .label(args[k].span, format!("this is {}", self.type_str(t))),
                );
            }
        }
        let n = self.scalar_of(&args[2], ScalarType::I64, "the length of `linspace`")?;
        let len = self.size_of_value(&args[2], "linspace");
        let dtype = ends[0].1.dtype;
        Ok(self.push_value(
            ir::Expr::Linspace {
                start: ends[0].0,
                stop: ends[1].0,
                n,
            },
            span,
            Type {
                dtype,
                shape: vec![len],
            },
        ))
    }

    fn eye(
        &mut self,
        callee: &ast::Ident,
        args: &[ast::Expr],
        kw: &Kwargs,
        span: Span,
        hint: Option<ScalarType>,
    ) -> R<ExprId> {
        self.arity(callee, args, 1..=2)?;
        self.keywords(callee, kw, &[])?;
        let n = self.scalar_of(&args[0], ScalarType::I64, "the size of `eye`")?;
        let len = self.size_of_value(&args[0], "eye");
        let dtype = match args.get(1) {
            Some(e) => self.dtype_arg(e)?,
            None => hint.unwrap_or(ScalarType::F64),
        };
        Ok(self.push_value(
            ir::Expr::Eye { n, dtype },
            span,
            Type {
                dtype,
                shape: vec![len.clone(), len],
            },
        ))
    }

    fn transpose(
        &mut self,
        callee: &ast::Ident,
        args: &[ast::Expr],
        kw: &Kwargs,
        span: Span,
        hint: Option<ScalarType>,
    ) -> R<ExprId> {
        self.arity(callee, args, 1..=2)?;
        self.keywords(callee, kw, &[])?;
        let (id, t) = self.arg_value(&args[0], hint, "the argument of `transpose`")?;
        let perm: Vec<usize> = match args.get(1) {
            None => (0..t.rank()).rev().collect(),
            Some(p) => {
                let items: Option<Vec<i64>> = match &p.kind {
                    ExprKind::List(xs) => xs.iter().map(const_int).collect(),
                    _ => None,
                };
                let ok = items.as_ref().is_some_and(|xs| {
                    let mut seen = vec![false; t.rank()];
                    xs.len() == t.rank()
                        && xs.iter().all(|&x| {
                            x >= 0
                                && (x as usize) < t.rank()
                                && !std::mem::replace(&mut seen[x as usize], true)
                        })
                });
                if !ok {
                    return self.error(
                        Diagnostic::new(
                            Code::AxisRange,
                            format!(
                                "the permutation must list each axis 0..{} exactly once",
                                t.rank()
                            ),
                        )
                        .label(p.span, "not a permutation of the axes")
                        .help(format!("the array is {}", self.type_str(&t))),
                    );
                }
                items
                    .expect("checked")
                    .into_iter()
                    .map(|x| x as usize)
                    .collect()
            }
        };
        let shape = perm.iter().map(|&i| t.shape[i].clone()).collect();
        Ok(self.push_value(
            ir::Expr::Transpose { arg: id, perm },
            span,
            Type {
                dtype: t.dtype,
                shape,
            },
        ))
    }

    fn reshape(
        &mut self,
        callee: &ast::Ident,
        args: &[ast::Expr],
        kw: &Kwargs,
        span: Span,
        hint: Option<ScalarType>,
    ) -> R<ExprId> {
        self.fixed(callee, args, kw, 2, &[])?;
        let (id, t) = self.arg_value(&args[0], hint, "the argument of `reshape`")?;
        let (shape_ids, shape) = self.shape_arg(&args[1], "reshape")?;
        let count = |s: &[Size]| {
            s.iter()
                .try_fold(Size::constant(1), |a, b| a.checked_mul(b))
        };
        let (Some(from), Some(to)) = (count(&t.shape), count(&shape)) else {
            // Too complex to compare here: the count is checked at run time.
            return Ok(self.push_value(
                ir::Expr::Reshape {
                    arg: id,
                    shape: shape_ids,
                },
                span,
                Type {
                    dtype: t.dtype,
                    shape,
                },
            ));
        };
        if let (Some(a), Some(b)) = (from.as_const(), to.as_const()) {
            if a != b && a >= 0 && b >= 0 {
                return self.error(
                    Diagnostic::new(
                        Code::ReshapeCount,
                        format!(
                            "cannot reshape {} ({a} elements) into {} ({b} elements)",
                            self.type_str(&t),
                            self.shape_str(&shape)
                        ),
                    )
                    .label(callee.span, "element counts differ")
                    .label(args[1].span, format!("{b} elements")),
                );
            }
        } else if from != to
            && !self.is_dynamic(&from)
            && !self.is_dynamic(&to)
            && from.vars() == to.vars()
        {
            return self.error(
                Diagnostic::new(
                    Code::ReshapeCount,
                    format!(
                        "cannot reshape {} ({} elements) into {} ({} elements)",
                        self.type_str(&t),
                        self.size_str(&from),
                        self.shape_str(&shape),
                        self.size_str(&to)
                    ),
                )
                .label(callee.span, "element counts differ")
                .label(args[1].span, format!("{} elements", self.size_str(&to))),
            );
        }
        Ok(self.push_value(
            ir::Expr::Reshape {
                arg: id,
                shape: shape_ids,
            },
            span,
            Type {
                dtype: t.dtype,
                shape,
            },
        ))
    }

    fn join(
        &mut self,
        stack: bool,
        callee: &ast::Ident,
        args: &[ast::Expr],
        kw: &Kwargs,
        span: Span,
        hint: Option<ScalarType>,
    ) -> R<ExprId> {
        self.fixed(callee, args, kw, 1, &["axis"])?;
        let ExprKind::List(parts) = &args[0].kind else {
            return self.error(
                Diagnostic::new(
                    Code::BadOperand,
                    format!(
                        "`{}` takes a list of arrays: `{}([a, b], axis=0)`",
                        callee.name, callee.name
                    ),
                )
                .label(args[0].span, "not a list"),
            );
        };
        if parts.is_empty() {
            return self.error(
                Diagnostic::new(
                    Code::BadOperand,
                    format!("`{}` needs at least one array", callee.name),
                )
                .label(args[0].span, "empty list"),
            );
        }
        let ops = self.same_dtype_args(callee, parts, hint)?;
        let first = ops[0].1.clone();
        if !stack && first.is_scalar() {
            return self.error(
                Diagnostic::new(Code::BadOperand, "`concat` needs arrays, not scalars")
                    .label(parts[0].span, "a scalar"),
            );
        }
        let axis = match Self::kwarg(kw, "axis") {
            Some((_, e)) => self.axis_value(e, first.rank(), stack as usize)?,
            None => 0,
        };
        let mut total = Size::constant(0);
        for (k, (_, t)) in ops.iter().enumerate() {
            let fits = t.rank() == first.rank()
                && t.shape
                    .iter()
                    .zip(&first.shape)
                    .enumerate()
                    .all(|(i, (a, b))| {
                        (!stack && i == axis) || a == b || self.is_dynamic(a) || self.is_dynamic(b)
                    });
            if !fits {
                let what = if stack {
                    "all arrays must have the same shape"
                } else {
                    "all axes but the joined one must agree"
                };
                return self.error(
                    Diagnostic::new(
                        Code::JoinShape,
                        format!(
                            "cannot {} {} with {}: {what}",
                            callee.name,
                            self.type_str(&first),
                            self.type_str(t)
                        ),
                    )
                    .label(callee.span, format!("in this `{}`", callee.name))
                    .label(parts[0].span, format!("this is {}", self.type_str(&first)))
                    .label(parts[k].span, format!("this is {}", self.type_str(t))),
                );
            }
            if !stack {
                total = total.add(&t.shape[axis]);
            }
        }
        let mut shape = first.shape.clone();
        if stack {
            shape.insert(axis, Size::constant(ops.len() as i64));
        } else {
            shape[axis] = total;
        }
        let args = ops.into_iter().map(|(id, _)| id).collect();
        let e = if stack {
            ir::Expr::Stack { args, axis }
        } else {
            ir::Expr::Concat { args, axis }
        };
        Ok(self.push_value(
            e,
            span,
            Type {
                dtype: first.dtype,
                shape,
            },
        ))
    }

    fn flip(
        &mut self,
        callee: &ast::Ident,
        args: &[ast::Expr],
        kw: &Kwargs,
        span: Span,
        hint: Option<ScalarType>,
    ) -> R<ExprId> {
        self.fixed(callee, args, kw, 1, &["axis"])?;
        let (id, t) = self.arg_value(&args[0], hint, "the argument of `flip`")?;
        let axis = match Self::kwarg(kw, "axis") {
            Some((_, e)) => Some(self.axis_value(e, t.rank(), 0)?),
            None => None,
        };
        Ok(self.push_value(ir::Expr::Flip { arg: id, axis }, span, t))
    }

    fn outer(
        &mut self,
        a: &ast::Expr,
        b: &ast::Expr,
        span: Span,
        hint: Option<ScalarType>,
    ) -> R<ExprId> {
        let (l, r) = self.operand_pair(a, b, hint)?;
        let lt = self.value_type(l, "an argument of `outer`")?;
        let rt = self.value_type(r, "an argument of `outer`")?;
        if lt.dtype != rt.dtype || !lt.dtype.is_numeric() || lt.rank() != 1 || rt.rank() != 1 {
            let code = if lt.dtype != rt.dtype {
                Code::DtypeMismatch
            } else {
                Code::BadOperand
            };
            return self.error(
                Diagnostic::new(
                    code,
                    format!(
                        "`outer` takes two numeric vectors of one element type, not {} and {}",
                        self.type_str(&lt),
                        self.type_str(&rt)
                    ),
                )
                .label(a.span, format!("this is {}", self.type_str(&lt)))
                .label(b.span, format!("this is {}", self.type_str(&rt))),
            );
        }
        // `outer(a, b)` of vectors is `a[:, newaxis] * b[newaxis, :]` element for element
        // (the same multiplication, wrapping for integers): written that way it is an
        // elementwise expression that fuses with its consumers (`a0 + outer(u, v)` is one
        // pass over `a0`, not an n×m temporary and a second pass).
        let (n, m) = (lt.shape[0].clone(), rt.shape[0].clone());
        let all = || ir::Index::Slice {
            start: None,
            stop: None,
            step: 1,
        };
        let typed = |shape: Vec<Size>| Type {
            dtype: lt.dtype,
            shape,
        };
        let col = self.push_value(
            ir::Expr::Index {
                base: l,
                items: vec![all(), ir::Index::NewAxis],
            },
            a.span,
            typed(vec![n.clone(), Size::constant(1)]),
        );
        let row = self.push_value(
            ir::Expr::Index {
                base: r,
                items: vec![ir::Index::NewAxis, all()],
            },
            b.span,
            typed(vec![Size::constant(1), m.clone()]),
        );
        Ok(self.push_value(
            ir::Expr::Binary {
                op: ir::BinaryOp::Mul,
                lhs: col,
                rhs: row,
            },
            span,
            typed(vec![n, m]),
        ))
    }
}
