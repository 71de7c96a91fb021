//! Native execution (`arr_compiler::native`): build a program's Rust module into a cached
//! release binary, run it, and compare with the reference interpreter.
//!
//! Until the Rust backend is in the tree, the module is [`STANDIN`]: hand-written code
//! following the backend's API contract for the functions of [`PROG`]. The cache is the
//! fixed `target/arr-native-test-cache`, so repeated test runs reuse both the built
//! programs and the shared cargo target directory (the first run compiles `arr`'s
//! dependencies in release mode: minutes on a small machine).

use arr_compiler::ir::Module;
use arr_compiler::native::{self, NativeError, Options};
use arr_compiler::Value;
use ndarray::{ArrayD, IxDyn};
use std::path::PathBuf;
use std::time::Duration;

#[path = "support/npy_bytes.rs"]
mod npy_bytes;

const PROG: &str = r#"
fn saxpy(a: f32, x: [n]f32, y: [n]f32) -> [n]f32 { a * x + y }

fn moments(x: [n]f64) -> (f64, f64) {
    let mu = mean(x);
    (mu, mean((x - mu) ** 2))
}

fn grid(n: i64) -> [n, n]i64 { reshape(arange(n * n), [n, n]) }

fn any_neg(x: [n, m]i32) -> bool { any(x < 0) }

fn threads(x: i64) -> i64 { x }
"#;

/// What the Rust backend emits for [`PROG`] (by hand; `threads` instead reports
/// `RAYON_NUM_THREADS`, to test `--threads`).
const STANDIN: &str = r#"
//! Stand-in for the generated module of tests/native.rs's PROG.

fn size_mismatch(size: &str, first: usize, a: &str, second: usize, b: &str) -> ::arr::Error {
    ::arr::Error::SizeMismatch {
        size: size.to_string(),
        first,
        first_source: a.to_string(),
        second,
        second_source: b.to_string(),
    }
}

pub fn saxpy(
    a: f32,
    x: ::arr::ndarray::ArrayView1<'_, f32>,
    y: ::arr::ndarray::ArrayView1<'_, f32>,
) -> Result<::arr::ndarray::Array1<f32>, ::arr::Error> {
    if x.len() != y.len() {
        return Err(size_mismatch("n", x.len(), "`x` axis 0", y.len(), "`y` axis 0"));
    }
    Ok(::arr::ndarray::Zip::from(&x).and(&y).map_collect(|&x, &y| a * x + y))
}

pub fn moments(x: ::arr::ndarray::ArrayView1<'_, f64>) -> Result<(f64, f64), ::arr::Error> {
    let n = x.len() as f64;
    let mu = x.sum() / n;
    let var = x.iter().map(|&v| (v - mu) * (v - mu)).sum::<f64>() / n;
    Ok((mu, var))
}

pub fn grid(n: i64) -> Result<::arr::ndarray::Array2<i64>, ::arr::Error> {
    if n < 0 {
        return Err(::arr::Error::InvalidSize {
            value: n,
            what: "size `n` (argument `n`)".to_string(),
        });
    }
    let k = n as usize;
    Ok(::arr::ndarray::Array2::from_shape_fn((k, k), |(i, j)| (i * k + j) as i64))
}

pub fn any_neg(x: ::arr::ndarray::ArrayView2<'_, i32>) -> Result<bool, ::arr::Error> {
    Ok(x.iter().any(|&v| v < 0))
}

pub fn threads(x: i64) -> Result<i64, ::arr::Error> {
    let _ = x;
    Ok(std::env::var("RAYON_NUM_THREADS").ok().and_then(|v| v.parse().ok()).unwrap_or(-1))
}
"#;

fn cache() -> PathBuf {
    // `target/tmp/../arr-native-test-cache`, wherever the target directory is.
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().unwrap_or(&tmp).join("arr-native-test-cache")
}

fn opts() -> Options {
    Options {
        cache_dir: Some(cache()),
        ..Options::default()
    }
}

