//! Expressions: literals, names, operators, indexing, calls of user functions.

use super::func::{FnCx, R};
use crate::diag::{Code, Diagnostic};
use crate::front::ast::{self, BinOp, ExprKind, IndexItem, ScalarType, UnOp};
use crate::ir::{self, BinaryOp, ExprId, Index, Scalar, Ty, Type};
use crate::size::Size;
use crate::span::Span;

/// Whether an expression is made of literals only, and of which kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LitKind {
    Int,
    Float,
}

pub(crate) fn literal_kind(e: &ast::Expr) -> Option<LitKind> {
    match &e.kind {
        ExprKind::Int(_) => Some(LitKind::Int),
        ExprKind::Float(_) => Some(LitKind::Float),
        ExprKind::Unary { op: UnOp::Neg, arg } => literal_kind(arg),
        ExprKind::Binary {
            op: BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Rem | BinOp::Pow,
            lhs,
            rhs,
        } => match (literal_kind(lhs)?, literal_kind(rhs)?) {
            (LitKind::Int, LitKind::Int) => Some(LitKind::Int),
            _ => Some(LitKind::Float),
        },
        _ => None,
    }
}

/// The dtype literals get: the hint when it is numeric, else the default for the kind.
pub(crate) fn literal_dtype(kind: LitKind, hint: Option<ScalarType>) -> ScalarType {
    match hint {
        Some(h) if h.is_numeric() && !(kind == LitKind::Float && h.is_int()) => h,
        _ if kind == LitKind::Float => ScalarType::F64,
        _ => ScalarType::I64,
    }
}

fn binary_op(op: BinOp) -> BinaryOp {
    match op {
        BinOp::Or => BinaryOp::Or,
        BinOp::And => BinaryOp::And,
        BinOp::Eq => BinaryOp::Eq,
        BinOp::Ne => BinaryOp::Ne,
        BinOp::Lt => BinaryOp::Lt,
        BinOp::Le => BinaryOp::Le,
        BinOp::Gt => BinaryOp::Gt,
        BinOp::Ge => BinaryOp::Ge,
        BinOp::Add => BinaryOp::Add,
        BinOp::Sub => BinaryOp::Sub,
        BinOp::Mul => BinaryOp::Mul,
        BinOp::Div => BinaryOp::Div,
        BinOp::Rem => BinaryOp::Rem,
        BinOp::Pow => BinaryOp::Pow,
        BinOp::MatMul => unreachable!("matrix product is not elementwise"),
    }
}

