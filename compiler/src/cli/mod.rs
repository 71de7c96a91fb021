//! The `arrc` command line, as a library module so that it can be tested in-process.
//!
//! [`main`] is what the `arrc` binary calls; [`run_from`] takes the arguments and the
//! output streams explicitly. Exit status: 0 success, 1 a diagnostic, run-time or input
//! error (printed to stderr), 2 bad command-line usage. Results go to stdout, every
//! message to stderr.

pub mod args;
pub mod npy;
pub mod print;

use crate::diag::{self, Style};
use crate::ir::{self, Module};
use crate::value::Value;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Runs `arrc` with the process's arguments and standard streams; returns the exit code.
pub fn main() -> i32 {
    let terminal = std::io::stderr().is_terminal();
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let mut out = stdout.lock();
    let mut err = stderr.lock();
    let code = run_from(std::env::args_os(), &mut out, &mut err, terminal);
    let _ = out.flush();
    let _ = err.flush();
    code
}

/// Runs `arrc` with `args` (the first is the program name), writing results to `out`
/// and messages to `err`. `terminal` says whether `err` is a terminal (graphical
/// diagnostics and colours). Returns the exit code.
pub fn run_from<I, T>(args: I, out: &mut dyn Write, err: &mut dyn Write, terminal: bool) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let rendered = e.render();
            let text = if terminal {
                rendered.ansi().to_string()
            } else {
                rendered.to_string()
            };
            let stream: &mut dyn Write = if e.use_stderr() { err } else { out };
            let _ = write!(stream, "{text}");
            return e.exit_code();
        }
    };
    let mut io = Io { out, err, terminal };
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| dispatch(cli, &mut io)));
    match result {
        Ok(Ok(())) => 0,
        Ok(Err(f)) => {
            if let Some(msg) = &f.message {
                let _ = writeln!(io.err, "error: {msg}");
            }
            f.code
        }
        Err(_) => {
            let _ = writeln!(
                io.err,
                "error: internal compiler error: arrc panicked (see the message above); \
                 this is a bug in arrc, please report it with the input that caused it"
            );
            101
        }
    }
}

const ABOUT: &str = "The Arr compiler: check, run, build and explain NumPy-style array programs.";

const AFTER_HELP: &str = "\
Exit status: 0 success; 1 a diagnostic, run-time or input-file error (printed to stderr);
2 bad command-line usage (also an --arg whose text does not fit its parameter).

Examples:
  arrc check kernels.arr
  arrc run kernels.arr --entry saxpy --arg a=2.0 --arg x=x.npy --arg y=random:1000
  arrc run kernels.arr --entry softmax --arg x=random:512x512:7 --out y.npy --time";

#[derive(Parser, Debug)]
#[command(name = "arrc", version, about = ABOUT, after_help = AFTER_HELP, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Parse and check a file; print its diagnostics (exit 0 if clean).
    Check(CheckArgs),
    /// Call one function of a file on the given arguments and print or save its results.
    #[command(long_about = RUN_LONG_ABOUT)]
    Run(RunArgs),
    /// Generate code for a file: a Rust module (`--target rust`; the CUDA targets are not
    /// implemented yet).
    Build(BuildArgs),
    /// Show the kernel plan: what was fused, what is materialized, and why.
    Explain(ExplainArgs),
}

#[derive(clap::Args, Debug)]
struct CheckArgs {
    /// The .arr source file.
    file: PathBuf,
    /// Print the checked array IR to stdout.
    #[arg(long)]
    dump_ir: bool,
    /// How to print diagnostics: `human` (rustc-like; graphical on a terminal, plain
    /// text otherwise) or `json` (one JSON object per line on stderr).
    #[arg(long, value_enum, default_value_t = MessageFormat::Human, value_name = "FORMAT")]
    message_format: MessageFormat,
}

const RUN_LONG_ABOUT: &str = "\
Call one function of a file on the given arguments and print or save its results.

