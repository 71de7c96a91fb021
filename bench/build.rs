// Compiles every workload in workloads/*.arr to Rust with arr_compiler::Builder;
// src/lib.rs includes the generated modules with `arr::include_kernels!`.
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut names: Vec<_> = std::fs::read_dir("workloads")?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "arr"))
        .collect();
    names.sort();
    let mut builder = arr_compiler::Builder::new();
    for p in &names {
        builder = builder.file(p);
    }
    println!("cargo:rerun-if-changed=workloads");
    builder.compile()?;
    Ok(())
}
