//! Differential test: random well-typed Arr programs (see `support/progen.rs`) run
//! through the reference interpreter and, as the equivalent NumPy code, through NumPy
//! (`support/numpy_eval.py`, one Python process for all cases); the results must agree.
//!
//! - `ARR_DIFF_CASES` (default 300): how many programs; `ARR_DIFF_SEED` (default
//!   `BASE_SEED`): the first seed (case `i` uses seed `base + i`).
//! - Every generated program must compile: one that does not is a generator bug and
//!   fails the test with the program text.
//! - Comparison: the number of results, dtypes and shapes exactly; integers and bools
//!   exactly; floats elementwise: `|arr - np| <= tol * max(1, max |np| over the
//!   result) + tol * |np|`, with tol = 1e-9 for f64 and 1e-4 for f32 (and for f64
//!   results of programs that compute partly in f32: any f32 parameter or cast). The
//!   scale term absorbs cancellation after sums and matrix products (summation order is
//!   unspecified in Arr, LANGUAGE §3, and Arr accumulates f32 sums in f64), and the last
//!   ulps of `exp`/`sin`/... (Rust's libm against NumPy's SIMD kernels). NaN equals NaN,
//!   infinities must be equal. Discrete choices (comparisons, argmax, float to int) only
//!   see bitwise-reproducible values, so they never need a tolerance.
//! - Without python3 and NumPy the test is skipped with a message, except under CI
//!   (`CI` set), where it fails.
//! - `ARR_DIFF_KEEP=PATH` keeps the JSON file of all cases (programs with their
//!   sources, inputs and NumPy code) that is handed to Python.
//! - `REGRESSION_SEEDS` are always run in addition: seeds that once exposed a bug.

#[path = "support/progen.rs"]
mod progen;

use arr_compiler::value::Value;
use progen::{generate, Program};
use serde_json::{json, Value as Json};
use std::path::Path;
use std::process::Command;

const BASE_SEED: u64 = 0x5eed_0000;
const DEFAULT_CASES: u64 = 300;

/// Seeds that once exposed a bug in the interpreter or the checker (none so far). A
/// seed names a program only for one version of the generator: when the generator
/// changes, turn such a program into a `tests/cases` file instead.
const REGRESSION_SEEDS: &[u64] = &[];

fn have_numpy() -> bool {
    Command::new("python3")
        .args(["-c", "import numpy"])
        .output()
        .is_ok_and(|o| o.status.success())
}

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

/// A result in a comparable form: dtype name, shape, elements as f64 or i64.
#[derive(Debug, Clone)]
struct Res {
    dtype: String,
    shape: Vec<usize>,
    floats: Vec<f64>,
    ints: Vec<i64>,
}

fn res_of_value(v: &Value) -> Res {
    let (floats, ints) = match v {
        Value::F32(a) => (a.iter().map(|&x| x as f64).collect(), vec![]),
        Value::F64(a) => (a.iter().copied().collect(), vec![]),
        Value::I32(a) => (vec![], a.iter().map(|&x| x as i64).collect()),
        Value::I64(a) => (vec![], a.iter().copied().collect()),
        Value::Bool(a) => (vec![], a.iter().map(|&x| x as i64).collect()),
    };
    Res {
        dtype: v.dtype().name().to_string(),
        shape: v.shape().to_vec(),
        floats,
        ints,
    }
}

fn res_of_json(j: &Json) -> Result<Res, String> {
    let dtype = j["dtype"].as_str().ok_or("no dtype")?.to_string();
    let shape = j["shape"]
        .as_array()
        .ok_or("no shape")?
        .iter()
        .map(|d| d.as_u64().map(|d| d as usize).ok_or("bad size"))
        .collect::<Result<Vec<_>, _>>()?;
    let data = j["data"].as_array().ok_or("no data")?;
    let mut floats = Vec::new();
    let mut ints = Vec::new();
    for x in data {
        match dtype.as_str() {
            "f32" | "f64" => floats.push(match x {
                Json::String(s) if s == "nan" => f64::NAN,
                Json::String(s) if s == "inf" => f64::INFINITY,
                Json::String(s) if s == "-inf" => f64::NEG_INFINITY,
                _ => x.as_f64().ok_or("bad float")?,
            }),
            "bool" => ints.push(x.as_bool().ok_or("bad bool")? as i64),
            _ => ints.push(x.as_i64().ok_or("bad int")?),
        }
    }
    Ok(Res {
        dtype,
        shape,
        floats,
        ints,
    })
}

