//! Runs every bundled example `examples/NAME.arr` through `arr_compiler::compile` and the
//! reference interpreter with the inputs in `examples/data/NAME/` and compares with the
//! expected outputs there. Those come from a NumPy implementation of the same kernel in
//! `examples/make_data.py` (see `run.json` for the entry, the arguments and the
//! tolerance). All failing examples are reported at once.

use arr_compiler::{compile, interp, Value};
use ndarray::ArrayD;
use ndarray_npy::ReadNpyExt;
use std::path::{Path, PathBuf};

const MIN_EXAMPLES: usize = 10;

fn examples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples")
}

fn example_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(examples_dir())
        .expect("examples/ exists")
        .map(|e| e.expect("readable directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "arr"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().to_string())
        .collect();
    names.sort();
    names
}

/// Reads a `.npy` file of any of the v0 dtypes.
fn read_npy(path: &Path) -> Result<Value, String> {
    let open = || std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()));
    if let Ok(a) = ArrayD::<f64>::read_npy(open()?) {
        return Ok(Value::F64(a));
    }
    if let Ok(a) = ArrayD::<f32>::read_npy(open()?) {
        return Ok(Value::F32(a));
    }
    if let Ok(a) = ArrayD::<i64>::read_npy(open()?) {
        return Ok(Value::I64(a));
    }
    if let Ok(a) = ArrayD::<i32>::read_npy(open()?) {
        return Ok(Value::I32(a));
    }
    ArrayD::<bool>::read_npy(open()?)
        .map(Value::Bool)
        .map_err(|e| format!("{}: not a v0 .npy array: {e}", path.display()))
}

/// A scalar argument from `run.json`, of the parameter's element type.
fn scalar(v: &serde_json::Value, dtype: arr_compiler::ir::DType) -> Result<Value, String> {
    use arr_compiler::ir::DType;
    let d = ndarray::IxDyn(&[]);
    let bad = || format!("scalar {v} does not fit {}", dtype.name());
    Ok(match dtype {
        DType::F32 => Value::F32(ArrayD::from_elem(d, v.as_f64().ok_or_else(bad)? as f32)),
        DType::F64 => Value::F64(ArrayD::from_elem(d, v.as_f64().ok_or_else(bad)?)),
        DType::I32 => Value::I32(ArrayD::from_elem(
            d,
            i32::try_from(v.as_i64().ok_or_else(bad)?).map_err(|_| bad())?,
        )),
        DType::I64 => Value::I64(ArrayD::from_elem(d, v.as_i64().ok_or_else(bad)?)),
        DType::Bool => Value::Bool(ArrayD::from_elem(d, v.as_bool().ok_or_else(bad)?)),
    })
}

fn floats(v: &Value) -> Option<Vec<f64>> {
    match v {
        Value::F32(a) => Some(a.iter().map(|&x| x as f64).collect()),
        Value::F64(a) => Some(a.iter().copied().collect()),
        _ => None,
    }
}

/// dtype, shape, then values: integers and bools exactly, floats within `tol` (relative
/// and absolute), NaN equal to NaN. Returns the worst float error on failure.
fn compare(expected: &Value, got: &Value, tol: f64) -> Result<(), String> {
    if expected.dtype() != got.dtype() || expected.shape() != got.shape() {
        return Err(format!(
            "expected a {}, got a {}",
            expected.type_str(),
            got.type_str()
        ));
    }
    match (floats(expected), floats(got)) {
        (Some(e), Some(g)) => {
            let mut worst: Option<(usize, f64, f64)> = None;
            for (i, (&e, &g)) in e.iter().zip(&g).enumerate() {
                let ok =
                    (e.is_nan() && g.is_nan()) || e == g || (e - g).abs() <= tol + tol * e.abs();
                if !ok && worst.is_none_or(|(_, we, wg)| (e - g).abs() > (we - wg).abs()) {
                    worst = Some((i, e, g));
                }
            }
            match worst {
                None => Ok(()),
                Some((i, e, g)) => Err(format!(
                    "values differ beyond tol {tol}: worst at flat index {i}: expected {e}, got {g}"
                )),
            }
        }
        _ => {
            if expected == got {
                Ok(())
            } else {
                Err(format!("values differ: expected {expected:?}, got {got:?}"))
            }
        }
    }
}