impl FnCx<'_, '_> {
    /// Checks an expression; `hint` is the element type the context needs, if any.
    pub fn expr(&mut self, e: &ast::Expr, hint: Option<ScalarType>) -> R<ExprId> {
        match &e.kind {
            ExprKind::Int(v) => self.int_literal(*v, false, e.span, hint),
            ExprKind::Float(v) => self.float_literal(*v, e.span, hint),
            ExprKind::Bool(b) => Ok(self.push_value(
                ir::Expr::Const(Scalar::Bool(*b)),
                e.span,
                Type::scalar(ScalarType::Bool),
            )),
            ExprKind::Name(n) => self.name(n, e.span, hint),
            ExprKind::Unary { op: UnOp::Neg, arg } => {
                // `-9223372036854775808` must not overflow on the way.
                if let ExprKind::Int(v) = arg.kind {
                    return self.int_literal(v, true, e.span, hint);
                }
                let a = self.expr(arg, hint)?;
                let t = self.value_type(a, "an operand of `-`")?;
                if !t.dtype.is_numeric() {
                    return self.error(
                        Diagnostic::new(Code::BadOperand, "`-` needs a number")
                            .label(arg.span, format!("this is {}", self.type_str(&t)))
                            .help("for logical negation use `!`"),
                    );
                }
                Ok(self.push_value(
                    ir::Expr::Unary {
                        op: ir::UnaryOp::Neg,
                        arg: a,
                    },
                    e.span,
                    t,
                ))
            }
            ExprKind::Unary { op: UnOp::Not, arg } => {
                let a = self.expr(arg, Some(ScalarType::Bool))?;
                let t = self.value_type(a, "an operand of `!`")?;
                if t.dtype != ScalarType::Bool {
                    return self.error(
                        Diagnostic::new(Code::BadOperand, "`!` needs a bool")
                            .label(arg.span, format!("this is {}", self.type_str(&t)))
                            .help("compare first, e.g. `x == 0.0`"),
                    );
                }
                Ok(self.push_value(
                    ir::Expr::Unary {
                        op: ir::UnaryOp::Not,
                        arg: a,
                    },
                    e.span,
                    t,
                ))
            }
            ExprKind::Binary {
                op: BinOp::MatMul,
                lhs,
                rhs,
            } => {
                let (l, r) = self.operand_pair(lhs, rhs, hint)?;
                self.matmul(l, r, e.span, "@", None)
            }
            ExprKind::Binary { op, lhs, rhs } => {
                let operand_hint = match op {
                    BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => None,
                    BinOp::And | BinOp::Or => Some(ScalarType::Bool),
                    _ => hint,
                };
                let (l, r) = self.operand_pair(lhs, rhs, operand_hint)?;
                self.binary_ids(*op, l, r, e.span)
            }
            ExprKind::Call {
                callee,
                args,
                kwargs,
            } => self.call(callee, args, kwargs, e.span, hint),
            ExprKind::Index { base, items } => {
                let b = self.expr(base, hint)?;
                let t = self.value_type(b, "an indexed value")?;
                let (items, shape) = self.index_items(b, items, e.span)?;
                Ok(self.push_value(
                    ir::Expr::Index { base: b, items },
                    e.span,
                    Type {
                        dtype: t.dtype,
                        shape,
                    },
                ))
            }
            ExprKind::Transpose(arg) => {
                let a = self.expr(arg, hint)?;
                let t = self.value_type(a, "the operand of `.T`")?;
                let perm: Vec<usize> = (0..t.rank()).rev().collect();
                let shape = perm.iter().map(|&i| t.shape[i].clone()).collect();
                Ok(self.push_value(
                    ir::Expr::Transpose { arg: a, perm },
                    e.span,
                    Type {
                        dtype: t.dtype,
                        shape,
                    },
                ))
            }
            ExprKind::List(elems) => self.array_literal(elems, e.span, hint),
            ExprKind::Tuple(elems) => {
                let mut ids = Vec::new();
                let mut tys = Vec::new();
                let mut failed = false;
                for (i, el) in elems.iter().enumerate() {
                    let h = if self.result_is_tuple {
                        self.results.get(i).map(|t| t.dtype)
                    } else {
                        None
                    };
                    match self
                        .expr(el, h)
                        .and_then(|id| Ok((id, self.value_type(id, "a tuple element")?)))
                    {
                        Ok((id, t)) => {
                            ids.push(id);
                            tys.push(t);
                        }
                        Err(()) => failed = true,
                    }
                }
                if failed {
                    return Err(());
                }
                Ok(self.push(ir::Expr::Tuple(ids), e.span, Ty::Tuple(tys)))
            }
            ExprKind::If { cond, then, els } => {
                let c = self.condition(cond);
                let then_b = self.block(then, hint);
                let then_b = then_b?;
                let then_ty = then_b.value.map(|v| self.ty(v).clone());
                let els_hint = match &then_ty {
                    Some(Ty::Value(t)) => Some(t.dtype),
                    _ => hint,
                };
                let els_b = match els {
                    Some(b) => self.block(b, els_hint)?,
                    None => ir::Block::default(),
                };
                let c = c?;
                let els_ty = els_b.value.map(|v| self.ty(v).clone());
                let ty = match (then_ty, els_ty, els.is_some()) {
                    (None, None, _) | (Some(_), None, false) => Ty::Unit,
                    (Some(a), Some(b), true) => {
                        let same = match (&a, &b) {
                            (Ty::Value(x), Ty::Value(y)) => self.types_agree(x, y),
                            _ => a == b,
                        };
                        if !same {
                            return self.error(
                                Diagnostic::new(
                                    Code::ResultMismatch,
                                    format!(
                                        "the branches of `if` have different types: {} and {}",
                                        self.ty_str(&a),
                                        self.ty_str(&b)
                                    ),
                                )
                                .label(
                                    then.tail.as_ref().map_or(then.span, |t| t.span),
                                    format!("this is {}", self.ty_str(&a)),
                                )
                                .label(
                                    els.as_ref()
                                        .and_then(|b| b.tail.as_ref())
                                        .map_or(e.span, |t| t.span),
                                    format!("this is {}", self.ty_str(&b)),
                                ),
                            );
                        }
                        a
                    }
                    _ => {
                        let span = if then_b.value.is_some() {
                            then.span
                        } else {
                            els.as_ref().map_or(e.span, |b| b.span)
                        };
                        return self.error(
                            Diagnostic::new(
                                Code::MissingValue,
                                "only one branch of this `if` has a value",
                            )
                            .label(span, "this branch has a value, the other has none")
                            .help("give both branches a value, or end both with `;`"),
                        );
                    }
                };
                Ok(self.push(
                    ir::Expr::If {
                        cond: c,
                        then: then_b,
                        els: els_b,
                    },
                    e.span,
                    ty,
                ))
            }
            ExprKind::Block(b) => {
                // A block used as an expression: its statements run where it stands.
                self.scopes.push(Default::default());
                for s in &b.stmts {
                    let _ = self.stmt(s);
                }
                let v = match &b.tail {
                    Some(t) => self.expr(t, hint),
                    None => Ok(self.push(ir::Expr::Tuple(Vec::new()), b.span, Ty::Unit)),
                };
                self.scopes.pop();
                v
            }
        }
    }

    fn int_literal(
        &mut self,
        v: u64,
        negative: bool,
        span: Span,
        hint: Option<ScalarType>,
    ) -> R<ExprId> {
        let dt = literal_dtype(LitKind::Int, hint);
        let val: i128 = if negative { -(v as i128) } else { v as i128 };
        let scalar = match dt {
            ScalarType::F32 => Some(Scalar::F32(val as f32)),
            ScalarType::F64 => Some(Scalar::F64(val as f64)),
            ScalarType::I32 => i32::try_from(val).ok().map(Scalar::I32),
            ScalarType::I64 => i64::try_from(val).ok().map(Scalar::I64),
            ScalarType::Bool => None,
        };
        match scalar {
            Some(s) => Ok(self.push_value(ir::Expr::Const(s), span, Type::scalar(dt))),
            None => self.error(
                Diagnostic::new(
                    Code::LiteralType,
                    format!("the literal {val} does not fit in {}", dt.name()),
                )
                .label(span, format!("out of range for {}", dt.name())),
            ),
        }
    }

