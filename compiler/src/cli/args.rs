//! Turning `--arg NAME=VALUE` texts into [`Value`]s of a parameter's type.
//!
//! VALUE is one of:
//! - a path ending in `.npy`: the array in it, whose dtype must equal the parameter's
//!   element type (a 0-d array may be passed to a scalar parameter);
//! - a scalar literal (`2.5`, `7`, `-3`, `1e-3`, `true`, `false`), for a scalar
//!   parameter only; an integer literal is fine for a float parameter, never the reverse;
//! - `random:SHAPE` or `random:SHAPE:SEED` (SHAPE like `1000x1000` or `5`, with the
//!   parameter's rank; SEED defaults to 0): reproducible random values from
//!   `ChaCha8Rng::seed_from_u64(SEED)`; floats uniform in [0, 1), integers uniform in
//!   [0, 100), bools a fair coin.

use super::npy;
use crate::ir::DType;
use crate::value::Value;
use ndarray::{ArrayD, IxDyn};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::path::Path;

/// The largest number of elements `random:` makes (2^31).
pub const MAX_RANDOM_ELEMENTS: usize = 1 << 31;

/// What a parameter needs, for messages and conversion.
#[derive(Debug, Clone)]
pub struct ParamInfo<'a> {
    pub name: &'a str,
    /// The declared type as written (`[n]f64`).
    pub type_str: String,
    pub dtype: DType,
    pub rank: usize,
}

/// Splits `NAME=VALUE` (for clap's value parser).
pub fn split_name_value(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((name, value)) if is_ident(name.trim()) => {
            Ok((name.trim().to_string(), value.to_string()))
        }
        Some((name, _)) => Err(format!(
            "`{name}` is not a parameter name (expected NAME=VALUE)"
        )),
        None => Err("expected NAME=VALUE, e.g. `--arg x=data.npy` or `--arg a=2.5`".to_string()),
    }
}

fn is_ident(s: &str) -> bool {
    let mut c = s.chars();
    matches!(c.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && c.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Converts the VALUE text of one `--arg` for parameter `p`. Errors are complete
/// messages (without the `error: ` prefix).
pub fn parse_value(p: &ParamInfo<'_>, text: &str) -> Result<Value, ArgError> {
    if let Some(spec) = text.strip_prefix("random:") {
        let (shape, count, seed) = random_spec(p, spec).map_err(ArgError::Usage)?;
        return random_array(p.dtype, &shape, count, seed)
            .map_err(|e| ArgError::Input(format!("argument `{}`: {e}", p.name)));
    }
    if text.to_ascii_lowercase().ends_with(".npy") {
        return npy_value(p, text).map_err(ArgError::Input);
    }
    scalar_value(p, text).map_err(ArgError::Usage)
}

/// Why an `--arg` value was refused; the message is complete (without `error: `).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArgError {
    /// The text itself does not fit the parameter — a malformed literal, shape or seed, a
    /// literal of the wrong kind or range, `random:` of the wrong rank: bad command-line
    /// usage (exit 2), like a missing or unknown `--arg`.
    Usage(String),
    /// What the text names cannot be used — an unreadable `.npy` file, or one of the
    /// wrong dtype or rank; memory for `random:` (exit 1).
    Input(String),
}

impl std::fmt::Display for ArgError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ArgError::Usage(m) | ArgError::Input(m) => f.write_str(m),
        }
    }
}

fn npy_value(p: &ParamInfo<'_>, path: &str) -> Result<Value, String> {
    let cannot =
        |e: &dyn std::fmt::Display| format!("argument `{}`: cannot read {path}: {e}", p.name);
    // Only a regular file: reading a directory fails, and a FIFO could block forever.
    let meta = std::fs::metadata(Path::new(path)).map_err(|e| cannot(&e))?;
    if meta.is_dir() {
        return Err(cannot(&"it is a directory, not a .npy file"));
    }
    if !meta.is_file() {
        return Err(cannot(&"it is not a regular file"));
    }
    let bytes = std::fs::read(Path::new(path)).map_err(|e| cannot(&e))?;
    let found = npy::header_dtype(&bytes)
        .map_err(|e| format!("argument `{}`: cannot read {path}: {e}", p.name))?;
    match found.dtype {
        Some(d) if d == p.dtype => {}
        Some(_) => {
            return Err(format!(
                "argument `{}`: parameter is {} but {path} holds {} values; convert it first \
                 (e.g. `np.save(\"{path}\", a.astype(np.{}))`)",
                p.name,
                p.type_str,
                found.describe(),
                npy::numpy_name(p.dtype)
            ))
        }
        None => {
            return Err(format!(
                "argument `{}`: {path} holds {} values, which Arr does not support; \
                 parameter is {} (element types: float32, float64, int32, int64, bool)",
                p.name,
                found.describe(),
                p.type_str
            ))
        }
    }
    let v = npy::read_value(&bytes, p.dtype)
        .map_err(|e| format!("argument `{}`: cannot read {path}: {e}", p.name))?;
    let rank = v.shape().len();
    if rank != p.rank {
        let what = if rank == 0 {
            "a 0-d array (a scalar)".to_string()
        } else {
            format!("an array of shape {}", arr::Error::shape_str(v.shape()))
        };
        return Err(format!(
            "argument `{}`: parameter is {} (rank {}) but {path} holds {what} (rank {rank})",
            p.name, p.type_str, p.rank
        ));
    }
    Ok(v)
}

