//! Native execution: `arrc run` without `--interp`.
//!
//! The generated Rust module of a program (see `back::rust`) becomes a small crate, built
//! once in release mode and cached by content hash; each run starts the built binary on
//! the arguments and reads its results back as [`Value`]s. `docs/native.md` describes the
//! same design for users.
//!
//! # The cache
//!
//! The cache directory is `$ARR_CACHE_DIR` if set, else `$XDG_CACHE_HOME/arr`, else
//! `$HOME/.cache/arr` ([`cache_dir`]). In it:
//!
//! - `<key>/` — one finished program per key: `Cargo.toml`, `Cargo.lock`,
//!   `src/kernels.rs` (the generated module, verbatim), `src/main.rs` (the harness made
//!   from the entry's signature, see [`harness`]) and `arr-run`, the built binary. A
//!   directory named by its key appears only once its binary is complete.
//! - `target/` — the one `CARGO_TARGET_DIR` of every build, so that `arr`'s dependencies
//!   (ndarray, faer, rayon) compile once per machine, not once per program.
//! - `<key>.tmp-*` — a build in progress (removed by the next build once a day old: a
//!   crashed one); `<key>.failed` — the crate of the last build of that key that did not
//!   compile, kept for inspection.
//!
//! The key ([`Program::key`]) is a 128-bit FNV-1a hash (fixed constants, so stable across
//! runs and machines) of: the generated module text, the entry name, the harness text,
//! the arrc version, the canonical path of the `arr` runtime crate and the contents of
//! its `Cargo.toml` and `src/` (which cover its version, and also edits to it during
//! development), the workspace's `Cargo.lock`, and the target architecture, OS and
//! profile. Equal keys mean equal binaries, so a run whose `<key>/arr-run` exists starts
//! it at once: no cargo, no rebuild.
//!
//! # Building
//!
//! The crate depends on `arr = { path = <runtime> }`, where `<runtime>` is the workspace's
//! `runtime/` directory found from arrc's own `CARGO_MANIFEST_DIR` at compile time
//! (canonicalized), and on `ndarray-npy` for the harness's `.npy` I/O. The workspace's
//! `Cargo.lock` is copied in, so every dependency resolves to the version the workspace
//! build already downloaded, and the build runs `cargo build --release --offline`
//! (`$CARGO` or `cargo` on `PATH`).
//!
//! Concurrency needs no lock file: each build writes its crate into a private staging
//! directory `<key>.tmp-<pid>-<nanos>` whose package (and binary) name is unique too,
//! so two builds never write the same file; cargo itself serializes the use of the shared
//! target directory. The finished binary is moved into the staging directory, which is
//! then renamed to `<key>` in one atomic step. If two processes build one key at the same
//! time, both build and the second rename finds `<key>` already there and uses it.
//!
//! # Running
//!
//! Every argument is written as a `.npy` file (a scalar as a 0-d array) into a fresh
//! temporary directory; the harness reads them, calls the entry, and writes each result
//! to its own `.npy` file, which [`Program::execute`] reads back. `RAYON_NUM_THREADS` is
//! set from [`Options::threads`]. A run-time `arr::Error` comes back as
//! [`NativeError::Runtime`] with the same message the interpreter gives. With
//! [`Options::time`] the harness calls the entry several times and reports each call's
//! wall time (file I/O excluded), returned in [`Outcome::times`].

pub mod harness;
mod hash;

pub use hash::Fnv128;

use crate::cli::npy;
use crate::ir::{Function, Module};
use crate::value::Value;
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Whether `arrc run` runs native code by default (it does since the Rust backend,
/// `back::rust`, is in the tree). When false, the CLI runs the interpreter with a note
/// unless `ARR_NATIVE=1` is set.
pub const BACKEND_AVAILABLE: bool = true;

/// The name of the finished binary inside a key's directory.
pub const BINARY_NAME: &str = "arr-run";

/// How many lines of cargo's or the program's stderr an internal error shows.
const TAIL_LINES: usize = 40;

/// Why a native run failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NativeError {
    /// A run-time error of the program itself: the `arr::Error` message, exactly as the
    /// interpreter reports it.
    Runtime(String),
    /// Native code cannot be built on this machine (no cargo, no runtime crate, an
    /// unusable cache directory). The message is complete and suggests `--interp`.
    Unavailable(String),
    /// A bug in arrc: the generated code did not compile, or the program crashed or
    /// returned something other than its declared results. The message is complete.
    Internal(String),
}