    fn float_literal(&mut self, v: f64, span: Span, hint: Option<ScalarType>) -> R<ExprId> {
        match hint {
            Some(h) if h.is_int() || h == ScalarType::Bool => self.error(
                Diagnostic::new(
                    Code::LiteralType,
                    format!(
                        "a float literal cannot be used where {} is needed",
                        h.name()
                    ),
                )
                .label(span, format!("{} needed here", h.name()))
                .help(if h.is_int() {
                    "write an integer literal, or convert explicitly"
                } else {
                    "write `true` or `false`"
                }),
            ),
            Some(ScalarType::F32) if v.is_finite() && !(v as f32).is_finite() => self.error(
                Diagnostic::new(
                    Code::LiteralType,
                    format!("the literal {v:e} does not fit in f32"),
                )
                .label(span, "out of range for f32, which would make it infinite")
                .help(format!(
                    "f32 holds magnitudes up to {:e}; compute in f64 instead, e.g. `f64(x) * 1e300`",
                    f32::MAX
                )),
            ),
            Some(ScalarType::F32) => Ok(self.push_value(
                ir::Expr::Const(Scalar::F32(v as f32)),
                span,
                Type::scalar(ScalarType::F32),
            )),
            _ => Ok(self.push_value(
                ir::Expr::Const(Scalar::F64(v)),
                span,
                Type::scalar(ScalarType::F64),
            )),
        }
    }

    fn name(&mut self, n: &str, span: Span, hint: Option<ScalarType>) -> R<ExprId> {
        match self.lookup(n) {
            Some(Some(l)) => {
                let t = self.locals[l.index()].ty.clone();
                return Ok(self.push_value(ir::Expr::Local(l), span, t));
            }
            Some(None) => return Err(()),
            None => {}
        }
        if let Some(v) = self.size_names.get(n) {
            return Ok(self.push_value(
                ir::Expr::SizeValue(Size::var(*v)),
                span,
                Type::scalar(ScalarType::I64),
            ));
        }
        if let Some(c) = self.g.consts.get(n) {
            if let Some(limit) = self.const_limit {
                if c.order >= limit {
                    return self.error(
                        Diagnostic::new(
                            Code::UnknownName,
                            format!("constant `{n}` is used before its definition"),
                        )
                        .label(span, "defined later")
                        .help("a constant may only use constants defined above it"),
                    );
                }
            }
            let Some(ty) = c.ty.clone() else {
                return Err(());
            };
            let def = c.def;
            let _ = hint;
            self.silent += 1;
            let r = self.expr(&def.value, Some(ty.dtype));
            self.silent -= 1;
            return r;
        }
        let (msg, label, help) = if n == "newaxis" {
            (
                "`newaxis` is only valid inside an index".to_string(),
                "not in an index",
                Some("write `x[:, newaxis]`"),
            )
        } else if ScalarType::from_name(n).is_some() {
            (
                format!("the type `{n}` is not a value"),
                "a type name",
                Some("to convert, call it: `f64(x)`"),
            )
        } else if self.g.funcs.contains_key(n) || super::BUILTINS.contains(&n) {
            (
                format!("the function `{n}` is not a value"),
                "a function",
                Some("call it with arguments"),
            )
        } else {
            return self.error(
                Diagnostic::new(Code::UnknownName, format!("unknown name `{n}`"))
                    .label(span, "not defined in this scope"),
            );
        };
        let mut d = Diagnostic::new(Code::NotAValue, msg).label(span, label);
        if let Some(h) = help {
            d = d.help(h);
        }
        self.error(d)
    }

    /// Checks two operands so that a literal side takes the other side's dtype.
    pub fn operand_pair(
        &mut self,
        lhs: &ast::Expr,
        rhs: &ast::Expr,
        hint: Option<ScalarType>,
    ) -> R<(ExprId, ExprId)> {
        match (literal_kind(lhs), literal_kind(rhs)) {
            (Some(a), Some(b)) => {
                let kind = if a == LitKind::Float || b == LitKind::Float {
                    LitKind::Float
                } else {
                    LitKind::Int
                };
                let h = Some(literal_dtype(kind, hint));
                let l = self.expr(lhs, h);
                let r = self.expr(rhs, h);
                Ok((l?, r?))
            }
            (Some(_), None) => {
                let r = self.expr(rhs, hint)?;
                let rt = self.value_type(r, "an operand")?;
                let l = self.expr(lhs, Some(rt.dtype))?;
                Ok((l, r))
            }
            _ => {
                let l = self.expr(lhs, hint)?;
                let lt = self.value_type(l, "an operand")?;
                let r = self.expr(rhs, Some(lt.dtype))?;
                Ok((l, r))
            }
        }
    }