fn scalar_value(p: &ParamInfo<'_>, text: &str) -> Result<Value, String> {
    let t = text.trim();
    let kind = literal_kind(t).ok_or_else(|| {
        format!(
            "argument `{}`: `{text}` is not a scalar literal (like 2.5, 7, true), \
             a path ending in .npy, or random:SHAPE[:SEED]",
            p.name
        )
    })?;
    if p.rank > 0 {
        return Err(format!(
            "argument `{}`: parameter is the array type {} but `{text}` is a scalar; \
             pass a .npy file or random:SHAPE",
            p.name, p.type_str
        ));
    }
    let mismatch = |lit: &str| {
        format!(
            "argument `{}`: parameter is {} but `{text}` is {lit} literal",
            p.name, p.type_str
        )
    };
    let out_of_range = || {
        format!(
            "argument `{}`: `{text}` does not fit in {}",
            p.name, p.type_str
        )
    };
    fn scalar<T: Clone>(x: T) -> ArrayD<T> {
        ArrayD::from_elem(IxDyn(&[]), x)
    }
    Ok(match (p.dtype, kind) {
        (DType::Bool, LitKind::Bool(b)) => Value::Bool(scalar(b)),
        (DType::Bool, LitKind::Int) => return Err(mismatch("an integer")),
        (DType::Bool, LitKind::Float) => return Err(mismatch("a float")),
        (_, LitKind::Bool(_)) => return Err(mismatch("a bool")),
        (DType::I32 | DType::I64, LitKind::Float) => return Err(mismatch("a float")),
        (DType::I32, LitKind::Int) => Value::I32(scalar(t.parse().map_err(|_| out_of_range())?)),
        (DType::I64, LitKind::Int) => Value::I64(scalar(t.parse().map_err(|_| out_of_range())?)),
        (DType::F32, _) => Value::F32(scalar(t.parse().map_err(|_| out_of_range())?)),
        (DType::F64, _) => Value::F64(scalar(t.parse().map_err(|_| out_of_range())?)),
    })
}

enum LitKind {
    Int,
    Float,
    Bool(bool),
}

/// Classifies a scalar literal: `true`/`false`, an integer (`7`, `-3`), or a float
/// (`2.5`, `1e-3`, `.5`, `inf`, `nan`).
fn literal_kind(t: &str) -> Option<LitKind> {
    match t {
        "true" | "True" => return Some(LitKind::Bool(true)),
        "false" | "False" => return Some(LitKind::Bool(false)),
        _ => {}
    }
    let digits = t.strip_prefix(['-', '+']).unwrap_or(t);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return Some(LitKind::Int);
    }
    let special = ["inf", "infinity", "nan"].contains(&digits.to_ascii_lowercase().as_str());
    let numeric = digits.bytes().any(|b| b.is_ascii_digit())
        && digits
            .bytes()
            .all(|b| b.is_ascii_digit() || b"._eE+-".contains(&b));
    if (special || numeric) && t.parse::<f64>().is_ok() {
        return Some(LitKind::Float);
    }
    None
}

