//! End-to-end tests of the `arrc` binary.
//!
//! The `.npy` fixtures come from `tests/fixtures/gen_fixtures.py` (NumPy); every
//! expected printed output below is what NumPy's `print()` shows for the same values.

use arr_compiler::cli::args::{parse_value, ParamInfo};
use arr_compiler::ir::DType;
use arr_compiler::Value;
use assert_cmd::Command;
use ndarray::{ArrayD, IxDyn};
use std::path::PathBuf;

#[path = "support/npy_bytes.rs"]
mod npy_bytes;
use npy_bytes::npy_file;

fn fixture(name: &str) -> String {
    let p: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "fixtures", name]
        .iter()
        .collect();
    p.to_str().unwrap().to_string()
}

/// The built `arrc`, with native builds cached where the native tests cache theirs
/// (`target/arr-native-test-cache`), so the runtime's dependencies compile once.
fn arrc() -> Command {
    let tmp = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let cache = tmp.parent().unwrap_or(&tmp).join("arr-native-test-cache");
    let mut c = Command::cargo_bin("arrc").unwrap();
    c.env("ARR_CACHE_DIR", cache);
    c
}

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Out {
    let o = arrc().args(args).output().unwrap();
    Out {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8(o.stdout).unwrap(),
        stderr: String::from_utf8(o.stderr).unwrap(),
    }
}

/// `arrc run prog.arr --interp --entry ENTRY --arg ARGS...` (plus `extra`).
fn run_prog(entry: &str, args: &[&str], extra: &[&str]) -> Out {
    let prog = fixture("prog.arr");
    let mut all = vec!["run", prog.as_str(), "--interp", "--entry", entry];
    for a in args {
        all.push("--arg");
        all.push(a);
    }
    all.extend_from_slice(extra);
    run(&all)
}

#[track_caller]
fn assert_ok(o: &Out, stdout: &str) {
    assert_eq!(o.code, 0, "stderr: {}", o.stderr);
    assert_eq!(o.stdout, stdout, "stderr: {}", o.stderr);
}

// ---------------------------------------------------------------- usage errors

#[test]
fn usage_errors_exit_2() {
    let prog = fixture("prog.arr");
    let p = prog.as_str();
    for args in [
        vec![],
        vec!["frobnicate"],
        vec!["check"],
        vec!["run", p],
        vec!["run", p, "--entry", "scale", "--arg", "a"],
        vec!["run", p, "--entry", "scale", "--threads", "0"],
        vec!["run", p, "--entry", "scale", "--device", "tpu"],
        vec!["check", p, "--message-format", "xml"],
        vec!["build", p],
        vec!["build", p, "--target", "java"],
        vec!["explain", p, "--format", "svg"],
    ] {
        let o = run(&args);
        assert_eq!(o.code, 2, "{args:?}: {}", o.stderr);
        assert!(o.stdout.is_empty(), "{args:?}");
        assert!(!o.stderr.is_empty(), "{args:?}");
    }
}

