//! Native differential test: random well-typed Arr programs (`support/progen.rs` with
//! [`progen::Options::native`]: the NumPy forms plus forms that can fail at run time,
//! and results that read the source of a `let mut` copy or a `let` of it taken before
//! its updates) compiled by the Rust backend and run natively, against the reference
//! interpreter.
//!
//! All programs go into one crate (`target/arr-native-diff-test/`, built into the shared
//! `target/arr-backend-test-target/` like `back_rust.rs`'s, see `support/rust_crate.rs`),
//! one module per program, so the build is paid once. Each program runs on its random
//! inputs (written to `data/` in the crate, read at run time) in three memory layouts (C
//! order, every axis reversed in memory, Fortran order), and `f_into` in C order where
//! the result is one array (and the interpreter gives no error). One seed in `BIG_EVERY`
//! gets sizes of `BIG_SIZES` instead of 3..=6, large enough for the parallel loops and
//! chunked reductions, and one in `TINY_EVERY` sizes of `TINY_SIZES` (empty axes).
//!
//! - `ARR_DIFF_CASES` (default 300): how many programs; `ARR_DIFF_SEED` (default
//!   `BASE_SEED`): the first seed (program `i` uses seed `base + i`).
//! - Every generated program must compile (else a generator bug) and generate Rust
//!   (else a backend bug).
//! - Comparison: number of results, dtypes and shapes exactly; integers and bools exactly;
//!   floats elementwise `|native - interp| <= tol * max(1, max |interp| over the result)
//!   + tol * |interp|` with tol = 1e-9 for f64 and 1e-4 for f32 (also for f64 results of
//!   programs that compute partly in f32). The scale term absorbs summation order (the
//!   backend sums in fixed chunks, Arr leaves the order unspecified, LANGUAGE §3) and the
//!   last ulps of `arr::math`'s `exp`/`sin`/... against `std`'s. NaN equals NaN,
//!   infinities must be equal. The generator feeds only bitwise-reproducible values into
//!   comparisons, `argmax` and float-to-integer casts, so discrete choices never flip.
//! - A run-time error must be an error on both sides, of the same `arr::Error` variant
//!   (messages may differ; the number that do is printed).
//! - A panic in generated code is caught per call and reported as a mismatch.
//! - On a mismatch the program is printed in full, with its inputs and how to rerun it
//!   alone (`ARR_DIFF_SEED=<seed> ARR_DIFF_CASES=1`).
//! - `target/arr-native-diff-test/programs.txt` lists every program of the last run
//!   (`p<k>` is module `src/p<k>.rs`).
//! - `NATIVE_REGRESSION_SEEDS` are always run in addition: seeds that exposed a bug.

#[path = "support/progen.rs"]
mod progen;
#[path = "support/rust_crate.rs"]
mod rust_crate;

use arr_compiler::value::Value;
use progen::{generate_with, Options, Program};
use rust_crate::{elems, parse_lines, TestCrate};
use std::fmt::Write as _;
use std::time::Instant;

const BASE_SEED: u64 = 0x7a7e_0000;
const DEFAULT_CASES: u64 = 300;
/// Seeds `s` with `s % BIG_EVERY == BIG_EVERY - 1` get sizes from `BIG_SIZES`.
const BIG_EVERY: u64 = 30;
const BIG_SIZES: (usize, usize) = (128, 256);
/// Seeds `s` with `s % TINY_EVERY == TINY_EVERY / 2` get sizes from `TINY_SIZES`: empty
/// and negative shrunk axes, reductions of nothing, indices out of range.
const TINY_EVERY: u64 = 10;
const TINY_SIZES: (usize, usize) = (1, 3);

/// The generator options of `seed`.
fn options(seed: u64) -> Options {
    let mut o = Options::native();
    if seed % BIG_EVERY == BIG_EVERY - 1 {
        o.sizes = Some(BIG_SIZES);
    } else if seed % TINY_EVERY == TINY_EVERY / 2 {
        o.sizes = Some(TINY_SIZES);
    }
    o
}

