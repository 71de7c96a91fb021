use super::ast;
use crate::diag::Diagnostic;

/// The deepest nesting of expressions, blocks and types the parser accepts.
pub const MAX_DEPTH: usize = 256;

/// Parses a whole file.
pub fn parse(_src: &str) -> Result<ast::File, Vec<Diagnostic>> {
    Err(vec![Diagnostic::new(crate::diag::Code::Syntax, "parser not written yet")])
}
