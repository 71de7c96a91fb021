//! Property tests: nothing a user writes makes the compiler panic or hang
//! (LANGUAGE §6). Every input goes through [`arr_compiler::compile`], and every
//! diagnostic it returns through [`diag::render`] and [`diag::to_json`], as `arrc check`
//! would do, on a separate thread with a wall-clock limit so that a hang fails the test
//! instead of stalling CI.
//!
//! Inputs are
//! - (a) token soup: random sequences of the language's tokens, bare or inside a
//!   function body;
//! - (b) mutations of real programs: `examples/*.arr`, `tests/cases/*.arr` (read at run
//!   time) and the example of LANGUAGE §2: tokens or byte ranges deleted, duplicated,
//!   swapped, inserted, numbers replaced;
//! - (c) random expressions that parse, so that the checker (and, for well-typed ones,
//!   the lowering and the IR verifier) is exercised beyond the parser.
//!
//! The runs are deterministic (a fixed seed), so CI is not flaky. A failure is shrunk
//! and reported with the offending source text.

use arr_compiler::check::BUILTINS;
use arr_compiler::compile;
use arr_compiler::diag::{self, Style};
use proptest::prelude::*;
use proptest::sample::{select, Index};
use proptest::test_runner::{Config, RngAlgorithm, RngSeed};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// A compile that takes longer than this is a hang.
const TIME_LIMIT: Duration = Duration::from_secs(5);
/// The stack of the compiling thread: that of a process's main thread on Linux, where
/// `arrc` and build scripts call the compiler.
const STACK: usize = 8 * 1024 * 1024;

/// Compiles `src` and renders every diagnostic, on a thread with a time limit.
/// `Err` describes a panic or a hang.
fn compile_guarded(src: &str) -> Result<(), String> {
    let owned = src.to_string();
    let (tx, rx) = mpsc::channel();
    let handle = std::thread::Builder::new()
        .name("fuzz-compile".into())
        .stack_size(STACK)
        .spawn(move || {
            if let Err(diags) = compile(&owned) {
                assert!(
                    !diags.is_empty(),
                    "compile returned Err with no diagnostics"
                );
                for d in &diags {
                    let _ = diag::render(d, "fuzz.arr", &owned, Style::Plain);
                    let _ = diag::to_json(d, "fuzz.arr", &owned);
                }
            }
            let _ = tx.send(());
        })
        .expect("spawn a compile thread");
    match rx.recv_timeout(TIME_LIMIT) {
        Ok(()) => handle
            .join()
            .map_err(|_| "panicked after finishing".to_string()),
        Err(mpsc::RecvTimeoutError::Timeout) => {
            // The thread cannot be stopped; it is left to run out with the process.
            Err(format!(
                "compile did not finish within {TIME_LIMIT:?} (a hang)"
            ))
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            let payload = handle.join().err();
            let msg = payload
                .as_ref()
                .and_then(|p| {
                    p.downcast_ref::<String>()
                        .cloned()
                        .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                })
                .unwrap_or_else(|| "(no message)".into());
            Err(format!("compile panicked: {msg}"))
        }
    }
}

fn check_no_panic(src: &str) -> Result<(), TestCaseError> {
    compile_guarded(src)
        .map_err(|e| TestCaseError::fail(format!("{e}\n--- input ---\n{src}\n--- end ---")))
}

/// A fixed seed, few enough cases to keep each property to a few seconds in a debug
/// build, bounded shrinking, and no regression files. For a longer local search, set
/// `ARR_FUZZ_CASES` (cases per property) and `ARR_FUZZ_SEED` (added to each seed).
fn config(cases: u32, seed: u64) -> Config {
    let env = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<u64>().ok());
    Config {
        cases: env("ARR_FUZZ_CASES").map_or(cases, |c| c as u32),
        rng_algorithm: RngAlgorithm::ChaCha,
        rng_seed: RngSeed::Fixed(seed.wrapping_add(env("ARR_FUZZ_SEED").unwrap_or(0))),
        failure_persistence: None,
        max_shrink_iters: 2000,
        max_shrink_time: 60_000,
        ..Config::default()
    }
}

