//! Golden files of the Rust backend: for every program of the spec-in-file corpus
//! (`tests/cases/*.arr`) that compiles, `tests/cases/golden/<stem>.rs` holds the Rust
//! that `arrc build tests/cases/<stem>.arr --target rust` writes, i.e.
//! `arr_compiler::back::rust::write_module(&module, "<stem>.arr", &src)`. A file holds
//! one program whatever its number of blocks, so there is one golden per file; files of
//! `error` blocks (and any other program that does not compile) have none.
//!
//! The test regenerates every golden and fails on any drift, with a short diff per file
//! and the command that accepts the new output:
//!
//! ```text
//! ARR_BLESS=1 cargo test -p arr_compiler --test golden
//! ```
//!
//! With `ARR_BLESS` set (to anything but `0` or empty) it rewrites the goldens that
//! changed, writes the missing ones, and deletes the goldens whose case disappeared or no
//! longer compiles; it still fails if code generation itself fails or is not
//! deterministic, since no golden can be written then.
//!
//! Every golden compiles: `back_rust.rs` compiles the current generator's output for
//! every corpus program into one crate, so a golden equal to the current output compiles
//! too (it is not compiled a second time here).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/cases")
}

fn golden_dir() -> PathBuf {
    cases_dir().join("golden")
}

const BLESS_HINT: &str = "run `ARR_BLESS=1 cargo test -p arr_compiler --test golden` to accept \
                          the new output (then review the diff of tests/cases/golden/)";

fn blessing() -> bool {
    std::env::var("ARR_BLESS").is_ok_and(|v| !v.is_empty() && v != "0")
}

/// The corpus programs, sorted by file name: (stem, source).
fn corpus() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(cases_dir()).expect("tests/cases exists") {
        let p = e.expect("readable directory entry").path();
        if p.extension().is_some_and(|x| x == "arr") {
            let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
            let src = std::fs::read_to_string(&p)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()));
            out.push((stem, src));
        }
    }
    out.sort();
    out
}

/// Text with `\r\n` read as `\n` (a checkout that converted line endings is no drift).
fn normalized(s: &str) -> String {
    s.replace("\r\n", "\n")
}

/// A short line diff of `old` (the golden) and `new` (the generator's output): the
/// changed region between the common prefix and suffix, with context, at most `MAX`
/// lines per side.
fn short_diff(old: &str, new: &str) -> String {
    const CONTEXT: usize = 2;
    const MAX: usize = 12;
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let pre = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let max_suf = a.len().min(b.len()) - pre;
    let suf = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(max_suf)
        .take_while(|(x, y)| x == y)
        .count();
    let mut out = String::new();
    let start = pre.saturating_sub(CONTEXT);
    let _ = writeln!(
        out,
        "@@ golden line {}, {} line(s) -> {} line(s) @@",
        pre + 1,
        a.len() - pre - suf,
        b.len() - pre - suf
    );
    for l in &a[start..pre] {
        let _ = writeln!(out, "  {l}");
    }
    let side = |out: &mut String, lines: &[&str], mark: char| {
        for l in lines.iter().take(MAX) {
            let _ = writeln!(out, "{mark} {l}");
        }
        if lines.len() > MAX {
            let _ = writeln!(out, "{mark} ... ({} more)", lines.len() - MAX);
        }
    };
    side(&mut out, &a[pre..a.len() - suf], '-');
    side(&mut out, &b[pre..b.len() - suf], '+');
    let end = (b.len() - suf + CONTEXT).min(b.len());
    for l in &b[b.len() - suf..end] {
        let _ = writeln!(out, "  {l}");
    }
    out
}