    /// Types an elementwise binary operator on checked operands.
    pub fn binary_ids(&mut self, op: BinOp, l: ExprId, r: ExprId, span: Span) -> R<ExprId> {
        let what = format!("an operand of `{}`", op.symbol());
        let lt = self.value_type(l, &what)?;
        let rt = self.value_type(r, &what)?;
        let (ls, rs) = (self.spans[l.index()], self.spans[r.index()]);
        if op == BinOp::MatMul {
            return self.matmul(l, r, span, "@", None);
        }
        let bop = binary_op(op);
        if bop.is_logical() {
            for (t, sp) in [(&lt, ls), (&rt, rs)] {
                if t.dtype != ScalarType::Bool {
                    return self.error(
                        Diagnostic::new(
                            Code::BadOperand,
                            format!(
                                "`{}` needs bool operands, not {}",
                                op.symbol(),
                                t.dtype.name()
                            ),
                        )
                        .label(sp, format!("this is {}", self.type_str(t)))
                        .help("compare first, e.g. `x > 0.0`"),
                    );
                }
            }
        }
        if lt.dtype != rt.dtype {
            return self.error(
                Diagnostic::new(
                    Code::DtypeMismatch,
                    format!(
                        "`{}` between {} and {}: element types differ",
                        op.symbol(),
                        lt.dtype.name(),
                        rt.dtype.name()
                    ),
                )
                .label(ls, format!("this is {}", self.type_str(&lt)))
                .label(rs, format!("this is {}", self.type_str(&rt)))
                .help(format!(
                    "there is no implicit promotion; convert one side with `{}(...)` or `{}(...)`",
                    lt.dtype.name(),
                    rt.dtype.name()
                )),
            );
        }
        let dt = lt.dtype;
        let ok = if bop.is_logical() {
            dt == ScalarType::Bool
        } else if matches!(bop, BinaryOp::Eq | BinaryOp::Ne) {
            true
        } else {
            dt.is_numeric()
        };
        if !ok {
            let need = if bop.is_logical() {
                "bool operands"
            } else {
                "numbers"
            };
            return self.error(
                Diagnostic::new(
                    Code::BadOperand,
                    format!("`{}` needs {need}, not {}", op.symbol(), dt.name()),
                )
                .label(ls, format!("this is {}", self.type_str(&lt)))
                .label(rs, format!("this is {}", self.type_str(&rt))),
            );
        }
        let shape = match self.broadcast_shapes(&lt.shape, &rt.shape) {
            Ok(s) => s,
            Err(()) => {
                return self.error(
                    Diagnostic::new(
                        Code::Broadcast,
                        format!(
                            "shapes {} and {} do not broadcast",
                            self.shape_str(&lt.shape),
                            self.shape_str(&rt.shape)
                        ),
                    )
                    .label(ls, format!("this is {}", self.type_str(&lt)))
                    .label(rs, format!("this is {}", self.type_str(&rt)))
                    .help(self.broadcast_help(&lt.shape, &rt.shape)),
                )
            }
        };
        let out = if bop.is_comparison() {
            ScalarType::Bool
        } else {
            dt
        };
        Ok(self.push_value(
            ir::Expr::Binary {
                op: bop,
                lhs: l,
                rhs: r,
            },
            span,
            Type { dtype: out, shape },
        ))
    }

    pub fn shape_str(&self, shape: &[Size]) -> String {
        let dims: Vec<String> = shape.iter().map(|s| self.size_str(s)).collect();
        format!("[{}]", dims.join(", "))
    }

    /// `a @ b` and `dot(a, b)`.
    /// `callee` is the name's span for `dot(a, b)` (then the primary label), None for `@`.
    pub fn matmul(
        &mut self,
        l: ExprId,
        r: ExprId,
        span: Span,
        name: &str,
        callee: Option<Span>,
    ) -> R<ExprId> {
        let what = format!("an operand of `{name}`");
        let head = |d: Diagnostic| match callee {
            Some(c) => d.label(c, format!("in this call of `{name}`")),
            None => d,
        };
        let lt = self.value_type(l, &what)?;
        let rt = self.value_type(r, &what)?;
        let (ls, rs) = (self.spans[l.index()], self.spans[r.index()]);
        if lt.dtype != rt.dtype || !lt.dtype.is_numeric() {
            return self.error(
                head(Diagnostic::new(
                    // Both bool is the wrong kind of operand; two numeric types differ.
                    if lt.dtype.is_numeric() && rt.dtype.is_numeric() {
                        Code::DtypeMismatch
                    } else {
                        Code::BadOperand
                    },
                    format!(
                        "`{name}` needs two numeric operands of one element type, not {} and {}",
                        lt.dtype.name(),
                        rt.dtype.name()
                    ),
                ))
                .label(ls, format!("this is {}", self.type_str(&lt)))
                .label(rs, format!("this is {}", self.type_str(&rt))),
            );
        }
        let (shape, inner) = match (lt.rank(), rt.rank()) {
            (2, 2) => (
                vec![lt.shape[0].clone(), rt.shape[1].clone()],
                (&lt.shape[1], &rt.shape[0]),
            ),
            (2, 1) => (vec![lt.shape[0].clone()], (&lt.shape[1], &rt.shape[0])),
            (1, 2) => (vec![rt.shape[1].clone()], (&lt.shape[0], &rt.shape[0])),
            (1, 1) => (vec![], (&lt.shape[0], &rt.shape[0])),
            _ => {
                return self.error(
                    head(Diagnostic::new(
                        Code::MatmulShape,
                        format!(
                            "`{name}` takes vectors and matrices, not arrays of rank {} and {}",
                            lt.rank(),
                            rt.rank()
                        ),
                    ))
                    .label(ls, format!("this is {}", self.type_str(&lt)))
                    .label(rs, format!("this is {}", self.type_str(&rt)))
                    .help("scalars multiply with `*`"),
                )
            }
        };
        if inner.0 != inner.1 && !self.is_dynamic(inner.0) && !self.is_dynamic(inner.1) {
            return self.error(
                head(Diagnostic::new(
                    Code::MatmulShape,
                    format!(
                        "`{name}` of {} and {}: inner sizes `{}` and `{}` differ",
                        self.shape_str(&lt.shape),
                        self.shape_str(&rt.shape),
                        self.size_str(inner.0),
                        self.size_str(inner.1)
                    ),
                ))
                .label(ls, format!("this is {}", self.type_str(&lt)))
                .label(rs, format!("this is {}", self.type_str(&rt))),
            );
        }
        Ok(self.push_value(
            ir::Expr::MatMul { lhs: l, rhs: r },
            span,
            Type {
                dtype: lt.dtype,
                shape,
            },
        ))
    }