// ------------------------------------------------------------------ tokens

const KEYWORDS: &[&str] = &[
    "fn", "const", "let", "mut", "for", "in", "while", "if", "else", "return", "true", "false",
];
const IDENTS: &[&str] = &[
    "x", "y", "a", "b", "n", "m", "i", "k", "f", "g", "_", "T", "axis", "keepdims", "EPS",
];
const NUMBERS: &[&str] = &[
    "0",
    "1",
    "2",
    "3",
    "-1",
    "0.5",
    "1.0",
    "1e-5",
    "2.5E3",
    "1e",
    "1e400",
    "1_000",
    "2147483648",
    "9223372036854775807",
    "9223372036854775808",
    "18446744073709551615",
    "18446744073709551616",
    "0.",
    "1.e3",
];
const PUNCT: &[&str] = &[
    "+", "-", "*", "/", "%", "@", "**", "==", "!=", "<", "<=", ">", ">=", "&&", "||", "!", "=",
    "+=", "-=", "*=", "/=", "**=", "%=", "->", "..", ".", ".T", ":", "::", ",", ";", "(", ")", "[",
    "]", "{", "}", "(", ")", "[", "]", "{", "}",
];
const TYPES: &[&str] = &[
    "f32",
    "f64",
    "i32",
    "i64",
    "bool",
    "f16",
    "[n]f64",
    "[n, m]f32",
    "[2 * n]i64",
    "(f64, f64)",
];
const OTHER: &[&str] = &[
    "newaxis", "//", "/*", "*/", "\n", "é", "λ", "\u{FEFF}", "#", "$", "\"", "'", "\t",
];

fn all_tokens() -> Vec<&'static str> {
    let mut v: Vec<&'static str> = Vec::new();
    for group in [KEYWORDS, IDENTS, NUMBERS, PUNCT, TYPES, OTHER, BUILTINS] {
        v.extend_from_slice(group);
    }
    v
}

/// Joins tokens with random separators (none, a space or a newline), so that tokens
/// also run together (`x-1`, `fnx`).
fn soup(tokens: Vec<(&'static str, u8)>) -> String {
    let mut s = String::new();
    for (t, sep) in tokens {
        s.push_str(t);
        s.push_str(match sep % 4 {
            0 => "",
            3 => "\n",
            _ => " ",
        });
    }
    s
}

fn token_soup() -> impl Strategy<Value = String> {
    let toks = all_tokens();
    let seq = prop::collection::vec((select(toks), any::<u8>()), 0..80).prop_map(soup);
    let frame = select(vec![
        ("", ""),
        (
            "fn f(x: [n]f64, y: [n, m]f32, k: i64) -> [n]f64 {\n",
            "\n}\n",
        ),
        (
            "fn f(x: [n]f64) -> f64 {\n    let mut a = x;\n",
            "\n    0.0\n}\n",
        ),
        (
            "fn g(v: f64) -> f64 { v }\nfn f(x: [n, m]f64, i: i64) -> [n, m]f64 {\n    ",
            "\n}\n",
        ),
        ("const C: f64 = ", ";\n"),
    ]);
    (frame, seq).prop_map(|((pre, post), body)| format!("{pre}{body}{post}"))
}

// ------------------------------------------------------------------ mutations

/// The example program of LANGUAGE §2.
const SPEC_EXAMPLE: &str = r#"const EPS: f32 = 1e-5;

// Row-wise softmax.
fn softmax(x: [n, m]f32) -> [n, m]f32 {
    let e = exp(x - max(x, axis=1)[:, newaxis]);
    e / sum(e, axis=1)[:, newaxis]
}

fn saxpy(a: f32, x: [n]f32, y: [n]f32) -> [n]f32 { a * x + y }

fn jacobi_2d(steps: i64, a0: [n, n]f64) -> [n, n]f64 {
    let mut a = a0;
    let mut b = a0;
    for t in 0..steps {
        b[1:-1, 1:-1] = 0.2 * (a[1:-1, 1:-1] + a[1:-1, :-2] + a[1:-1, 2:] + a[2:, 1:-1] + a[:-2, 1:-1]);
        a[1:-1, 1:-1] = 0.2 * (b[1:-1, 1:-1] + b[1:-1, :-2] + b[1:-1, 2:] + b[2:, 1:-1] + b[:-2, 1:-1]);
    }
    a
}

fn moments(x: [n]f64) -> (f64, f64) {        // several results: a tuple
    let mu = mean(x);
    (mu, mean((x - mu) ** 2))
}
"#;

fn arr_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            arr_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "arr") {
            out.push(p);
        }
    }
}

