//! The spec-in-file test corpus: every `tests/cases/*.arr` file carries, in `//` comments
//! at its top, one or more blocks saying what compiling and running it must give (the
//! format is described in `tests/cases/README.md`):
//!
//! - `// == run ENTRY` with `// arg` and `// out` lines: compile, run the reference
//!   interpreter, compare every result (dtype, shape, values; floats within a tolerance,
//!   NaN equal to NaN);
//! - `// == error E0xxx [at LINE:COL]` (+ `// message: REGEX`): compiling must fail with a
//!   diagnostic of that code whose primary span starts there;
//! - `// == runerror ENTRY` + args + `// message: REGEX`: compiling succeeds and running
//!   returns an error whose message matches.
//!
//! Every failing block is collected and reported at once. Set `ARR_CASES=substring` to run
//! only the files whose name contains it. The expected values come from NumPy
//! (`tests/cases/verify_numpy.py` checks them), never from running Arr.

use arr_compiler::{compile, interp, Value};
use ndarray::{ArrayD, IxDyn};
use regex::Regex;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// The corpus must not silently shrink.
const MIN_CASE_FILES: usize = 80;
/// A file whose blocks take longer than this (a hang) is reported as failing.
const FILE_TIMEOUT: Duration = Duration::from_secs(60);

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/cases")
}

fn case_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .expect("tests/cases exists")
        .map(|e| e.expect("readable directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "arr"))
        .collect();
    files.sort();
    files
}

// ----------------------------------------------------------------------------- spec

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Run {
        entry: String,
    },
    Error {
        code: String,
        at: Option<(usize, usize)>,
    },
    RunError {
        entry: String,
    },
}

/// A value as written in a spec line: a type with concrete sizes and nested literals.
#[derive(Debug, Clone)]
struct Typed {
    shape: Vec<usize>,
    dtype: String,
    value: Lit,
}

#[derive(Debug, Clone)]
enum Lit {
    List(Vec<Lit>),
    Atom(String),
}

#[derive(Debug, Clone)]
struct Block {
    kind: Kind,
    /// 1-based line of the `==` line.
    line: usize,
    args: Vec<(String, Typed)>,
    outs: Vec<Typed>,
    tol: Option<f64>,
    message: Option<String>,
}

fn parse_type(text: &str) -> Result<(Vec<usize>, String), String> {
    let text = text.trim();
    let dtypes = ["f32", "f64", "i32", "i64", "bool"];
    if dtypes.contains(&text) {
        return Ok((Vec::new(), text.to_string()));
    }
    let rest = text
        .strip_prefix('[')
        .ok_or_else(|| format!("bad type `{text}`"))?;
    let close = rest.find(']').ok_or_else(|| format!("bad type `{text}`"))?;
    let dtype = rest[close + 1..].trim();
    if !dtypes.contains(&dtype) {
        return Err(format!("bad element type in `{text}`"));
    }
    let mut shape = Vec::new();
    for d in rest[..close]
        .split(',')
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        shape.push(
            d.parse::<usize>()
                .map_err(|_| format!("size `{d}` in `{text}` is not a literal"))?,
        );
    }
    Ok((shape, dtype.to_string()))
}