    /// An array literal `[a, b, c]`: a stack along a new first axis.
    fn array_literal(
        &mut self,
        elems: &[ast::Expr],
        span: Span,
        hint: Option<ScalarType>,
    ) -> R<ExprId> {
        if elems.is_empty() {
            return self.error(
                Diagnostic::new(
                    Code::BadOperand,
                    "an empty array literal has no element type",
                )
                .label(span, "empty")
                .help("write `zeros([0], f64)`"),
            );
        }
        // Elements that are not pure literals fix the dtype for the others.
        let mut dt = hint.filter(|h| h.is_numeric() || *h == ScalarType::Bool);
        let mut ids: Vec<Option<ExprId>> = vec![None; elems.len()];
        for (i, el) in elems.iter().enumerate() {
            if literal_kind(el).is_none() && !matches!(el.kind, ExprKind::List(_)) {
                let id = self.expr(el, dt)?;
                if dt.is_none() || hint.is_some() {
                    dt = Some(self.dtype(id));
                }
                ids[i] = Some(id);
            }
        }
        if dt.is_none() {
            let any_float = elems.iter().any(contains_float);
            dt = Some(if any_float {
                ScalarType::F64
            } else {
                ScalarType::I64
            });
        }
        let mut done = Vec::new();
        for (i, el) in elems.iter().enumerate() {
            let id = match ids[i] {
                Some(id) => id,
                None => self.expr(el, dt)?,
            };
            done.push(id);
        }
        let first = self.value_type(done[0], "an array element")?;
        for (k, &id) in done.iter().enumerate().skip(1) {
            let t = self.value_type(id, "an array element")?;
            if !self.types_agree(&t, &first) {
                return self.error(
                    Diagnostic::new(
                        Code::JoinShape,
                        format!(
                            "array literal elements differ: {} and {}",
                            self.type_str(&first),
                            self.type_str(&t)
                        ),
                    )
                    .label(elems[k].span, format!("this is {}", self.type_str(&t)))
                    .label(
                        elems[0].span,
                        format!("the first element is {}", self.type_str(&first)),
                    ),
                );
            }
        }
        let mut shape = vec![Size::constant(done.len() as i64)];
        shape.extend(first.shape.iter().cloned());
        Ok(self.push_value(
            ir::Expr::Stack {
                args: done,
                axis: 0,
            },
            span,
            Type {
                dtype: first.dtype,
                shape,
            },
        ))
    }

    /// Checks index entries against a base of the given type. Returns the complete item
    /// list (one per axis, plus `NewAxis`) and the result shape.
    pub fn index_items(
        &mut self,
        base: ExprId,
        items: &[IndexItem],
        span: Span,
    ) -> R<(Vec<Index>, Vec<Size>)> {
        let bt = self.value_type(base, "an indexed value")?;
        let consumed = items.iter().filter(|i| !is_newaxis(i)).count();
        if consumed > bt.rank() {
            return self.error(
                Diagnostic::new(
                    Code::IndexRank,
                    format!(
                        "too many indices: {consumed} for an array of rank {}",
                        bt.rank()
                    ),
                )
                .label(
                    span,
                    format!("{consumed} indices into {}", self.type_str(&bt)),
                ),
            );
        }
        let mut out = Vec::new();
        let mut shape = Vec::new();
        let mut axis = 0;
        let mut gathered = false;
        let mut failed = false;
        for it in items {
            if is_newaxis(it) {
                out.push(Index::NewAxis);
                shape.push(Size::constant(1));
                continue;
            }
            let dim = bt.shape[axis].clone();
            axis += 1;
            match it {
                IndexItem::Expr(e) => {
                    let Ok(id) = self.expr(e, Some(ScalarType::I64)) else {
                        failed = true;
                        continue;
                    };
                    let Ok(t) = self.value_type(id, "an index") else {
                        failed = true;
                        continue;
                    };
                    if t.dtype != ScalarType::I64 {
                        let help = if t.dtype == ScalarType::Bool {
                            "boolean masks are not supported; use `where(mask, x, y)`"
                        } else {
                            "indices are i64; convert with `i64(...)`"
                        };
                        let _: R<()> = self.error(
                            Diagnostic::new(
                                Code::BadOperand,
                                format!("an index must be i64, not {}", t.dtype.name()),
                            )
                            .label(e.span, format!("this is {}", self.type_str(&t)))
                            .help(help),
                        );
                        failed = true;
                        continue;
                    }
                    if t.is_scalar() {
                        if let (Some(i), Some(d)) = (
                            self.static_size(e).and_then(|s| s.as_const()),
                            dim.as_const(),
                        ) {
                            if i >= d || i < -d {
                                let _: R<()> = self.error(
                                    Diagnostic::new(
                                        Code::StaticIndex,
                                        format!(
                                            "index {i} is out of range for an axis of size {d}"
                                        ),
                                    )
                                    .label(e.span, "out of range"),
                                );
                                failed = true;
                                continue;
                            }
                        }
                        out.push(Index::At(id));
                    } else {
                        if gathered {
                            let _: R<()> = self.error(
                                Diagnostic::new(
                                    Code::BadOperand,
                                    "only one index array is supported per indexing",
                                )
                                .label(e.span, "a second index array"),
                            );
                            failed = true;
                            continue;
                        }
                        gathered = true;
                        shape.extend(t.shape.iter().cloned());
                        out.push(Index::Gather(id));
                    }
                }
                IndexItem::Slice {
                    start,
                    stop,
                    step,
                    span: sspan,
                } => match self.slice(&dim, start.as_ref(), stop.as_ref(), step.as_ref(), *sspan) {
                    Ok((item, len)) => {
                        out.push(item);
                        shape.push(len);
                    }
                    Err(()) => failed = true,
                },
            }
        }
        if failed {
            return Err(());
        }
        for d in &bt.shape[axis..] {
            out.push(Index::Slice {
                start: None,
                stop: None,
                step: 1,
            });
            shape.push(d.clone());
        }
        Ok((out, shape))
    }

