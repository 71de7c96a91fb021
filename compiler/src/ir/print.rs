//! The textual form of the IR, shown by `arrc check --dump-ir`.
//!
//! Each function lists its size variables and how the entry binds them, then its
//! expressions in arena order (`e7: [n, m]f32 = sub e5, e6`), then the statement tree
//! that refers to them.

use super::{Block, Expr, Function, Index, Module, Scalar, SizeSource, SizeVarKind, Stmt, Ty};
use std::fmt::Write;

/// Prints the whole module.
pub fn print_module(module: &Module) -> String {
    let mut out = String::new();
    for (i, f) in module.functions.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        print_function(module, f, &mut out);
    }
    out
}

fn ty_str(f: &Function, t: &Ty) -> String {
    match t {
        Ty::Value(t) => f.type_str(t),
        Ty::Tuple(ts) => format!(
            "({})",
            ts.iter()
                .map(|t| f.type_str(t))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Ty::Unit => "()".to_string(),
    }
}

fn print_function(m: &Module, f: &Function, out: &mut String) {
    let params: Vec<String> = f
        .params
        .iter()
        .map(|p| format!("{}: {}", p.name, f.type_str(&p.ty)))
        .collect();
    let results: Vec<String> = f.results.iter().map(|t| f.type_str(t)).collect();
    let results = if f.result_is_tuple {
        format!("({})", results.join(", "))
    } else {
        results.join(", ")
    };
    let _ = writeln!(
        out,
        "fn {}({}) -> {} {{",
        f.name,
        params.join(", "),
        results
    );
    for b in &f.size_bindings {
        let src = match &b.source {
            SizeSource::Axis {
                param,
                axis,
                scale,
                offset,
            } => {
                let mut s = format!("{}.shape[{axis}]", f.params[*param].name);
                if *offset != 0 {
                    s = format!("({s} - {offset})");
                }
                if *scale != 1 {
                    s = format!("{s} / {scale}");
                }
                s
            }
            SizeSource::Scalar { param } => f.params[*param].name.clone(),
        };
        let _ = writeln!(out, "    size {} = {}", f.size_name(b.var), src);
    }
    for (i, v) in f.size_vars.iter().enumerate() {
        if v.kind == SizeVarKind::Dynamic {
            let _ = writeln!(out, "    size #{i} {} (run time)", v.name);
        }
    }
    for (i, l) in f.locals.iter().enumerate() {
        let _ = writeln!(
            out,
            "    local l{i} {}{}: {}",
            if l.mutable { "mut " } else { "" },
            l.name,
            f.type_str(&l.ty)
        );
    }
    for (i, e) in f.exprs.iter().enumerate() {
        let _ = writeln!(
            out,
            "    e{i}: {} = {}",
            ty_str(f, &f.types[i]),
            expr_str(m, f, e)
        );
        if let Expr::If { then, els, .. } = e {
            print_if_blocks(f, then, els, 2, out);
        }
    }
    indent(out, 1);
    out.push_str("body:\n");
    print_block(f, &f.body, 1, out);
    out.push_str("}\n");
}

fn scalar_str(s: &Scalar) -> String {
    match s {
        Scalar::F32(v) => format!("{v:?}f32"),
        Scalar::F64(v) => format!("{v:?}f64"),
        Scalar::I32(v) => format!("{v}i32"),
        Scalar::I64(v) => format!("{v}i64"),
        Scalar::Bool(v) => v.to_string(),
    }
}

fn list(ids: &[super::ExprId]) -> String {
    ids.iter()
        .map(|e| e.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn index_str(items: &[Index]) -> String {
    let parts: Vec<String> = items
        .iter()
        .map(|it| match it {
            Index::At(e) => e.to_string(),
            Index::Gather(e) => format!("gather {e}"),
            Index::NewAxis => "newaxis".to_string(),
            Index::Slice { start, stop, step } => {
                let s = start.map_or(String::new(), |e| e.to_string());
                let t = stop.map_or(String::new(), |e| e.to_string());
                if *step == 1 {
                    format!("{s}:{t}")
                } else {
                    format!("{s}:{t}:{step}")
                }
            }
        })
        .collect();
    format!("[{}]", parts.join(", "))
}

fn expr_str(m: &Module, f: &Function, e: &Expr) -> String {
    match e {
        Expr::Const(s) => scalar_str(s),
        Expr::Local(l) => format!("local {l} ({})", f.local(*l).name),
        Expr::SizeValue(s) => format!("size {}", f.size_str(s)),
        Expr::Unary { op, arg } => format!("{} {arg}", format!("{op:?}").to_lowercase()),
        Expr::Binary { op, lhs, rhs } => {
            format!("{} {lhs}, {rhs}", format!("{op:?}").to_lowercase())
        }
        Expr::Math { fun, args } => format!("{} {}", fun.name(), list(args)),
        Expr::Cast { to, arg } => format!("cast.{} {arg}", to.name()),
        Expr::Reduce {
            op,
            arg,
            axis,
            keepdims,
        } => {
            let mut s = format!("{} {arg}", op.name());
            if let Some(a) = axis {
                let _ = write!(s, ", axis={a}");
            }
            if *keepdims {
                s.push_str(", keepdims");
            }
            s
        }
        Expr::Scan { op, arg, axis } => {
            format!("{} {arg}, axis={axis}", format!("{op:?}").to_lowercase())
        }
        Expr::MatMul { lhs, rhs } => format!("matmul {lhs}, {rhs}"),
        Expr::Fill { shape, value } => format!("fill [{}], {value}", list(shape)),
        Expr::Arange { n } => format!("arange {n}"),
        Expr::Linspace { start, stop, n } => format!("linspace {start}, {stop}, {n}"),
        Expr::Eye { n, dtype } => format!("eye {n}, {}", dtype.name()),
        Expr::Transpose { arg, perm } => format!("transpose {arg}, {perm:?}"),
        Expr::Reshape { arg, shape } => format!("reshape {arg}, [{}]", list(shape)),
        Expr::Concat { args, axis } => format!("concat [{}], axis={axis}", list(args)),
        Expr::Stack { args, axis } => format!("stack [{}], axis={axis}", list(args)),
        Expr::Flip { arg, axis } => match axis {
            Some(a) => format!("flip {arg}, axis={a}"),
            None => format!("flip {arg}"),
        },
        Expr::Index { base, items } => format!("index {base}{}", index_str(items)),
        Expr::Call { func, args } => format!("call {}({})", m.func(*func).name, list(args)),
        Expr::Map { func, args } => format!("map {}({})", m.func(*func).name, list(args)),
        Expr::If { cond, .. } => format!("if {cond}"),
        Expr::Tuple(args) => format!("tuple ({})", list(args)),
    }
}

fn indent(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push_str("    ");
    }
}

fn print_block(f: &Function, b: &Block, depth: usize, out: &mut String) {
    for s in &b.stmts {
        indent(out, depth);
        match s {
            Stmt::Let { local, value } => {
                let _ = writeln!(out, "let {local} ({}) = {value}", f.local(*local).name);
            }
            Stmt::LetTuple { locals, value } => {
                let names: Vec<String> = locals
                    .iter()
                    .map(|l| format!("{l} ({})", f.local(*l).name))
                    .collect();
                let _ = writeln!(out, "let ({}) = {value}", names.join(", "));
            }
            Stmt::Assign { local, value } => {
                let _ = writeln!(out, "{local} ({}) = {value}", f.local(*local).name);
            }
            Stmt::AssignIndex {
                local,
                items,
                value,
            } => {
                let _ = writeln!(
                    out,
                    "{local} ({}){} = {value}",
                    f.local(*local).name,
                    index_str(items)
                );
            }
            Stmt::For { var, lo, hi, body } => {
                let _ = writeln!(out, "for {var} ({}) in {lo}..{hi} {{", f.local(*var).name);
                print_block(f, body, depth + 1, out);
                indent(out, depth);
                out.push_str("}\n");
            }
            Stmt::While { cond, body } => {
                let _ = writeln!(out, "while {cond} {{");
                print_block(f, body, depth + 1, out);
                indent(out, depth);
                out.push_str("}\n");
            }
            Stmt::Return(e) => {
                let _ = writeln!(out, "return {e}");
            }
            Stmt::Eval(e) => {
                let _ = writeln!(out, "eval {e}");
            }
        }
    }
    if let Some(v) = b.value {
        indent(out, depth);
        let _ = writeln!(out, "value {v}");
    }
}

fn print_if_blocks(f: &Function, then: &Block, els: &Block, depth: usize, out: &mut String) {
    indent(out, depth);
    out.push_str("then {\n");
    print_block(f, then, depth + 1, out);
    indent(out, depth);
    out.push_str("} else {\n");
    print_block(f, els, depth + 1, out);
    indent(out, depth);
    out.push_str("}\n");
}