fn parse_lit(text: &str) -> Result<Lit, String> {
    fn item(toks: &[String], i: &mut usize) -> Result<Lit, String> {
        let t = toks.get(*i).ok_or("value ends early")?;
        *i += 1;
        match t.as_str() {
            "[" => {
                let mut items = Vec::new();
                if toks.get(*i).map(String::as_str) == Some("]") {
                    *i += 1;
                    return Ok(Lit::List(items));
                }
                loop {
                    items.push(item(toks, i)?);
                    match toks.get(*i).map(String::as_str) {
                        Some(",") => *i += 1,
                        Some("]") => {
                            *i += 1;
                            return Ok(Lit::List(items));
                        }
                        other => return Err(format!("expected `,` or `]`, found {other:?}")),
                    }
                }
            }
            "]" | "," => Err(format!("unexpected `{t}`")),
            _ => Ok(Lit::Atom(t.clone())),
        }
    }
    let mut toks = Vec::new();
    let mut cur = String::new();
    for c in text.chars() {
        if c == '[' || c == ']' || c == ',' || c.is_whitespace() {
            if !cur.is_empty() {
                toks.push(std::mem::take(&mut cur));
            }
            if !c.is_whitespace() {
                toks.push(c.to_string());
            }
        } else {
            cur.push(c);
        }
    }
    if !cur.is_empty() {
        toks.push(cur);
    }
    let mut i = 0;
    let lit = item(&toks, &mut i)?;
    if i != toks.len() {
        return Err("trailing text after the value".into());
    }
    Ok(lit)
}

fn parse_typed(ty: &str, value: &str) -> Result<Typed, String> {
    let (shape, dtype) = parse_type(ty)?;
    let value = parse_lit(value)?;
    let typed = Typed {
        shape,
        dtype,
        value,
    };
    to_value(&typed)?; // validate now: shape and atoms
    Ok(typed)
}

/// Splits `NAME: TYPE = VALUE` (or `: TYPE = VALUE` for outs) at the first `=`.
fn split_eq(s: &str) -> Option<(&str, &str)> {
    let eq = s.find('=')?;
    Some((s[..eq].trim(), s[eq + 1..].trim()))
}

/// Parses the leading `//` lines of a file into blocks.
fn parse_spec(src: &str) -> Result<Vec<Block>, String> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut in_header = true;
    for (idx, raw) in src.lines().enumerate() {
        let lineno = idx + 1;
        let s = raw.trim();
        if !in_header {
            if s.strip_prefix("//")
                .is_some_and(|b| b.trim_start().starts_with("=="))
            {
                return Err(format!("line {lineno}: spec block after the header"));
            }
            continue;
        }
        if s.is_empty() {
            continue;
        }
        let Some(body) = s.strip_prefix("//") else {
            in_header = false;
            continue;
        };
        let body = body.strip_prefix(' ').unwrap_or(body);
        if let Some(rest) = body.strip_prefix("==") {
            let mut parts = rest.split_whitespace();
            let kind = match parts.next() {
                Some("run") => Kind::Run {
                    entry: parts
                        .next()
                        .ok_or(format!("line {lineno}: run without entry"))?
                        .to_string(),
                },
                Some("runerror") => Kind::RunError {
                    entry: parts
                        .next()
                        .ok_or(format!("line {lineno}: runerror without entry"))?
                        .to_string(),
                },
                Some("error") => {
                    let code = parts
                        .next()
                        .ok_or(format!("line {lineno}: error without code"))?;
                    let well_formed = code.len() == 5
                        && code.starts_with('E')
                        && code[1..].bytes().all(|b| b.is_ascii_digit());
                    if !well_formed {
                        return Err(format!("line {lineno}: bad error code `{code}`"));
                    }
                    let at = match parts.next() {
                        None => None,
                        Some("at") => {
                            let pos = parts
                                .next()
                                .ok_or(format!("line {lineno}: `at` without LINE:COL"))?;
                            let (l, c) = pos
                                .split_once(':')
                                .ok_or(format!("line {lineno}: bad LINE:COL"))?;
                            Some((
                                l.parse().map_err(|_| format!("line {lineno}: bad line"))?,
                                c.parse()
                                    .map_err(|_| format!("line {lineno}: bad column"))?,
                            ))
                        }
                        Some(other) => return Err(format!("line {lineno}: unexpected `{other}`")),
                    };
                    Kind::Error {
                        code: code.to_string(),
                        at,
                    }
                }
                other => return Err(format!("line {lineno}: unknown block kind {other:?}")),
            };
            if parts.next().is_some() {
                return Err(format!("line {lineno}: trailing text on the `==` line"));
            }
            blocks.push(Block {
                kind,
                line: lineno,
                args: Vec::new(),
                outs: Vec::new(),
                tol: None,
                message: None,
            });
            continue;
        }
        let key_end = body
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(body.len());
        let key = &body[..key_end];
        let rest = &body[key_end..];
        if !["arg", "out", "tol", "numpy", "py", "message"].contains(&key) {
            continue; // free text
        }
        let block = blocks
            .last_mut()
            .ok_or(format!("line {lineno}: `{key}` before any `==` block"))?;
        let err = |e: String| format!("line {lineno}: {e}");
        match key {
            "arg" => {
                let (lhs, value) = split_eq(rest).ok_or_else(|| err("bad arg line".into()))?;
                let (name, ty) = lhs
                    .split_once(':')
                    .ok_or_else(|| err("bad arg line".into()))?;
                block.args.push((
                    name.trim().to_string(),
                    parse_typed(ty, value).map_err(err)?,
                ));
            }
            "out" => {
                let rest = rest
                    .trim_start()
                    .strip_prefix(':')
                    .ok_or_else(|| err("bad out line".into()))?;
                let (ty, value) = split_eq(rest).ok_or_else(|| err("bad out line".into()))?;
                block.outs.push(parse_typed(ty, value).map_err(err)?);
            }
            "tol" => {
                let t = rest.trim_start().trim_start_matches(':').trim();
                block.tol = Some(t.parse().map_err(|_| err(format!("bad tolerance `{t}`")))?);
            }
            "message" => {
                let m = rest.trim_start().trim_start_matches(':').trim().to_string();
                Regex::new(&m).map_err(|e| err(format!("bad message regex: {e}")))?;
                block.message = Some(m);
            }
            _ => {} // numpy / py: used by verify_numpy.py only
        }
    }
    let has_error = blocks.iter().any(|b| matches!(b.kind, Kind::Error { .. }));
    let has_run = blocks.iter().any(|b| !matches!(b.kind, Kind::Error { .. }));
    if has_error && has_run {
        return Err("a file holds either `error` blocks or `run`/`runerror` blocks".into());
    }
    for b in &blocks {
        match b.kind {
            Kind::Run { .. } if b.outs.is_empty() => {
                return Err(format!("line {}: run block without `out` lines", b.line))
            }
            Kind::RunError { .. } if b.message.is_none() => {
                return Err(format!("line {}: runerror block without `message`", b.line))
            }
            _ => {}
        }
    }
    Ok(blocks)
}

