//! The reference interpreter.

use crate::ir::Module;
use crate::value::Value;

/// Runs function `entry` of `module` on `args` (in parameter order) and returns its
/// results (one value, or the elements of a tuple result).
pub fn run(module: &Module, entry: &str, args: &[Value]) -> Result<Vec<Value>, arr::Error> {
    let _ = (module, args);
    Err(arr::Error::NoSuchFunction(entry.to_string()))
}
