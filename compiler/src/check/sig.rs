//! Function signatures: parameter and result types with their size variables, and how
//! the entry binds each size variable from the arguments.
//!
//! Signatures are computed for every function before any body is checked, so calls can
//! be checked in any order and recursion is found afterwards from the call graph.

use super::Diags;
use crate::diag::{Code, Diagnostic};
use crate::front::ast::{self, ScalarType, SizeExpr, SizeOp, TypeExpr};
use crate::ir::{Param, SizeBinding, SizeSource, SizeVarInfo, SizeVarKind, Type};
use crate::size::{Size, SizeVar};
use crate::span::Span;
use std::collections::HashMap;

/// What a call site needs to know about a function.
#[derive(Debug, Clone)]
pub struct Signature {
    pub name: String,
    pub params: Vec<Param>,
    pub results: Vec<Type>,
    pub result_is_tuple: bool,
    pub size_vars: Vec<SizeVarInfo>,
    pub size_names: HashMap<String, SizeVar>,
    pub size_bindings: Vec<SizeBinding>,
    /// Where each parameter size variable was first mentioned (for messages).
    pub size_spans: Vec<Span>,
}

impl Signature {
    pub fn all_scalar_params(&self) -> bool {
        self.params.iter().all(|p| p.ty.is_scalar())
    }
}

/// Lowers a size expression with a lookup that declares variables on first sight.
/// `None` if a name failed (the lookup reported it) or the size is too complex (reported
/// here).
pub fn lower_size(
    e: &SizeExpr,
    var: &mut dyn FnMut(&ast::Ident) -> Option<Size>,
    diags: &mut Diags,
) -> Option<Size> {
    Some(match e {
        SizeExpr::Lit { value, .. } => Size::constant(*value),
        SizeExpr::Var(id) => var(id)?,
        SizeExpr::Neg { arg, .. } => lower_size(arg, var, diags)?.neg(),
        SizeExpr::Bin { op, lhs, rhs, span } => {
            let a = lower_size(lhs, var, diags)?;
            let b = lower_size(rhs, var, diags)?;
            let overflow = |diags: &mut Diags| {
                diags.push(
                    Diagnostic::new(Code::BadOperand, "this size expression overflows")
                        .label(*span, "does not fit in a 64-bit integer"),
                );
                None
            };
            match op {
                SizeOp::Add => match a.try_add(&b) {
                    Some(s) => s,
                    None => return overflow(diags),
                },
                SizeOp::Sub => match a.try_sub(&b) {
                    Some(s) => s,
                    None => return overflow(diags),
                },
                SizeOp::Mul if a.mul_overflows(&b) => return overflow(diags),
                SizeOp::Mul => match a.checked_mul(&b) {
                    Some(p) => p,
                    None => {
                        diags.push(
                            Diagnostic::new(
                                Code::BadOperand,
                                "this size expression is too complex",
                            )
                            .label(
                                *span,
                                format!(
                                    "expands to more than {} terms or degree {}",
                                    crate::size::MAX_TERMS,
                                    crate::size::MAX_DEGREE
                                ),
                            )
                            .help("sizes are polynomials of size variables; name a simpler size"),
                        );
                        return None;
                    }
                },
            }
        }
    })
}

/// Lowers a type whose size variables are looked up (or declared) by `var`.
/// Tuples are only allowed where `allow_tuple` (results).
pub fn lower_type(
    t: &TypeExpr,
    var: &mut dyn FnMut(&ast::Ident) -> Option<Size>,
    diags: &mut Diags,
) -> Option<Vec<Type>> {
    match t {
        TypeExpr::Scalar { elem, .. } => Some(vec![Type::scalar(*elem)]),
        TypeExpr::Array { dims, elem, .. } => {
            let mut shape = Vec::new();
            let mut ok = true;
            for d in dims {
                match lower_size(d, var, diags) {
                    Some(s) => {
                        if let Some(c) = s.as_const() {
                            if c < 0 {
                                diags.push(
                                    Diagnostic::new(
                                        Code::BadOperand,
                                        format!("negative size {c} in a type"),
                                    )
                                    .label(d.span(), "sizes must be non-negative"),
                                );
                                ok = false;
                            }
                        }
                        shape.push(s)
                    }
                    None => ok = false,
                }
            }
            ok.then(|| {
                vec![Type {
                    dtype: *elem,
                    shape,
                }]
            })
        }
        TypeExpr::Tuple { elems, span } => {
            let _ = span;
            let mut out = Vec::new();
            for e in elems {
                if let TypeExpr::Tuple { span, .. } = e {
                    diags.push(
                        Diagnostic::new(Code::TupleMisuse, "nested tuple types are not supported")
                            .label(*span, "a tuple inside a tuple"),
                    );
                    return None;
                }
                out.extend(lower_type(e, var, diags)?);
            }
            Some(out)
        }
    }
}