    /// One slice `start:stop:step` of an axis of size `dim`: the item and its length.
    fn slice(
        &mut self,
        dim: &Size,
        start: Option<&ast::Expr>,
        stop: Option<&ast::Expr>,
        step: Option<&ast::Expr>,
        span: Span,
    ) -> R<(Index, Size)> {
        let step_v = match step {
            None => 1,
            Some(s) => match const_int(s) {
                Some(v) if v > 0 => v,
                _ => {
                    return self.error(
                        Diagnostic::new(
                            Code::SliceStep,
                            "a slice step must be a positive integer literal",
                        )
                        .label(s.span, "not a positive integer literal")
                        .help("reverse an axis with `flip(x, axis=k)`"),
                    )
                }
            },
        };
        let s_id = match start {
            Some(e) => Some(self.scalar_of(e, ScalarType::I64, "a slice bound")?),
            None => None,
        };
        let e_id = match stop {
            Some(e) => Some(self.scalar_of(e, ScalarType::I64, "a slice bound")?),
            None => None,
        };
        let item = Index::Slice {
            start: s_id,
            stop: e_id,
            step: step_v,
        };
        // The static length, when both bounds are size expressions.
        let bound = |cx: &Self, e: Option<&ast::Expr>, default: Size| -> Option<Size> {
            match e {
                None => Some(default),
                Some(e) => cx.static_size(e).map(|s| {
                    if s != Size::constant(0) && s.terms().all(|(_, c)| c <= 0) {
                        dim.add(&s)
                    } else {
                        s
                    }
                }),
            }
        };
        let lo = bound(self, start, Size::constant(0));
        let hi = bound(self, stop, dim.clone());
        for (b, e) in [(&lo, start), (&hi, stop)] {
            if let (Some(v), Some(d), Some(e)) =
                (b.as_ref().and_then(Size::as_const), dim.as_const(), e)
            {
                if !(0..=d).contains(&v) {
                    let written = self.static_size(e).and_then(|s| s.as_const()).unwrap_or(v);
                    return self.error(
                        Diagnostic::new(
                            Code::StaticIndex,
                            format!(
                                "slice bound {written} is out of range for an axis of size {d}"
                            ),
                        )
                        .label(e.span, "out of range")
                        .help(format!(
                            "bounds must lie in -{d}..={d}; Arr checks slices instead of \
                             clamping them as NumPy does"
                        )),
                    );
                }
            }
        }
        let len = match (lo, hi) {
            (Some(lo), Some(hi)) => {
                let diff = hi.sub(&lo);
                match diff.as_const() {
                    Some(c) if c < 0 => {
                        return self.error(
                            Diagnostic::new(
                                Code::StaticIndex,
                                format!("this slice would have negative length {c}"),
                            )
                            .label(span, "start is after stop")
                            .help("slices never run backwards; use `flip`"),
                        )
                    }
                    Some(c) => Some(Size::constant(c / step_v + i64::from(c % step_v != 0))),
                    None if step_v == 1 => Some(diff),
                    None => None,
                }
            }
            _ => None,
        };
        if let Some(len) = len {
            return Ok((item, len));
        }
        let key = (|| {
            let s = match start {
                Some(e) => self.expr_key(e)?,
                None => "_".into(),
            };
            let t = match stop {
                Some(e) => self.expr_key(e)?,
                None => "_".into(),
            };
            Some(format!("slice({:?},{s},{t},{step_v})", dim))
        })();
        let desc = format!(
            "len({}:{}{})",
            start.map_or(String::new(), |e| self.source_hint(e)),
            stop.map_or(String::new(), |e| self.source_hint(e)),
            if step_v == 1 {
                String::new()
            } else {
                format!(":{step_v}")
            }
        );
        Ok((item, self.dynamic_size(key, desc)))
    }

    /// A short textual form of a bound for naming dynamic sizes.
    fn source_hint(&self, e: &ast::Expr) -> String {
        match &e.kind {
            ExprKind::Int(v) => v.to_string(),
            ExprKind::Name(n) => n.clone(),
            ExprKind::Unary { op: UnOp::Neg, arg } => format!("-{}", self.source_hint(arg)),
            ExprKind::Binary { op, lhs, rhs } => format!(
                "{}{}{}",
                self.source_hint(lhs),
                op.symbol(),
                self.source_hint(rhs)
            ),
            _ => "?".into(),
        }
    }

    /// The value of an expression as a size polynomial, if it is made of integer
    /// literals and size variables (names of parameters' sizes).
    pub fn static_size(&self, e: &ast::Expr) -> Option<Size> {
        match &e.kind {
            ExprKind::Int(v) => i64::try_from(*v).ok().map(Size::constant),
            ExprKind::Unary { op: UnOp::Neg, arg } => Some(self.static_size(arg)?.neg()),
            ExprKind::Binary { op, lhs, rhs } => {
                let (a, b) = (self.static_size(lhs)?, self.static_size(rhs)?);
                match op {
                    BinOp::Add => a.try_add(&b),
                    BinOp::Sub => a.try_sub(&b),
                    BinOp::Mul if a.mul_overflows(&b) => None,
                    BinOp::Mul => a.checked_mul(&b),
                    _ => None,
                }
            }
            ExprKind::Name(n) => match self.lookup(n) {
                Some(Some(l)) => self.size_params.get(&l).map(|v| Size::var(*v)),
                Some(None) => None,
                None => self.size_names.get(n).map(|v| Size::var(*v)),
            },
            _ => None,
        }
    }