Every parameter of the entry function must be given with --arg NAME=VALUE, where VALUE is:

  a path ending in .npy   a NumPy array file (C or Fortran order, either byte order).
                          Its dtype must equal the parameter's element type (float32 for
                          f32, float64 for f64, int32 for i32, int64 for i64, bool for
                          bool): nothing is converted. A 0-d array may be passed to a
                          scalar parameter.
  a scalar literal        2.5, 7, -3, 1e-3, true, false, for a scalar parameter. An
                          integer literal is fine for a float parameter, never the reverse.
  random:SHAPE[:SEED]     reproducible random values of the parameter's element type,
                          e.g. random:1000x1000 or random:5:42. SHAPE is the sizes
                          separated by `x` (as many as the parameter's rank); SEED is an
                          integer, 0 if omitted. The values come from ChaCha8
                          (rand_chacha::ChaCha8Rng::seed_from_u64(SEED)), in C order:
                          floats uniform in [0, 1), integers uniform in [0, 100),
                          bools a fair coin.

Without --out the results are printed to stdout as NumPy prints them (one line per
result of a tuple; arrays of more than 1000 elements summarized with `...`). With
--out, each result is written, in order, to its own .npy file (a scalar as a 0-d array).

The function runs as native code: the program's generated Rust is built with cargo
(release mode, offline) on first use and cached by content hash in $ARR_CACHE_DIR
(default $XDG_CACHE_HOME/arr or ~/.cache/arr), so later runs start at once. The first
build on a machine also compiles the runtime's dependencies and takes a while.
--interp runs the reference interpreter instead (see docs/native.md).";

#[derive(clap::Args, Debug)]
struct RunArgs {
    /// The .arr source file.
    file: PathBuf,
    /// The function to call.
    #[arg(long, value_name = "NAME")]
    entry: String,
    /// A parameter's value: a .npy path, a scalar literal, or random:SHAPE[:SEED]
    /// (see `arrc run --help`). Repeat for each parameter.
    #[arg(long = "arg", value_name = "NAME=VALUE", value_parser = args::split_name_value)]
    args: Vec<(String, String)>,
    /// Write the results to .npy files, one --out per result, in order.
    #[arg(long, value_name = "PATH")]
    out: Vec<PathBuf>,
    /// Use the reference interpreter instead of native code.
    #[arg(long)]
    interp: bool,
    /// Where to run.
    #[arg(long, value_enum, default_value_t = Device::Cpu)]
    device: Device,
    /// Number of CPU threads for native code, 1 to 1024 (the interpreter is
    /// single-threaded).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=MAX_THREADS))]
    threads: Option<u32>,
    /// Report the wall time of the call itself (median of several runs, after an untimed
    /// first call) on stderr.
    #[arg(long)]
    time: bool,
    /// How to print diagnostics: `human` or `json` (one JSON object per line on stderr).
    #[arg(long, value_enum, default_value_t = MessageFormat::Human, value_name = "FORMAT")]
    message_format: MessageFormat,
}

#[derive(clap::Args, Debug)]
struct BuildArgs {
    /// The .arr source file.
    file: PathBuf,
    /// What to generate: a Rust module, a CUDA .cu/.h pair, or Rust host code running
    /// CUDA kernels.
    #[arg(long, value_enum)]
    target: Target,
    /// Where to write the output.
    #[arg(short = 'o', long = "output", value_name = "PATH")]
    output: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
struct ExplainArgs {
    /// The .arr source file.
    file: PathBuf,
    /// Only this function.
    #[arg(long, value_name = "NAME")]
    entry: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
    format: ExplainFormat,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum MessageFormat {
    Human,
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Device {
    Cpu,
    Cuda,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    Rust,
    Cuda,
    RustCuda,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum ExplainFormat {
    Text,
    Dot,
}

struct Io<'a> {
    out: &'a mut dyn Write,
    err: &'a mut dyn Write,
    terminal: bool,
}

/// Why a command failed: the exit code and the message to print (`None` when the
/// details were printed already, e.g. diagnostics).
#[derive(Debug)]
struct Failure {
    code: i32,
    message: Option<String>,
}

impl Failure {
    /// A diagnostic, run-time or input error (exit 1).
    fn error(message: impl Into<String>) -> Failure {
        Failure {
            code: 1,
            message: Some(message.into()),
        }
    }

    /// Bad command-line usage (exit 2).
    fn usage(message: impl Into<String>) -> Failure {
        Failure {
            code: 2,
            message: Some(message.into()),
        }
    }

    /// Exit 1 with everything printed already.
    fn reported() -> Failure {
        Failure {
            code: 1,
            message: None,
        }
    }
}

fn dispatch(cli: Cli, io: &mut Io<'_>) -> Result<(), Failure> {
    match cli.command {
        Command::Check(a) => cmd_check(a, io),
        Command::Run(a) => cmd_run(a, io),
        Command::Build(a) => cmd_build(a, io),
        Command::Explain(a) => cmd_explain(a, io),
    }
}

/// Writes `text` to stdout and flushes it. A failed write is an error (exit 1), so that
/// `arrc build k.arr > /full/disk` does not report success; a closed pipe
/// (`arrc run ... | head -1`) ends the command quietly.
fn emit(io: &mut Io<'_>, text: &str) -> Result<(), Failure> {
    match io
        .out
        .write_all(text.as_bytes())
        .and_then(|()| io.out.flush())
    {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(Failure::reported()),
        Err(e) => Err(Failure::error(format!(
            "cannot write to standard output: {e}"
        ))),
    }
}

fn read_source(path: &Path) -> Result<String, Failure> {
    crate::read_source(path)
        .map_err(|e| Failure::error(format!("cannot read {}: {e}", path.display())))
}

/// Compiles `src`, printing its diagnostics in the requested format on failure.
fn compile_reported(
    src: &str,
    file_name: &str,
    format: MessageFormat,
    verb: &str,
    io: &mut Io<'_>,
) -> Result<Module, Failure> {
    let diags = match crate::compile(src) {
        Ok(m) => return Ok(m),
        Err(d) => d,
    };
    let style = if io.terminal {
        Style::Graphical
    } else {
        Style::Plain
    };
    for d in &diags {
        match format {
            MessageFormat::Human => {
                let mut text = diag::render(d, file_name, src, style);
                if !text.ends_with('\n') {
                    text.push('\n');
                }
                let _ = write!(io.err, "{text}");
            }
            MessageFormat::Json => {
                let _ = writeln!(io.err, "{}", diag::to_json(d, file_name, src));
            }
        }
    }
    if format == MessageFormat::Human {
        let n = diags.len();
        let plural = if n == 1 { "" } else { "s" };
        let _ = writeln!(
            io.err,
            "error: could not {verb} {file_name}: {n} error{plural}"
        );
    }
    Err(Failure::reported())
}

fn cmd_check(a: CheckArgs, io: &mut Io<'_>) -> Result<(), Failure> {
    let src = read_source(&a.file)?;
    let name = a.file.display().to_string();
    let module = compile_reported(&src, &name, a.message_format, "check", io)?;
    if a.dump_ir {
        let mut text = ir::print_module(&module);
        if !text.ends_with('\n') {
            text.push('\n');
        }
        emit(io, &text)?;
    }
    Ok(())
}

/// `arrc build`: `--target rust` writes the Rust module (to `-o PATH` or stdout).
fn cmd_build(a: BuildArgs, io: &mut Io<'_>) -> Result<(), Failure> {
    if a.target != Target::Rust {
        return Err(Failure::error(
            "`arrc build --target cuda` and `--target rust-cuda` need the CUDA backend, which is not implemented yet",
        ));
    }
    let src = read_source(&a.file)?;
    let file_name = a.file.display().to_string();
    let module = compile_reported(&src, &file_name, MessageFormat::Human, "build", io)?;
    let source_name = a
        .file
        .file_name()
        .map_or_else(|| file_name.clone(), |n| n.to_string_lossy().into_owned());
    let text = crate::back::rust::write_module(&module, &source_name, &src)
        .map_err(|e| Failure::error(format!("cannot build {file_name}: {e}")))?;
    match &a.output {
        Some(path) => std::fs::write(path, text)
            .map_err(|e| Failure::error(format!("cannot write {}: {e}", path.display())))?,
        None => emit(io, &text)?,
    }
    Ok(())
}

/// `arrc explain`: the kernel plan of every function (or `--entry`), as text or dot.
fn cmd_explain(a: ExplainArgs, io: &mut Io<'_>) -> Result<(), Failure> {
    let src = read_source(&a.file)?;
    let file_name = a.file.display().to_string();
    let module = compile_reported(&src, &file_name, MessageFormat::Human, "explain", io)?;
    if let Some(entry) = &a.entry {
        if module.function(entry).is_none() {
            return Err(Failure::usage(format!(
                "no function named `{entry}` in {file_name}; its functions are: {}",
                backticked(module.functions.iter().map(|f| f.name.clone()))
            )));
        }
    }
    let source_name = a
        .file
        .file_name()
        .map_or_else(|| file_name.clone(), |n| n.to_string_lossy().into_owned());
    let mut parts = Vec::new();
    for f in &module.functions {
        if a.entry.as_ref().is_some_and(|e| e != &f.name) {
            continue;
        }
        let (_, plan) = crate::plan::prepare(&module, f, &src);
        parts.push(match a.format {
            ExplainFormat::Text => crate::plan::print::text(&plan, &src, &source_name),
            ExplainFormat::Dot => crate::plan::print::dot(&plan, &src),
        });
    }
    let sep = if a.format == ExplainFormat::Text {
        "\n"
    } else {
        ""
    };
    emit(io, &parts.join(sep))?;
    Ok(())
}

fn backticked(names: impl Iterator<Item = String>) -> String {
    let v: Vec<String> = names.map(|n| format!("`{n}`")).collect();
    if v.is_empty() {
        "none".to_string()
    } else {
        v.join(", ")
    }
}

fn cmd_run(a: RunArgs, io: &mut Io<'_>) -> Result<(), Failure> {
    let src = read_source(&a.file)?;
    let file_name = a.file.display().to_string();
    let module = compile_reported(&src, &file_name, a.message_format, "compile", io)?;
    let Some(func) = module.function(&a.entry) else {
        return Err(Failure::usage(format!(
            "no function named `{}` in {file_name}; its functions are: {}",
            a.entry,
            backticked(module.functions.iter().map(|f| f.name.clone()))
        )));
    };

    // Map the --arg values to parameters by name.
    let mut given: Vec<Option<&str>> = vec![None; func.params.len()];
    for (name, value) in &a.args {
        let Some(i) = func.params.iter().position(|p| &p.name == name) else {
            return Err(Failure::usage(format!(
                "`--arg {name}=...`: `{}` has no parameter named `{name}`; its parameters are: {}",
                func.name,
                backticked(func.params.iter().map(|p| p.name.clone()))
            )));
        };
        if given[i].is_some() {
            return Err(Failure::usage(format!(
                "argument `{name}` is given more than once"
            )));
        }
        given[i] = Some(value);
    }
    let missing: Vec<String> = func
        .params
        .iter()
        .zip(&given)
        .filter(|(_, g)| g.is_none())
        .map(|(p, _)| {
            format!(
                "missing argument `{}` (type {})",
                p.name,
                func.type_str(&p.ty)
            )
        })
        .collect();
    if !missing.is_empty() {
        let example = func.params.iter().zip(&given).find(|(_, g)| g.is_none());
        let hint = example.map_or(String::new(), |(p, _)| {
            format!(
                "\nhelp: pass every parameter with --arg, e.g. `--arg {}=VALUE`",
                p.name
            )
        });
        return Err(Failure::usage(format!(
            "{}{hint}",
            missing.join("\nerror: ")
        )));
    }
    let n_results = func.results.len();
    if !a.out.is_empty() && a.out.len() != n_results {
        let plural = if n_results == 1 { "" } else { "s" };
        return Err(Failure::usage(format!(
            "`{}` returns {n_results} result{plural} but {} --out path{} given; \
             give one --out per result, or none to print them",
            func.name,
            a.out.len(),
            if a.out.len() == 1 { " was" } else { "s were" }
        )));
    }
    if a.device == Device::Cuda {
        return Err(Failure::error("the CUDA backend is not available yet"));
    }

    // Load the argument values.
    let mut values = Vec::with_capacity(func.params.len());
    for (p, text) in func.params.iter().zip(&given) {
        let info = args::ParamInfo {
            name: &p.name,
            type_str: func.type_str(&p.ty),
            dtype: p.ty.dtype,
            rank: p.ty.rank(),
        };
        values.push(
            args::parse_value(&info, text.unwrap_or_default()).map_err(|e| match e {
                args::ArgError::Usage(m) => Failure::usage(m),
                args::ArgError::Input(m) => Failure::error(m),
            })?,
        );
    }

    let native = if !a.interp && native_enabled() {
        match call_native(&module, func, (&src, &file_name), &values, &a, io)? {
            Ok(results) => Some(results),
            Err(reason) => {
                // Native code could not be built or run here (no cargo, no runtime crate,
                // or a bug in arrc): the interpreter still gives the right answer.
                let _ = writeln!(io.err, "warning: {reason}");
                let _ = writeln!(io.err, "note: running the reference interpreter instead");
                None
            }
        }
    } else {
        None
    };
    let results = if let Some(results) = native {
        results
    } else if !a.interp && native_enabled() {
        call_timed(&module, &func.name, &values, a.time, io)?
    } else {
        if !a.interp {
            let _ = writeln!(
                io.err,
                "note: the native backend is not built yet; running the reference interpreter"
            );
        }
        call_timed(&module, &func.name, &values, a.time, io)?
    };

    if a.out.is_empty() {
        for r in &results {
            emit(io, &format!("{}\n", print::format_value(r)))?;
        }
    } else {
        if results.len() != a.out.len() {
            return Err(Failure::error(format!(
                "`{}` returned {} values where {} were declared",
                func.name,
                results.len(),
                a.out.len()
            )));
        }
        for (path, r) in a.out.iter().zip(&results) {
            npy::write_value(path, r)
                .map_err(|e| Failure::error(format!("cannot write {}: {e}", path.display())))?;
        }
    }
    Ok(())
}

/// Whether `run` without `--interp` runs native code: always once the Rust backend is
/// in the tree, and before that only with `ARR_NATIVE=1` (see `native::generate`).
fn native_enabled() -> bool {
    crate::native::BACKEND_AVAILABLE || std::env::var_os("ARR_NATIVE").is_some_and(|v| v == "1")
}

/// Builds (once per content hash) and runs the native code of `func`; prints the median
/// call time with `--time`, like [`call_timed`]. A run-time error of the program is a
/// `Failure`; `Ok(Err(reason))` means native code is not usable (cargo or the runtime
/// missing, or an internal error) and the caller falls back to the interpreter.
fn call_native(
    module: &Module,
    func: &ir::Function,
    (src, file_name): (&str, &str),
    values: &[Value],
    a: &RunArgs,
    io: &mut Io<'_>,
) -> Result<Result<Vec<Value>, String>, Failure> {
    match native_attempt(module, func, (src, file_name), values, a, io) {
        Ok(results) => Ok(Ok(results)),
        Err(crate::native::NativeError::Runtime(msg)) => Err(Failure::error(msg)),
        Err(other) => Ok(Err(other.to_string())),
    }
}

fn native_attempt(
    module: &Module,
    func: &ir::Function,
    (src, file_name): (&str, &str),
    values: &[Value],
    a: &RunArgs,
    io: &mut Io<'_>,
) -> Result<Vec<Value>, crate::native::NativeError> {
    use crate::native;
    // The file's name, not its path, goes into the generated text (and so into the
    // cache key): the same program run from elsewhere reuses its binary.
    let source_name = Path::new(file_name).file_name().map_or_else(
        || file_name.to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let text = native::generate(module, &source_name, src).map_err(|e| {
        let e = e.strip_prefix("internal error: ").unwrap_or(&e);
        native::NativeError::Internal(format!(
            "internal error: the Rust backend cannot compile {file_name}: {e} (a bug in arrc)"
        ))
    })?;
    let cache = native::cache_dir()?;
    let program = native::Program::prepare(&text, func, &cache)?;
    if io.terminal && !program.is_built() {
        let _ = writeln!(
            io.err,
            "note: compiling `{}` to native code (once; cached in {})",
            func.name,
            cache.display()
        );
    }
    program.build()?;
    let opts = native::Options {
        threads: a.threads,
        time: a.time.then_some((TIME_RUNS, TIME_BUDGET)),
        cache_dir: Some(cache.clone()),
    };
    let (results, mut times) = program.execute(func, values, &opts)?;
    if a.time {
        let _ = writeln!(
            io.err,
            "time: {} ms (median of {} run{})",
            format_ms(median(&mut times)),
            times.len(),
            if times.len() == 1 { "" } else { "s" }
        );
    }
    Ok(results)
}

/// The most `--threads` accepts: far more than any machine's cores, and few enough that
/// starting them all stays quick (tens of thousands of threads take minutes to start).
const MAX_THREADS: i64 = 1024;

/// Most runs `--time` makes, and the total time after which it stops early.
const TIME_RUNS: usize = 5;
const TIME_BUDGET: Duration = Duration::from_secs(2);

/// Calls the entry (several times with `--time`) and returns the results of the last call.
fn call_timed(
    module: &Module,
    entry: &str,
    values: &[Value],
    time: bool,
    io: &mut Io<'_>,
) -> Result<Vec<Value>, Failure> {
    let mut times = Vec::new();
    let mut total = Duration::ZERO;
    loop {
        let start = Instant::now();
        let results =
            crate::interp::run(module, entry, values).map_err(|e| Failure::error(e.to_string()))?;
        let took = start.elapsed();
        times.push(took);
        total += took;
        if !time || times.len() >= TIME_RUNS || total >= TIME_BUDGET {
            if time {
                let _ = writeln!(
                    io.err,
                    "time: {} ms (median of {} run{})",
                    format_ms(median(&mut times)),
                    times.len(),
                    if times.len() == 1 { "" } else { "s" }
                );
            }
            return Ok(results);
        }
    }
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    let n = times.len();
    match n {
        0 => Duration::ZERO,
        _ if n % 2 == 1 => times[n / 2],
        _ => (times[n / 2 - 1] + times[n / 2]) / 2,
    }
}

fn format_ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1e3;
    if ms >= 100.0 {
        format!("{ms:.1}")
    } else {
        format!("{ms:.3}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> (i32, String, String) {
        let mut out = Vec::new();
        let mut err = Vec::new();
        let mut all = vec!["arrc"];
        all.extend_from_slice(args);
        let code = run_from(all, &mut out, &mut err, false);
        (
            code,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    }

    #[test]
    fn usage_errors_exit_2() {
        assert_eq!(run(&[]).0, 2);
        assert_eq!(run(&["frobnicate"]).0, 2);
        assert_eq!(run(&["run", "f.arr"]).0, 2); // no --entry
        let (code, _, err) = run(&["run", "f.arr", "--entry", "f", "--arg", "x"]);
        assert_eq!(code, 2);
        assert!(err.contains("NAME=VALUE"), "{err}");
        assert_eq!(
            run(&["run", "f.arr", "--entry", "f", "--threads", "0"]).0,
            2
        );
        let (code, _, err) = run(&["run", "f.arr", "--entry", "f", "--threads", "20000"]);
        assert_eq!(code, 2);
        assert!(err.contains("1..=1024"), "{err}");
        assert_eq!(
            run(&["run", "f.arr", "--entry", "f", "--device", "tpu"]).0,
            2
        );
        assert_eq!(run(&["build", "f.arr"]).0, 2); // no --target
        assert_eq!(run(&["explain", "f.arr", "--format", "svg"]).0, 2);
    }

    #[test]
    fn help_and_version() {
        let (code, out, _) = run(&["--version"]);
        assert_eq!(code, 0);
        assert!(out.starts_with("arrc "), "{out}");
        let (code, out, _) = run(&["run", "--help"]);
        assert_eq!(code, 0);
        assert!(
            out.contains("random:SHAPE") && out.contains("ChaCha8"),
            "{out}"
        );
    }

    #[test]
    fn unreadable_file() {
        let (code, _, err) = run(&["check", "/nonexistent/x.arr"]);
        assert_eq!(code, 1);
        assert!(
            err.starts_with("error: cannot read /nonexistent/x.arr"),
            "{err}"
        );
    }

    #[test]
    fn cuda_build_is_not_implemented() {
        let (code, _, err) = run(&["build", "f.arr", "--target", "rust-cuda", "-o", "x"]);
        assert_eq!(code, 1);
        assert_eq!(
            err,
            "error: `arrc build --target cuda` and `--target rust-cuda` need the CUDA backend, which is not implemented yet\n"
        );
    }

    /// A stdout that fails every write the way a full disk or a closed pipe does.
    struct Failing(std::io::ErrorKind);

    impl Write for Failing {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::from(self.0))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn failed_writes_to_stdout_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f.arr");
        std::fs::write(&file, "fn f(x: f64) -> f64 { 2.0 * x }\n").unwrap();
        let file = file.to_str().unwrap();
        let commands: [&[&str]; 3] = [
            &["build", file, "--target", "rust"],
            &["run", file, "--entry", "f", "--arg", "x=1.5", "--interp"],
            &["explain", file],
        ];
        for args in commands {
            let all = std::iter::once("arrc").chain(args.iter().copied());
            let mut err = Vec::new();
            let mut out = Failing(std::io::ErrorKind::Other);
            let code = run_from(all.clone(), &mut out, &mut err, false);
            let err = String::from_utf8(err).unwrap();
            assert_eq!(code, 1, "{args:?}: {err}");
            assert!(err.contains("cannot write to standard output"), "{err}");
            // A closed pipe (`arrc ... | head -1`) ends quietly, but not with success.
            let mut err = Vec::new();
            let mut out = Failing(std::io::ErrorKind::BrokenPipe);
            assert_eq!(run_from(all, &mut out, &mut err, false), 1, "{args:?}");
            assert!(err.is_empty(), "{}", String::from_utf8_lossy(&err));
        }
    }

    #[test]
    fn oversized_sources_are_refused() {
        if !Path::new("/dev/zero").exists() {
            return; // Not a Unix: nothing endless to read.
        }
        let (code, _, err) = run(&["check", "/dev/zero"]);
        assert_eq!(code, 1);
        assert!(err.contains("larger than 16 MiB"), "{err}");
    }

    #[test]
    fn medians() {
        let ms = Duration::from_millis;
        assert_eq!(median(&mut [ms(3), ms(1), ms(2)]), ms(2));
        assert_eq!(
            median(&mut [ms(4), ms(1), ms(2), ms(3)]),
            Duration::from_micros(2500)
        );
    }
}