fn module() -> Module {
    arr_compiler::compile(PROG).unwrap()
}

fn f32s(v: &[f32]) -> Value {
    Value::F32(ArrayD::from_shape_vec(IxDyn(&[v.len()]), v.to_vec()).unwrap())
}

fn f64s(v: &[f64]) -> Value {
    Value::F64(ArrayD::from_shape_vec(IxDyn(&[v.len()]), v.to_vec()).unwrap())
}

fn scalar_i64(x: i64) -> Value {
    Value::I64(ArrayD::from_elem(IxDyn(&[]), x))
}

fn scalar_f32(x: f32) -> Value {
    Value::F32(ArrayD::from_elem(IxDyn(&[]), x))
}

/// Equal, with floats within a few ulps (the interpreter's reductions may sum in
/// another order).
fn close(a: &Value, b: &Value) -> bool {
    fn near(x: f64, y: f64) -> bool {
        x == y || (x - y).abs() <= 1e-12 * x.abs().max(y.abs())
    }
    match (a, b) {
        (Value::F64(x), Value::F64(y)) => {
            x.shape() == y.shape() && x.iter().zip(y).all(|(&p, &q)| near(p, q))
        }
        (Value::F32(x), Value::F32(y)) => {
            x.shape() == y.shape()
                && x.iter()
                    .zip(y)
                    .all(|(&p, &q)| p == q || (p - q).abs() <= 1e-6 * p.abs().max(q.abs()))
        }
        _ => a == b,
    }
}

/// Runs `entry` natively and in the interpreter and compares the results.
fn same_as_interp(entry: &str, args: &[Value]) -> native::Outcome {
    let m = module();
    let f = m.function(entry).unwrap();
    let want = arr_compiler::interp::run(&m, entry, args).unwrap();
    let got = native::run(STANDIN, f, args, &opts()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(got.results.len(), want.len(), "{entry}");
    for (g, w) in got.results.iter().zip(&want) {
        assert!(close(g, w), "{entry}: native {g:?} but interpreter {w:?}");
    }
    got
}

#[test]
fn runs_like_the_interpreter() {
    let x: Vec<f32> = (0..1000).map(|i| (i as f32) * 0.37 - 11.0).collect();
    let y: Vec<f32> = (0..1000).map(|i| 1.0 / (1.0 + i as f32)).collect();
    let r = same_as_interp("saxpy", &[scalar_f32(2.5), f32s(&x), f32s(&y)]);
    assert!(r.times.is_empty());

    let v: Vec<f64> = (0..77).map(|i| ((i * 37) % 11) as f64 * 0.25).collect();
    same_as_interp("moments", &[f64s(&v)]);
    same_as_interp("grid", &[scalar_i64(5)]);
    same_as_interp("grid", &[scalar_i64(0)]);

    let m = ArrayD::from_shape_vec(IxDyn(&[2, 3]), vec![1, 2, 3, 4, -5, 6]).unwrap();
    same_as_interp("any_neg", &[Value::I32(m.clone())]);
    // Fortran-order input: the harness gets it in C order, the values are the same.
    let f = m.t().to_owned().into_dyn();
    same_as_interp("any_neg", &[Value::I32(f.t().to_owned())]);
}

/// The harness of a native program checks its `.npy` inputs as arrc does: a header that
/// claims more data than the file holds, or a shape no array can have, is a harness
/// error (exit 3) naming the file, never an allocation abort or a panic.
#[test]
fn harness_rejects_bad_npy_files() {
    let r = same_as_interp("moments", &[f64s(&[1.0, 2.0])]);
    let dir = tempfile::tempdir().unwrap();
    let npy = |shape: &str, data: &[u8]| {
        npy_bytes::npy_file(
            &format!("{{'descr': '<f8', 'fortran_order': False, 'shape': {shape}, }}"),
            data,
        )
    };
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "huge.npy",
            npy("(100000000000,)", &[0; 80]),
            "huge.npy: header says shape (100000000000,) of float64 = 800000000000 bytes, but \
             the file holds 80 bytes of data",
        ),
        (
            "zero.npy",
            npy("(0, 18446744073709551615)", &[]),
            "zero.npy: header says shape (0, 18446744073709551615), whose axis lengths are too large",
        ),
        ("short.npy", npy("(3,)", &[0; 20]), "= 24 bytes, but the file holds 20"),
        ("junk.npy", b"junk".to_vec(), "junk.npy: not a NumPy .npy file"),
    ];
    let out = dir.path().join("out.npy");
    for (name, bytes, want) in cases {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        let o = std::process::Command::new(&r.binary)
            .arg(&p)
            .arg(&out)
            .arg(&out)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(3), "{name}: {err}");
        assert!(
            err.starts_with("arr-harness: ") && err.contains(want),
            "{name}: {err}"
        );
    }
    let o = std::process::Command::new(&r.binary)
        .arg(dir.path())
        .arg(&out)
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3));
}

