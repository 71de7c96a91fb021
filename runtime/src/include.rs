//! `include_kernels!`: the build-script counterpart of `array!`.

/// Includes the Rust module that `arr_compiler::Builder` generated in `build.rs` for the
/// `.arr` file with the given stem: `arr::include_kernels!("k")` for `src/k.arr`.
///
/// ```ignore
/// // build.rs
/// fn main() -> Result<(), Box<dyn std::error::Error>> {
///     arr_compiler::Builder::new().file("src/k.arr").compile()?;
///     Ok(())
/// }
///
/// // src/lib.rs
/// mod k {
///     arr::include_kernels!("k");
/// }
/// ```
#[macro_export]
macro_rules! include_kernels {
    ($name:literal) => {
        include!(concat!(env!("OUT_DIR"), "/arr/", $name, ".rs"));
    };
}