    /// A canonical description of an integer expression over immutable values, used to
    /// give equal dynamic sizes to equal computations. `None` if it reads mutable state.
    pub fn expr_key(&self, e: &ast::Expr) -> Option<String> {
        Some(match &e.kind {
            ExprKind::Int(v) => v.to_string(),
            ExprKind::Name(n) => match self.lookup(n) {
                Some(Some(l)) if !self.locals[l.index()].mutable => format!("l{}", l.0),
                Some(_) => return None,
                None => format!("s{}", self.size_names.get(n)?.0),
            },
            ExprKind::Unary { op: UnOp::Neg, arg } => format!("(-{})", self.expr_key(arg)?),
            ExprKind::Binary { op, lhs, rhs } => format!(
                "({}{}{})",
                self.expr_key(lhs)?,
                op.symbol(),
                self.expr_key(rhs)?
            ),
            _ => return None,
        })
    }

    /// A call of a user function (elementwise when all its parameters are scalars and
    /// an argument is an array), or of a builtin.
    fn call(
        &mut self,
        callee: &ast::Ident,
        args: &[ast::Expr],
        kwargs: &[(ast::Ident, ast::Expr)],
        span: Span,
        hint: Option<ScalarType>,
    ) -> R<ExprId> {
        if let Some(&fid) = self.g.funcs.get(&callee.name) {
            return self.user_call(fid, callee, args, kwargs, span);
        }
        if let Some(r) = self.builtin(callee, args, kwargs, span, hint) {
            return r;
        }
        if let Some(Some(_)) = self.lookup(&callee.name) {
            return self.error(
                Diagnostic::new(
                    Code::UnknownFunction,
                    format!("`{}` is a variable, not a function", callee.name),
                )
                .label(callee.span, "called here"),
            );
        }
        self.error(
            Diagnostic::new(
                Code::UnknownFunction,
                format!("unknown function `{}`", callee.name),
            )
            .label(callee.span, "not a builtin or a function of this file"),
        )
    }