impl fmt::Display for NativeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NativeError::Runtime(m) | NativeError::Unavailable(m) | NativeError::Internal(m) => {
                write!(f, "{m}")
            }
        }
    }
}

impl std::error::Error for NativeError {}

/// How to run.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `RAYON_NUM_THREADS` for the program (inherited when `None`).
    pub threads: Option<u32>,
    /// Time the call: at most this many calls, stopping early once they took the
    /// duration in all. `None`: one call.
    pub time: Option<(usize, Duration)>,
    /// The cache directory; [`cache_dir`] when `None`.
    pub cache_dir: Option<PathBuf>,
}

/// What a native run produced.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The results of the (last) call, in declaration order.
    pub results: Vec<Value>,
    /// The wall time of each call, when timed.
    pub times: Vec<Duration>,
    /// Whether this run built the program (false: the cache had it).
    pub built: bool,
    /// The binary that ran.
    pub binary: PathBuf,
}

/// The generated Rust module of `module` (from `src`, a file called `file_name`), for
/// [`run`]: `back::rust::write_module`'s text, or, for testing the native path with a
/// hand-written stand-in, the contents of the file named by `$ARR_NATIVE_MODULE`.
pub fn generate(module: &Module, file_name: &str, src: &str) -> Result<String, String> {
    if let Some(path) = std::env::var_os("ARR_NATIVE_MODULE") {
        let path = PathBuf::from(path);
        return std::fs::read_to_string(&path).map_err(|e| {
            format!(
                "cannot read the stand-in module $ARR_NATIVE_MODULE = {}: {e}",
                path.display()
            )
        });
    }
    crate::back::rust::write_module(module, file_name, src)
}

/// Builds (or finds in the cache) and runs `func`, whose Rust function is in
/// `module_text`, on `args` (one [`Value`] per parameter, of its dtype and rank).
pub fn run(
    module_text: &str,
    func: &Function,
    args: &[Value],
    opts: &Options,
) -> Result<Outcome, NativeError> {
    let cache = match &opts.cache_dir {
        Some(c) => c.clone(),
        None => cache_dir()?,
    };
    let program = Program::prepare(module_text, func, &cache)?;
    let built = program.build()?;
    let (results, times) = program.execute(func, args, opts)?;
    Ok(Outcome {
        results,
        times,
        built,
        binary: program.binary.clone(),
    })
}

/// The cache directory: `$ARR_CACHE_DIR`, else `$XDG_CACHE_HOME/arr`, else
/// `$HOME/.cache/arr`.
pub fn cache_dir() -> Result<PathBuf, NativeError> {
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    if let Some(d) = var("ARR_CACHE_DIR") {
        return Ok(PathBuf::from(d));
    }
    if let Some(d) = var("XDG_CACHE_HOME") {
        return Ok(PathBuf::from(d).join("arr"));
    }
    if let Some(d) = var("HOME") {
        return Ok(PathBuf::from(d).join(".cache").join("arr"));
    }
    Err(NativeError::Unavailable(
        "cannot find a cache directory for native code: set ARR_CACHE_DIR (or HOME); \
         or run with --interp to use the reference interpreter"
            .to_string(),
    ))
}

/// The `arr` runtime crate the generated code is built against: the workspace's
/// `runtime/` next to this compiler's sources, canonicalized.
pub fn runtime_dir() -> Result<PathBuf, NativeError> {
    let raw = Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime");
    match raw.canonicalize() {
        Ok(p) if p.join("Cargo.toml").is_file() => Ok(p),
        _ => Err(NativeError::Unavailable(format!(
            "cannot build native code: the `arr` runtime crate is not at {} (arrc looks for \
             it next to the sources it was built from); run with --interp to use the \
             reference interpreter",
            raw.display()
        ))),
    }
}

/// One program in the cache: where it lives and how to build it.
#[derive(Debug, Clone)]
pub struct Program {
    /// The cache key (32 hex digits).
    pub key: String,
    /// The cache directory.
    pub cache: PathBuf,
    /// `<cache>/<key>`.
    pub dir: PathBuf,
    /// `<cache>/<key>/arr-run`.
    pub binary: PathBuf,
    entry: String,
    runtime: PathBuf,
    lock: Option<Vec<u8>>,
    module_text: String,
    harness: String,
}

