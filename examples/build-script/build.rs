// Compiles src/kernels.arr to Rust at build time; src/lib.rs includes the result.
fn main() -> Result<(), Box<dyn std::error::Error>> {
    arr_compiler::Builder::new()
        .file("src/kernels.arr")
        .compile()?;
    Ok(())
}