/// The Rust backend's module for [`PROG`].
fn generated() -> String {
    arr_compiler::back::rust::write_module(&module(), "prog.arr", PROG)
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn generated_code_runs_like_the_interpreter() {
    let m = module();
    let text = generated();
    let check = |entry: &str, args: &[Value]| {
        let f = m.function(entry).unwrap();
        let want = arr_compiler::interp::run(&m, entry, args);
        let got = native::run(&text, f, args, &opts());
        match (want, got) {
            (Ok(w), Ok(g)) => {
                assert_eq!(g.results.len(), w.len(), "{entry}");
                for (g, w) in g.results.iter().zip(&w) {
                    assert!(close(g, w), "{entry}: native {g:?} but interpreter {w:?}");
                }
            }
            (Err(w), Err(g)) => assert_eq!(g, NativeError::Runtime(w.to_string()), "{entry}"),
            (w, g) => panic!("{entry}: interpreter {w:?} but native {g:?}"),
        }
    };
    let x: Vec<f32> = (0..5000).map(|i| (i as f32) * 0.37 - 11.0).collect();
    let y: Vec<f32> = (0..5000).map(|i| 1.0 / (1.0 + i as f32)).collect();
    check("saxpy", &[scalar_f32(2.5), f32s(&x), f32s(&y)]);
    check("saxpy", &[scalar_f32(2.5), f32s(&x), f32s(&y[1..])]);
    let v: Vec<f64> = (0..77).map(|i| ((i * 37) % 11) as f64 * 0.25).collect();
    check("moments", &[f64s(&v)]);
    check("grid", &[scalar_i64(6)]);
    check("grid", &[scalar_i64(-2)]);
    let a = ArrayD::from_shape_vec(IxDyn(&[2, 3]), vec![1, 2, 3, 4, -5, 6]).unwrap();
    check("any_neg", &[Value::I32(a)]);
    check("threads", &[scalar_i64(7)]);
}

#[test]
fn second_run_hits_the_cache() {
    let m = module();
    let f = m.function("grid").unwrap();
    let args = [scalar_i64(3)];
    let first = native::run(STANDIN, f, &args, &opts()).unwrap();
    let mtime = std::fs::metadata(&first.binary)
        .unwrap()
        .modified()
        .unwrap();
    let start = std::time::Instant::now();
    let second = native::run(STANDIN, f, &args, &opts()).unwrap();
    let took = start.elapsed();
    assert!(!second.built, "the second run rebuilt");
    assert_eq!(first.binary, second.binary);
    assert_eq!(
        std::fs::metadata(&second.binary)
            .unwrap()
            .modified()
            .unwrap(),
        mtime
    );
    assert_eq!(first.results, second.results);
    // Generous: a cached run is a hash, a process start and two tiny files.
    assert!(took < Duration::from_secs(5), "cached run took {took:?}");
    // The key depends on the module text and the entry.
    let p = native::Program::prepare(STANDIN, f, &cache()).unwrap();
    assert_eq!(p.binary, second.binary);
    let q = native::Program::prepare(&format!("{STANDIN}\n// changed\n"), f, &cache()).unwrap();
    assert_ne!(p.key, q.key);
    let r = native::Program::prepare(STANDIN, m.function("saxpy").unwrap(), &cache()).unwrap();
    assert_ne!(p.key, r.key);
}

#[test]
fn run_time_errors_are_the_interpreters() {
    let m = module();
    let f = m.function("saxpy").unwrap();
    let args = [scalar_f32(1.0), f32s(&[1.0, 2.0, 3.0]), f32s(&[1.0; 4])];
    let want = arr_compiler::interp::run(&m, "saxpy", &args).unwrap_err();
    let got = native::run(STANDIN, f, &args, &opts()).unwrap_err();
    assert_eq!(got, NativeError::Runtime(want.to_string()));
    assert_eq!(
        got.to_string(),
        "size `n` is 3 from `x` axis 0 but 4 from `y` axis 0"
    );

    let g = m.function("grid").unwrap();
    let want = arr_compiler::interp::run(&m, "grid", &[scalar_i64(-1)]).unwrap_err();
    let got = native::run(STANDIN, g, &[scalar_i64(-1)], &opts()).unwrap_err();
    assert_eq!(got, NativeError::Runtime(want.to_string()));

    // A wrong argument never reaches the program.
    let got = native::run(STANDIN, g, &[scalar_f32(1.0)], &opts()).unwrap_err();
    assert!(
        matches!(&got, NativeError::Runtime(m) if m.contains("argument `n`")),
        "{got:?}"
    );
}

#[test]
fn timing_and_threads() {
    let m = module();
    let f = m.function("threads").unwrap();
    let o = Options {
        threads: Some(3),
        time: Some((4, Duration::from_secs(2))),
        ..opts()
    };
    let r = native::run(STANDIN, f, &[scalar_i64(0)], &o).unwrap();
    assert_eq!(r.results, vec![scalar_i64(3)]);
    assert!((1..=4).contains(&r.times.len()), "{:?}", r.times);
}

/// A module text no earlier test run has built, so that the build really happens.
fn fresh(text: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("{text}\n// fresh {nanos} {}\n", std::process::id())
}

#[test]
fn concurrent_builds_of_one_key() {
    let m = module();
    let f = m.function("saxpy").unwrap();
    let text = fresh(STANDIN);
    let args = [scalar_f32(2.0), f32s(&[1.0, 2.0]), f32s(&[0.5, 0.25])];
    let outcomes: Vec<native::Outcome> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..2)
            .map(|_| s.spawn(|| native::run(&text, f, &args, &opts())))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap().unwrap_or_else(|e| panic!("{e}")))
            .collect()
    });
    for o in &outcomes {
        assert_eq!(o.results, vec![f32s(&[2.5, 4.25])]);
    }
    assert_eq!(outcomes[0].binary, outcomes[1].binary);
    let program = native::Program::prepare(&text, f, &cache()).unwrap();
    assert!(program.is_built());
    // No staging directory of this key is left behind.
    let leftovers: Vec<String> = std::fs::read_dir(cache())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&program.key) && n != &program.key)
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // A third run uses the cache.
    assert!(!native::run(&text, f, &args, &opts()).unwrap().built);
    let _ = std::fs::remove_dir_all(&program.dir);
}

