//! `arrc`: the Arr command line. All the logic lives in [`arr_compiler::cli`].

fn main() {
    std::process::exit(arr_compiler::cli::main());
}
