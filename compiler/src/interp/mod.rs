//! The reference interpreter: runs the array IR directly, with NumPy's semantics as the
//! IR documents them. It is the oracle the compiled backends are tested against, so it
//! favours obvious correctness, but whole-array operations run as ndarray operations and
//! scalars never allocate (see [`val`]).
//!
//! - [`val`]: run-time values and the element-type machinery;
//! - [`elementwise`]: operators, math functions and casts with broadcasting;
//! - [`reduce`]: reductions and scans;
//! - [`construct`]: array builders, linear algebra and shape operations;
//! - [`index`]: indexing and indexed assignment;
//! - [`exec`]: statements, expressions, calls, and the entry and exit checks.
//!
//! Nothing here panics on user input: every ndarray call that could panic is preceded by
//! a check that turns the problem into an [`arr::Error`].

#[macro_use]
mod val;
mod construct;
mod elementwise;
mod exec;
mod index;
mod reduce;
#[cfg(test)]
mod tests;

use crate::ir::Module;
use crate::value::Value;

/// Runs function `entry` of `module` on `args` (in parameter order) and returns its
/// results (one value, or the elements of a tuple result).
pub fn run(module: &Module, entry: &str, args: &[Value]) -> Result<Vec<Value>, arr::Error> {
    // Expressions are evaluated recursively; their depth is bounded by the parser's
    // limit, and a dedicated stack makes that depth safe on any calling thread.
    crate::with_stack(|| run_here(module, entry, args))
}

fn run_here(module: &Module, entry: &str, args: &[Value]) -> Result<Vec<Value>, arr::Error> {
    let func = module
        .function(entry)
        .ok_or_else(|| arr::Error::NoSuchFunction(entry.to_string()))?;
    let args: Vec<val::Val> = args.iter().map(val::Val::from_value).collect();
    let result = exec::call(module, func, args)?;
    match result {
        val::Val::Tuple(vs) if func.result_is_tuple => {
            vs.into_iter().map(val::Val::into_value).collect()
        }
        v => Ok(vec![v.into_value()?]),
    }
}