/// Seeds (with `Options::native()`) that once exposed a backend bug. A seed names a
/// program only for one version of the generator: when the generator changes, turn such
/// a program into a `tests/cases` file instead.
const NATIVE_REGRESSION_SEEDS: &[u64] = &[5042];

fn env_u64(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(s) => {
            let s = s.trim();
            let parsed = if let Some(h) = s.strip_prefix("0x") {
                u64::from_str_radix(h, 16)
            } else {
                s.parse()
            };
            parsed.unwrap_or_else(|_| panic!("{name}={s:?} is not a number"))
        }
        Err(_) => default,
    }
}

/// Helpers of the generated `main`, after `rust_crate::MAIN_PRELUDE`.
const HELPERS: &str = r#"
/// Elements stored little-endian in the input files.
trait Le: Sized {
    const N: usize;
    fn from_le(b: &[u8]) -> Self;
}
macro_rules! le {
    ($($t:ty),*) => {$(
        impl Le for $t {
            const N: usize = std::mem::size_of::<$t>();
            fn from_le(b: &[u8]) -> Self {
                <$t>::from_le_bytes(b.try_into().unwrap())
            }
        }
    )*};
}
le!(f32, f64, i32, i64);
impl Le for bool {
    const N: usize = 1;
    fn from_le(b: &[u8]) -> Self {
        b[0] != 0
    }
}
/// The array in `data/NAME` of the crate.
fn load<T: Le>(name: &str, shape: &[usize]) -> ArrayD<T> {
    let path = format!("{}/data/{name}", env!("CARGO_MANIFEST_DIR"));
    let b = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let v: Vec<T> = b.chunks(T::N).map(T::from_le).collect();
    ArrayD::from_shape_vec(IxDyn(shape), v).unwrap()
}
/// `a` stored in memory layout `l` (0: C order, 1: every axis reversed, 2: Fortran).
fn lay<T: Clone>(a: &ArrayD<T>, l: usize) -> ArrayD<T> {
    match l {
        1 => {
            let mut t = a.clone();
            for k in 0..t.ndim() {
                t.invert_axis(Axis(k));
            }
            t.as_standard_layout().into_owned()
        }
        2 => a.t().as_standard_layout().into_owned(),
        _ => a.clone(),
    }
}
/// The logical array of `lay(a, l)`, as a view of rank `D`.
fn view<T, D: arr::ndarray::Dimension>(m: &ArrayD<T>, l: usize) -> arr::ndarray::ArrayView<'_, T, D> {
    let mut v = m.view();
    match l {
        1 => {
            for k in 0..v.ndim() {
                v.invert_axis(Axis(k));
            }
        }
        2 => v = v.reversed_axes(),
        _ => {}
    }
    v.into_dimensionality::<D>().unwrap()
}
/// Runs `f`, printing its results (`report`) or that it panicked (`P tag`).
fn call<T: Out>(tag: &str, f: impl FnOnce() -> Result<T, arr::Error>) {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(r) => report(tag, r),
        Err(p) => {
            let msg = p
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            println!("P {tag} {}", msg.replace('\n', " "));
        }
    }
}
"#;

/// What the interpreter gives for a program: results or an error (variant, message).
type Want = Result<Vec<Value>, (String, String)>;

fn variant(e: &arr::Error) -> String {
    let d = format!("{e:?}");
    let end = d.find(|c: char| !c.is_alphanumeric()).unwrap_or(d.len());
    d[..end].to_string()
}

/// The bytes of an input file (see `Le` in `HELPERS`).
fn le_bytes(v: &Value) -> Vec<u8> {
    match v {
        Value::F32(a) => a.iter().flat_map(|x| x.to_le_bytes()).collect(),
        Value::F64(a) => a.iter().flat_map(|x| x.to_le_bytes()).collect(),
        Value::I32(a) => a.iter().flat_map(|x| x.to_le_bytes()).collect(),
        Value::I64(a) => a.iter().flat_map(|x| x.to_le_bytes()).collect(),
        Value::Bool(a) => a.iter().map(|&x| x as u8).collect(),
    }
}

