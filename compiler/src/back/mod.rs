//! Code generators ("writers") that turn the checked array IR into source code.
//!
//! - [`rust`]: `arrc build --target rust`, a readable Rust module on the `arr` runtime.

pub mod rust;