fn fmt_res(r: &Res) -> String {
    let data = if r.dtype.starts_with('f') {
        format!("{:?}", r.floats)
    } else {
        format!("{:?}", r.ints)
    };
    format!("{}{:?} {data}", r.dtype, r.shape)
}

/// `None` if `got` (Arr) matches `want` (NumPy), else what differs.
fn compare(got: &Res, want: &Res, lowp: bool) -> Option<String> {
    if got.dtype != want.dtype {
        return Some(format!("dtype {} vs numpy {}", got.dtype, want.dtype));
    }
    if got.shape != want.shape {
        return Some(format!("shape {:?} vs numpy {:?}", got.shape, want.shape));
    }
    if !got.dtype.starts_with('f') {
        return (got.ints != want.ints).then(|| "integer values differ".to_string());
    }
    let tol = if got.dtype == "f32" || lowp {
        1e-4
    } else {
        1e-9
    };
    let scale = want
        .floats
        .iter()
        .filter(|x| x.is_finite())
        .fold(1.0f64, |m, x| m.max(x.abs()));
    for (i, (&g, &w)) in got.floats.iter().zip(&want.floats).enumerate() {
        let ok =
            (g.is_nan() && w.is_nan()) || g == w || (g - w).abs() <= tol * scale + tol * w.abs();
        if !ok {
            return Some(format!(
                "element {i}: {g} vs numpy {w} (tol {tol}, scale {scale})"
            ));
        }
    }
    None
}

fn value_json(v: &Value) -> Json {
    let r = res_of_value(v);
    let data: Vec<Json> = if r.dtype.starts_with('f') {
        r.floats.iter().map(|&x| json!(x)).collect()
    } else {
        r.ints.iter().map(|&x| json!(x)).collect()
    };
    json!({"dtype": r.dtype, "shape": r.shape, "data": data})
}

fn case_json(id: usize, p: &Program) -> Json {
    let params: Vec<Json> = p
        .params
        .iter()
        .zip(&p.args)
        .map(|(prm, v)| {
            let mut j = value_json(v);
            j["name"] = json!(prm.name);
            j
        })
        .collect();
    let sizes: serde_json::Map<String, Json> =
        p.sizes.iter().map(|(n, v)| (n.clone(), json!(v))).collect();
    json!({"id": id, "sizes": sizes, "params": params, "code": p.numpy})
}

fn describe(p: &Program) -> String {
    let sizes: Vec<String> = p.sizes.iter().map(|(n, v)| format!("{n}={v}")).collect();
    format!(
        "seed {} (ARR_DIFF_SEED={} ARR_DIFF_CASES=1), sizes {}\n--- arr\n{}--- numpy\n{}",
        p.seed,
        p.seed,
        sizes.join(" "),
        p.source,
        p.numpy
    )
}