/// The Rust statements that call program `k` (module `p{k}`) on its inputs (array `i`
/// in `data/p{k}_{i}`) in the three layouts (tags `p{k}_{layout}`) and `f_into` (tag
/// `p{k}_into`).
fn call_code(k: usize, p: &Program, into_shape: Option<&[usize]>) -> String {
    let mut s = String::from("{\n");
    let mut args = Vec::new();
    for (i, (prm, v)) in p.params.iter().zip(&p.args).enumerate() {
        if prm.shape.is_empty() {
            args.push(elems(v)[0].clone());
        } else {
            let dims: Vec<String> = prm.shape.iter().map(|d| d.to_string()).collect();
            let _ = writeln!(
                s,
                "let a{i} = load::<{}>(\"p{k}_{i}\", &[{}]);",
                v.dtype().name(),
                dims.join(", ")
            );
            args.push(format!("view::<_, Ix{}>(&m{i}, l)", prm.shape.len()));
        }
    }
    let lays: Vec<String> = p
        .params
        .iter()
        .enumerate()
        .filter(|(_, prm)| !prm.shape.is_empty())
        .map(|(i, _)| format!("let m{i} = lay(&a{i}, l);"))
        .collect();
    let _ = writeln!(
        s,
        "for l in 0..3 {{\n{}\ncall(&format!(\"p{k}_{{l}}\"), || p{k}::{}({}));\n}}",
        lays.join("\n"),
        p.entry,
        args.join(", ")
    );
    if let Some(shape) = into_shape {
        let dims: Vec<String> = shape.iter().map(|d| d.to_string()).collect();
        let (dt, _) = &p.results[0];
        let _ = writeln!(
            s,
            "let l = 0;\n{}\ncall(\"p{k}_into\", || {{\n\
             let mut out = ArrayD::<{}>::default(IxDyn(&[{}])).into_dimensionality::<Ix{}>().unwrap();\n\
             p{k}::{}_into({}, out.view_mut()).map(|()| out)\n}});",
            lays.join("\n"),
            dt.arr(),
            dims.join(", "),
            shape.len(),
            p.entry,
            args.join(", ")
        );
    }
    s.push_str("}\n");
    s
}

/// Parses one `R` line's values (`<idx> <shape> <v v ...>`) as the dtype of `want`
/// and compares them with it; `None` if they match, else what differs.
fn compare(line: &str, want: &Value, lowp: bool) -> Option<String> {
    let rest = line.split_once(' ').map_or("", |x| x.1);
    let close = rest.find(']').unwrap_or(0);
    let shape: Vec<usize> = rest[1..close]
        .split(',')
        .filter_map(|d| d.trim().parse().ok())
        .collect();
    if shape != want.shape() {
        return Some(format!("shape {shape:?}, interpreter {:?}", want.shape()));
    }
    let toks: Vec<&str> = rest[close + 1..].split_whitespace().collect();
    fn floats<T: Copy + Into<f64>>(
        toks: &[&str],
        want: &ndarray::ArrayD<T>,
        tol: f64,
        parse: impl Fn(&str) -> Option<f64>,
    ) -> Option<String> {
        if toks.len() != want.len() {
            return Some(format!("{} values, interpreter {}", toks.len(), want.len()));
        }
        let scale = want
            .iter()
            .map(|&w| w.into())
            .filter(|w: &f64| w.is_finite())
            .fold(1.0f64, |m, w| m.max(w.abs()));
        for (i, (t, &w)) in toks.iter().zip(want.iter()).enumerate() {
            let w: f64 = w.into();
            let Some(g) = parse(t) else {
                return Some(format!("element {i}: cannot parse `{t}`"));
            };
            // Infinities must be equal (the tolerance of an infinite value is infinite).
            let ok = (g.is_nan() && w.is_nan())
                || g == w
                || (g.is_finite() && w.is_finite() && (g - w).abs() <= tol * scale + tol * w.abs());
            if !ok {
                return Some(format!(
                    "element {i}: native {g}, interpreter {w} (tol {tol}, scale {scale})"
                ));
            }
        }
        None
    }
    fn exact<T: std::fmt::Display>(toks: &[&str], want: impl Iterator<Item = T>) -> Option<String> {
        let w: Vec<String> = want.map(|x| x.to_string()).collect();
        (toks != w.iter().map(String::as_str).collect::<Vec<_>>().as_slice())
            .then(|| format!("values {toks:?}, interpreter {w:?}"))
    }
    let f32_tol = 1e-4;
    match want {
        Value::F32(a) => floats(&toks, a, f32_tol, |t| t.parse::<f32>().ok().map(f64::from)),
        Value::F64(a) => floats(&toks, a, if lowp { f32_tol } else { 1e-9 }, |t| {
            t.parse::<f64>().ok()
        }),
        Value::I32(a) => exact(&toks, a.iter()),
        Value::I64(a) => exact(&toks, a.iter()),
        Value::Bool(a) => exact(&toks, a.iter()),
    }
}

