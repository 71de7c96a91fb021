//! The front end: source text → [`ast::File`], through the pest grammar in
//! `grammar/arr.pest`.

pub mod ast;
mod parse;

pub use parse::{parse, MAX_DEPTH};