// ----------------------------------------------------------------------------- values

fn flatten<'a>(lit: &'a Lit, shape: &[usize], out: &mut Vec<&'a str>) -> Result<(), String> {
    match (lit, shape.split_first()) {
        (Lit::Atom(a), None) => {
            out.push(a);
            Ok(())
        }
        (Lit::List(items), Some((&n, rest))) if items.len() == n => {
            items.iter().try_for_each(|it| flatten(it, rest, out))
        }
        _ => Err(format!("value does not have shape {shape:?}")),
    }
}

fn parse_float(a: &str) -> Result<f64, String> {
    match a {
        "nan" => Ok(f64::NAN),
        "inf" | "+inf" => Ok(f64::INFINITY),
        "-inf" => Ok(f64::NEG_INFINITY),
        _ => a
            .replace('_', "")
            .parse::<f64>()
            .map_err(|_| format!("bad number `{a}`")),
    }
}

fn parse_int(a: &str) -> Result<i64, String> {
    a.replace('_', "")
        .parse::<i64>()
        .map_err(|_| format!("bad integer `{a}`"))
}

fn to_value(t: &Typed) -> Result<Value, String> {
    let mut atoms = Vec::new();
    flatten(&t.value, &t.shape, &mut atoms)?;
    let shape = IxDyn(&t.shape);
    fn arr<T>(shape: IxDyn, v: Vec<T>) -> ArrayD<T> {
        ArrayD::from_shape_vec(shape, v).expect("flatten checked the element count")
    }
    Ok(match t.dtype.as_str() {
        "f32" => Value::F32(arr(
            shape,
            atoms
                .iter()
                .map(|a| parse_float(a).map(|f| f as f32))
                .collect::<Result<_, _>>()?,
        )),
        "f64" => Value::F64(arr(
            shape,
            atoms
                .iter()
                .map(|a| parse_float(a))
                .collect::<Result<_, _>>()?,
        )),
        "i32" => Value::I32(arr(
            shape,
            atoms
                .iter()
                .map(|a| {
                    parse_int(a)
                        .and_then(|i| i32::try_from(i).map_err(|_| format!("`{a}` is not an i32")))
                })
                .collect::<Result<_, _>>()?,
        )),
        "i64" => Value::I64(arr(
            shape,
            atoms
                .iter()
                .map(|a| parse_int(a))
                .collect::<Result<_, _>>()?,
        )),
        "bool" => Value::Bool(arr(
            shape,
            atoms
                .iter()
                .map(|a| match *a {
                    "true" => Ok(true),
                    "false" => Ok(false),
                    _ => Err(format!("bad bool `{a}`")),
                })
                .collect::<Result<_, _>>()?,
        )),
        other => return Err(format!("bad dtype {other}")),
    })
}