/// The shape, element count and seed of `random:SPEC` for parameter `p`.
fn random_spec(p: &ParamInfo<'_>, spec: &str) -> Result<(Vec<usize>, usize, u64), String> {
    let (shape_text, seed) = match spec.split_once(':') {
        Some((s, seed)) => {
            let seed = seed.trim().parse::<u64>().map_err(|_| {
                format!(
                    "argument `{}`: `{seed}` in random:{spec} is not a seed (an integer ≥ 0)",
                    p.name
                )
            })?;
            (s, seed)
        }
        None => (spec, 0),
    };
    if p.rank == 0 {
        return Err(format!(
            "argument `{}`: parameter is the scalar type {}; random:SHAPE makes arrays, \
             pass a literal such as 2.5 instead",
            p.name, p.type_str
        ));
    }
    let bad_shape = || {
        format!(
            "argument `{}`: `{shape_text}` is not a shape; write the sizes separated by `x`, \
             e.g. random:1000x1000 or random:5",
            p.name
        )
    };
    let shape = shape_text
        .split(['x', 'X', ','])
        .map(|d| d.trim().parse::<usize>().map_err(|_| bad_shape()))
        .collect::<Result<Vec<usize>, String>>()?;
    if shape.len() != p.rank {
        return Err(format!(
            "argument `{}`: parameter is {} (rank {}) but random:{shape_text} has rank {}",
            p.name,
            p.type_str,
            p.rank,
            shape.len()
        ));
    }
    let count = shape
        .iter()
        .try_fold(1usize, |acc, &d| acc.checked_mul(d))
        .filter(|&n| n <= MAX_RANDOM_ELEMENTS)
        .ok_or_else(|| {
            format!(
                "argument `{}`: random:{shape_text} is too large (at most {MAX_RANDOM_ELEMENTS} elements)",
                p.name
            )
        })?;
    Ok((shape, count, seed))
}