    fn user_call(
        &mut self,
        fid: ir::FuncId,
        callee: &ast::Ident,
        args: &[ast::Expr],
        kwargs: &[(ast::Ident, ast::Expr)],
        span: Span,
    ) -> R<ExprId> {
        self.calls.push((fid, callee.span));
        let Some(sig) = self.g.sigs[fid.index()].clone() else {
            return Err(());
        };
        if let Some((k, _)) = kwargs.first() {
            return self.error(
                Diagnostic::new(
                    Code::Keyword,
                    format!("`{}` takes no keyword arguments", callee.name),
                )
                .label(k.span, "keyword argument"),
            );
        }
        if args.len() != sig.params.len() {
            return self.error(
                Diagnostic::new(
                    Code::ArgCount,
                    format!(
                        "`{}` takes {} argument{} but {} {} given",
                        callee.name,
                        sig.params.len(),
                        if sig.params.len() == 1 { "" } else { "s" },
                        args.len(),
                        if args.len() == 1 { "was" } else { "were" }
                    ),
                )
                .label(callee.span, format!("{} given", args.len())),
            );
        }
        let mut ids = Vec::new();
        let mut failed = false;
        for (a, p) in args.iter().zip(&sig.params) {
            match self
                .expr(a, Some(p.ty.dtype))
                .and_then(|id| Ok((id, self.value_type(id, "an argument")?)))
            {
                Ok((id, t)) => {
                    if t.dtype != p.ty.dtype {
                        let _: R<()> = self.error(
                            Diagnostic::new(
                                Code::ArgShape,
                                format!(
                                    "argument `{}` of `{}` must be {}, not {}",
                                    p.name,
                                    callee.name,
                                    p.ty.dtype.name(),
                                    t.dtype.name()
                                ),
                            )
                            .label(a.span, format!("this is {}", self.type_str(&t)))
                            .help(format!("convert explicitly: `{}(...)`", p.ty.dtype.name())),
                        );
                        failed = true;
                    }
                    ids.push((id, t));
                }
                Err(()) => failed = true,
            }
        }
        if failed {
            return Err(());
        }
        // A scalar function applied to arrays is a ufunc.
        if sig.all_scalar_params() && ids.iter().any(|(_, t)| !t.is_scalar()) {
            if sig.result_is_tuple || !sig.results[0].is_scalar() {
                return self.error(
                    Diagnostic::new(Code::BadOperand, format!("`{}` has scalar parameters but not a single scalar result, so it cannot be applied elementwise", callee.name))
                        .label(callee.span, "called with arrays"),
                );
            }
            let mut shape: Vec<Size> = Vec::new();
            for (k, (id, t)) in ids.iter().enumerate() {
                match self.broadcast_shapes(&shape, &t.shape) {
                    Ok(s) => shape = s,
                    Err(()) => {
                        let prev = self.shape_str(&shape);
                        return self.error(
                            Diagnostic::new(
                                Code::Broadcast,
                                format!(
                                    "arguments of `{}` do not broadcast: {} and {}",
                                    callee.name,
                                    prev,
                                    self.shape_str(&t.shape)
                                ),
                            )
                            .label(callee.span, "applied elementwise here")
                            .label(
                                self.spans[id.index()],
                                format!("argument {} is {}", k + 1, self.type_str(t)),
                            ),
                        );
                    }
                }
            }
            let dtype = sig.results[0].dtype;
            let args = ids.into_iter().map(|(id, _)| id).collect();
            return Ok(self.push_value(
                ir::Expr::Map { func: fid, args },
                span,
                Type { dtype, shape },
            ));
        }
        // Bind the callee's size variables from the arguments, then check every axis.
        let mut values: Vec<Option<Size>> = vec![None; sig.size_vars.len()];
        for b in &sig.size_bindings {
            let v = match &b.source {
                ir::SizeSource::Axis {
                    param,
                    axis,
                    scale,
                    offset,
                } => {
                    let t = &ids[*param].1;
                    match t.shape.get(*axis) {
                        Some(s) => divide_size(&s.sub(&Size::constant(*offset)), *scale),
                        None => None,
                    }
                }
                ir::SizeSource::Scalar { param } => self.static_size(&args[*param]),
            };
            let v = v.unwrap_or_else(|| {
                let key = match &b.source {
                    ir::SizeSource::Scalar { param } => {
                        self.expr_key(&args[*param]).map(|k| format!("arg({k})"))
                    }
                    _ => None,
                };
                let name = format!("{}.{}", callee.name, sig.size_vars[b.var.0 as usize].name);
                self.dynamic_size(key, name)
            });
            values[b.var.0 as usize] = Some(v);
        }
        let mut subst = |v: crate::size::SizeVar| values[v.0 as usize].clone().unwrap_or_default();
        for (k, p) in sig.params.iter().enumerate() {
            let t = &ids[k].1;
            // An axis whose instantiated size is too complex to compute is left to the
            // callee's entry check at run time.
            let want: Vec<Size> =
                p.ty.shape
                    .iter()
                    .zip(&t.shape)
                    .map(|(s, actual)| s.substitute(&mut subst).unwrap_or_else(|| actual.clone()))
                    .collect();
            let want_t = Type {
                dtype: p.ty.dtype,
                shape: want,
            };
            if t.rank() != p.ty.rank() || !self.types_agree(t, &want_t) {
                return self.error(
                    Diagnostic::new(
                        Code::ArgShape,
                        format!(
                            "argument `{}` of `{}` must be {} here, not {}",
                            p.name,
                            callee.name,
                            self.type_str(&want_t),
                            self.type_str(t)
                        ),
                    )
                    .label(args[k].span, format!("this is {}", self.type_str(t)))
                    .label(
                        callee.span,
                        format!(
                            "`{}` declares `{}` as {}",
                            callee.name,
                            p.name,
                            type_str_sig(&sig, &p.ty)
                        ),
                    ),
                );
            }
        }
        let shapes: Vec<Vec<Option<Size>>> = sig
            .results
            .iter()
            .map(|t| t.shape.iter().map(|s| s.substitute(&mut subst)).collect())
            .collect();
        let mut results = Vec::new();
        for (t, shape) in sig.results.iter().zip(shapes) {
            let shape = shape
                .into_iter()
                .map(|s| {
                    s.unwrap_or_else(|| self.dynamic_size(None, format!("{}(..)", callee.name)))
                })
                .collect();
            results.push(Type {
                dtype: t.dtype,
                shape,
            });
        }
        let ty = if sig.result_is_tuple {
            Ty::Tuple(results)
        } else {
            Ty::Value(results.into_iter().next().expect("one result"))
        };
        let args = ids.into_iter().map(|(id, _)| id).collect();
        Ok(self.push(ir::Expr::Call { func: fid, args }, span, ty))
    }
}

fn type_str_sig(sig: &super::sig::Signature, t: &Type) -> String {
    if t.shape.is_empty() {
        return t.dtype.name().to_string();
    }
    let dims: Vec<String> = t
        .shape
        .iter()
        .map(|s| {
            s.display(&|v| sig.size_vars[v.0 as usize].name.clone())
                .to_string()
        })
        .collect();
    format!("[{}]{}", dims.join(", "), t.dtype.name())
}

/// `s / k` when every coefficient divides exactly.
fn divide_size(s: &Size, k: i64) -> Option<Size> {
    if k == 1 {
        return Some(s.clone());
    }
    let mut out = Size::constant(0);
    for (m, c) in s.terms() {
        if c % k != 0 {
            return None;
        }
        let mut t = Size::constant(c / k);
        for v in m {
            t = t.checked_mul(&Size::var(*v))?;
        }
        out = out.add(&t);
    }
    Some(out)
}

pub(crate) fn is_newaxis(it: &IndexItem) -> bool {
    matches!(it, IndexItem::Expr(ast::Expr { kind: ExprKind::Name(n), .. }) if n == "newaxis")
}

fn contains_float(e: &ast::Expr) -> bool {
    match &e.kind {
        ExprKind::Float(_) => true,
        ExprKind::List(es) => es.iter().any(contains_float),
        ExprKind::Unary { arg, .. } => contains_float(arg),
        ExprKind::Binary { lhs, rhs, .. } => contains_float(lhs) || contains_float(rhs),
        _ => false,
    }
}

/// An integer literal, possibly negated.
pub(crate) fn const_int(e: &ast::Expr) -> Option<i64> {
    match &e.kind {
        ExprKind::Int(v) => i64::try_from(*v).ok(),
        ExprKind::Unary { op: UnOp::Neg, arg } => const_int(arg).map(|v| -v),
        _ => None,
    }
}
