//! pest errors → E0001 diagnostics with readable names for what was expected.

use super::{too_deep, Rule};
use crate::diag::{Code, Diagnostic};
use crate::span::Span;
use pest::error::{Error, ErrorVariant, InputLocation};

/// What the user would call a rule; `None` for operators (left out of "expected ..."
/// lists when anything else was expected: "expected `;` or `}`" reads better than a
/// list of every operator that could continue the expression).
fn describe(rule: Rule) -> Option<&'static str> {
    use Rule::*;
    Some(match rule {
        EOI => "end of file",
        fn_def | kw_fn => "`fn`",
        const_def | kw_const => "`const`",
        param => "a parameter",
        ident | name | keyword => "an identifier",
        kw_let => "`let`",
        kw_mut => "`mut`",
        kw_for => "`for`",
        kw_in => "`in`",
        kw_while => "`while`",
        kw_if => "`if`",
        kw_else => "`else`",
        kw_return => "`return`",
        lparen => "`(`",
        rparen => "`)`",
        lbracket => "`[`",
        rbracket => "`]`",
        lbrace | block => "`{`",
        rbrace => "`}`",
        comma => "`,`",
        semi => "`;`",
        colon => "`:`",
        arrow => "`->`",
        dotdot => "`..`",
        assign => "`=`",
        scalar_ty => "an element type (`f32`, `f64`, `i32`, `i64` or `bool`)",
        ty | array_ty | tuple_ty => "a type",
        size | size_term | size_factor => "a size",
        let_stmt | for_stmt | while_stmt | return_stmt | blocklike_stmt | expr_stmt => {
            "a statement"
        }
        expr | and_expr | cmp_expr | sum_expr | prod_expr | unary_expr | pow_expr
        | postfix_expr | float_lit | int_lit | bool_lit | if_expr | paren | list | call | kwarg
        | index_item | slice_stop | slice_step => "an expression",
        let_tuple => "`(`",
        else_if | else_block => "`else`",
        slice_tail => "`:`",
        index_suffix => "`[`",
        or_op | and_op | cmp_op | sum_op | prod_op | pow_op | unary_op | assign_op | transpose
        | size_add_op | size_mul_op | size_neg | call_open | index_open => return None,
        // Silent rules (never reported by pest).
        _ => return None,
    })
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The token at byte `pos`, for "found ...", and its span.
fn found(src: &str, pos: usize) -> (String, Span) {
    let rest = &src[pos..];
    let Some(c) = rest.chars().next() else {
        return ("end of file".to_string(), Span::new(pos, pos));
    };
    let len = if is_ident_char(c) {
        rest.find(|c: char| !is_ident_char(c)).unwrap_or(rest.len())
    } else {
        const TWO: [&str; 14] = [
            "**", "==", "!=", "<=", ">=", "&&", "||", "->", "..", "+=", "-=", "*=", "/=", "::",
        ];
        if TWO.iter().any(|t| rest.starts_with(t)) {
            2
        } else {
            c.len_utf8()
        }
    };
    let text = &rest[..len];
    let shown = if c.is_control() || c.is_whitespace() {
        format!("`{}`", c.escape_default())
    } else if text.len() > 40 {
        let cut: String = text.chars().take(40).collect();
        format!("`{cut}...`")
    } else {
        format!("`{text}`")
    };
    (shown, Span::new(pos, pos + len))
}

fn join(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

pub(super) fn from_pest(src: &str, e: &Error<Rule>) -> Diagnostic {
    let pos = match e.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    }
    .min(src.len());
    let (tok, span) = found(src, pos);
    match &e.variant {
        ErrorVariant::CustomError { message } => {
            if message.contains("limit") {
                too_deep(span, "input")
            } else {
                Diagnostic::new(Code::Syntax, format!("syntax error: {message}"))
                    .label(span, "here")
            }
        }
        ErrorVariant::ParsingError {
            positives,
            negatives,
        } => {
            let mut names: Vec<&str> = Vec::new();
            let mut operator = false;
            for r in positives {
                match describe(*r) {
                    Some(n) if !names.contains(&n) => names.push(n),
                    Some(_) => {}
                    None => operator = true,
                }
            }
            if names.contains(&"an expression") {
                // An identifier is an expression too.
                names.retain(|n| *n != "an identifier");
            }
            names.sort_unstable();
            let expected = if names.is_empty() && operator {
                "an operator".to_string()
            } else if names.is_empty() {
                let unexpected: Vec<&str> = negatives.iter().filter_map(|r| describe(*r)).collect();
                if unexpected.is_empty() {
                    String::new()
                } else {
                    return Diagnostic::new(
                        Code::Syntax,
                        format!("unexpected {}, found {tok}", join(&unexpected)),
                    )
                    .label(span, "unexpected here");
                }
            } else {
                join(&names)
            };
            let mut d = if expected.is_empty() {
                Diagnostic::new(Code::Syntax, format!("unexpected {tok}"))
                    .label(span, "unexpected here")
            } else {
                Diagnostic::new(Code::Syntax, format!("expected {expected}, found {tok}"))
                    .label(span, format!("expected {expected}"))
            };
            if let Some(help) = help_for(src, pos) {
                d = d.help(help);
            }
            d
        }
    }
}

/// A hint for a few common mistakes, judged from the text at the error.
fn help_for(src: &str, pos: usize) -> Option<&'static str> {
    let rest = &src[pos..];
    let is_cmp = ["==", "!=", "<=", ">=", "<", ">"]
        .iter()
        .any(|op| rest.starts_with(op));
    if is_cmp {
        // Another comparison earlier in the same statement?
        let before = &src[..pos];
        let stmt_start = before.rfind([';', '{', '}']).map_or(0, |i| i + 1);
        let seg = before[stmt_start..].replace("->", "");
        if seg.contains(['<', '>']) || seg.contains("==") || seg.contains("!=") {
            return Some("comparison operators cannot be chained: write `a < b && b < c`");
        }
    }
    if rest.starts_with("**=") || rest.starts_with("%=") {
        return Some("the compound assignments are `+=`, `-=`, `*=` and `/=`");
    }
    None
}