#[test]
fn unknown_entry_lists_functions() {
    let o = run_prog("nope", &[], &[]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(
        o.stderr.contains("no function named `nope`"),
        "{}",
        o.stderr
    );
    assert!(
        o.stderr.contains("`scale`") && o.stderr.contains("`moments`"),
        "{}",
        o.stderr
    );
}

#[test]
fn argument_name_errors_exit_2() {
    let o = run_prog("scale", &["a=2", "x=random:3", "z=1"], &[]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(o.stderr.contains("no parameter named `z`"), "{}", o.stderr);
    assert!(o.stderr.contains("`a`, `x`"), "{}", o.stderr);

    let o = run_prog("scale", &["a=2", "a=3", "x=random:3"], &[]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(
        o.stderr.contains("`a` is given more than once"),
        "{}",
        o.stderr
    );

    let o = run_prog("scale", &["a=2"], &[]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(
        o.stderr.contains("missing argument `x` (type [n]f64)"),
        "{}",
        o.stderr
    );

    let o = run_prog("scale", &[], &[]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(
        o.stderr.contains("missing argument `a` (type f64)"),
        "{}",
        o.stderr
    );
    assert!(
        o.stderr.contains("missing argument `x` (type [n]f64)"),
        "{}",
        o.stderr
    );

    let o = run_prog("scale", &["a"], &[]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(o.stderr.contains("NAME=VALUE"), "{}", o.stderr);
}

#[test]
fn out_count_is_checked_before_running() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.npy");
    let o = run_prog("moments", &["x=random:4"], &["--out", a.to_str().unwrap()]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(
        o.stderr
            .contains("returns 2 results but 1 --out path was given"),
        "{}",
        o.stderr
    );
    assert!(!a.exists());
}

// ---------------------------------------------------------------- check

#[test]
fn check_good_file() {
    let o = run(&["check", &fixture("prog.arr")]);
    assert_ok(&o, "");
    assert!(o.stderr.is_empty(), "{}", o.stderr);
}

#[test]
fn check_dump_ir() {
    let o = run(&["check", &fixture("prog.arr"), "--dump-ir"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stdout.contains("scale"), "{}", o.stdout);
}

#[test]
fn check_bad_file() {
    let bad = fixture("bad.arr");
    let o = run(&["check", &bad]);
    assert_eq!(o.code, 1);
    assert!(o.stdout.is_empty());
    assert!(o.stderr.contains("E0203"), "{}", o.stderr);
    assert!(o.stderr.contains("E0100"), "{}", o.stderr);
    assert!(o.stderr.contains("bad.arr"), "{}", o.stderr);
    let last = o.stderr.lines().last().unwrap();
    assert_eq!(last, format!("error: could not check {bad}: 2 errors"));
}

#[test]
fn check_json() {
    let o = run(&["check", &fixture("bad.arr"), "--message-format", "json"]);
    assert_eq!(o.code, 1);
    let lines: Vec<&str> = o.stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{}", o.stderr);
    let codes: Vec<String> = lines
        .iter()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("each line is JSON");
            assert!(v["message"].is_string());
            assert!(v["labels"].is_array());
            v["code"].as_str().unwrap().to_string()
        })
        .collect();
    assert!(codes.contains(&"E0203".to_string()) && codes.contains(&"E0100".to_string()));
}

#[test]
fn run_reports_diagnostics() {
    let o = run(&["run", &fixture("bad.arr"), "--entry", "f", "--arg", "x=1"]);
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("E0203"), "{}", o.stderr);
    assert!(
        o.stderr.contains("error: could not compile"),
        "{}",
        o.stderr
    );
}

#[test]
fn unreadable_file_is_an_error() {
    let o = run(&["check", "/nonexistent/dir/x.arr"]);
    assert_eq!(o.code, 1);
    assert!(
        o.stderr
            .starts_with("error: cannot read /nonexistent/dir/x.arr"),
        "{}",
        o.stderr
    );
    let o = run(&["run", "/nonexistent/dir/x.arr", "--entry", "f"]);
    assert_eq!(o.code, 1);
}

#[test]
fn build_writes_rust() {
    let p = fixture("prog.arr");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.rs");
    let o = run(&["build", &p, "--target", "rust", "-o", out.to_str().unwrap()]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let code = std::fs::read_to_string(&out).unwrap();
    assert!(
        code.starts_with("// Generated by arrc from prog.arr"),
        "{code}"
    );
    assert!(code.contains("pub fn scale("), "{code}");
}

#[test]
fn explain_prints_the_kernel_plan() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/");
    let softmax = format!("{root}softmax.arr");
    let o = run(&["explain", &softmax]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(
        o.stdout
            .starts_with("function `softmax` (softmax.arr): 1 kernel, 0 materialized buffers"),
        "{}",
        o.stdout
    );
    assert!(
        o.stdout
            .contains("row group (2 row reductions, 2 row loops) over [n, m]f32 — lines 10-11"),
        "{}",
        o.stdout
    );
    // A shared local is materialized, and the rule says why.
    let cov = format!("{root}covariance.arr");
    let o = run(&["explain", &cov]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stdout.contains("xc : [n, m]f64"), "{}", o.stdout);
    assert!(o.stdout.contains("`let` read 2 times"), "{}", o.stdout);
    // hdiff: slice pushdown moves the fluxes and `lap` (read at five distinct points)
    // into the update: one loop over 14 views, nothing stored.
    let hdiff = format!("{root}hdiff.arr");
    let o = run(&["explain", &hdiff, "--entry", "hdiff"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(
        o.stdout
            .starts_with("function `hdiff` (hdiff.arr): 1 kernel, 0 materialized buffers"),
        "{}",
        o.stdout
    );
    assert!(!o.stdout.contains("lap :"), "{}", o.stdout);
    assert!(!o.stdout.contains("flx :"), "{}", o.stdout);
    // Library calls say how the runtime splits them (not "sequential" across the board).
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib.arr");
    std::fs::write(
        &lib,
        "fn g(x: [n]f64) -> [n]f64 { x * 2.0 }\n\
         fn f(a: [n, m]f64, v: [n]f64) -> ([2 * n, m]f64, [n, m]f64, [n]i64, f64, [n]f64) {\n\
         (concat([a, a], axis=0), cumsum(a, axis=1), argmax(a, axis=1), prod(v), g(v))\n}\n",
    )
    .unwrap();
    let o = run(&["explain", lib.to_str().unwrap(), "--entry", "f"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    for (kernel, parallel) in [
        (
            "library: concat",
            "each part copied in pieces along one axis",
        ),
        ("library: cumsum", "over lanes (each lane scanned in order)"),
        (
            "`argmax` along axis 1",
            "over output elements (rows of the input)",
        ),
        ("`prod` of an array", "sequential"),
        (
            "library: call: g(v)",
            "as the called function's own kernels",
        ),
    ] {
        let at = o
            .stdout
            .find(kernel)
            .unwrap_or_else(|| panic!("{kernel}: {}", o.stdout));
        let line = o.stdout[at..]
            .lines()
            .find(|l| l.contains("parallel:"))
            .unwrap();
        assert_eq!(line.trim(), format!("parallel: {parallel}"), "{kernel}");
    }
    // dot: one digraph per function, balanced braces, an edge per read.
    let jac = format!("{root}jacobi_2d.arr");
    let o = run(&["explain", &jac, "--format", "dot"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(
        o.stdout.starts_with("digraph \"jacobi_2d\" {"),
        "{}",
        o.stdout
    );
    assert_eq!(o.stdout.matches('{').count(), o.stdout.matches('}').count());
    assert!(o.stdout.contains("-> k2;"), "{}", o.stdout);
    // Errors.
    let o = run(&["explain", &softmax, "--entry", "nosuch"]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(
        o.stderr.contains("no function named `nosuch`"),
        "{}",
        o.stderr
    );
    let o = run(&["explain", &softmax, "--format", "svg"]);
    assert_eq!(o.code, 2);
}

#[test]
fn help_and_version() {
    let o = run(&["--version"]);
    assert_eq!(o.code, 0);
    assert!(o.stdout.starts_with("arrc "));
    let o = run(&["run", "--help"]);
    assert_eq!(o.code, 0);
    for needle in [
        "--entry",
        "--arg",
        "random:SHAPE",
        "[0, 1)",
        "[0, 100)",
        "--out",
        "--time",
    ] {
        assert!(o.stdout.contains(needle), "{needle}: {}", o.stdout);
    }
}

// ---------------------------------------------------------------- .npy inputs (no interpreter)

fn param(dtype: DType, rank: usize) -> ParamInfo<'static> {
    let type_str = match rank {
        0 => dtype.name().to_string(),
        1 => format!("[n]{}", dtype.name()),
        _ => format!("[n, m]{}", dtype.name()),
    };
    ParamInfo {
        name: "x",
        type_str,
        dtype,
        rank,
    }
}

fn arr<T>(shape: &[usize], v: Vec<T>) -> ArrayD<T> {
    ArrayD::from_shape_vec(IxDyn(shape), v).unwrap()
}

#[test]
fn npy_fixtures_read_in_both_orders() {
    let f = vec![1.0, 2.5, -3.0, 4.0, 5.0, 6.0];
    let i = vec![1, -2, 3, 40, 5, 6];
    let b = vec![true, false, true, false, false, true];
    let cases: Vec<(&str, DType, Value)> = vec![
        ("f64", DType::F64, Value::F64(arr(&[2, 3], f.clone()))),
        (
            "f32",
            DType::F32,
            Value::F32(arr(&[2, 3], f.iter().map(|&x| x as f32).collect())),
        ),
        ("i32", DType::I32, Value::I32(arr(&[2, 3], i.clone()))),
        (
            "i64",
            DType::I64,
            Value::I64(arr(&[2, 3], i.iter().map(|&x| x as i64).collect())),
        ),
        ("bool", DType::Bool, Value::Bool(arr(&[2, 3], b))),
    ];
    for (name, dtype, want) in cases {
        for order in ["c", "f"] {
            let path = fixture(&format!("{name}_{order}.npy"));
            let got = parse_value(&param(dtype, 2), &path).unwrap();
            assert_eq!(got, want, "{path}");
        }
    }
    let be = parse_value(&param(DType::F64, 1), &fixture("f64_be.npy")).unwrap();
    assert_eq!(be, Value::F64(arr(&[3], vec![1.5, -2.0, 3.25])));
    let zero_d = parse_value(&param(DType::F64, 0), &fixture("f64_0d.npy")).unwrap();
    assert_eq!(zero_d, Value::F64(arr(&[], vec![2.5])));
}

#[test]
fn npy_dtype_and_rank_errors() {
    let e = parse_value(&param(DType::F32, 2), &fixture("f64_c.npy"))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("argument `x`: parameter is [n, m]f32 but "),
        "{e}"
    );
    assert!(
        e.contains("f64_c.npy holds float64 (f64) values; convert it first"),
        "{e}"
    );
    let e = parse_value(&param(DType::I64, 1), &fixture("i16.npy"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("int16") && e.contains("not support"), "{e}");
    let e = parse_value(&param(DType::F64, 1), &fixture("f64_c.npy"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("rank"), "{e}");
    let e = parse_value(&param(DType::F64, 1), &fixture("f64_0d.npy"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("rank"), "{e}");
}

#[test]
fn f64_file_to_f32_parameter_is_exit_1() {
    // Rejected while loading arguments, before anything runs.
    let path = fixture("f64_c.npy");
    let o = run_prog("id_f32", &[&format!("x={path}")], &[]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert!(
        o.stderr.contains(&format!(
            "error: argument `x`: parameter is [n, m]f32 but {path} holds float64 (f64) values; convert it first"
        )),
        "{}",
        o.stderr
    );
}

/// A value whose text does not fit its parameter is bad command-line usage (exit 2, like a
/// missing or unknown `--arg`); a file that cannot be used is an input error (exit 1).
#[test]
fn bad_values_are_exit_2_and_bad_files_exit_1() {
    let o = run_prog("add_int", &["a=2.5", "b=1"], &[]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(
        o.stderr
            .contains("argument `a`: parameter is i64 but `2.5` is a float literal"),
        "{}",
        o.stderr
    );
    let o = run_prog("scale", &["a=2", "x=3"], &[]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(o.stderr.contains("argument `x`"), "{}", o.stderr);
    let o = run_prog("scale", &["a=abc", "x=random:3"], &[]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(o.stderr.contains("not a scalar literal"), "{}", o.stderr);
    let o = run_prog("scale", &["a=2", "x=random:3x3"], &[]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(o.stderr.contains("rank"), "{}", o.stderr);
    let o = run_prog("scale", &["a=2", "x=/nonexistent/q.npy"], &[]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert!(
        o.stderr.contains("cannot read /nonexistent/q.npy"),
        "{}",
        o.stderr
    );
}

#[test]
fn cuda_is_not_available() {
    let o = run_prog("scale", &["a=2", "x=random:3"], &["--device", "cuda"]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert!(
        o.stderr.contains("the CUDA backend is not available yet"),
        "{}",
        o.stderr
    );
}

// ---------------------------------------------------------------- running (needs the interpreter)

#[test]
fn run_with_scalar_args() {
    assert_ok(&run_prog("half", &["x=3"], &[]), "1.5\n");
    assert_ok(&run_prog("add_int", &["a=7", "b=-3"], &[]), "4\n");
    assert_ok(&run_prog("negate", &["b=true"], &[]), "False\n");
    assert_ok(&run_prog("id_scalar", &["x=1e-3"], &[]), "0.001\n");
    let vec = fixture("f64_vec.npy");
    assert_ok(
        &run_prog("scale", &["a=2", &format!("x={vec}")], &[]),
        "[2. 4. 6. 8.]\n",
    );
}

#[test]
fn run_prints_npy_inputs_like_numpy() {
    let float = "[[ 1.   2.5 -3. ]\n [ 4.   5.   6. ]]\n";
    let int = "[[ 1 -2  3]\n [40  5  6]]\n";
    let boolean = "[[ True False  True]\n [False False  True]]\n";
    for (entry, file, want) in [
        ("id_f64", "f64", float),
        ("id_f32", "f32", float),
        ("id_i32", "i32", int),
        ("id_i64", "i64", int),
        ("id_bool", "bool", boolean),
    ] {
        for order in ["c", "f"] {
            let path = fixture(&format!("{file}_{order}.npy"));
            assert_ok(&run_prog(entry, &[&format!("x={path}")], &[]), want);
        }
    }
    let be = fixture("f64_be.npy");
    assert_ok(
        &run_prog("id_vec", &[&format!("x={be}")], &[]),
        "[ 1.5  -2.    3.25]\n",
    );
    let zero_d = fixture("f64_0d.npy");
    assert_ok(
        &run_prog("id_scalar", &[&format!("x={zero_d}")], &[]),
        "2.5\n",
    );
}

#[test]
fn run_prints_tuples_and_large_arrays() {
    let vec = fixture("f64_vec.npy");
    assert_ok(
        &run_prog("moments", &[&format!("x={vec}")], &[]),
        "2.5\n1.25\n",
    );
    assert_ok(
        &run_prog("ramp", &["n=2000"], &[]),
        "[0.000e+00 1.000e+00 2.000e+00 ... 1.997e+03 1.998e+03 1.999e+03]\n",
    );
    assert_ok(
        &run_prog("grid", &["n=4"], &[]),
        "[[ 0  1  2  3]\n [ 4  5  6  7]\n [ 8  9 10 11]\n [12 13 14 15]]\n",
    );
}

#[test]
fn run_writes_npy_outputs() {
    use ndarray_npy::ReadNpyExt;
    let dir = tempfile::tempdir().unwrap();
    let y = dir.path().join("y.npy");
    let o = run_prog(
        "id_f64",
        &[&format!("x={}", fixture("f64_f.npy"))],
        &["--out", y.to_str().unwrap()],
    );
    assert_ok(&o, "");
    let got = ArrayD::<f64>::read_npy(std::fs::File::open(&y).unwrap()).unwrap();
    assert_eq!(got, arr(&[2, 3], vec![1.0, 2.5, -3.0, 4.0, 5.0, 6.0]));

    let (m, v) = (dir.path().join("m.npy"), dir.path().join("v.npy"));
    let o = run_prog(
        "moments",
        &[&format!("x={}", fixture("f64_vec.npy"))],
        &["--out", m.to_str().unwrap(), "--out", v.to_str().unwrap()],
    );
    assert_ok(&o, "");
    let m = ArrayD::<f64>::read_npy(std::fs::File::open(&m).unwrap()).unwrap();
    let v = ArrayD::<f64>::read_npy(std::fs::File::open(&v).unwrap()).unwrap();
    assert_eq!(m, arr(&[], vec![2.5]));
    assert_eq!(v, arr(&[], vec![1.25]));

    let b = dir.path().join("b.npy");
    let o = run_prog(
        "id_bool",
        &[&format!("x={}", fixture("bool_f.npy"))],
        &["--out", b.to_str().unwrap()],
    );
    assert_ok(&o, "");
    let got = ArrayD::<bool>::read_npy(std::fs::File::open(&b).unwrap()).unwrap();
    assert_eq!(
        got,
        arr(&[2, 3], vec![true, false, true, false, false, true])
    );

    // An unwritable --out is a clean error.
    let o = run_prog("half", &["x=1"], &["--out", "/nonexistent/dir/h.npy"]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert!(
        o.stderr.contains("cannot write /nonexistent/dir/h.npy"),
        "{}",
        o.stderr
    );
}

#[test]
fn random_inputs_are_deterministic() {
    let a = run_prog("id_vec", &["x=random:20:7"], &[]);
    let b = run_prog("id_vec", &["x=random:20:7"], &[]);
    let c = run_prog("id_vec", &["x=random:20:8"], &[]);
    assert_eq!(a.code, 0, "{}", a.stderr);
    assert_eq!(a.stdout, b.stdout);
    assert_ne!(a.stdout, c.stdout);
    let d = run_prog("id_vec", &["x=random:20"], &[]);
    let e = run_prog("id_vec", &["x=random:20:0"], &[]);
    assert_eq!(d.stdout, e.stdout);
    let i = run_prog("id_i64", &["x=random:3x4:1"], &[]);
    assert_eq!(i.code, 0, "{}", i.stderr);
    let re =
        regex::Regex::new(r"^\[\[( *\d+){4}\]\n \[( *\d+){4}\]\n \[( *\d+){4}\]\]\n$").unwrap();
    assert!(re.is_match(&i.stdout), "{}", i.stdout);
}

#[test]
fn native_note_and_timing() {
    let prog = fixture("prog.arr");
    let o = run(&[
        "run",
        &prog,
        "--entry",
        "half",
        "--arg",
        "x=3",
        "--threads",
        "2",
    ]);
    assert_ok(&o, "1.5\n");
    // Native code runs by default, with nothing to say about it.
    assert!(!o.stderr.contains("note:"), "{}", o.stderr);
    let o = run_prog("half", &["x=3"], &[]);
    assert!(!o.stderr.contains("note:"), "{}", o.stderr);

    let o = run_prog("half", &["x=3"], &["--time"]);
    assert_ok(&o, "1.5\n");
    let re = regex::Regex::new(r"(?m)^time: \d+(\.\d+)? ms \(median of [1-5] runs?\)$").unwrap();
    assert!(re.is_match(&o.stderr), "{}", o.stderr);
}

#[test]
fn run_time_errors_exit_1() {
    let o = run_prog("checked", &["x=random:3", "y=random:4"], &[]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert!(o.stderr.starts_with("error: "), "{}", o.stderr);
    assert!(o.stdout.is_empty());
}

// ---------------------------------------------------------------- bad .npy files

fn f64_header(shape: &str) -> String {
    format!("{{'descr': '<f8', 'fortran_order': False, 'shape': {shape}, }}")
}

/// Asserts a clean failure: exit status 1, no panic or internal error, and `want` in
/// the message.
#[track_caller]
fn assert_clean_error(o: &Out, want: &str, what: &str) {
    assert_eq!(o.code, 1, "{what}: {}", o.stderr);
    assert!(o.stderr.starts_with("error: "), "{what}: {}", o.stderr);
    for bad in [
        "panicked",
        "internal error",
        "memory allocation",
        "RUST_BACKTRACE",
    ] {
        assert!(!o.stderr.contains(bad), "{what}: {}", o.stderr);
    }
    assert!(
        o.stderr.contains(want),
        "{what}: expected {want:?} in {}",
        o.stderr
    );
}

#[test]
fn bad_npy_files_are_clean_errors_in_both_modes() {
    let dir = tempfile::tempdir().unwrap();
    let good = npy_file(&f64_header("(6,)"), &[0u8; 48]);
    let cases: Vec<(&str, &str, Vec<u8>, &str)> = vec![
        (
            // Would allocate 800 GB before noticing the file is short.
            "huge",
            "id_vec",
            npy_file(&f64_header("(100000000000,)"), &[0u8; 80]),
            "huge.npy: header says shape (100000000000,) of float64 = 800000000000 bytes, \
             but the file holds 80 bytes of data",
        ),
        (
            // The element count is 0, but ndarray cannot have such a shape.
            "zero_by_huge",
            "id_f64",
            npy_file(&f64_header("(0, 18446744073709551615)"), &[]),
            "header says shape (0, 18446744073709551615), whose axis lengths are too large",
        ),
        (
            // The element count overflows usize.
            "overflow",
            "id_f64",
            npy_file(&f64_header("(1099511627776, 1099511627776)"), &[0u8; 16]),
            "header says shape (1099511627776, 1099511627776) of float64 = \
             9671406556917033397649408 bytes, but the file holds 16 bytes of data",
        ),
        (
            "axis_too_long",
            "id_vec",
            npy_file(&f64_header("(18446744073709551616,)"), &[]),
            "axis length 18446744073709551616 is too large",
        ),
        (
            "negative",
            "id_vec",
            npy_file(&f64_header("(-1,)"), &[]),
            "'shape' is not a tuple of integers",
        ),
        (
            "truncated_data",
            "id_vec",
            good[..good.len() - 5].to_vec(),
            "header says shape (6,) of float64 = 48 bytes, but the file holds 43 bytes of data",
        ),
        (
            "extra_data",
            "id_vec",
            [&good[..], b"xx"].concat(),
            "= 48 bytes, but the file holds 50 bytes of data",
        ),
        (
            "truncated_header",
            "id_vec",
            good[..40].to_vec(),
            "the header is cut short",
        ),
        ("empty", "id_vec", Vec::new(), "the header is cut short"),
        (
            "bad_magic",
            "id_vec",
            b"PK\x03\x04 this is a zip file".to_vec(),
            "not a NumPy .npy file",
        ),
        (
            "header_length",
            "id_vec",
            b"\x93NUMPY\x02\x00\xff\xff\xff\xff{".to_vec(),
            "the header is cut short",
        ),
        (
            "version",
            "id_vec",
            [b"\x93NUMPY\x09\x00".as_slice(), &good[8..]].concat(),
            "unsupported .npy format version 9.0",
        ),
        (
            "not_a_dict",
            "id_vec",
            npy_file("[1, 2, 3]", &[]),
            "malformed .npy header: it is not a dictionary",
        ),
        (
            "garbage_header",
            "id_vec",
            npy_file("{'descr': '<f8', 'shape': (6", &[0u8; 48]),
            "malformed .npy header",
        ),
        (
            "no_fortran_order",
            "id_vec",
            npy_file("{'descr': '<f8', 'shape': (6,), }", &[0u8; 48]),
            "it has no 'fortran_order'",
        ),
        (
            "structured",
            "id_vec",
            npy_file(
                "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (6,), }",
                &[0u8; 48],
            ),
            "structured arrays are not supported",
        ),
        (
            "complex",
            "id_vec",
            npy_file(
                "{'descr': '<c16', 'fortran_order': False, 'shape': (3,), }",
                &[0u8; 48],
            ),
            "holds complex128 values, which Arr does not support",
        ),
        (
            "object",
            "id_vec",
            npy_file(
                "{'descr': '|O', 'fortran_order': False, 'shape': (2,), }",
                &[0u8; 16],
            ),
            "holds object values, which Arr does not support",
        ),
        (
            "bad_bool",
            "id_bool",
            npy_file(
                "{'descr': '|b1', 'fortran_order': False, 'shape': (1, 2), }",
                &[1, 5],
            ),
            "error parsing value 0x05 as a bool",
        ),
    ];
    let prog = fixture("prog.arr");
    let mut checks: Vec<(String, String, &str)> = Vec::new();
    for (name, entry, bytes, want) in &cases {
        let path = dir.path().join(format!("{name}.npy"));
        std::fs::write(&path, bytes).unwrap();
        checks.push((path.to_str().unwrap().to_string(), entry.to_string(), want));
    }
    let sub = dir.path().join("dir.npy");
    std::fs::create_dir(&sub).unwrap();
    checks.push((
        sub.to_str().unwrap().to_string(),
        "id_vec".into(),
        "is a directory",
    ));
    let missing = dir.path().join("missing.npy");
    checks.push((
        missing.to_str().unwrap().to_string(),
        "id_vec".into(),
        "No such file",
    ));
    for (path, entry, want) in &checks {
        let arg = format!("x={path}");
        for mode in [&["--interp"][..], &[]] {
            let mut args = vec!["run", prog.as_str(), "--entry", entry, "--arg", &arg];
            args.extend_from_slice(mode);
            let o = run(&args);
            assert_clean_error(&o, want, &format!("{path} {mode:?}"));
            assert!(o.stderr.contains("argument `x`"), "{}", o.stderr);
        }
    }
}

#[test]
fn big_endian_and_fortran_order_npy_files_load() {
    let dir = tempfile::tempdir().unwrap();
    let be = dir.path().join("be.npy");
    let data: Vec<u8> = [1.5f64, -2.0]
        .iter()
        .flat_map(|x| x.to_be_bytes())
        .collect();
    std::fs::write(
        &be,
        npy_file(
            "{'descr': '>f8', 'fortran_order': False, 'shape': (2,), }",
            &data,
        ),
    )
    .unwrap();
    let o = run_prog("id_vec", &[&format!("x={}", be.display())], &[]);
    assert_ok(&o, "[ 1.5 -2. ]\n");
    // Column-major data: the values of [[1, 2, 3], [4, 5, 6]] down the columns.
    let fo = dir.path().join("fortran.npy");
    let data: Vec<u8> = [1.0f64, 4.0, 2.0, 5.0, 3.0, 6.0]
        .iter()
        .flat_map(|x| x.to_le_bytes())
        .collect();
    std::fs::write(
        &fo,
        npy_file(
            "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }",
            &data,
        ),
    )
    .unwrap();
    let o = run_prog("id_f64", &[&format!("x={}", fo.display())], &[]);
    assert_ok(&o, "[[1. 2. 3.]\n [4. 5. 6.]]\n");
}

/// Results of every layout (transposed, reversed, empty in either axis, keepdims
/// reductions) are written natively as NumPy would, with no fallback to the interpreter.
#[test]
fn odd_layout_results_are_written_natively() {
    use ndarray_npy::ReadNpyExt;
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    // A fixed path, so that the built program is cached between test runs.
    let inputs = tmp
        .parent()
        .unwrap_or(&tmp)
        .join("arr-native-test-cache")
        .join("npy-inputs");
    std::fs::create_dir_all(&inputs).unwrap();
    let prog = inputs.join("layouts.arr");
    std::fs::write(
        &prog,
        "fn f(x: [n, m]f64, k: [n, m]i64) -> ([n, 1]f64, [1, m]f64, [m, n]f64, [m, n]i64, \
         [n, m]bool, [n, m]f64, f64) {\n    \
         (sum(x, axis=1, keepdims=true), sum(x, axis=0, keepdims=true), x.T, k.T, x > 0.5, \
         flip(x, axis=1), sum(x))\n}\n",
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    for shape in ["0x3", "3x0", "0x0", "2x3"] {
        let mut results = Vec::new();
        for mode in [&[][..], &["--interp"]] {
            let x = format!("x=random:{shape}");
            let k = format!("k=random:{shape}:1");
            let mut args = vec!["run", prog.to_str().unwrap(), "--entry", "f"];
            args.extend_from_slice(&["--arg", &x, "--arg", &k]);
            args.extend_from_slice(mode);
            let outs: Vec<String> = (0..7)
                .map(|j| {
                    let p = dir.path().join(format!("{shape}{}-{j}.npy", mode.len()));
                    p.to_str().unwrap().to_string()
                })
                .collect();
            for p in &outs {
                args.extend_from_slice(&["--out", p]);
            }
            let o = run(&args);
            assert_eq!(o.code, 0, "{shape} {mode:?}: {}", o.stderr);
            assert!(o.stderr.is_empty(), "{shape} {mode:?}: {}", o.stderr);
            let read_f64 = |p: &str| ArrayD::<f64>::read_npy(std::fs::File::open(p).unwrap());
            let read_i64 = |p: &str| ArrayD::<i64>::read_npy(std::fs::File::open(p).unwrap());
            let read_bool = |p: &str| ArrayD::<bool>::read_npy(std::fs::File::open(p).unwrap());
            let r = (
                read_f64(&outs[0]).unwrap(),
                read_f64(&outs[1]).unwrap(),
                read_f64(&outs[2]).unwrap(),
                read_i64(&outs[3]).unwrap(),
                read_bool(&outs[4]).unwrap(),
                read_f64(&outs[5]).unwrap(),
                read_f64(&outs[6]).unwrap(),
            );
            let (n, m): (usize, usize) = {
                let (a, b) = shape.split_once('x').unwrap();
                (a.parse().unwrap(), b.parse().unwrap())
            };
            assert_eq!(r.0.shape(), &[n, 1], "{shape}");
            assert_eq!(r.1.shape(), &[1, m], "{shape}");
            assert_eq!(r.2.shape(), &[m, n], "{shape}");
            assert_eq!(r.3.shape(), &[m, n], "{shape}");
            assert_eq!(r.4.shape(), &[n, m], "{shape}");
            assert_eq!(r.5.shape(), &[n, m], "{shape}");
            assert_eq!(r.6.shape(), &[] as &[usize], "{shape}");
            results.push(r);
        }
        let (a, b) = (&results[0], &results[1]);
        // Reductions may sum in another order: equal within rounding.
        let near = |x: &ArrayD<f64>, y: &ArrayD<f64>| {
            x.shape() == y.shape()
                && x.iter()
                    .zip(y)
                    .all(|(p, q)| (p - q).abs() <= 1e-12 * (1.0 + p.abs()))
        };
        assert!(
            near(&a.0, &b.0) && near(&a.1, &b.1) && near(&a.6, &b.6),
            "{shape}"
        );
        assert_eq!(
            (&a.2, &a.3, &a.4, &a.5),
            (&b.2, &b.3, &b.4, &b.5),
            "{shape}"
        );
    }
}
