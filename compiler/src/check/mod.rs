//! The checker: name resolution, element types and symbolic shapes. It lowers the AST to
//! the typed array IR ([`crate::ir`]).
//!
//! Order of work: every function's [`sig::Signature`] is computed first (types only), then
//! each body is checked on its own ([`func::FnCx`]), so a call can be checked against its
//! callee's signature whatever the order of definitions. Recursion is found last, from
//! the calls each body made. Errors are collected: one bad statement does not stop the
//! check of the next, and a name whose definition failed is "poisoned" so that its uses
//! do not add follow-on errors.
//!
//! Literal typing (LANGUAGE §3): expressions are checked with an optional *hint*, the
//! element type the context needs. A literal takes the hint; with no hint it is f64 (with
//! a point or exponent) or i64. For a binary operator, the operand that is not made of
//! literals alone is checked first and its dtype becomes the hint of the other one.

mod builtins;
mod expr;
mod func;
mod shape;
pub mod sig;

use crate::diag::{Code, Diagnostic};
use crate::front::ast;
use crate::ir;
use crate::span::Span;
use std::collections::HashMap;

pub(crate) type Diags = Vec<Diagnostic>;

/// The builtin functions (a function of the file with the same name shadows one).
pub const BUILTINS: &[&str] = &[
    "abs",
    "sqrt",
    "exp",
    "log",
    "log1p",
    "expm1",
    "sin",
    "cos",
    "tan",
    "asin",
    "acos",
    "atan",
    "atan2",
    "sinh",
    "cosh",
    "tanh",
    "floor",
    "ceil",
    "round",
    "sign",
    "pow",
    "minimum",
    "maximum",
    "clip",
    "isnan",
    "where",
    "sum",
    "prod",
    "max",
    "min",
    "mean",
    "argmax",
    "argmin",
    "any",
    "all",
    "cumsum",
    "cumprod",
    "zeros",
    "ones",
    "full",
    "arange",
    "linspace",
    "eye",
    "transpose",
    "reshape",
    "concat",
    "stack",
    "flip",
    "dot",
    "outer",
    "f32",
    "f64",
    "i32",
    "i64",
    "bool",
    "newaxis",
];

/// Names that no item may take.
pub(crate) const RESERVED: &[&str] = &["f32", "f64", "i32", "i64", "bool", "newaxis"];

/// The error for a definition that takes one of the [`RESERVED`] names.
pub(crate) fn reserved_name(name: &ast::Ident) -> Diagnostic {
    Diagnostic::new(
        Code::Duplicate,
        format!("`{}` is a reserved name", name.name),
    )
    .label(name.span, "reserved for the language")
    .help("choose another name")
}

/// What every function body can see: the other functions and the constants.
pub(crate) struct Globals<'a> {
    pub funcs: HashMap<String, ir::FuncId>,
    /// Indexed by FuncId; None where the signature had errors.
    pub sigs: Vec<Option<sig::Signature>>,
    pub consts: HashMap<String, ConstInfo<'a>>,
}

pub(crate) struct ConstInfo<'a> {
    pub def: &'a ast::ConstDef,
    /// The const's declared type (constant sizes only); None if it had errors.
    pub ty: Option<ir::Type>,
    /// Position among the items, so a constant can only use earlier ones.
    pub order: usize,
}

/// A size variable may not take the name of a constant: in the body the name would mean
/// the size, silently hiding the constant (`const N: i64 = 3; fn f(x: [N]f64)` binds `N`
/// to the length of `x`, whatever the constant says).
fn report_sizes_named_like_consts(globals: &Globals<'_>, diags: &mut Diags) {
    for sig in globals.sigs.iter().flatten() {
        for (info, span) in sig.size_vars.iter().zip(&sig.size_spans) {
            if let Some(c) = globals.consts.get(&info.name) {
                diags.push(
                    Diagnostic::new(
                        Code::Duplicate,
                        format!("size variable `{}` has the name of a constant", info.name),
                    )
                    .label(*span, "a size variable, bound by the argument's shape")
                    .label(c.def.name.span, "the constant")
                    .help(
                        "sizes are bound by the arguments, not by constants; rename the size \
                         variable or the constant",
                    ),
                );
            }
        }
    }
}