/// Computes the signature of `f`; errors go to `diags`.
pub fn signature(f: &ast::FnDef, diags: &mut Diags) -> Option<Signature> {
    let mut size_vars: Vec<SizeVarInfo> = Vec::new();
    let mut size_names: HashMap<String, SizeVar> = HashMap::new();
    let mut size_spans: Vec<Span> = Vec::new();
    let mut ok = true;
    let mut params: Vec<Param> = Vec::new();
    let mut seen: HashMap<&str, Span> = HashMap::new();

    for (i, p) in f.params.iter().enumerate() {
        if let Some(prev) = seen.insert(&p.name.name, p.name.span) {
            diags.push(
                Diagnostic::new(
                    Code::Duplicate,
                    format!("parameter `{}` is declared twice", p.name.name),
                )
                .label(p.name.span, "declared again here")
                .label(prev, "first declared here"),
            );
            ok = false;
        }
        let mut declare = |id: &ast::Ident| {
            let v = *size_names.entry(id.name.clone()).or_insert_with(|| {
                size_vars.push(SizeVarInfo {
                    name: id.name.clone(),
                    kind: SizeVarKind::Param,
                });
                size_spans.push(id.span);
                SizeVar(size_vars.len() as u32 - 1)
            });
            Some(Size::var(v))
        };
        if let TypeExpr::Tuple { span, .. } = &p.ty {
            diags.push(
                Diagnostic::new(Code::TupleMisuse, "a parameter cannot have a tuple type")
                    .label(*span, "tuples are for results only"),
            );
            ok = false;
            continue;
        }
        match lower_type(&p.ty, &mut declare, diags) {
            Some(mut ts) => params.push(Param {
                name: p.name.name.clone(),
                local: crate::ir::LocalId(i as u32),
                ty: ts.remove(0),
                span: p.name.span,
            }),
            None => ok = false,
        }
    }
    if !ok {
        return None;
    }

    // A scalar i64 parameter may name a size (`fn ramp(n: i64) -> [n]f32`).
    let scalar_param = |name: &str| {
        params
            .iter()
            .position(|p| p.name == name && p.ty == Type::scalar(ScalarType::I64))
    };
    let mut unbound: Vec<(String, Span)> = Vec::new();
    let results = {
        let mut lookup = |id: &ast::Ident| {
            if let Some(v) = size_names.get(&id.name) {
                return Some(Size::var(*v));
            }
            if scalar_param(&id.name).is_some() {
                size_vars.push(SizeVarInfo {
                    name: id.name.clone(),
                    kind: SizeVarKind::Param,
                });
                size_spans.push(id.span);
                let v = SizeVar(size_vars.len() as u32 - 1);
                size_names.insert(id.name.clone(), v);
                return Some(Size::var(v));
            }
            unbound.push((id.name.clone(), id.span));
            None
        };
        lower_type(&f.ret, &mut lookup, diags)
    };
    for (name, span) in &unbound {
        diags.push(
            Diagnostic::new(
                Code::UnboundSize,
                format!("size `{name}` in the result type is not bound by any parameter"),
            )
            .label(*span, "not mentioned by the parameters")
            .help(format!(
                "mention `{name}` in a parameter's type, or add a parameter `{name}: i64`"
            )),
        );
    }
    let results = results?;
    let result_is_tuple = matches!(f.ret, TypeExpr::Tuple { .. });

    // Bindings: a scalar parameter of the same name first, else the simplest axis.
    let mut size_bindings = Vec::new();
    for (vi, info) in size_vars.iter().enumerate() {
        let var = SizeVar(vi as u32);
        if let Some(pi) = scalar_param(&info.name) {
            size_bindings.push(SizeBinding {
                var,
                source: SizeSource::Scalar { param: pi },
            });
            continue;
        }
        let mut best: Option<(i64, SizeSource)> = None;
        for (pi, p) in params.iter().enumerate() {
            for (axis, s) in p.ty.shape.iter().enumerate() {
                if let Some((scale, offset)) = linear_in(s, var) {
                    let better = best.as_ref().is_none_or(|(b, _)| scale.abs() < b.abs());
                    if better && scale > 0 {
                        best = Some((
                            scale,
                            SizeSource::Axis {
                                param: pi,
                                axis,
                                scale,
                                offset,
                            },
                        ));
                    }
                }
            }
        }
        match best {
            Some((_, source)) => size_bindings.push(SizeBinding { var, source }),
            None => {
                diags.push(
                    Diagnostic::new(
                        Code::UnboundSize,
                        format!(
                            "size `{}` cannot be determined from the arguments",
                            info.name
                        ),
                    )
                    .label(size_spans[vi], "only mentioned in a product of sizes")
                    .help(format!(
                        "mention `{}` alone (or as `{} + k`, `k * {}`) in some parameter's type",
                        info.name, info.name, info.name
                    )),
                );
                ok = false;
            }
        }
    }
    ok.then_some(Signature {
        name: f.name.name.clone(),
        params,
        results,
        result_is_tuple,
        size_vars,
        size_names,
        size_bindings,
        size_spans,
    })
}

/// `Some((scale, offset))` if `s` is `scale * v + offset` with constants.
pub fn linear_in(s: &Size, v: SizeVar) -> Option<(i64, i64)> {
    let mut scale = 0;
    let mut offset = 0;
    for (m, c) in s.terms() {
        match m.as_slice() {
            [] => offset = c,
            [x] if *x == v => scale = c,
            _ => return None,
        }
    }
    (scale != 0).then_some((scale, offset))
}