fn run_example(name: &str) -> Result<(), String> {
    let src = std::fs::read_to_string(examples_dir().join(format!("{name}.arr")))
        .map_err(|e| format!("cannot read: {e}"))?;
    let data = examples_dir().join("data").join(name);
    let spec: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(data.join("run.json")).map_err(|e| format!("run.json: {e}"))?,
    )
    .map_err(|e| format!("run.json: {e}"))?;
    let entry = spec["entry"].as_str().ok_or("run.json: no entry")?;
    let tol = spec["tol"].as_f64().unwrap_or(1e-12);
    let module = compile(&src).map_err(|diags| {
        let list: Vec<String> = diags
            .iter()
            .map(|d| match d.span() {
                Some(s) => {
                    let (l, c) = s.line_col(&src);
                    format!("{} at {l}:{c}: {}", d.code, d.message)
                }
                None => format!("{}: {}", d.code, d.message),
            })
            .collect();
        format!("does not compile: {}", list.join("; "))
    })?;
    let func = module
        .function(entry)
        .ok_or_else(|| format!("no function `{entry}`"))?;
    let mut args = Vec::new();
    for p in &func.params {
        let a = spec["args"]
            .get(&p.name)
            .ok_or_else(|| format!("run.json gives no argument `{}`", p.name))?;
        args.push(match a.as_str() {
            Some(file) => read_npy(&data.join(file))?,
            None => scalar(a, p.ty.dtype)?,
        });
    }
    let results = interp::run(&module, entry, &args).map_err(|e| format!("run-time error: {e}"))?;
    let mut expected = Vec::new();
    while data.join(format!("out{}.npy", expected.len())).exists() {
        expected.push(read_npy(&data.join(format!("out{}.npy", expected.len())))?);
    }
    if expected.len() != results.len() {
        return Err(format!(
            "expected {} results, got {}",
            expected.len(),
            results.len()
        ));
    }
    let mut errs = Vec::new();
    for (k, (e, g)) in expected.iter().zip(&results).enumerate() {
        if let Err(m) = compare(e, g, tol) {
            errs.push(format!("result {k}: {m}"));
        }
    }
    if errs.is_empty() {
        Ok(())
    } else {
        Err(errs.join("; "))
    }
}

#[test]
fn examples_match_numpy() {
    let names = example_names();
    assert!(names.len() >= MIN_EXAMPLES, "only {} examples", names.len());
    let mut failures = Vec::new();
    for name in &names {
        let n = name.clone();
        let r = std::thread::Builder::new()
            .stack_size(64 << 20)
            .spawn(move || run_example(&n))
            .expect("spawn")
            .join();
        match r {
            Ok(Ok(())) => {}
            Ok(Err(e)) => failures.push(format!("{name}: {e}")),
            Err(_) => failures.push(format!("{name}: PANIC")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} examples failed:\n  {}",
        failures.len(),
        names.len(),
        failures.join("\n  ")
    );
}

#[test]
fn every_example_has_data() {
    for name in example_names() {
        let data = examples_dir().join("data").join(&name);
        assert!(
            data.join("run.json").exists(),
            "examples/data/{name}/run.json is missing"
        );
        assert!(
            data.join("out0.npy").exists(),
            "examples/data/{name}/out0.npy is missing"
        );
        let src = std::fs::read_to_string(examples_dir().join(format!("{name}.arr"))).unwrap();
        assert!(
            src.starts_with("//"),
            "examples/{name}.arr should start with a comment explaining it"
        );
        for f in std::fs::read_dir(&data).unwrap() {
            let f = f.unwrap();
            assert!(
                f.metadata().unwrap().len() < 100_000,
                "{} is too big",
                f.path().display()
            );
        }
    }
}