#[test]
fn build_failures_are_internal_errors() {
    let m = module();
    let f = m.function("grid").unwrap();
    let text =
        fresh("pub fn grid(n: i64) -> Result<::arr::ndarray::Array2<i64>, ::arr::Error> { n }");
    let e = native::run(&text, f, &[scalar_i64(2)], &opts()).unwrap_err();
    let NativeError::Internal(msg) = &e else {
        panic!("{e:?}");
    };
    assert!(msg.starts_with("internal error: the generated Rust code for `grid` did not build"));
    assert!(
        msg.contains("--interp") && msg.contains("mismatched types"),
        "{msg}"
    );
    let key = native::Program::prepare(&text, f, &cache()).unwrap().key;
    let _ = std::fs::remove_dir_all(cache().join(format!("{key}.failed")));
}

#[test]
fn arrc_run_natively() {
    let dir = cache().join("cli-inputs");
    std::fs::create_dir_all(&dir).unwrap();
    let prog = dir.join("prog.arr");
    let standin = dir.join("standin.rs");
    std::fs::write(&prog, PROG).unwrap();
    std::fs::write(&standin, STANDIN).unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec!["run", prog.to_str().unwrap()];
        args.extend_from_slice(extra);
        let o = assert_cmd::Command::cargo_bin("arrc")
            .unwrap()
            .args(&args)
            .env("ARR_NATIVE", "1")
            .env("ARR_NATIVE_MODULE", &standin)
            .env("ARR_CACHE_DIR", cache())
            .output()
            .unwrap();
        (
            o.status.code().unwrap_or(-1),
            String::from_utf8(o.stdout).unwrap(),
            String::from_utf8(o.stderr).unwrap(),
        )
    };
    let (code, out, err) = run(&["--entry", "grid", "--arg", "n=3"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "[[0 1 2]\n [3 4 5]\n [6 7 8]]\n");
    assert!(!err.contains("note:"), "{err}");
    let (_, interp_out, _) = run(&["--entry", "grid", "--arg", "n=3", "--interp"]);
    assert_eq!(out, interp_out);

    let (code, out, err) = run(&[
        "--entry",
        "saxpy",
        "--arg",
        "a=2",
        "--arg",
        "x=random:5:1",
        "--arg",
        "y=random:5:2",
        "--time",
    ]);
    assert_eq!(code, 0, "{err}");
    let (_, interp_out, _) = run(&[
        "--entry",
        "saxpy",
        "--arg",
        "a=2",
        "--arg",
        "x=random:5:1",
        "--arg",
        "y=random:5:2",
        "--interp",
    ]);
    assert_eq!(out, interp_out);
    let re = regex::Regex::new(r"(?m)^time: \d+(\.\d+)? ms \(median of [1-5] runs?\)$").unwrap();
    assert!(re.is_match(&err), "{err}");

    let out_path = dir.join("m.npy");
    let (code, _, err) = run(&[
        "--entry",
        "moments",
        "--arg",
        "x=random:10",
        "--out",
        out_path.to_str().unwrap(),
        "--out",
        dir.join("v.npy").to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out_path.is_file());

    let (code, out, err) = run(&[
        "--entry",
        "saxpy",
        "--arg",
        "a=2",
        "--arg",
        "x=random:3",
        "--arg",
        "y=random:4",
    ]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert_eq!(
        err,
        "error: size `n` is 3 from `x` axis 0 but 4 from `y` axis 0\n"
    );

    let (code, out, _) = run(&["--entry", "threads", "--arg", "x=0", "--threads", "2"]);
    assert_eq!(code, 0);
    assert_eq!(out, "2\n");

    // Without cargo a program that is not cached cannot be built: a clear error.
    let fresh_standin = dir.join("fresh.rs");
    std::fs::write(&fresh_standin, fresh(STANDIN)).unwrap();
    let o = assert_cmd::Command::cargo_bin("arrc")
        .unwrap()
        .args([
            "run",
            prog.to_str().unwrap(),
            "--entry",
            "grid",
            "--arg",
            "n=2",
        ])
        .env("ARR_NATIVE_MODULE", &fresh_standin)
        .env("ARR_CACHE_DIR", cache())
        .env("CARGO", "/nonexistent/cargo")
        .output()
        .unwrap();
    // Without cargo, `arrc run` says why and falls back to the interpreter.
    let err = String::from_utf8(o.stderr).unwrap();
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.starts_with("warning: cannot build native code: `/nonexistent/cargo` was not found")
            && err.contains("note: running the reference interpreter instead"),
        "{err}"
    );
    assert!(!String::from_utf8(o.stdout).unwrap().is_empty());

    // The Rust backend's code (no stand-in), by default: no note, same output.
    let o = assert_cmd::Command::cargo_bin("arrc")
        .unwrap()
        .args(["run", prog.to_str().unwrap(), "--entry", "moments"])
        .args(["--arg", "x=random:1000:5"])
        .env_remove("ARR_NATIVE")
        .env_remove("ARR_NATIVE_MODULE")
        .env("ARR_CACHE_DIR", cache())
        .output()
        .unwrap();
    let err = String::from_utf8(o.stderr).unwrap();
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(err.is_empty(), "{err}");
    let (_, interp_out, _) = run(&["--entry", "moments", "--arg", "x=random:1000:5", "--interp"]);
    let out = String::from_utf8(o.stdout).unwrap();
    let parse = |s: &str| -> Vec<f64> { s.lines().map(|l| l.parse().unwrap()).collect() };
    let (a, b) = (parse(&out), parse(&interp_out));
    assert_eq!(a.len(), 2);
    for (x, y) in a.iter().zip(&b) {
        assert!((x - y).abs() <= 1e-12 * y.abs(), "{out} vs {interp_out}");
    }
}

/// The parent of process `pid` and its state letter, from `/proc/PID/stat`; `None` once
/// the process is gone.
#[cfg(target_os = "linux")]
fn proc_parent_state(pid: u32) -> Option<(u32, char)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // `pid (comm) state ppid ...`; comm may hold spaces, so split after its `)`.
    let mut rest = stat[stat.rfind(')')? + 1..].split_whitespace();
    let state = rest.next()?.chars().next()?;
    let ppid = rest.next()?.parse().ok()?;
    Some((ppid, state))
}

