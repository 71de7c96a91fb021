//! `arr_compiler`: the Arr compiler as a library.
//!
//! The pipeline (see `ARCHITECTURE.md` at the repository root):
//! [`front`] parses text into an AST, [`check`] resolves names and checks element types
//! and symbolic shapes ([`size`]) and lowers to the typed array IR ([`ir`]), which the
//! reference interpreter ([`interp`]) runs. Every compile-time problem is a
//! [`diag::Diagnostic`]; every run-time problem an [`arr::Error`].

pub mod back;
pub mod build;
pub mod check;
pub mod cli;
pub mod diag;
pub mod front;
pub mod interp;
pub mod ir;
pub mod native;
pub mod plan;
pub mod size;
pub mod span;
pub mod value;

pub use build::Builder;
pub use diag::Diagnostic;
pub use value::Value;

/// Parses and checks a whole source file into the array IR.
pub fn compile(src: &str) -> Result<ir::Module, Vec<Diagnostic>> {
    // The parser bounds nesting at `front::MAX_DEPTH`, and the checker recurses over the
    // AST; a dedicated stack makes that depth safe whatever thread calls us.
    with_stack(|| {
        let file = front::parse(src)?;
        check::check(&file)
    })
}

/// The largest source file [`read_source`] accepts: 16 MiB, far beyond any real program,
/// and small enough that spans (32-bit offsets) and diagnostics stay well-defined.
pub const MAX_SOURCE_BYTES: u64 = 16 << 20;

/// Reads a source file, refusing one larger than [`MAX_SOURCE_BYTES`] (so that `/dev/zero`
/// or a mistaken multi-gigabyte path is an error, not an unbounded read) or not UTF-8.
/// Lone carriage returns (classic Mac line ends) are read as newlines.
pub fn read_source(path: &std::path::Path) -> std::io::Result<String> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_SOURCE_BYTES + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_SOURCE_BYTES {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "larger than {} MiB; is it an Arr source file?",
                MAX_SOURCE_BYTES >> 20
            ),
        ));
    }
    // Old Mac line ends (a lone `\r`) become `\n`, byte for byte, so that comments end
    // and diagnostics count lines as the editor shows them; `\r\n` is left alone.
    for i in 0..bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            bytes[i] = b'\n';
        }
    }
    String::from_utf8(bytes).map_err(|_| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "not valid UTF-8; Arr source files are UTF-8 text",
        )
    })
}

/// Stack size for the recursive phases (parse, check, interpret).
pub(crate) const STACK_SIZE: usize = 256 << 20;

/// Runs `f` on a thread with a [`STACK_SIZE`] stack and returns its result (or runs it
/// on the calling thread if no thread can be started).
pub(crate) fn with_stack<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    let job = std::sync::Mutex::new(Some(f));
    let take = || job.lock().ok().and_then(|mut j| j.take());
    let spawned = std::thread::scope(|s| {
        let handle = std::thread::Builder::new()
            .stack_size(STACK_SIZE)
            .spawn_scoped(s, || take().map(|f| f()));
        match handle {
            Ok(h) => match h.join() {
                Ok(v) => v,
                // A panic in the compiler is a bug: let it surface as one.
                Err(p) => std::panic::resume_unwind(p),
            },
            Err(_) => None,
        }
    });
    match spawned {
        Some(v) => v,
        None => match take() {
            Some(f) => f(),
            None => unreachable!("the job ran or is still here"),
        },
    }
}