/// The programs to mutate: the examples and the test corpus as they are now (other
/// files may be added at any time), plus the example of the language reference.
fn corpus() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    arr_files(&root.join("examples"), &mut files);
    arr_files(&root.join("tests/cases"), &mut files);
    files.sort();
    let mut out = vec![SPEC_EXAMPLE.to_string()];
    out.extend(files.iter().filter_map(|p| std::fs::read_to_string(p).ok()));
    out
}

/// Splits source text into tokens, losslessly: runs of whitespace, runs of identifier
/// and number characters, two-character operators, and single other characters.
fn tokenize(src: &str) -> Vec<&str> {
    const TWO: [&str; 16] = [
        "**", "==", "!=", "<=", ">=", "&&", "||", "->", "..", "+=", "-=", "*=", "/=", "//", "/*",
        "*/",
    ];
    let mut out = Vec::new();
    let mut i = 0;
    while i < src.len() {
        let rest = &src[i..];
        let c = rest.chars().next().expect("not empty");
        let len = if c.is_whitespace() {
            rest.find(|c: char| !c.is_whitespace())
                .unwrap_or(rest.len())
        } else if c.is_ascii_alphanumeric() || c == '_' {
            rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
                .unwrap_or(rest.len())
        } else if TWO.iter().any(|t| rest.starts_with(t)) {
            2
        } else {
            c.len_utf8()
        };
        out.push(&rest[..len]);
        i += len;
    }
    out
}