/// Checks a parsed file and lowers it to the array IR.
pub fn check(file: &ast::File) -> Result<ir::Module, Vec<Diagnostic>> {
    let mut diags: Diags = Vec::new();
    let mut defined: HashMap<&str, Span> = HashMap::new();
    let mut fn_defs: Vec<&ast::FnDef> = Vec::new();
    let mut globals = Globals {
        funcs: HashMap::new(),
        sigs: Vec::new(),
        consts: HashMap::new(),
    };

    for (order, item) in file.items.iter().enumerate() {
        let name = match item {
            ast::Item::Fn(f) => &f.name,
            ast::Item::Const(c) => &c.name,
        };
        // A function of the file may shadow a builtin function (it is found first),
        // but not a type name or `newaxis`, which have meaning beyond calls.
        if RESERVED.contains(&name.name.as_str()) {
            diags.push(reserved_name(name));
            continue;
        }
        if let Some(prev) = defined.insert(&name.name, name.span) {
            diags.push(
                Diagnostic::new(Code::Duplicate, format!("`{}` is defined twice", name.name))
                    .label(name.span, "defined again here")
                    .label(prev, "first defined here"),
            );
            continue;
        }
        match item {
            ast::Item::Fn(f) => {
                globals
                    .funcs
                    .insert(f.name.name.clone(), ir::FuncId(fn_defs.len() as u32));
                fn_defs.push(f);
            }
            ast::Item::Const(c) => {
                globals.consts.insert(
                    c.name.name.clone(),
                    ConstInfo {
                        def: c,
                        ty: None,
                        order,
                    },
                );
            }
        }
    }

    for f in &fn_defs {
        let before = diags.len();
        let sig = sig::signature(f, &mut diags);
        if sig.is_none() && diags.len() == before {
            // Every failure reports itself; this guards against a silent one, which
            // would drop the function from the module.
            diags.push(
                Diagnostic::new(
                    Code::BadOperand,
                    format!("the signature of `{}` could not be checked", f.name.name),
                )
                .label(f.name.span, "here"),
            );
        }
        globals.sigs.push(sig);
    }
    func::check_consts(&mut globals, &mut diags);
    report_sizes_named_like_consts(&globals, &mut diags);

    let mut functions = Vec::new();
    let mut calls: Vec<Vec<(ir::FuncId, Span)>> = Vec::new();
    for (i, f) in fn_defs.iter().enumerate() {
        match &globals.sigs[i] {
            Some(sig) => {
                let (func, fcalls) = func::check_function(&globals, sig, f, &mut diags);
                functions.push(func);
                calls.push(fcalls);
            }
            None => calls.push(Vec::new()),
        }
    }
    report_recursion(&fn_defs, &calls, &mut diags);

    if diags.is_empty() {
        let module = ir::Module {
            functions: functions.into_iter().flatten().collect(),
        };
        debug_assert!(ir::verify(&module).is_ok(), "{:?}", ir::verify(&module));
        Ok(module)
    } else {
        diags.sort_by_key(|d| d.span().map(|s| s.start));
        Err(diags)
    }
}

/// Reports one call on each cycle of the call graph.
fn report_recursion(fns: &[&ast::FnDef], calls: &[Vec<(ir::FuncId, Span)>], diags: &mut Diags) {
    // Depth-first search with colours; a back edge closes a cycle.
    #[derive(Clone, Copy, PartialEq)]
    enum Colour {
        White,
        Grey,
        Black,
    }
    let n = fns.len();
    let mut colour = vec![Colour::White; n];
    for root in 0..n {
        if colour[root] != Colour::White {
            continue;
        }
        // Iterative DFS: (node, next edge index).
        let mut stack = vec![(root, 0usize)];
        colour[root] = Colour::Grey;
        while let Some(&mut (node, ref mut edge)) = stack.last_mut() {
            if let Some(&(callee, span)) = calls[node].get(*edge) {
                *edge += 1;
                let c = callee.index();
                match colour[c] {
                    Colour::White => {
                        colour[c] = Colour::Grey;
                        stack.push((c, 0));
                    }
                    Colour::Grey => diags.push(
                        Diagnostic::new(
                            Code::Recursion,
                            format!(
                                "`{}` calls `{}` recursively",
                                fns[node].name.name, fns[c].name.name
                            ),
                        )
                        .label(span, "this call closes a cycle")
                        .help("Arr functions cannot be recursive; write the recursion as a loop"),
                    ),
                    Colour::Black => {}
                }
            } else {
                colour[node] = Colour::Black;
                stack.pop();
            }
        }
    }
}