impl Program {
    /// Computes the key of `func` in `module_text`; touches nothing on disk but reads
    /// the runtime crate's sources for the key.
    pub fn prepare(
        module_text: &str,
        func: &Function,
        cache: &Path,
    ) -> Result<Program, NativeError> {
        let runtime = runtime_dir()?;
        let lock = runtime
            .parent()
            .and_then(|w| std::fs::read(w.join("Cargo.lock")).ok());
        let harness = harness::source(func);
        let mut h = Fnv128::new();
        h.field(b"arr-native/1");
        h.field(module_text.as_bytes());
        h.field(func.name.as_bytes());
        h.field(harness.as_bytes());
        h.field(env!("CARGO_PKG_VERSION").as_bytes());
        h.field(runtime.to_string_lossy().as_bytes());
        hash_tree(&mut h, &runtime, &["Cargo.toml", "build.rs", "src"]);
        h.field(lock.as_deref().unwrap_or_default());
        h.field(std::env::consts::ARCH.as_bytes());
        h.field(std::env::consts::OS.as_bytes());
        h.field(cpu_identity().as_bytes());
        h.field(RUSTFLAGS.as_bytes());
        h.field(b"release");
        let key = h.hex();
        let dir = cache.join(&key);
        let binary = dir.join(format!("{BINARY_NAME}{}", std::env::consts::EXE_SUFFIX));
        Ok(Program {
            key,
            cache: cache.to_path_buf(),
            dir,
            binary,
            entry: func.name.clone(),
            runtime,
            lock,
            module_text: module_text.to_string(),
            harness,
        })
    }

    /// Whether the cache has the finished binary.
    pub fn is_built(&self) -> bool {
        self.binary.is_file()
    }