fn show_value(v: &Value) -> String {
    let t = v.dtype().name();
    let es = elems(v);
    let xs: Vec<&str> = es.iter().map(|x| x.trim_end_matches(t)).collect();
    format!("{t}{:?} {}", v.shape(), xs.join(" "))
}

fn describe(p: &Program) -> String {
    let sizes: Vec<String> = p.sizes.iter().map(|(n, v)| format!("{n}={v}")).collect();
    let mut s = format!(
        "seed {} (rerun alone: ARR_DIFF_SEED={} ARR_DIFF_CASES=1), sizes {}\n--- arr\n{}--- inputs\n",
        p.seed,
        p.seed,
        sizes.join(" "),
        p.source
    );
    for (prm, v) in p.params.iter().zip(&p.args) {
        let _ = writeln!(s, "{} = {}", prm.name, show_value(v));
    }
    s
}

#[test]
fn native_code_agrees_with_interpreter() {
    let n = env_u64("ARR_DIFF_CASES", DEFAULT_CASES);
    let base = env_u64("ARR_DIFF_SEED", BASE_SEED);
    let mut seeds: Vec<u64> = (0..n).map(|i| base.wrapping_add(i)).collect();
    for &s in NATIVE_REGRESSION_SEEDS {
        if !seeds.contains(&s) {
            seeds.push(s);
        }
    }
    let t0 = Instant::now();
    let mut failures = Vec::new();
    // (program, module name, interpreter's answer)
    let mut progs: Vec<(Program, Want)> = Vec::new();
    let mut modules = Vec::new();
    let mut inputs: Vec<(String, Vec<u8>)> = Vec::new();
    let mut main = String::from(rust_crate::MAIN_PRELUDE);
    main.push_str(HELPERS);
    main.push_str("fn main() {\n");
    for &seed in &seeds {
        let p = generate_with(seed, options(seed));
        let module = match arr_compiler::compile(&p.source) {
            Ok(m) => m,
            Err(diags) => {
                let msgs: Vec<String> = diags.iter().map(|d| format!("{d:?}")).collect();
                failures.push(format!(
                    "generated program does not compile (a generator bug)\n{}--- diagnostics\n{}",
                    describe(&p),
                    msgs.join("\n")
                ));
                continue;
            }
        };
        let k = progs.len();
        let text = match arr_compiler::back::rust::write_module(
            &module,
            &format!("p{k}.arr"),
            &p.source,
        ) {
            Ok(t) => t,
            Err(e) => {
                failures.push(format!("the Rust backend failed: {e}\n{}", describe(&p)));
                continue;
            }
        };
        let want: Want = arr_compiler::interp::run(&module, &p.entry, &p.args)
            .map_err(|e| (variant(&e), e.to_string()));
        let f = module.function(&p.entry).unwrap();
        let into_shape = match &want {
            Ok(vals) if !f.result_is_tuple && !vals[0].shape().is_empty() => {
                Some(vals[0].shape().to_vec())
            }
            _ => None,
        };
        main.push_str(&call_code(k, &p, into_shape.as_deref()));
        for (i, v) in p.args.iter().enumerate() {
            if !v.shape().is_empty() {
                inputs.push((format!("p{k}_{i}"), le_bytes(v)));
            }
        }
        modules.push((format!("p{k}"), text));
        progs.push((p, want));
    }
    main.push_str("}\n");
    let t_gen = t0.elapsed();

    let test_crate = {
        let mut c = TestCrate::new("arr_native_diff_test", "arr-native-diff-test");
        // No debug info for the generated code: it halves the build.
        c.manifest_extra = "\n[profile.dev.package.arr_native_diff_test]\ndebug = 0\n".into();
        // Its modules change wholesale with the seed or the code generator.
        c.incremental = false;
        c
    };
    test_crate.write(&modules, &main);
    let data = test_crate.dir.join("data");
    let _ = std::fs::remove_dir_all(&data);
    std::fs::create_dir_all(&data).unwrap();
    for (name, bytes) in &inputs {
        std::fs::write(data.join(name), bytes).unwrap();
    }
    // The programs, for reading the generated modules (`src/p<k>.rs`) side by side.
    let listing: String = progs
        .iter()
        .enumerate()
        .map(|(k, (p, _))| format!("==== p{k}\n{}", describe(p)))
        .collect();
    std::fs::write(test_crate.dir.join("programs.txt"), listing).unwrap();
    let output = test_crate.run("2");
    let t_run = t0.elapsed();
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let got = parse_lines(&stdout);
        let culprits = if got.is_empty() {
            // A build failure: the programs whose modules the compiler complains about.
            let mut ks: Vec<usize> = stderr
                .match_indices("src/p")
                .filter_map(|(i, _)| {
                    let rest = &stderr[i + 5..];
                    let end = rest.find(|c: char| !c.is_ascii_digit())?;
                    rest[end..]
                        .starts_with(".rs")
                        .then(|| rest[..end].parse().ok())?
                })
                .collect();
            ks.sort();
            ks.dedup();
            ks
        } else {
            // A crash (not a caught panic): the program after the last one that printed.
            let last = (0..progs.len()).rev().find(|k| {
                (0..3).any(|l| {
                    ["R", "E", "P"]
                        .iter()
                        .any(|c| got.contains_key(&format!("{c} p{k}_{l}")))
                })
            });
            vec![last.map_or(0, |k| k + 1)]
        };
        let mut hint = String::new();
        for k in culprits.iter().take(5) {
            if let Some((p, _)) = progs.get(*k) {
                let _ = write!(hint, "\n==== program p{k}\n{}", describe(p));
            }
        }
        let stderr_tail: String = {
            let lines: Vec<&str> = stderr.lines().collect();
            lines[lines.len().saturating_sub(80)..].join("\n")
        };
        panic!(
            "the generated crate failed to build or run ({}):\n{stderr_tail}\n{hint}",
            output.status
        );
    }
    let got = parse_lines(&stdout);

    let (mut compared, mut msg_differs) = (0, 0);
    let mut errors: std::collections::BTreeMap<&str, usize> = Default::default();
    for (k, (p, want)) in progs.iter().enumerate() {
        let lowp = p.source.contains("f32");
        let mut tags: Vec<String> = (0..3).map(|l| format!("p{k}_{l}")).collect();
        if got.contains_key(&format!("R p{k}_into"))
            || got.contains_key(&format!("E p{k}_into"))
            || got.contains_key(&format!("P p{k}_into"))
        {
            tags.push(format!("p{k}_into"));
        }
        let mut diffs = Vec::new();
        for tag in &tags {
            if let Some(m) = got.get(&format!("P {tag}")) {
                diffs.push(format!("{tag}: generated code panicked: {}", m.join(" | ")));
                continue;
            }
            let res = got.get(&format!("R {tag}"));
            let err = got.get(&format!("K {tag}"));
            match (want, res, err) {
                (Err((kind, msg)), None, Some(g)) => {
                    if g.first() != Some(kind) {
                        diffs.push(format!(
                            "{tag}: error {:?} ({:?}), interpreter {kind} ({msg})",
                            g.first(),
                            got.get(&format!("E {tag}"))
                        ));
                    } else if got.get(&format!("E {tag}")).and_then(|m| m.first()) != Some(msg) {
                        msg_differs += 1;
                    }
                }
                (Err((kind, msg)), _, _) => diffs.push(format!(
                    "{tag}: native gives results {res:?}, interpreter the error {kind}: {msg}"
                )),
                (Ok(_), _, Some(g)) => diffs.push(format!(
                    "{tag}: native error {:?} ({:?}), interpreter results",
                    g.first(),
                    got.get(&format!("E {tag}"))
                )),
                (Ok(vals), Some(lines), None) => {
                    if lines.len() != vals.len() {
                        diffs.push(format!(
                            "{tag}: {} results, interpreter {}",
                            lines.len(),
                            vals.len()
                        ));
                        continue;
                    }
                    for (i, (line, v)) in lines.iter().zip(vals).enumerate() {
                        if let Some(d) = compare(line, v, lowp) {
                            diffs.push(format!(
                                "{tag}: result {i}: {d}\n  native:      {line}\n  interpreter: {}",
                                show_value(v)
                            ));
                        }
                    }
                }
                (Ok(_), None, None) => diffs.push(format!("{tag}: no output")),
            }
        }
        if let Err((kind, _)) = want {
            *errors.entry(kind).or_default() += 1;
        }
        compared += 1;
        if !diffs.is_empty() {
            let wants = match want {
                Ok(vs) => vs.iter().map(show_value).collect::<Vec<_>>().join("\n"),
                Err((k, m)) => format!("error {k}: {m}"),
            };
            failures.push(format!(
                "{}\n{}--- interpreter\n{wants}",
                diffs.join("\n"),
                describe(p)
            ));
        }
    }
    eprintln!(
        "differential_native: {} programs, {compared} compared (run-time errors: {errors:?}; \
         {msg_differs} calls with another message of the same error kind), {} failures; \
         generate {:.1}s, build and run {:.1}s",
        seeds.len(),
        failures.len(),
        t_gen.as_secs_f64(),
        (t_run - t_gen).as_secs_f64()
    );
    if !failures.is_empty() {
        for f in &failures {
            eprintln!("==== MISMATCH\n{f}");
        }
        panic!(
            "{} of {} programs disagree (see above)",
            failures.len(),
            seeds.len()
        );
    }
}