#[derive(Debug, Clone)]
enum Mutation {
    DeleteToken(Index),
    DuplicateToken(Index),
    SwapTokens(Index, Index),
    InsertToken(Index, &'static str),
    ReplaceNumber(Index, &'static str),
    DeleteBytes(Index, usize),
    DuplicateBytes(Index, usize),
    MoveBytes(Index, usize, Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let toks = all_tokens();
    let numbers = NUMBERS.to_vec();
    prop_oneof![
        any::<Index>().prop_map(Mutation::DeleteToken),
        any::<Index>().prop_map(Mutation::DuplicateToken),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::SwapTokens(a, b)),
        (any::<Index>(), select(toks)).prop_map(|(a, t)| Mutation::InsertToken(a, t)),
        (any::<Index>(), select(numbers)).prop_map(|(a, t)| Mutation::ReplaceNumber(a, t)),
        (any::<Index>(), 1usize..60).prop_map(|(a, n)| Mutation::DeleteBytes(a, n)),
        (any::<Index>(), 1usize..60).prop_map(|(a, n)| Mutation::DuplicateBytes(a, n)),
        (any::<Index>(), 1usize..60, any::<Index>())
            .prop_map(|(a, n, b)| Mutation::MoveBytes(a, n, b)),
    ]
}

/// Applies one mutation. Token mutations leave whitespace alone; byte mutations may
/// cut a character in two, which becomes U+FFFD.
fn mutate(src: &str, m: &Mutation) -> String {
    let toks = tokenize(src);
    let words: Vec<usize> = (0..toks.len())
        .filter(|&i| !toks[i].trim().is_empty())
        .collect();
    let join = |t: &[&str]| t.concat();
    let bytes = src.as_bytes();
    let range = |at: &Index, n: usize| {
        let start = if bytes.is_empty() {
            0
        } else {
            at.index(bytes.len())
        };
        (start, (start + n).min(bytes.len()))
    };
    let lossy = |b: Vec<u8>| String::from_utf8_lossy(&b).into_owned();
    match m {
        _ if words.is_empty() && !matches!(m, Mutation::InsertToken(..)) => src.to_string(),
        Mutation::DeleteToken(i) => {
            let mut t = toks.clone();
            t.remove(words[i.index(words.len())]);
            join(&t)
        }
        Mutation::DuplicateToken(i) => {
            let mut t = toks.clone();
            let k = words[i.index(words.len())];
            t.insert(k, toks[k]);
            join(&t)
        }
        Mutation::SwapTokens(a, b) => {
            let mut t = toks.clone();
            t.swap(words[a.index(words.len())], words[b.index(words.len())]);
            join(&t)
        }
        Mutation::InsertToken(i, tok) => {
            let mut t = toks.clone();
            let at = if t.is_empty() {
                0
            } else {
                i.index(t.len() + 1)
            };
            t.insert(at, tok);
            join(&t)
        }
        Mutation::ReplaceNumber(i, num) => {
            let nums: Vec<usize> = words
                .iter()
                .copied()
                .filter(|&k| toks[k].starts_with(|c: char| c.is_ascii_digit()))
                .collect();
            if nums.is_empty() {
                return src.to_string();
            }
            let mut t = toks.clone();
            t[nums[i.index(nums.len())]] = num;
            join(&t)
        }
        Mutation::DeleteBytes(at, n) => {
            let (s, e) = range(at, *n);
            let mut b = bytes.to_vec();
            b.drain(s..e);
            lossy(b)
        }
        Mutation::DuplicateBytes(at, n) => {
            let (s, e) = range(at, *n);
            let mut b = bytes.to_vec();
            let piece = bytes[s..e].to_vec();
            b.splice(e..e, piece);
            lossy(b)
        }
        Mutation::MoveBytes(at, n, to) => {
            let (s, e) = range(at, *n);
            let mut b = bytes.to_vec();
            let piece: Vec<u8> = b.drain(s..e).collect();
            let dest = to.index(b.len() + 1);
            b.splice(dest..dest, piece);
            lossy(b)
        }
    }
}

// ------------------------------------------------------------------ expressions

/// Random expressions over the parameters of [`EXPR_FRAME`], built to parse (or nearly:
/// some kwargs and slices land where the grammar rejects them) so that they reach the
/// checker.
fn expr() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        select(vec![
            "x",
            "y",
            "z",
            "k",
            "b",
            "idx",
            "n",
            "m",
            "s",
            "C",
            "newaxis",
            "f64",
            "sum",
            "undefined"
        ])
        .prop_map(str::to_string),
        select(vec![
            "0",
            "1",
            "2",
            "-1",
            "3",
            "0.5",
            "1e-3",
            "2147483648",
            "true",
            "false",
            "9223372036854775807"
        ])
        .prop_map(str::to_string),
    ];
    let builtins: Vec<&'static str> = BUILTINS.to_vec();
    leaf.prop_recursive(5, 40, 4, move |inner| {
        let builtins = builtins.clone();
        prop_oneof![
            (
                inner.clone(),
                select(vec![
                    "+", "-", "*", "/", "%", "**", "@", "==", "<", ">=", "&&", "||"
                ]),
                inner.clone()
            )
                .prop_map(|(a, op, b)| format!("({a} {op} {b})")),
            (select(vec!["-", "!"]), inner.clone()).prop_map(|(op, a)| format!("{op}{a}")),
            inner.clone().prop_map(|a| format!("{a}.T")),
            (
                select(builtins),
                prop::collection::vec(inner.clone(), 0..4),
                prop::option::of(kwarg())
            )
                .prop_map(|(f, args, kw)| {
                    let mut parts = args;
                    parts.extend(kw);
                    format!("{f}({})", parts.join(", "))
                }),
            (
                inner.clone(),
                prop::collection::vec(index_item(inner.clone()), 1..4)
            )
                .prop_map(|(a, items)| format!("{a}[{}]", items.join(", "))),
            prop::collection::vec(inner.clone(), 0..4)
                .prop_map(|xs| format!("[{}]", xs.join(", "))),
            (inner.clone(), inner.clone(), inner.clone())
                .prop_map(|(c, a, b)| format!("if {c} {{ {a} }} else {{ {b} }}")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a}, {b})")),
            (
                select(vec!["zeros", "ones", "full", "reshape", "eye"]),
                select(vec![
                    "[n]", "[n, m]", "[2, 3]", "[m, n]", "[-1]", "n", "[k]"
                ]),
                select(vec!["f64", "f32", "i64", "bool", "x", "1.0"])
            )
                .prop_map(|(f, shape, t)| format!("{f}({shape}, {t})")),
            (
                select(vec!["g", "h", "tup"]),
                prop::collection::vec(inner, 0..3)
            )
                .prop_map(|(f, args)| format!("{f}({})", args.join(", "))),
        ]
    })
}