    /// Builds the program unless the cache has it; returns whether it built.
    pub fn build(&self) -> Result<bool, NativeError> {
        if self.is_built() {
            return Ok(false);
        }
        let cache_err = |what: &str, p: &Path, e: std::io::Error| {
            NativeError::Unavailable(format!(
                "cannot build native code: cannot {what} {}: {e}; set ARR_CACHE_DIR to a \
                 writable directory, or run with --interp",
                p.display()
            ))
        };
        std::fs::create_dir_all(&self.cache)
            .map_err(|e| cache_err("create the cache directory", &self.cache, e))?;
        remove_stale_staging(&self.cache);
        let unique = unique_suffix();
        let staging = self.cache.join(format!("{}.tmp-{unique}", self.key));
        let package = format!("arrk_{}_{}", &self.key[..16], unique.replace('-', "_"));
        self.write_crate(&staging, &package)
            .map_err(|e| cache_err("write the crate", &staging, e))?;
        let result = self.cargo_build(&staging, &package);
        if let Err(e) = result {
            // Keep the crate of a compile failure (a backend bug) for inspection.
            if matches!(e, NativeError::Internal(_)) {
                let failed = self.cache.join(format!("{}.failed", self.key));
                let _ = std::fs::remove_dir_all(&failed);
                let _ = std::fs::rename(&staging, &failed);
            }
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e);
        }
        // Publish: one atomic rename of the whole directory.
        for _ in 0..3 {
            match std::fs::rename(&staging, &self.dir) {
                Ok(()) => return Ok(true),
                Err(_) if self.is_built() => {
                    // Another process finished the same key first; theirs is identical.
                    let _ = std::fs::remove_dir_all(&staging);
                    return Ok(true);
                }
                Err(_) if self.dir.exists() => {
                    // A directory without a binary is not ours to keep (left by hand or
                    // by an older arrc): replace it.
                    let _ = std::fs::remove_dir_all(&self.dir);
                }
                Err(e) => {
                    let _ = std::fs::remove_dir_all(&staging);
                    return Err(cache_err("publish the built program to", &self.dir, e));
                }
            }
        }
        let _ = std::fs::remove_dir_all(&staging);
        if self.is_built() {
            Ok(true)
        } else {
            Err(NativeError::Unavailable(format!(
                "cannot build native code: cannot publish the built program to {}; \
                 run with --interp",
                self.dir.display()
            )))
        }
    }

    fn write_crate(&self, dir: &Path, package: &str) -> std::io::Result<()> {
        std::fs::create_dir_all(dir.join("src"))?;
        let manifest = format!(
            "# Generated by arrc {version}: `{entry}` of src/kernels.rs, run by src/main.rs.\n\
             # Cache key {key}. Do not edit: arrc rebuilds from its own copy.\n\
             [package]\n\
             name = \"{package}\"\n\
             version = \"0.0.0\"\n\
             edition = \"2021\"\n\
             publish = false\n\n\
             [dependencies]\n\
             arr = {{ path = {runtime} }}\n\
             ndarray-npy = {{ version = \"0.9\", default-features = false }}\n\n\
             # Not part of any enclosing workspace.\n\
             [workspace]\n",
            version = env!("CARGO_PKG_VERSION"),
            entry = self.entry,
            key = self.key,
            runtime = toml_string(&self.runtime.to_string_lossy()),
        );
        std::fs::write(dir.join("Cargo.toml"), manifest)?;
        if let Some(lock) = &self.lock {
            std::fs::write(dir.join("Cargo.lock"), lock)?;
        }
        std::fs::write(dir.join("src").join("kernels.rs"), &self.module_text)?;
        std::fs::write(dir.join("src").join("main.rs"), &self.harness)
    }

    fn cargo_build(&self, dir: &Path, package: &str) -> Result<(), NativeError> {
        let target = self.cache.join("target");
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut cmd = Command::new(&cargo);
        cmd.arg("build")
            .arg("--release")
            .arg("--offline")
            .arg("--manifest-path")
            .arg(dir.join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", &target)
            // Built for this machine's CPU (the key includes its identity): the runtime's
            // math vectorizes 2-3x wider with AVX2/AVX-512 than with baseline SSE2.
            // CARGO_ENCODED_RUSTFLAGS takes precedence over any RUSTFLAGS inherited.
            .env("CARGO_ENCODED_RUSTFLAGS", RUSTFLAGS)
            .env_remove("CARGO_BUILD_TARGET")
            .env_remove("CARGO_BUILD_TARGET_DIR")
            .stdin(Stdio::null());
        let out = match cmd.output() {
            Ok(o) => o,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(NativeError::Unavailable(format!(
                    "cannot build native code: `{}` was not found (install Rust from \
                     https://rustup.rs, or set CARGO to cargo's path); run with --interp \
                     to use the reference interpreter",
                    cargo.to_string_lossy()
                )))
            }
            Err(e) => {
                return Err(NativeError::Unavailable(format!(
                    "cannot build native code: cannot start `{}`: {e}; run with --interp",
                    cargo.to_string_lossy()
                )))
            }
        };
        let exe = std::env::consts::EXE_SUFFIX;
        let release = target.join("release");
        let built = release.join(format!("{package}{exe}"));
        let dest = dir.join(format!("{BINARY_NAME}{exe}"));
        let moved = out.status.success() && std::fs::rename(&built, &dest).is_ok();
        let copied = out.status.success() && !moved && std::fs::copy(&built, &dest).is_ok();
        clean_target(&release, package);
        let stderr = String::from_utf8_lossy(&out.stderr);
        if !out.status.success() && stderr.contains("--offline") {
            return Err(NativeError::Unavailable(format!(
                "cannot build native code: a dependency of the `arr` runtime is not \
                 downloaded, and arrc builds offline; run `cargo fetch` in {} once, or run \
                 with --interp. cargo's output ends with:\n{}",
                self.runtime.parent().unwrap_or(&self.runtime).display(),
                tail(&stderr)
            )));
        }
        if !out.status.success() {
            return Err(NativeError::Internal(format!(
                "internal error: the generated Rust code for `{}` did not build ({}); this is \
                 a bug in arrc's Rust backend, please report it. The crate is kept in {}. \
                 Run with --interp to use the reference interpreter. cargo's output ends \
                 with:\n{}",
                self.entry,
                out.status,
                self.cache.join(format!("{}.failed", self.key)).display(),
                tail(&stderr)
            )));
        }
        if !moved && !copied {
            return Err(NativeError::Internal(format!(
                "internal error: cargo built `{}` but {} cannot be moved to {}",
                self.entry,
                built.display(),
                dest.display()
            )));
        }
        Ok(())
    }

    /// Runs the built program on `args` and returns its results (and the per-call times
    /// when `opts.time` is set).
    pub fn execute(
        &self,
        func: &Function,
        args: &[Value],
        opts: &Options,
    ) -> Result<(Vec<Value>, Vec<Duration>), NativeError> {
        if args.len() != func.params.len() {
            return Err(NativeError::Runtime(format!(
                "`{}` takes {} arguments but {} were given",
                func.name,
                func.params.len(),
                args.len()
            )));
        }
        for (p, v) in func.params.iter().zip(args) {
            if v.dtype() != p.ty.dtype || v.shape().len() != p.ty.rank() {
                return Err(NativeError::Runtime(
                    arr::Error::BadArgument {
                        param: p.name.clone(),
                        expected: func.type_str(&p.ty),
                        got: v.type_str(),
                    }
                    .to_string(),
                ));
            }
        }
        let io = TempDir::new().map_err(|e| {
            NativeError::Unavailable(format!(
                "cannot run native code: cannot create a temporary directory: {e}; \
                 run with --interp"
            ))
        })?;
        let mut cmd = Command::new(&self.binary);
        for (i, v) in args.iter().enumerate() {
            let p = io.0.join(format!("in{i}.npy"));
            npy::write_value(&p, v).map_err(|e| {
                NativeError::Unavailable(format!(
                    "cannot run native code: cannot write {}: {e}",
                    p.display()
                ))
            })?;
            cmd.arg(p);
        }
        let outs: Vec<PathBuf> = (0..func.results.len())
            .map(|j| io.0.join(format!("out{j}.npy")))
            .collect();
        cmd.args(&outs);
        if let Some((runs, budget)) = opts.time {
            cmd.arg("--time")
                .arg(runs.max(1).to_string())
                .arg(budget.as_millis().to_string());
        }
        if let Some(n) = opts.threads {
            cmd.env("RAYON_NUM_THREADS", n.to_string());
        }
        // The program exits when its stdin closes, i.e. when this process dies; `_stdin`
        // keeps the pipe open until the program has finished.
        cmd.env("ARR_EXIT_WITH_STDIN", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let cannot = |e: std::io::Error| {
            NativeError::Internal(format!(
                "internal error: cannot start the native program {}: {e}",
                self.binary.display()
            ))
        };
        let mut child = cmd.spawn().map_err(cannot)?;
        let _stdin = child.stdin.take();
        let out = child.wait_with_output().map_err(cannot)?;
        let stderr = String::from_utf8_lossy(&out.stderr);
        match out.status.code() {
            Some(0) => {}
            Some(harness::EXIT_RUNTIME_ERROR) => {
                if let Some(m) = stderr.lines().rev().find_map(|l| l.strip_prefix("error: ")) {
                    return Err(NativeError::Runtime(m.to_string()));
                }
                return Err(self.crashed(&out.status, &stderr));
            }
            _ => return Err(self.crashed(&out.status, &stderr)),
        }
        let mut results = Vec::with_capacity(outs.len());
        for (j, (path, ty)) in outs.iter().zip(&func.results).enumerate() {
            let bad = |e: String| {
                NativeError::Internal(format!(
                    "internal error: result {j} of the native `{}`: {e}",
                    func.name
                ))
            };
            let bytes = std::fs::read(path).map_err(|e| bad(e.to_string()))?;
            let found = npy::header_dtype(&bytes).map_err(&bad)?;
            if found.dtype != Some(ty.dtype) {
                return Err(bad(format!(
                    "it holds {} values but {} was declared",
                    found.describe(),
                    func.type_str(ty)
                )));
            }
            let v = npy::read_value(&bytes, ty.dtype).map_err(&bad)?;
            if v.shape().len() != ty.rank() {
                return Err(bad(format!(
                    "it has rank {} but {} was declared",
                    v.shape().len(),
                    func.type_str(ty)
                )));
            }
            results.push(v);
        }
        let times = stderr
            .lines()
            .rev()
            .find_map(|l| l.strip_prefix(harness::TIMES_PREFIX))
            .map(|t| {
                t.split_whitespace()
                    .filter_map(|n| n.parse::<u64>().ok())
                    .map(Duration::from_nanos)
                    .collect()
            })
            .unwrap_or_default();
        Ok((results, times))
    }

    fn crashed(&self, status: &std::process::ExitStatus, stderr: &str) -> NativeError {
        NativeError::Internal(format!(
            "internal error: the native program for `{}` failed ({status}); this is a bug \
             in arrc, please report it. Run with --interp to use the reference interpreter. \
             Its output ends with:\n{}",
            self.entry,
            tail(stderr)
        ))
    }
}

