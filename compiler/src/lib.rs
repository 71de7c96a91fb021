//! `arr_compiler`: the Arr compiler as a library.
//!
//! The pipeline (see `ARCHITECTURE.md` at the repository root):
//! [`front`] parses text into an AST, [`check`] resolves names and checks element types
//! and symbolic shapes ([`size`]) and lowers to the typed array IR ([`ir`]), which the
//! reference interpreter ([`interp`]) runs. Every compile-time problem is a
//! [`diag::Diagnostic`]; every run-time problem an [`arr::Error`].

pub mod check;
pub mod cli;
pub mod diag;
pub mod front;
pub mod interp;
pub mod ir;
pub mod size;
pub mod span;
pub mod value;

pub use diag::Diagnostic;
pub use value::Value;

/// Parses and checks a whole source file into the array IR.
pub fn compile(src: &str) -> Result<ir::Module, Vec<Diagnostic>> {
    let file = front::parse(src)?;
    check::check(&file)
}
