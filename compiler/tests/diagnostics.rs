//! Tests of the diagnostics as users see them:
//!
//! - `docs/errors.md`, the error index, has a section for every code of [`Code::ALL`];
//!   each section's bad program (```` ```arr ````) fails with that code and its fixed
//!   program (```` ```arr-fixed ````) compiles cleanly;
//! - the rendered text of every bad program is snapshot-tested with insta
//!   (`tests/snapshots/diagnostics__E0xxx.snap`; review changes with `cargo insta
//!   review`, or rerun with `INSTA_UPDATE=always` and read the diff);
//! - the JSON form of a diagnostic, and that independent errors are all reported at once.

use arr_compiler::compile;
use arr_compiler::diag::{self, Code, Diagnostic, Style};
use std::path::Path;

// ------------------------------------------------------------------ the error index

/// One `## E0xxx: title` section of `docs/errors.md`.
#[derive(Debug)]
struct Section {
    code: String,
    title: String,
    /// 1-based line of the heading, for messages.
    line: usize,
    /// The ```` ```arr ```` blocks (exactly one is expected).
    bad: Vec<String>,
    /// The ```` ```arr-fixed ```` blocks (exactly one is expected).
    fixed: Vec<String>,
}

fn errors_md() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/errors.md");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Splits the error index into its code sections and their fenced blocks. Text before
/// the first section (the introduction) is ignored; blocks with other tags are too.
fn sections(md: &str) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::new();
    let mut block: Option<(String, Vec<&str>)> = None;
    for (i, line) in md.lines().enumerate() {
        if let Some((tag, body)) = &mut block {
            if line.trim_end() == "```" {
                let text = body.join("\n") + "\n";
                if let Some(s) = out.last_mut() {
                    match tag.as_str() {
                        "arr" => s.bad.push(text),
                        "arr-fixed" => s.fixed.push(text),
                        _ => {}
                    }
                }
                block = None;
            } else {
                body.push(line);
            }
            continue;
        }
        if let Some(tag) = line.strip_prefix("```") {
            block = Some((tag.trim().to_string(), Vec::new()));
        } else if let Some(h) = line.strip_prefix("## ") {
            let (code, title) = h.split_once(':').unwrap_or((h, ""));
            out.push(Section {
                code: code.trim().to_string(),
                title: title.trim().to_string(),
                line: i + 1,
                bad: Vec::new(),
                fixed: Vec::new(),
            });
        }
    }
    assert!(block.is_none(), "docs/errors.md ends inside a fenced block");
    out
}

fn code_named(s: &str) -> Option<Code> {
    Code::ALL.iter().copied().find(|c| c.as_str() == s)
}

