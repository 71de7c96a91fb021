//! The parser: source text → [`ast::File`].
//!
//! The grammar is `grammar/arr.pest` (pest, a PEG). Parsing is three steps:
//!
//! 1. [`prescan`]: a linear scan that rejects nesting of `( [ {` and runs of unary
//!    operators deeper than [`MAX_DEPTH`] (E0002) and unterminated block comments
//!    (E0001), so that pest's recursion stays bounded.
//! 2. pest, on a thread with a large stack (its recursion is proportional to the
//!    bracket depth, which step 1 bounded).
//! 3. [`lower`]: pest pairs → AST with byte spans, checking literals (E0003) and the
//!    depth of the tree it builds (E0002: long operator chains make deep trees, and the
//!    later phases recurse over the AST).
//!
//! Syntax errors are converted from pest's by [`error`].

mod error;
mod lower;

use super::ast;
use crate::diag::{Code, Diagnostic};
use crate::span::Span;
use pest::Parser as _;

/// The deepest nesting of expressions, blocks and types the parser accepts.
pub const MAX_DEPTH: usize = 256;

/// The stack of the thread that runs pest and the lowering. Parsing `MAX_DEPTH`
/// nested brackets needs a few MiB in a debug build; this leaves a wide margin. It is
/// reserved address space, touched only as far as it is used.
const PARSER_STACK: usize = 64 * 1024 * 1024;

#[derive(pest_derive::Parser)]
#[grammar = "../../grammar/arr.pest"]
struct ArrParser;

/// Parses a whole file.
pub fn parse(src: &str) -> Result<ast::File, Vec<Diagnostic>> {
    if src.len() >= u32::MAX as usize {
        return Err(vec![Diagnostic::new(
            Code::Syntax,
            "source file too large (4 GiB or more)",
        )
        .label(Span::new(0, 0), "")]);
    }
    prescan(src).map_err(|d| vec![d])?;
    let run = move || parse_unchecked(src).map_err(|d| vec![d]);
    std::thread::scope(|scope| {
        match std::thread::Builder::new()
            .name("arr-parse".into())
            .stack_size(PARSER_STACK)
            .spawn_scoped(scope, run)
        {
            Ok(handle) => match handle.join() {
                Ok(result) => result,
                Err(panic) => std::panic::resume_unwind(panic),
            },
            // No thread available: parse here. pest guards its own recursion ("stack
            // limit reached" becomes E0002); the lowering recurses about as deep.
            Err(_) => run(),
        }
    })
}

/// Steps 2 and 3, on the current thread.
fn parse_unchecked(src: &str) -> Result<ast::File, Diagnostic> {
    let items = ArrParser::parse(Rule::file, src).map_err(|e| error::from_pest(src, &e))?;
    lower::file(items)
}

/// Rejects inputs whose nesting would make pest recurse too deep, and unterminated
/// block comments, before pest sees them. Linear in the input.
fn prescan(src: &str) -> Result<(), Diagnostic> {
    let b = src.as_bytes();
    let mut depth = 0usize;
    let mut unary_run = 0usize;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        match c {
            b'/' if next == Some(b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'/' if next == Some(b'*') => {
                let start = i;
                i += 2;
                loop {
                    if i + 1 >= b.len() {
                        return Err(Diagnostic::new(Code::Syntax, "unterminated block comment")
                            .label(Span::new(start, start + 2), "this comment is never closed")
                            .help("close it with `*/`"));
                    }
                    if b[i] == b'*' && b[i + 1] == b'/' {
                        i += 2;
                        break;
                    }
                    i += 1;
                }
                continue;
            }
            b' ' | b'\t' | b'\r' | b'\n' => {}
            b'(' | b'[' | b'{' => {
                depth += 1;
                unary_run = 0;
                if depth > MAX_DEPTH {
                    return Err(too_deep(Span::new(i, i + 1), "brackets"));
                }
            }
            b')' | b']' | b'}' => {
                depth = depth.saturating_sub(1);
                unary_run = 0;
            }
            b'-' | b'!' if !matches!(next, Some(b'=') | Some(b'>')) => {
                unary_run += 1;
                if unary_run > MAX_DEPTH {
                    return Err(too_deep(Span::new(i, i + 1), "unary operators"));
                }
            }
            _ => unary_run = 0,
        }
        i += 1;
    }
    Ok(())
}

/// The E0002 diagnostic.
pub(super) fn too_deep(span: Span, what: &str) -> Diagnostic {
    Diagnostic::new(
        Code::TooDeep,
        format!("{what} nested too deeply (the limit is {MAX_DEPTH} levels)"),
    )
    .label(span, "nesting exceeds the limit here")
    .help("split the expression into several `let` statements")
}
