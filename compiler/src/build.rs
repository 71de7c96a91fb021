//! `Builder`: compile `.arr` files from a `build.rs`, as prost-build and lalrpop do.
//!
//! ```no_run
//! // build.rs
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     arr_compiler::Builder::new().file("src/kernels.arr").compile()?;
//!     Ok(())
//! }
//! ```
//! and in the crate: `mod kernels { arr::include_kernels!("kernels"); }`.
//!
//! Each file `src/NAME.arr` becomes `$OUT_DIR/arr/NAME.rs`, the same module
//! `arrc build --target rust` writes. A file is rewritten only when its content changes,
//! so an unchanged kernel does not make cargo rebuild the crate. Diagnostics fail the
//! build with the same text `arrc check` prints.

use crate::diag::{self, Style};
use std::fmt;
use std::path::{Path, PathBuf};

/// Configures and runs the compilation of `.arr` files in a build script.
#[derive(Debug, Default, Clone)]
pub struct Builder {
    files: Vec<PathBuf>,
    out_dir: Option<PathBuf>,
}

/// Why a build failed: the rendered diagnostics, or an I/O problem.
pub struct BuildError {
    message: String,
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

// `fn main() -> Result<(), Box<dyn Error>>` prints errors with `Debug`: show the
// diagnostics as they are, not as an escaped string.
impl fmt::Debug for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\n{}", self.message)
    }
}

impl std::error::Error for BuildError {}

impl BuildError {
    fn new(message: impl Into<String>) -> BuildError {
        BuildError {
            message: message.into(),
        }
    }
}

impl Builder {
    pub fn new() -> Builder {
        Builder::default()
    }

    /// Adds an `.arr` file (relative to the crate root, as build scripts run there).
    pub fn file(mut self, path: impl AsRef<Path>) -> Builder {
        self.files.push(path.as_ref().to_path_buf());
        self
    }

    /// Where to write the modules; default `$OUT_DIR/arr`, where `include_kernels!`
    /// looks.
    pub fn out_dir(mut self, dir: impl AsRef<Path>) -> Builder {
        self.out_dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// Compiles every file to Rust in memory: `(module name, generated code)` pairs.
    pub fn generate(&self) -> Result<Vec<(String, String)>, BuildError> {
        let mut out = Vec::new();
        let mut failures = Vec::new();
        for path in &self.files {
            let name = module_name(path)?;
            let shown = path.display().to_string();
            let src = crate::read_source(path)
                .map_err(|e| BuildError::new(format!("cannot read {shown}: {e}")))?;
            match crate::compile(&src) {
                Ok(module) => {
                    let code =
                        crate::back::rust::write_module(&module, &shown, &src).map_err(|e| {
                            BuildError::new(format!("internal error generating {shown}: {e}"))
                        })?;
                    out.push((name, code));
                }
                Err(diags) => {
                    for d in &diags {
                        failures.push(diag::render(d, &shown, &src, Style::Plain));
                    }
                }
            }
        }
        if failures.is_empty() {
            Ok(out)
        } else {
            Err(BuildError::new(failures.join("\n")))
        }
    }

    /// Compiles every file and writes `NAME.rs` into the output directory. Prints the
    /// `cargo:rerun-if-changed` lines for the sources.
    pub fn compile(self) -> Result<(), BuildError> {
        for path in &self.files {
            println!("cargo:rerun-if-changed={}", path.display());
        }
        let dir = match &self.out_dir {
            Some(d) => d.clone(),
            None => PathBuf::from(std::env::var_os("OUT_DIR").ok_or_else(|| {
                BuildError::new(
                    "OUT_DIR is not set: call `compile` from a build script, or set `out_dir`",
                )
            })?)
            .join("arr"),
        };
        std::fs::create_dir_all(&dir)
            .map_err(|e| BuildError::new(format!("cannot create {}: {e}", dir.display())))?;
        for (name, code) in self.generate()? {
            write_if_changed(&dir.join(format!("{name}.rs")), &code)?;
        }
        Ok(())
    }
}

/// `src/kernels.arr` → `kernels`; the name must be a Rust identifier.
fn module_name(path: &Path) -> Result<String, BuildError> {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let ok = !stem.is_empty()
        && !stem.starts_with(|c: char| c.is_ascii_digit())
        && stem.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if ok {
        Ok(stem.to_string())
    } else {
        Err(BuildError::new(format!(
            "{}: the file name must be a Rust identifier (it names the generated module)",
            path.display()
        )))
    }
}

fn write_if_changed(path: &Path, code: &str) -> Result<(), BuildError> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == code) {
        return Ok(());
    }
    std::fs::write(path, code)
        .map_err(|e| BuildError::new(format!("cannot write {}: {e}", path.display())))
}