/// Every code has exactly one section, headed with its title, with one bad and one
/// fixed program; and no section documents a code that does not exist.
#[test]
fn every_code_is_documented() {
    let secs = sections(&errors_md());
    let mut problems = Vec::new();
    for &code in Code::ALL {
        let found: Vec<&Section> = secs.iter().filter(|s| s.code == code.as_str()).collect();
        match found.as_slice() {
            [] => problems.push(format!(
                "{code} has no section: add `## {code}: {}` with an ```arr and an ```arr-fixed block",
                code.title()
            )),
            [s] => {
                if s.title != code.title() {
                    problems.push(format!(
                        "line {}: the heading of {code} should read `## {code}: {}`, not `{}`",
                        s.line,
                        code.title(),
                        s.title
                    ));
                }
                if s.bad.len() != 1 || s.fixed.len() != 1 {
                    problems.push(format!(
                        "line {}: {code} needs exactly one ```arr block and one ```arr-fixed block (has {} and {})",
                        s.line,
                        s.bad.len(),
                        s.fixed.len()
                    ));
                }
            }
            _ => problems.push(format!("{code} has {} sections", found.len())),
        }
    }
    for s in &secs {
        if code_named(&s.code).is_none() {
            problems.push(format!(
                "line {}: `## {}` is not an error code of Code::ALL",
                s.line, s.code
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "docs/errors.md:\n  {}",
        problems.join("\n  ")
    );
}

fn codes_of(diags: &[Diagnostic]) -> String {
    let list: Vec<String> = diags
        .iter()
        .map(|d| format!("{} ({})", d.code, d.message))
        .collect();
    list.join(", ")
}

/// Each bad program fails with its section's code as its first diagnostic, and each
/// fixed program compiles.
#[test]
fn documented_examples_behave_as_documented() {
    let secs = sections(&errors_md());
    assert!(!secs.is_empty(), "docs/errors.md has no sections");
    let mut problems = Vec::new();
    for s in &secs {
        for bad in &s.bad {
            match compile(bad) {
                Ok(_) => problems.push(format!(
                    "{} (line {}): the bad program compiles",
                    s.code, s.line
                )),
                Err(diags) => {
                    let first = diags.first().map(|d| d.code.as_str());
                    if first != Some(s.code.as_str()) {
                        problems.push(format!(
                            "{} (line {}): the bad program's first diagnostic should be {}, got: {}",
                            s.code,
                            s.line,
                            s.code,
                            codes_of(&diags)
                        ));
                    }
                }
            }
        }
        for fixed in &s.fixed {
            if let Err(diags) = compile(fixed) {
                problems.push(format!(
                    "{} (line {}): the fixed program does not compile: {}",
                    s.code,
                    s.line,
                    codes_of(&diags)
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "docs/errors.md:\n  {}",
        problems.join("\n  ")
    );
}

// ------------------------------------------------------------------ snapshots

/// All diagnostics of `src`, rendered as `arrc check` prints them when piped.
fn render_all(file_name: &str, src: &str) -> String {
    let diags = compile(src).err().unwrap_or_default();
    let parts: Vec<String> = diags
        .iter()
        .map(|d| diag::render(d, file_name, src, Style::Plain))
        .collect();
    parts.join("\n")
}

/// The rendered diagnostics of every documented bad program, one snapshot per code
/// (`snapshots/diagnostics__E0xxx.snap`).
#[test]
fn rendered_diagnostics_of_every_code() {
    let secs = sections(&errors_md());
    for &code in Code::ALL {
        let Some(s) = secs.iter().find(|s| s.code == code.as_str()) else {
            panic!("{code} is not documented (see every_code_is_documented)");
        };
        let Some(bad) = s.bad.first() else {
            panic!("{code} has no bad program (see every_code_is_documented)");
        };
        let rendered = render_all(&format!("{code}.arr"), bad);
        assert!(!rendered.is_empty(), "{code}: the bad program compiles");
        insta::assert_snapshot!(code.as_str(), rendered);
    }
}

// ------------------------------------------------------------------ JSON

#[test]
fn json_form_of_a_diagnostic() {
    let src = "fn add(x: [n]f64, y: [m]f64) -> [n]f64 {\n    x + y\n}\n";
    let diags = compile(src).expect_err("shapes [n] and [m] do not broadcast");
    assert_eq!(diags.len(), 1, "{diags:?}");
    let j = diag::to_json(&diags[0], "add.arr", src);

    assert_eq!(j["code"], "E0203");
    assert_eq!(j["file"], "add.arr");
    assert_eq!(j["message"], "shapes [n] and [m] do not broadcast");
    let help = j["help"].as_str().expect("a help line");
    assert!(help.contains("`n`") && help.contains("`m`"), "{help}");

    let labels = j["labels"].as_array().expect("labels array");
    assert_eq!(labels.len(), 2, "{labels:?}");
    // The primary label is the left operand `x`, at line 2, column 5.
    assert_eq!(labels[0]["line"], 2);
    assert_eq!(labels[0]["column"], 5);
    assert_eq!(labels[0]["start"], 45);
    assert_eq!(labels[0]["end"], 46);
    assert_eq!(labels[0]["text"], "this is [n]f64");
    // The second names the right operand `y`, at column 9.
    assert_eq!(labels[1]["line"], 2);
    assert_eq!(labels[1]["column"], 9);
    assert_eq!(labels[1]["text"], "this is [m]f64");

    // Every field is present even without help.
    let src = "fn f(x: [n]f64) -> [n]f64 { x + zz }\n";
    let diags = compile(src).expect_err("unknown name");
    let j = diag::to_json(&diags[0], "f.arr", src);
    assert_eq!(j["code"], "E0100");
    assert!(j["help"].is_null(), "{j}");
    assert_eq!(j["labels"][0]["line"], 1);
    assert_eq!(j["labels"][0]["column"], 33);
    // One JSON object per line in `--message-format json`.
    assert!(!serde_json::to_string(&j)
        .expect("serializes")
        .contains('\n'));
}

// ------------------------------------------------------------------ several errors

/// Independent errors in different functions (and in one function) are all reported
/// in one run, in source order.
#[test]
fn independent_errors_are_all_reported() {
    let src = "\
fn a(x: [n]f64, y: [m]f64) -> [n]f64 { x + y }

fn b(x: [n]f64) -> [n]f64 { x * zz }

fn c(k: [n]i64) -> [n]f64 { sqrt(k) }

fn ok(x: [n]f64) -> [n]f64 { 2.0 * x }
";
    let diags = compile(src).expect_err("three errors");
    let codes: Vec<Code> = diags.iter().map(|d| d.code).collect();
    assert_eq!(
        codes,
        [Code::Broadcast, Code::UnknownName, Code::BadOperand],
        "{diags:#?}"
    );
    let lines: Vec<usize> = diags
        .iter()
        .map(|d| d.span().expect("a span").line_col(src).0)
        .collect();
    assert_eq!(lines, [1, 3, 5]);

    // Within one body, one bad statement does not hide the next.
    let src = "\
fn f(x: [n]f64) -> [n]f64 {
    let a = x + undefined_one;
    let b = x[0, 0];
    let c = sum(x, axis=3);
    x
}
";
    let diags = compile(src).expect_err("three errors");
    let codes: Vec<Code> = diags.iter().map(|d| d.code).collect();
    assert_eq!(
        codes,
        [Code::UnknownName, Code::IndexRank, Code::AxisRange],
        "{diags:#?}"
    );
}

// ------------------------------------------------------------------ long lines

/// A label on a line too long to show (miette pads with `{:width$}`, which panics past
/// 65535 columns) is rendered without the snippet, in both styles, and still says where.
#[test]
fn labels_on_very_long_lines_render_without_a_snippet() {
    let src = format!("fn f(x: f64) -> f64 {{{} y }}\n", " ".repeat(65600));
    let diags = compile(&src).expect_err("`y` is not defined");
    for style in [Style::Plain, Style::Graphical] {
        let text = diag::render(&diags[0], "long.arr", &src, style);
        assert!(text.contains("E0100"), "{text}");
        assert!(text.contains("unknown name `y`"), "{text}");
        assert!(text.contains("long.arr:1:65623"), "{text}");
        assert!(
            text.len() < 1000,
            "the long line is not printed: {} bytes",
            text.len()
        );
    }
    // A long line elsewhere in the file does not stop the snippet of a short one.
    let src = format!("// {}\n\nfn f(x: f64) -> f64 {{ y }}\n", "x".repeat(70000));
    let diags = compile(&src).expect_err("`y` is not defined");
    let text = diag::render(&diags[0], "f.arr", &src, Style::Plain);
    assert!(text.contains("3 │ fn f(x: f64) -> f64 { y }"), "{text}");
}
