use super::Module;

/// Prints the module in the textual form `arrc check --dump-ir` shows.
pub fn print_module(module: &Module) -> String {
    format!("{module:?}")
}
