//! A temporary Cargo crate of generated Rust modules plus a `main.rs` that calls them
//! and prints their results, shared by `back_rust.rs` and `differential_native.rs`.
//!
//! Each test crate lives in `target/<dir>/` (written only where its text changed, so that
//! Cargo rebuilds only what changed) and builds, offline and with the workspace's
//! `Cargo.lock`, into the one shared `target/arr-backend-test-target/`: `arr` and its
//! dependencies are compiled once for all such crates.
//!
//! Output protocol of [`MAIN_PRELUDE`]'s `report(tag, result)`: one line
//! `R <tag> <k> <shape> <v v ...>` per result `k` (values in Rust's `{:?}` form), or, for
//! an error, `E <tag> <message>` followed by `K <tag> <variant>` (the `arr::Error`
//! variant name, e.g. `DivisionByZero`). [`parse_lines`] groups the lines by
//! `"<kind> <tag>"`.

#![allow(dead_code)]

use arr_compiler::Value;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn dtype_name(v: &Value) -> &'static str {
    match v {
        Value::F32(_) => "f32",
        Value::F64(_) => "f64",
        Value::I32(_) => "i32",
        Value::I64(_) => "i64",
        Value::Bool(_) => "bool",
    }
}

pub fn elems(v: &Value) -> Vec<String> {
    fn fl<T: std::fmt::Debug + Copy + Into<f64>>(x: T, t: &str) -> String {
        let f: f64 = x.into();
        if f.is_nan() {
            format!("{t}::NAN")
        } else if f.is_infinite() {
            format!("{t}::{}INFINITY", if f < 0.0 { "NEG_" } else { "" })
        } else {
            format!("{x:?}{t}")
        }
    }
    match v {
        Value::F32(a) => a.iter().map(|x| fl(*x, "f32")).collect(),
        Value::F64(a) => a.iter().map(|x| fl(*x, "f64")).collect(),
        Value::I32(a) => a.iter().map(|x| format!("{x}i32")).collect(),
        Value::I64(a) => a.iter().map(|x| format!("{x}i64")).collect(),
        Value::Bool(a) => a.iter().map(|x| x.to_string()).collect(),
    }
}

/// Rust code for an argument in a given layout (0: C order, 1: every axis reversed in
/// memory, 2: Fortran order).
pub fn arg_code(v: &Value, layout: usize, var: &str, out: &mut String) -> String {
    let shape = v.shape();
    if shape.is_empty() {
        return elems(v)[0].clone();
    }
    let t = dtype_name(v);
    let dims: Vec<String> = shape.iter().map(|d| d.to_string()).collect();
    let _ = writeln!(
        out,
        "let {var}: ArrayD<{t}> = ArrayD::from_shape_vec(IxDyn(&[{}]), vec![{}]).unwrap();",
        dims.join(", "),
        elems(v).join(", ")
    );
    let rank = shape.len();
    match layout {
        1 => {
            let _ = writeln!(
                out,
                "let {var}_m = {{ let mut t = {var}.clone(); for k in 0..{rank} {{ t.invert_axis(Axis(k)); }} t.as_standard_layout().into_owned() }};\n\
                 let mut {var}_v = {var}_m.view(); for k in 0..{rank} {{ {var}_v.invert_axis(Axis(k)); }}"
            );
        }
        2 => {
            let _ = writeln!(
                out,
                "let {var}_m = {var}.t().as_standard_layout().into_owned();\nlet {var}_v = {var}_m.t();"
            );
        }
        _ => {
            let _ = writeln!(out, "let {var}_v = {var}.view();");
        }
    }
    format!("{var}_v.into_dimensionality::<Ix{rank}>().unwrap()")
}

pub const MAIN_PRELUDE: &str = r#"
#![allow(unused_imports, clippy::all)]
use arr::ndarray::{ArrayD, Axis, IxDyn, Ix1, Ix2, Ix3, Ix4, Ix5, Ix6};

trait Out {
    fn out(&self, tag: &str, idx: &mut usize);
}
macro_rules! scalar_out {
    ($($t:ty),*) => {$(
        impl Out for $t {
            fn out(&self, tag: &str, idx: &mut usize) {
                println!("R {tag} {} [] {:?}", *idx, self);
                *idx += 1;
            }
        }
    )*};
}
scalar_out!(f32, f64, i32, i64, bool);
impl<T: std::fmt::Debug, D: arr::ndarray::Dimension> Out for arr::ndarray::Array<T, D> {
    fn out(&self, tag: &str, idx: &mut usize) {
        let vals: Vec<String> = self.iter().map(|x| format!("{x:?}")).collect();
        println!("R {tag} {} {:?} {}", *idx, self.shape(), vals.join(" "));
        *idx += 1;
    }
}
macro_rules! tuple_out {
    ($($n:tt $T:ident),*) => {
        impl<$($T: Out),*> Out for ($($T,)*) {
            fn out(&self, tag: &str, idx: &mut usize) { $(self.$n.out(tag, idx);)* }
        }
    };
}
tuple_out!(0 A, 1 B);
tuple_out!(0 A, 1 B, 2 C);
tuple_out!(0 A, 1 B, 2 C, 3 D);
tuple_out!(0 A, 1 B, 2 C, 3 D, 4 E);
tuple_out!(0 A, 1 B, 2 C, 3 D, 4 E, 5 F);
fn report<T: Out>(tag: &str, r: Result<T, arr::Error>) {
    match r {
        Ok(v) => v.out(tag, &mut 0),
        Err(e) => {
            println!("E {tag} {e}");
            let d = format!("{e:?}");
            let end = d.find(|c: char| !c.is_alphanumeric()).unwrap_or(d.len());
            println!("K {tag} {}", &d[..end]);
        }
    }
}
"#;