/// Killing `arrc run` (SIGKILL, no chance to clean up) also ends the native program it
/// started, instead of leaving it computing a result nobody will read.
#[cfg(target_os = "linux")]
#[test]
fn killing_arrc_ends_its_native_program() {
    let dir = tempfile::tempdir().unwrap();
    let prog = dir.path().join("slow.arr");
    std::fs::write(
        &prog,
        "fn slow(steps: i64, x: [n]f64) -> f64 {\n    let mut s = 0.0;\n    \
         for t in 0..steps { s += sum(sin(x)); }\n    s\n}\n",
    )
    .unwrap();
    let mut arrc = std::process::Command::new(assert_cmd::cargo::cargo_bin("arrc"))
        .args(["run", prog.to_str().unwrap(), "--entry", "slow"])
        .args(["--arg", "steps=1000000000000", "--arg", "x=random:1000"])
        .env("ARR_CACHE_DIR", cache())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait (through the first build, if any) for arrc's child `arr-run` to start.
    let start = std::time::Instant::now();
    let child = loop {
        let found = std::fs::read_dir("/proc").unwrap().find_map(|e| {
            let pid: u32 = e.ok()?.file_name().to_str()?.parse().ok()?;
            let cmd = std::fs::read(format!("/proc/{pid}/cmdline")).ok()?;
            let (ppid, _) = proc_parent_state(pid)?;
            let is_run = String::from_utf8_lossy(&cmd).contains("arr-run");
            (ppid == arrc.id() && is_run).then_some(pid)
        });
        if let Some(pid) = found {
            break pid;
        }
        assert!(
            arrc.try_wait().unwrap().is_none(),
            "arrc ended before the native program started"
        );
        assert!(
            start.elapsed() < Duration::from_secs(600),
            "arr-run never started"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    arrc.kill().unwrap();
    arrc.wait().unwrap();
    let start = std::time::Instant::now();
    // Gone, or a zombie waiting for whoever inherited it to reap it.
    while !matches!(proc_parent_state(child), None | Some((_, 'Z' | 'X'))) {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "arr-run (pid {child}) still runs 20 s after arrc was killed"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Distance in units in the last place between two finite f64 of the same sign (or
/// both zero); `u64::MAX` otherwise.
fn ulps(a: f64, b: f64) -> u64 {
    if a == b {
        return 0;
    }
    if a.is_sign_negative() != b.is_sign_negative() || !a.is_finite() || !b.is_finite() {
        return u64::MAX;
    }
    a.to_bits().abs_diff(b.to_bits())
}

/// sin, cos and tan of large arguments in native code (built with `-Ctarget-cpu=native`,
/// as `arrc run` builds) agree with Rust's std, i.e. the interpreter and NumPy, up to the
/// runtime's `TRIG_MAX` for such a build: 2^44·π/2 ≈ 2.8e13 on a CPU with FMA, where the
/// reduction `x - q·π/2` takes its head exactly in one FMA; 2^20·π/2 without.
#[test]
fn trig_of_large_arguments_matches_std() {
    let src = "fn trig(x: [n]f64) -> ([n]f64, [n]f64, [n]f64) { (sin(x), cos(x), tan(x)) }\n\
               fn trig32(x: [n]f32) -> ([n]f32, [n]f32, [n]f32) { (sin(x), cos(x), tan(x)) }\n";
    let m = arr_compiler::compile(src).unwrap();
    let text = arr_compiler::back::rust::write_module(&m, "trig.arr", src).unwrap();
    // The reduction is accurate up to `TRIG_MAX` (2^44·π/2) on every instruction set.
    let top: f64 = 2.7e13;
    // Magnitudes log-spaced from 1 to `top` with scrambled mantissas, both signs.
    let xs: Vec<f64> = (0..6000)
        .map(|i| {
            let mag = top.powf(i as f64 / 5999.0) * (1.0 + ((i * 7919) % 1000) as f64 / 1000.0);
            let mag = mag.min(top);
            if i % 2 == 0 {
                mag
            } else {
                -mag
            }
        })
        .collect();

    let f = m.function("trig").unwrap();
    let got = native::run(&text, f, &[f64s(&xs)], &opts()).unwrap_or_else(|e| panic!("{e}"));
    type Fn64 = fn(f64) -> f64;
    let fns: [(&str, Fn64); 3] = [("sin", f64::sin), ("cos", f64::cos), ("tan", f64::tan)];
    for ((name, std_fn), r) in fns.iter().zip(&got.results) {
        let Value::F64(r) = r else {
            panic!("{name}: {r:?}")
        };
        let bad: Vec<String> = xs
            .iter()
            .zip(r.iter())
            .filter(|&(&x, &g)| ulps(g, std_fn(x)) > 4)
            .map(|(&x, &g)| format!("{name}({x:e}) = {g:e}, std {:e}", std_fn(x)))
            .collect();
        assert!(
            bad.is_empty(),
            "{} of {}: {:?}",
            bad.len(),
            xs.len(),
            &bad[..bad.len().min(5)]
        );
    }

    // f32, against the f64 std value rounded to f32.
    let xs32: Vec<f32> = xs
        .iter()
        .map(|&x| x as f32)
        .filter(|x| (x.abs() as f64) <= top)
        .collect();
    let arg = Value::F32(ArrayD::from_shape_vec(IxDyn(&[xs32.len()]), xs32.clone()).unwrap());
    let f = m.function("trig32").unwrap();
    let got = native::run(&text, f, &[arg], &opts()).unwrap_or_else(|e| panic!("{e}"));
    for ((name, std_fn), r) in fns.iter().zip(&got.results) {
        let Value::F32(r) = r else {
            panic!("{name}: {r:?}")
        };
        let bad: Vec<String> = xs32
            .iter()
            .zip(r.iter())
            .filter(|&(&x, &g)| {
                let w = std_fn(x as f64);
                (g as f64 - w).abs() > 2.0 * f32::EPSILON as f64 * w.abs().max(1e-3)
            })
            .map(|(&x, &g)| format!("{name}({x:e}) = {g:e}, std {:e}", std_fn(x as f64)))
            .collect();
        assert!(
            bad.is_empty(),
            "{} of {}: {:?}",
            bad.len(),
            xs32.len(),
            &bad[..bad.len().min(5)]
        );
    }
}