fn kwarg() -> impl Strategy<Value = String> {
    (
        select(vec!["axis", "keepdims", "axes"]),
        select(vec!["0", "1", "-1", "2", "-3", "true", "false", "n", "1.0"]),
    )
        .prop_map(|(k, v)| format!("{k}={v}"))
}

fn index_item(inner: impl Strategy<Value = String> + Clone) -> impl Strategy<Value = String> {
    let bound = prop_oneof![
        Just(String::new()),
        select(vec![
            "0", "1", "-1", "2", "-2", "3", "n", "n - 1", "k", "m", "100"
        ])
        .prop_map(str::to_string),
        inner.clone(),
    ];
    prop_oneof![
        inner,
        Just(":".to_string()),
        Just("newaxis".to_string()),
        (bound.clone(), bound.clone()).prop_map(|(a, b)| format!("{a}:{b}")),
        (bound.clone(), bound, select(vec!["1", "2", "0", "-1", "k"]))
            .prop_map(|(a, b, s)| format!("{a}:{b}:{s}")),
    ]
}

/// Helpers and parameters of every kind for [`expr`]; the expression is bound to a
/// variable and also assigned, so the lowering of well-typed ones runs too.
fn expr_program(e: &str, e2: &str) -> String {
    format!(
        "const C: f64 = 2.0;\n\
         fn g(v: f64) -> f64 {{ v * 2.0 }}\n\
         fn h(a: [p]f64, c: [p]f64) -> [p - 1]f64 {{ a[1:] + c[:-1] }}\n\
         fn tup(a: [p]f64) -> (f64, [p]f64) {{ (sum(a), a) }}\n\
         fn f(x: [n]f64, y: [n, m]f64, z: [m]f32, k: i64, s: f64, b: [n]bool, idx: [3]i64) -> f64 {{\n\
         \x20   let t = {e};\n\
         \x20   let mut u = x;\n\
         \x20   u[1:] = {e2};\n\
         \x20   for i in 0..k {{ u += {e2}; }}\n\
         \x20   s\n\
         }}\n"
    )
}

/// The kinds of value [`typed`] builds: an f64 scalar, an `[n]f64` vector, an
/// `[n, m]f64` matrix.
#[derive(Debug, Clone, Copy)]
enum Kind {
    S,
    V,
    M,
}