fn floats(v: &Value) -> Option<Vec<f64>> {
    match v {
        Value::F32(a) => Some(a.iter().map(|&x| x as f64).collect()),
        Value::F64(a) => Some(a.iter().copied().collect()),
        _ => None,
    }
}

/// Compares a result with the expected value: dtype, shape, then values.
fn compare(expected: &Value, got: &Value, tol: Option<f64>) -> Result<(), String> {
    if expected.dtype() != got.dtype() || expected.shape() != got.shape() {
        return Err(format!(
            "expected a {}, got a {}",
            expected.type_str(),
            got.type_str()
        ));
    }
    let equal = match (expected, got) {
        (Value::I32(a), Value::I32(b)) => a == b,
        (Value::I64(a), Value::I64(b)) => a == b,
        (Value::Bool(a), Value::Bool(b)) => a == b,
        _ => {
            let tol = tol.unwrap_or(if matches!(expected, Value::F32(_)) {
                1e-6
            } else {
                1e-12
            });
            let (e, g) = (floats(expected).unwrap(), floats(got).unwrap());
            e.iter().zip(&g).all(|(&e, &g)| {
                (e.is_nan() && g.is_nan()) || e == g || (e - g).abs() <= tol + tol * e.abs()
            })
        }
    };
    if equal {
        Ok(())
    } else {
        Err(format!("expected {}, got {}", show(expected), show(got)))
    }
}

fn show(v: &Value) -> String {
    let s = match v {
        Value::F32(a) => format!("{a}"),
        Value::F64(a) => format!("{a}"),
        Value::I32(a) => format!("{a}"),
        Value::I64(a) => format!("{a}"),
        Value::Bool(a) => format!("{a}"),
    };
    format!(
        "{} {}",
        v.type_str(),
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    )
}

// ----------------------------------------------------------------------------- running

/// Runs every block of one file; returns (passed, failures).
fn run_file(path: &Path) -> (usize, Vec<String>) {
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    let src = match std::fs::read_to_string(path) {
        Ok(s) => s,
        Err(e) => return (0, vec![format!("{name}: cannot read: {e}")]),
    };
    let blocks = match parse_spec(&src) {
        Ok(b) if b.is_empty() => return (0, vec![format!("{name}: no spec block")]),
        Ok(b) => b,
        Err(e) => return (0, vec![format!("{name}: bad spec: {e}")]),
    };
    let compiled = compile(&src);
    let mut passed = 0;
    let mut failures = Vec::new();
    for b in &blocks {
        let what = match &b.kind {
            Kind::Run { entry } => format!("run {entry}"),
            Kind::RunError { entry } => format!("runerror {entry}"),
            Kind::Error { code, .. } => format!("error {code}"),
        };
        let result = check_block(&src, b, &compiled);
        match result {
            Ok(()) => passed += 1,
            Err(e) => failures.push(format!("{name}:{} ({what}): {e}", b.line)),
        }
    }
    (passed, failures)
}