/// How old a staging directory must be to count as left behind by a crashed build.
const STALE_STAGING: Duration = Duration::from_secs(24 * 3600);

/// Removes the staging directories (`<key>.tmp-*`) of builds that crashed: those older
/// than [`STALE_STAGING`].
fn remove_stale_staging(cache: &Path) {
    let Ok(entries) = std::fs::read_dir(cache) else {
        return;
    };
    for e in entries.flatten() {
        let stale = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > STALE_STAGING);
        if stale && e.file_name().to_string_lossy().contains(".tmp-") {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

/// Removes what the build of the one-off package `package` left in the shared target
/// directory's `release/` (never reused, since the name is unique): its uplifted binary
/// and dep-info, and its files in `deps/` and `.fingerprint/`.
fn clean_target(release: &Path, package: &str) {
    let exe = std::env::consts::EXE_SUFFIX;
    let _ = std::fs::remove_file(release.join(format!("{package}{exe}")));
    let _ = std::fs::remove_file(release.join(format!("{package}.d")));
    for sub in ["deps", ".fingerprint"] {
        let Ok(entries) = std::fs::read_dir(release.join(sub)) else {
            continue;
        };
        for e in entries.flatten() {
            if e.file_name().to_string_lossy().starts_with(package) {
                let p = e.path();
                let _ = if p.is_dir() {
                    std::fs::remove_dir_all(&p)
                } else {
                    std::fs::remove_file(&p)
                };
            }
        }
    }
}

/// Hashes the files `names` under `root` (directories recursively, in sorted order):
/// each relative path and its contents. Missing entries hash as absent.
fn hash_tree(h: &mut Fnv128, root: &Path, names: &[&str]) {
    fn walk(h: &mut Fnv128, root: &Path, path: &Path) {
        if path.is_dir() {
            let mut entries: Vec<PathBuf> = match std::fs::read_dir(path) {
                Ok(r) => r.flatten().map(|e| e.path()).collect(),
                Err(_) => return,
            };
            entries.sort();
            for e in entries {
                walk(h, root, &e);
            }
        } else if let Ok(data) = std::fs::read(path) {
            let rel = path.strip_prefix(root).unwrap_or(path);
            h.field(rel.to_string_lossy().as_bytes());
            h.field(&data);
        }
    }
    for n in names {
        walk(h, root, &root.join(n));
    }
}

/// The last [`TAIL_LINES`] lines of `text`.
fn tail(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.len().saturating_sub(TAIL_LINES);
    lines[start..].join("\n")
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `<pid>-<nanos>-<counter>`: unique among the processes and threads of this machine.
fn unique_suffix() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!(
        "{}-{}-{}",
        std::process::id(),
        nanos,
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// A temporary directory, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> std::io::Result<TempDir> {
        let p = std::env::temp_dir().join(format!("arr-run-{}", unique_suffix()));
        std::fs::create_dir_all(&p)?;
        Ok(TempDir(p))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The compiler flags of every native build.
const RUSTFLAGS: &str = "-Ctarget-cpu=native";

/// What identifies this machine's CPU for the cache key, since binaries are built with
/// `target-cpu=native` and must not run on a CPU that lacks their instructions (a cache
/// directory in a shared home may be used from several machines). On Linux: the model
/// name and feature flags from /proc/cpuinfo; elsewhere empty.
fn cpu_identity() -> String {
    let info = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let field = |name: &str| {
        info.lines()
            .find(|l| l.starts_with(name))
            .map(|l| l.to_string())
            .unwrap_or_default()
    };
    format!("{}\n{}", field("model name"), field("flags"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_strings() {
        assert_eq!(toml_string(r#"/a "b"\c"#), r#""/a \"b\"\\c""#);
    }

    #[test]
    fn tails() {
        let text: String = (0..100).map(|i| format!("{i}\n")).collect();
        let t = tail(&text);
        assert!(t.starts_with("60\n") && t.ends_with("99"), "{t}");
    }

    #[test]
    fn harness_mentions_every_parameter() {
        let m = crate::compile(
            "fn f(a: f32, x: [n]f32, y: [n, m, k, l, p, q, r]f64) -> (f32, [n]f32) { (a, x) }",
        )
        .unwrap();
        let s = harness::source(m.function("f").unwrap());
        assert!(
            s.contains("let a0: f32 = load_scalar::<f32>(&args[0])?;"),
            "{s}"
        );
        assert!(s.contains("::arr::ndarray::Ix1"), "{s}");
        assert!(s.contains("::arr::ndarray::IxDyn"), "{s}");
        assert!(s.contains("kernels::f(a0, a1.view(), a2.view())"), "{s}");
        assert!(s.contains("let (r0, r1,) = result;"), "{s}");
    }
}