/// Random *well-typed* expressions of a kind, over the parameters of [`expr_program`],
/// so that the lowering to the IR and the IR verifier see many valid programs. `$S`,
/// `$V` and `$M` in a template are replaced by sub-expressions of those kinds.
fn typed(kind: Kind, depth: u32) -> BoxedStrategy<String> {
    let leaves: &[&'static str] = match kind {
        Kind::S => &[
            "s", "C", "1.5", "2", "f64(k)", "f64(n)", "x[0]", "x[-1]", "y[0, 1]", "sum(x)",
            "mean(y)",
        ],
        Kind::V => &[
            "x",
            "f64(b)",
            "f64(arange(n))",
            "zeros([n], f64)",
            "y[:, 0]",
            "y.T[0]",
        ],
        Kind::M => &[
            "y",
            "zeros([n, m], f64)",
            "outer(x, f64(z))",
            "f64(x[:, newaxis] > y)",
        ],
    };
    let leaf = select(leaves.to_vec()).prop_map(str::to_string);
    if depth == 0 {
        return leaf.boxed();
    }
    let templates: &[&'static str] = match kind {
        Kind::S => &[
            "($S + $S)",
            "($S * $S)",
            "($S / $S)",
            "($S ** $S)",
            "-$S",
            "sqrt(abs($S))",
            "g($S)",
            "sum($V)",
            "max($M)",
            "mean($V)",
            "$V[k]",
            "$M[1, -1]",
            "($V @ $V)",
            "dot($V, $V)",
            "f64(argmax($V))",
            "if $S < $S { $S } else { $S }",
            "f64(any($V > $S))",
            "prod($V[:2])",
            "clip($S, 0.0, 1.0)",
            "atan2($S, $S)",
            "{ let q = $S; q * q }",
            "f64(i64($S) % 3)",
        ],
        Kind::V => &[
            "($V + $V)",
            "($V - $S)",
            "($S * $V)",
            "($V / $V)",
            "($V ** 2)",
            "-$V",
            "exp($V)",
            "g($V)",
            "where($V > $S, $V, $S)",
            "sum($M, axis=1)",
            "max($M, axis=-1)",
            "mean($M, axis=1)",
            "cumsum($V)",
            "flip($V, axis=0)",
            "$M[:, 1]",
            "$M.T[0]",
            "concat([$V[:1], $V[1:]], axis=0)",
            "clip($V, 0.0, $S)",
            "minimum($V, $S)",
            "reshape($V, [n])",
            "($M @ f64(z))",
            "full([n], $S)",
            "$V[::1]",
            "h(concat([$V, [$S]], axis=0), concat([[$S], $V], axis=0))",
            "sum($M, axis=1, keepdims=true)[:, 0]",
            "stack([$V, $V], axis=1)[:, 0]",
            "transpose($M)[-1]",
            "$V[arange(n)]",
        ],
        Kind::M => &[
            "($M + $M)",
            "($M * $S)",
            "($M - $V[:, newaxis])",
            "exp($M)",
            "transpose($M, [0, 1])",
            "cumsum($M, axis=0)",
            "cumprod($M, axis=1)",
            "flip($M, axis=1)",
            "reshape($M, [n, m])",
            "full([n, m], $S)",
            "where($M > 0.0, $M, -$M)",
            "(($M @ $M.T) @ $M)",
            "$M.T.T",
            "$M[:, :]",
            "concat([$M[:, :1], $M[:, 1:]], axis=1)",
            "stack([$V, $V], axis=0).T[:, :1] * $M[0]",
        ],
    };
    let sub = |k| typed(k, depth - 1);
    (
        select(templates.to_vec()),
        sub(Kind::S),
        sub(Kind::V),
        sub(Kind::M),
        sub(Kind::S),
        sub(Kind::V),
    )
        .prop_map(|(t, s, v, m, s2, v2)| {
            // The second occurrence of a kind gets the second sub-expression, so that
            // `$V + $V` is not always `e + e`.
            let once = |t: String, pat: &str, a: &str, b: &str| {
                let t = t.replacen(pat, a, 1);
                t.replace(pat, b)
            };
            let t = once(t.to_string(), "$S", &s, &s2);
            let t = once(t, "$V", &v, &v2);
            t.replace("$M", &m)
        })
        .boxed()
}