/// Writes `path` through a temporary file and a rename, so that an interrupted bless
/// never leaves a truncated golden.
fn write_atomically(path: &Path, text: &str) {
    let tmp = path.with_extension("rs.tmp");
    std::fs::write(&tmp, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", tmp.display()));
    std::fs::rename(&tmp, path)
        .unwrap_or_else(|e| panic!("cannot rename {} into place: {e}", tmp.display()));
}

#[test]
fn generated_rust_matches_goldens() {
    let bless = blessing();
    let dir = golden_dir();
    if bless {
        std::fs::create_dir_all(&dir).expect("create tests/cases/golden");
    }
    // Generation failures (no golden can be written: fail even when blessing) and drift.
    let mut broken = Vec::new();
    let mut drift = Vec::new();
    let mut wanted = std::collections::BTreeSet::new();
    let (mut same, mut written) = (0usize, 0usize);
    for (stem, src) in corpus() {
        let Ok(module) = arr_compiler::compile(&src) else {
            continue; // compile-error cases have no golden
        };
        let name = format!("{stem}.arr");
        let text = match arr_compiler::back::rust::write_module(&module, &name, &src) {
            Ok(t) => t,
            Err(e) => {
                broken.push(format!("{name}: code generation failed: {e}"));
                continue;
            }
        };
        // The output must not depend on anything but the input (hash-map order, ...).
        match arr_compiler::back::rust::write_module(&module, &name, &src) {
            Ok(again) if again == text => {}
            _ => {
                broken.push(format!("{name}: code generation is not deterministic"));
                continue;
            }
        }
        let file = format!("{stem}.rs");
        let path = dir.join(&file);
        wanted.insert(file.clone());
        let old = std::fs::read_to_string(&path).ok().map(|s| normalized(&s));
        if old.as_deref() == Some(text.as_str()) {
            same += 1;
            continue;
        }
        if bless {
            write_atomically(&path, &text);
            written += 1;
        } else {
            drift.push(match old {
                None => format!("{file}: missing (the case compiles)"),
                Some(old) => format!("{file}: differs\n{}", short_diff(&old, &text)),
            });
        }
    }
    // Goldens whose case is gone (or no longer compiles).
    let mut removed = 0usize;
    if let Ok(rd) = std::fs::read_dir(&dir) {
        let mut stale: Vec<PathBuf> = rd
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                let n = p.file_name().unwrap().to_string_lossy();
                (n.ends_with(".rs") || n.ends_with(".rs.tmp")) && !wanted.contains(n.as_ref())
            })
            .collect();
        stale.sort();
        for p in stale {
            let n = p.file_name().unwrap().to_string_lossy().into_owned();
            if bless || n.ends_with(".rs.tmp") {
                std::fs::remove_file(&p)
                    .unwrap_or_else(|e| panic!("cannot delete {}: {e}", p.display()));
                removed += 1;
            } else {
                drift.push(format!(
                    "{n}: stale (no compiling case `{}.arr`)",
                    &n[..n.len() - 3]
                ));
            }
        }
    }
    eprintln!(
        "golden: {} programs, {same} unchanged, {written} written, {removed} deleted",
        wanted.len()
    );
    assert!(
        wanted.len() >= 100 || !broken.is_empty(),
        "only {} corpus programs compile: is tests/cases missing?",
        wanted.len()
    );
    let mut msg = String::new();
    if !broken.is_empty() {
        let _ = writeln!(
            msg,
            "{} corpus program(s) have no golden (a backend bug):\n{}",
            broken.len(),
            broken.join("\n")
        );
    }
    if !drift.is_empty() {
        // The first few in full: enough to see what changed without a wall of text.
        const SHOWN: usize = 12;
        let mut shown = drift[..drift.len().min(SHOWN)].join("\n");
        if drift.len() > SHOWN {
            let _ = write!(shown, "\n... and {} more", drift.len() - SHOWN);
        }
        let _ = writeln!(
            msg,
            "{} golden file(s) in tests/cases/golden/ are out of date:\n\n{shown}\n\n{BLESS_HINT}",
            drift.len()
        );
    }
    assert!(msg.is_empty(), "{msg}");
}

#[test]
fn short_diff_shows_the_changed_region() {
    let d = short_diff("a\nb\nc\nd\ne\n", "a\nb\nX\nd\ne\n");
    assert_eq!(
        d,
        "@@ golden line 3, 1 line(s) -> 1 line(s) @@\n  a\n  b\n- c\n+ X\n  d\n  e\n"
    );
    let d = short_diff("a\n", "a\nb\n");
    assert!(d.contains("+ b") && !d.contains("- "), "{d}");
}