fn diags_str(src: &str, diags: &[arr_compiler::Diagnostic]) -> String {
    diags
        .iter()
        .map(|d| match d.span() {
            Some(s) => {
                let (l, c) = s.line_col(src);
                format!("{} at {l}:{c}: {}", d.code, d.message)
            }
            None => format!("{} (no span): {}", d.code, d.message),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn check_block(
    src: &str,
    b: &Block,
    compiled: &Result<arr_compiler::ir::Module, Vec<arr_compiler::Diagnostic>>,
) -> Result<(), String> {
    match &b.kind {
        Kind::Error { code, at } => {
            let diags = match compiled {
                Ok(_) => return Err("compiled without error".into()),
                Err(d) => d,
            };
            let re = b.message.as_deref().map(|m| Regex::new(m).unwrap());
            let found = diags.iter().any(|d| {
                d.code.as_str() == code
                    && at.is_none_or(|at| d.span().map(|s| s.line_col(src)) == Some(at))
                    && re.as_ref().is_none_or(|re| re.is_match(&d.message))
            });
            if found {
                Ok(())
            } else {
                let want = match at {
                    Some((l, c)) => format!("{code} at {l}:{c}"),
                    None => code.clone(),
                };
                let msg = b
                    .message
                    .as_deref()
                    .map(|m| format!(" with message ~ /{m}/"))
                    .unwrap_or_default();
                Err(format!(
                    "expected {want}{msg}; got: {}",
                    diags_str(src, diags)
                ))
            }
        }
        Kind::Run { entry } | Kind::RunError { entry } => {
            let module = match compiled {
                Ok(m) => m,
                Err(d) => return Err(format!("does not compile: {}", diags_str(src, d))),
            };
            let args: Vec<Value> = b
                .args
                .iter()
                .map(|(_, t)| to_value(t))
                .collect::<Result<_, _>>()?;
            let result = interp::run(module, entry, &args);
            match (&b.kind, result) {
                (Kind::Run { .. }, Err(e)) => Err(format!("run-time error: {e}")),
                (Kind::Run { .. }, Ok(got)) => {
                    if got.len() != b.outs.len() {
                        return Err(format!(
                            "expected {} results, got {}",
                            b.outs.len(),
                            got.len()
                        ));
                    }
                    let mut errs = Vec::new();
                    for (k, (want, got)) in b.outs.iter().zip(&got).enumerate() {
                        if let Err(e) = compare(&to_value(want)?, got, b.tol) {
                            errs.push(format!("result {k}: {e}"));
                        }
                    }
                    if errs.is_empty() {
                        Ok(())
                    } else {
                        Err(errs.join("; "))
                    }
                }
                (_, Ok(got)) => Err(format!(
                    "ran without error: {}",
                    got.iter().map(show).collect::<Vec<_>>().join(", ")
                )),
                (_, Err(e)) => {
                    let re = Regex::new(b.message.as_deref().unwrap()).unwrap();
                    if re.is_match(&e.to_string()) {
                        Ok(())
                    } else {
                        Err(format!("error `{e}` does not match /{}/", re.as_str()))
                    }
                }
            }
        }
    }
}

/// Runs one file on its own thread (big stack, so deep nesting reaches the parser's own
/// limit; panics and hangs are reported instead of stopping the whole corpus).
fn run_file_isolated(path: &Path) -> (usize, Vec<String>) {
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    let (tx, rx) = mpsc::channel();
    let p = path.to_path_buf();
    let spawned = std::thread::Builder::new()
        .name(name.clone())
        .stack_size(256 << 20)
        .spawn(move || {
            let r = std::panic::catch_unwind(|| run_file(&p));
            let _ = tx.send(r);
        });
    if let Err(e) = spawned {
        return (0, vec![format!("{name}: cannot spawn a thread: {e}")]);
    }
    match rx.recv_timeout(FILE_TIMEOUT) {
        Ok(Ok(r)) => r,
        Ok(Err(p)) => {
            let msg = p
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            (0, vec![format!("{name}: PANIC: {msg}")])
        }
        Err(_) => (
            0,
            vec![format!(
                "{name}: did not finish within {FILE_TIMEOUT:?} (hang?)"
            )],
        ),
    }
}

#[test]
fn corpus() {
    let filter = std::env::var("ARR_CASES").unwrap_or_default();
    let files: Vec<PathBuf> = case_files()
        .into_iter()
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .contains(filter.as_str())
        })
        .collect();
    if filter.is_empty() {
        assert!(
            files.len() >= MIN_CASE_FILES,
            "only {} case files in tests/cases (expected at least {MIN_CASE_FILES})",
            files.len()
        );
    }
    let mut passed = 0;
    let mut failures = Vec::new();
    for f in &files {
        let (p, fails) = run_file_isolated(f);
        passed += p;
        failures.extend(fails);
    }
    if !failures.is_empty() {
        panic!(
            "{} of {} case blocks failed ({} files):\n  {}\n",
            failures.len(),
            passed + failures.len(),
            files.len(),
            failures.join("\n  ")
        );
    }
    eprintln!("{passed} case blocks passed ({} files)", files.len());
}

#[test]
fn every_case_file_has_a_spec() {
    let files = case_files();
    assert!(
        files.len() >= MIN_CASE_FILES,
        "only {} case files",
        files.len()
    );
    let mut bad = Vec::new();
    for f in &files {
        let src = std::fs::read_to_string(f).unwrap();
        match parse_spec(&src) {
            Ok(b) if b.is_empty() => bad.push(format!("{}: no spec block", f.display())),
            Ok(_) => {}
            Err(e) => bad.push(format!("{}: {e}", f.display())),
        }
    }
    assert!(
        bad.is_empty(),
        "case files without a valid spec:\n  {}",
        bad.join("\n  ")
    );
}

#[test]
fn spec_parser_understands_the_format() {
    let src = "// free text\n// == run f\n// arg x: [2, 2]f64 = [[1, nan], [-inf, 2.5e3]]\n\
               // arg n: i64 = -9223372036854775808\n// out: [2]bool = [true, false]\n\
               // tol: 1e-3\n// numpy: x\nfn f() {}\n";
    let b = parse_spec(src).unwrap();
    assert_eq!(b.len(), 1);
    assert_eq!(b[0].kind, Kind::Run { entry: "f".into() });
    assert_eq!(b[0].args.len(), 2);
    assert_eq!(b[0].tol, Some(1e-3));
    match to_value(&b[0].args[1].1).unwrap() {
        Value::I64(a) => assert_eq!(a.into_raw_vec_and_offset().0, vec![i64::MIN]),
        v => panic!("{v:?}"),
    }
    let e = parse_spec("// == error E0203 at 4:5\n// message: a|b\nfn").unwrap();
    assert_eq!(
        e[0].kind,
        Kind::Error {
            code: "E0203".into(),
            at: Some((4, 5))
        }
    );
    assert!(parse_spec("// == run f\n// arg x: [3]f64 = [1, 2]\n").is_err());
    assert!(parse_spec("fn f() {}\n// == run f\n").is_err());
    let nan = to_value(&parse_typed("[2]f32", "[nan, 1]").unwrap()).unwrap();
    let nan2 = to_value(&parse_typed("[2]f32", "[nan, 1.0000001]").unwrap()).unwrap();
    assert!(compare(&nan, &nan2, None).is_ok());
    let other = to_value(&parse_typed("[2]f32", "[nan, 1.1]").unwrap()).unwrap();
    assert!(compare(&nan, &other, None).is_err());
}