/// The deterministic random array of `random:SHAPE:SEED` (`count` is the product of
/// `shape`). Fails cleanly, instead of aborting, when the memory cannot be allocated.
pub fn random_array(
    dtype: DType,
    shape: &[usize],
    count: usize,
    seed: u64,
) -> Result<Value, String> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    fn make<T>(
        shape: &[usize],
        count: usize,
        mut f: impl FnMut() -> T,
    ) -> Result<ArrayD<T>, String> {
        let mut v: Vec<T> = Vec::new();
        v.try_reserve_exact(count)
            .map_err(|_| format!("cannot allocate memory for {count} random elements"))?;
        v.extend((0..count).map(|_| f()));
        ArrayD::from_shape_vec(IxDyn(shape), v).map_err(|e| e.to_string())
    }
    Ok(match dtype {
        DType::F32 => Value::F32(make(shape, count, || rng.gen::<f32>())?),
        DType::F64 => Value::F64(make(shape, count, || rng.gen::<f64>())?),
        DType::I32 => Value::I32(make(shape, count, || rng.gen_range(0..100))?),
        DType::I64 => Value::I64(make(shape, count, || rng.gen_range(0..100))?),
        DType::Bool => Value::Bool(make(shape, count, || rng.gen::<bool>())?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn param(dtype: DType, rank: usize) -> ParamInfo<'static> {
        let dims = ["n", "m", "k"][..rank].join(", ");
        let type_str = if rank == 0 {
            dtype.name().to_string()
        } else {
            format!("[{dims}]{}", dtype.name())
        };
        ParamInfo {
            name: "x",
            type_str,
            dtype,
            rank,
        }
    }

    fn scalar_of(v: Value) -> String {
        super::super::print::format_value(&v)
    }

    #[test]
    fn name_value() {
        assert_eq!(
            split_name_value("x=1.5").unwrap(),
            ("x".into(), "1.5".into())
        );
        assert_eq!(
            split_name_value("x=a=b.npy").unwrap(),
            ("x".into(), "a=b.npy".into())
        );
        assert!(split_name_value("x").is_err());
        assert!(split_name_value("=3").is_err());
        assert!(split_name_value("1x=3").is_err());
    }

    #[test]
    fn scalars() {
        let f = param(DType::F64, 0);
        assert_eq!(scalar_of(parse_value(&f, "2.5").unwrap()), "2.5");
        assert_eq!(scalar_of(parse_value(&f, "7").unwrap()), "7.0");
        assert_eq!(scalar_of(parse_value(&f, "-3").unwrap()), "-3.0");
        assert_eq!(scalar_of(parse_value(&f, "1e-3").unwrap()), "0.001");
        assert!(parse_value(&f, "true")
            .unwrap_err()
            .to_string()
            .contains("bool literal"));
        assert!(parse_value(&f, "abc")
            .unwrap_err()
            .to_string()
            .contains("not a scalar literal"));
        assert!(parse_value(&f, "").is_err());
        let f32p = param(DType::F32, 0);
        assert_eq!(parse_value(&f32p, "0.5").unwrap().dtype(), DType::F32);
        let i = param(DType::I64, 0);
        assert_eq!(scalar_of(parse_value(&i, "-3").unwrap()), "-3");
        let e = parse_value(&i, "2.5").unwrap_err().to_string();
        assert!(
            e.contains("`x`") && e.contains("i64") && e.contains("float literal"),
            "{e}"
        );
        let i32p = param(DType::I32, 0);
        assert!(parse_value(&i32p, "3000000000")
            .unwrap_err()
            .to_string()
            .contains("does not fit"));
        let b = param(DType::Bool, 0);
        assert_eq!(scalar_of(parse_value(&b, "true").unwrap()), "True");
        assert!(parse_value(&b, "1").is_err());
        let a = param(DType::F64, 1);
        let e = parse_value(&a, "2.5").unwrap_err().to_string();
        assert!(e.contains("[n]f64") && e.contains("scalar"), "{e}");
    }

    #[test]
    fn random() {
        let a = param(DType::F64, 2);
        let v1 = parse_value(&a, "random:3x4").unwrap();
        let v2 = parse_value(&a, "random:3x4:0").unwrap();
        let v3 = parse_value(&a, "random:3x4:1").unwrap();
        assert_eq!(v1.shape(), &[3, 4]);
        assert_eq!(v1, v2);
        assert_ne!(v1, v3);
        if let Value::F64(x) = &v1 {
            assert!(x.iter().all(|&x| (0.0..1.0).contains(&x)));
        }
        assert!(parse_value(&a, "random:5")
            .unwrap_err()
            .to_string()
            .contains("rank"));
        // Malformed or mismatched text is bad usage (exit 2); unusable files are input
        // errors (exit 1).
        let usage =
            |p: &ParamInfo<'_>, t: &str| matches!(parse_value(p, t), Err(ArgError::Usage(_)));
        assert!(usage(&a, "random:5xq") && usage(&a, "random:5") && usage(&a, "2.5"));
        assert!(usage(&param(DType::F64, 0), "abc") && usage(&param(DType::I64, 0), "1.5"));
        assert!(matches!(
            parse_value(&a, "/nonexistent/x.npy"),
            Err(ArgError::Input(_))
        ));
        assert!(parse_value(&a, "random:5xq")
            .unwrap_err()
            .to_string()
            .contains("not a shape"));
        assert!(parse_value(&a, "random:5x5:-1")
            .unwrap_err()
            .to_string()
            .contains("seed"));
        assert!(parse_value(&a, "random:100000000x100000000")
            .unwrap_err()
            .to_string()
            .contains("too large"));
        let i = param(DType::I32, 1);
        if let Value::I32(x) = parse_value(&i, "random:1000:7").unwrap() {
            assert!(x.iter().all(|&x| (0..100).contains(&x)));
        } else {
            panic!("wrong dtype");
        }
        assert!(parse_value(&param(DType::F64, 0), "random:3").is_err());
        let b = param(DType::Bool, 1);
        assert_eq!(parse_value(&b, "random:0").unwrap().shape(), &[0]);
    }

    #[test]
    fn npy_errors() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.npy");
        let v = Value::F64(ArrayD::from_shape_vec(IxDyn(&[3]), vec![1.0, 2.0, 3.0]).unwrap());
        npy::write_value(&p, &v).unwrap();
        let path = p.to_str().unwrap();
        assert_eq!(parse_value(&param(DType::F64, 1), path).unwrap(), v);
        let e = parse_value(&param(DType::F32, 1), path)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("argument `x`: parameter is [n]f32 but")
                && e.contains("holds float64 (f64) values; convert it first"),
            "{e}"
        );
        let e = parse_value(&param(DType::F64, 2), path)
            .unwrap_err()
            .to_string();
        assert!(e.contains("rank 2") && e.contains("[3]"), "{e}");
        let missing = dir.path().join("nope.npy");
        let e = parse_value(&param(DType::F64, 1), missing.to_str().unwrap())
            .unwrap_err()
            .to_string();
        assert!(e.contains("cannot read"), "{e}");
        let junk = dir.path().join("junk.npy");
        std::fs::write(&junk, b"not an npy file at all").unwrap();
        assert!(parse_value(&param(DType::F64, 1), junk.to_str().unwrap()).is_err());
    }
}