/// The workspace root (the parent of `compiler/`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The target directory all test crates share.
pub fn shared_target_dir() -> PathBuf {
    workspace_root().join("target/arr-backend-test-target")
}

/// Writes `path` unless it already holds `text` (keeps mtimes, so Cargo rebuilds only
/// what changed).
fn write_if_changed(path: &Path, text: &[u8]) {
    if std::fs::read(path).ok().as_deref() != Some(text) {
        std::fs::write(path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
    }
}

/// A test crate: package `name` in `target/<dir>/`.
#[derive(Debug)]
pub struct TestCrate {
    pub name: String,
    pub dir: PathBuf,
    /// Extra manifest text (e.g. a `[profile.dev.package.NAME]` table).
    pub manifest_extra: String,
    /// Build incrementally (the default). Off saves about 15% of a full build, for a
    /// crate that changes wholesale between runs; either way `arr` is not rebuilt.
    pub incremental: bool,
}

impl TestCrate {
    pub fn new(name: &str, dir: &str) -> TestCrate {
        TestCrate {
            name: name.to_string(),
            dir: workspace_root().join("target").join(dir),
            manifest_extra: String::new(),
            incremental: true,
        }
    }

    /// Writes the crate: `modules` as `src/<name>.rs` (a `mod <name>;` line for each is
    /// appended to `main`), the manifest and the lock file. Module files of earlier runs
    /// that are not in `modules` are deleted.
    pub fn write(&self, modules: &[(String, String)], main: &str) {
        let src_dir = self.dir.join("src");
        std::fs::create_dir_all(&src_dir).unwrap();
        let mut keep: std::collections::HashSet<String> = ["main.rs".to_string()].into();
        let mut mods = String::new();
        for (m, text) in modules {
            let file = format!("{m}.rs");
            write_if_changed(&src_dir.join(&file), text.as_bytes());
            keep.insert(file);
            let _ = writeln!(mods, "mod {m};");
        }
        if let Ok(rd) = std::fs::read_dir(&src_dir) {
            for e in rd.flatten() {
                let n = e.file_name().to_string_lossy().into_owned();
                if n.ends_with(".rs") && !keep.contains(&n) {
                    let _ = std::fs::remove_file(e.path());
                }
            }
        }
        write_if_changed(
            &src_dir.join("main.rs"),
            format!("{main}\n{mods}").as_bytes(),
        );
        let runtime = workspace_root().join("runtime");
        let manifest = format!(
            "[package]\nname = \"{}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\narr = {{ path = {:?} }}\n\n[workspace]\n{}",
            self.name,
            runtime.display().to_string(),
            self.manifest_extra
        );
        write_if_changed(&self.dir.join("Cargo.toml"), manifest.as_bytes());
        let lock = std::fs::read(workspace_root().join("Cargo.lock")).unwrap();
        write_if_changed(&self.dir.join("Cargo.lock"), &lock);
    }

    /// `cargo run --offline --quiet` in the crate, with `RAYON_NUM_THREADS=threads`.
    pub fn run(&self, threads: &str) -> Output {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
        let mut cmd = Command::new(cargo);
        if !self.incremental {
            cmd.env("CARGO_INCREMENTAL", "0");
        }
        cmd.args(["run", "--offline", "--quiet"])
            .current_dir(&self.dir)
            .env("CARGO_TARGET_DIR", shared_target_dir())
            .env_remove("RUSTFLAGS")
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap()
    }

    /// The built executable (after [`TestCrate::run`]).
    pub fn exe(&self) -> PathBuf {
        shared_target_dir().join("debug").join(&self.name)
    }
}

/// The output lines of the generated program, grouped by `"<kind> <tag>"` (kind `R`, `E`,
/// `K` or anything else the program prints), each the rest of its line.
pub fn parse_lines(stdout: &str) -> HashMap<String, Vec<String>> {
    let mut got: HashMap<String, Vec<String>> = HashMap::new();
    for line in stdout.lines() {
        let mut parts = line.splitn(3, ' ');
        let (kind, tag, rest) = (
            parts.next().unwrap_or(""),
            parts.next().unwrap_or(""),
            parts.next().unwrap_or(""),
        );
        got.entry(format!("{kind} {tag}"))
            .or_default()
            .push(rest.to_string());
    }
    got
}