#[test]
fn interpreter_agrees_with_numpy() {
    if !have_numpy() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have NumPy for the differential test (python3 -m pip install numpy)"
        );
        eprintln!(
            "SKIPPED: python3 with NumPy not found; install NumPy to run the differential test"
        );
        return;
    }
    let n = env_u64("ARR_DIFF_CASES", DEFAULT_CASES);
    let base = env_u64("ARR_DIFF_SEED", BASE_SEED);
    let mut seeds: Vec<u64> = (0..n).map(|i| base.wrapping_add(i)).collect();
    for &s in REGRESSION_SEEDS {
        if !seeds.contains(&s) {
            seeds.push(s);
        }
    }

    let mut failures = Vec::new();
    let mut programs = Vec::new();
    let mut arr_results: Vec<Result<Vec<Value>, String>> = Vec::new();
    for &seed in &seeds {
        let p = generate(seed);
        let module = match arr_compiler::compile(&p.source) {
            Ok(m) => m,
            Err(diags) => {
                let msgs: Vec<String> = diags.iter().map(|d| format!("{d:?}")).collect();
                failures.push(format!(
                    "generated program does not compile (a generator bug)\n{}\n--- diagnostics\n{}",
                    describe(&p),
                    msgs.join("\n")
                ));
                continue;
            }
        };
        arr_results
            .push(arr_compiler::interp::run(&module, &p.entry, &p.args).map_err(|e| e.to_string()));
        programs.push(p);
    }

    let cases: Vec<Json> = programs
        .iter()
        .enumerate()
        .map(|(i, p)| case_json(i, p))
        .collect();
    let dir = tempfile::tempdir().expect("temp dir");
    // `ARR_DIFF_KEEP=PATH` keeps the cases file (programs, inputs, NumPy code).
    let file = match std::env::var_os("ARR_DIFF_KEEP") {
        Some(p) => std::path::PathBuf::from(p),
        None => dir.path().join("cases.json"),
    };
    std::fs::write(
        &file,
        serde_json::to_vec(&json!({ "cases": cases })).unwrap(),
    )
    .expect("write cases");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/numpy_eval.py");
    let out = Command::new("python3")
        .arg(&script)
        .arg(&file)
        .output()
        .expect("run numpy_eval.py");
    assert!(
        out.status.success(),
        "numpy_eval.py failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let parsed: Json = serde_json::from_slice(&out.stdout).expect("numpy_eval.py output is JSON");
    let np_results = parsed["results"].as_array().expect("results");
    assert_eq!(np_results.len(), programs.len());

    for ((p, arr), npr) in programs.iter().zip(&arr_results).zip(np_results) {
        let fail = |what: String| format!("{what}\n{}", describe(p));
        let want: Result<Vec<Res>, String> = match npr.get("error") {
            Some(e) => Err(e.as_str().unwrap_or("?").to_string()),
            None => npr["values"]
                .as_array()
                .expect("values")
                .iter()
                .map(res_of_json)
                .collect(),
        };
        let want = match want {
            Ok(w) => w,
            Err(e) => {
                failures.push(fail(format!("NumPy code failed (a generator bug): {e}")));
                continue;
            }
        };
        let got = match arr {
            Ok(vs) => vs.iter().map(res_of_value).collect::<Vec<_>>(),
            Err(e) => {
                failures.push(fail(format!("interpreter error: {e}")));
                continue;
            }
        };
        if got.len() != want.len() {
            failures.push(fail(format!(
                "{} results vs numpy {}",
                got.len(),
                want.len()
            )));
            continue;
        }
        // An f64 result computed partly in f32 (an f32 parameter or cast) gets f32's
        // tolerance.
        let lowp = p.source.contains("f32");
        for (k, (g, w)) in got.iter().zip(&want).enumerate() {
            if let Some(diff) = compare(g, w, lowp) {
                failures.push(fail(format!(
                    "result {k}: {diff}\n  arr:   {}\n  numpy: {}",
                    fmt_res(g),
                    fmt_res(w)
                )));
            }
        }
        for (k, ((dt, shape), g)) in p.results.iter().zip(&got).enumerate() {
            if dt.arr() != g.dtype || *shape != g.shape {
                failures.push(fail(format!(
                    "result {k}: declared {}{shape:?}, interpreter gives {}{:?}",
                    dt.arr(),
                    g.dtype,
                    g.shape
                )));
            }
        }
    }
    eprintln!(
        "differential: {} programs generated, {} compared with NumPy, {} failures",
        seeds.len(),
        programs.len(),
        failures.len()
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
fn generator_is_deterministic() {
    for seed in [0, 1, BASE_SEED, u64::MAX] {
        let (a, b) = (generate(seed), generate(seed));
        assert_eq!(a.source, b.source);
        assert_eq!(a.numpy, b.numpy);
        assert_eq!(a.args, b.args);
    }
}