#[test]
fn generator_is_deterministic_with_native_options() {
    for seed in [0, 7, BASE_SEED] {
        let a = progen::generate(seed);
        assert_eq!(a.source, progen::generate(seed).source);
        let b = generate_with(seed, options(seed));
        assert_eq!(b.source, generate_with(seed, options(seed)).source);
        assert_eq!(b.args, generate_with(seed, options(seed)).args);
    }
}

#[test]
fn comparison_reads_native_lines() {
    let f = |xs: &[f64]| {
        Value::F64(ndarray::ArrayD::from_shape_vec(vec![xs.len()], xs.to_vec()).unwrap())
    };
    assert_eq!(compare("0 [2] 1.0 NaN", &f(&[1.0, f64::NAN]), false), None);
    assert_eq!(
        compare("0 [2] 1.0 inf", &f(&[1.0 + 1e-12, f64::INFINITY]), false),
        None
    );
    assert!(compare("0 [2] 1.0 -inf", &f(&[1.0, f64::INFINITY]), false).is_some());
    assert!(compare("0 [2] 1.001 2.0", &f(&[1.0, 2.0]), false).is_some());
    assert_eq!(compare("0 [2] 1.00001 2.0", &f(&[1.0, 2.0]), true), None);
    assert!(compare("0 [1] 1.0", &f(&[1.0, 2.0]), false).is_some());
    assert!(compare("0 [2] 1.0", &f(&[1.0, 2.0]), false).is_some());
    let i = Value::I64(ndarray::ArrayD::from_shape_vec(vec![2, 1], vec![-3, 4]).unwrap());
    assert_eq!(compare("1 [2, 1] -3 4", &i, false), None);
    assert!(compare("1 [2, 1] -3 5", &i, false).is_some());
    let b = Value::Bool(ndarray::ArrayD::from_shape_vec(vec![], vec![true]).unwrap());
    assert_eq!(compare("0 [] true", &b, false), None);
    assert!(compare("0 [] false", &b, false).is_some());
}