fn typed_program() -> impl Strategy<Value = String> {
    (typed(Kind::S, 2), typed(Kind::V, 2), typed(Kind::M, 2)).prop_map(|(s, v, m)| {
        format!(
            "const C: f64 = 2.0;\n\
             fn g(v: f64) -> f64 {{ v * 2.0 }}\n\
             fn h(a: [p]f64, c: [p]f64) -> [p]f64 {{ a + c }}\n\
             fn f(x: [n]f64, y: [n, m]f64, z: [m]f32, k: i64, s: f64, b: [n]bool) -> (f64, [n]f64, [n, m]f64) {{\n\
             \x20   let mut u = x;\n\
             \x20   for i in 0..k {{ u[1:] += {v}[:-1]; }}\n\
             \x20   let w = {m};\n\
             \x20   ({s}, u, w)\n\
             }}\n"
        )
    })
}

// ------------------------------------------------------------------ the properties

#[test]
fn token_soup_never_panics_or_hangs() {
    let mut runner = proptest::test_runner::TestRunner::new(config(500, 0x5eed_0001));
    runner
        .run(&token_soup(), |src| check_no_panic(&src))
        .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn mutated_programs_never_panic_or_hang() {
    let corpus = corpus();
    assert!(!corpus.is_empty());
    // Mapped to the mutated text, so that a failure reports (and shrinks) the source.
    let strategy =
        (any::<Index>(), prop::collection::vec(mutation(), 1..5)).prop_map(move |(file, muts)| {
            let mut src = corpus[file.index(corpus.len())].clone();
            for m in &muts {
                src = mutate(&src, m);
            }
            src
        });
    let mut runner = proptest::test_runner::TestRunner::new(config(500, 0x5eed_0002));
    runner
        .run(&strategy, |src| check_no_panic(&src))
        .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn random_expressions_never_panic_or_hang() {
    let mut runner = proptest::test_runner::TestRunner::new(config(500, 0x5eed_0003));
    let strategy = (expr(), expr()).prop_map(|(e, e2)| expr_program(&e, &e2));
    runner
        .run(&strategy, |src| check_no_panic(&src))
        .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn typed_expressions_never_panic_or_hang() {
    let mut runner = proptest::test_runner::TestRunner::new(config(400, 0x5eed_0004));
    runner
        .run(&typed_program(), |src| check_no_panic(&src))
        .unwrap_or_else(|e| panic!("{e}"));
}

/// The unmutated corpus itself, and the deepest nesting the parser accepts, compile
/// without trouble on a main-thread-sized stack.
#[test]
fn corpus_and_deep_nesting_compile_without_panic() {
    for src in corpus() {
        compile_guarded(&src).unwrap_or_else(|e| panic!("{e}\n--- input ---\n{src}"));
    }
    let depth = arr_compiler::front::MAX_DEPTH - 2;
    let deep = |open: &str, close: &str| {
        format!(
            "fn f(x: [n]f64) -> [n]f64 {{\n    let y = {}x{};\n    y\n}}\n",
            open.repeat(depth),
            close.repeat(depth)
        )
    };
    for src in [
        deep("(", ")"),
        deep("-", ""),
        deep("[", "]"),
        deep("abs(", ")"),
    ] {
        compile_guarded(&src).unwrap_or_else(|e| panic!("{e}\n--- input ---\n{src}"));
    }
    let chain = format!(
        "fn f(x: [n]f64) -> [n]f64 {{\n    {}\n}}\n",
        vec!["x"; 250].join(" + ")
    );
    compile_guarded(&chain).unwrap_or_else(|e| panic!("{e}\n--- input ---\n{chain}"));
}
