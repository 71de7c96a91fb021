//! The checker's result types, one row per builtin and operator form.
//!
//! Each row is a function body and the result type the checker must infer for it. The
//! row passes when the program with that declared type compiles AND the same program
//! with a deliberately different declared type fails with E0204 (so a checker that
//! accepted anything would fail here).

use arr_compiler::diag::Code;

const PARAMS: &str =
    "x: [n, m]f64, y: [m]f64, v: [n]f64, w: [m, k]f64, s: f64, i: i64, b: [n, m]bool, \
     f: [n, m]f32, idx: [p]i64, c: [n, m, k]f64, z: [n, m]i32";

/// (expression, its type as the checker must infer it)
const ROWS: &[(&str, &str)] = &[
    // Operators and broadcasting.
    ("x + y", "[n, m]f64"),
    ("x * 2", "[n, m]f64"),
    ("0.5 * f", "[n, m]f32"),
    ("-x ** 2", "[n, m]f64"),
    ("x > 0.0", "[n, m]bool"),
    ("b && x < s", "[n, m]bool"),
    ("!b", "[n, m]bool"),
    ("v[:, newaxis] + y", "[n, m]f64"),
    ("z / 2 % 3", "[n, m]i32"),
    ("i + n", "i64"),
    ("f64(n * m)", "f64"),
    // Math.
    ("exp(x) + sin(y)", "[n, m]f64"),
    ("atan2(x, y)", "[n, m]f64"),
    ("abs(z)", "[n, m]i32"),
    ("isnan(x)", "[n, m]bool"),
    ("minimum(x, 1.0)", "[n, m]f64"),
    ("clip(x, 0.0, 1.0)", "[n, m]f64"),
    ("where(b, x, 0.0)", "[n, m]f64"),
    ("pow(x, 2.0)", "[n, m]f64"),
    ("round(sign(y))", "[m]f64"),
    // Reductions.
    ("sum(x)", "f64"),
    ("sum(x, axis=0)", "[m]f64"),
    ("sum(x, axis=-1)", "[n]f64"),
    ("max(x, axis=1, keepdims=true)", "[n, 1]f64"),
    ("mean(x, keepdims=true)", "[1, 1]f64"),
    ("argmax(x, axis=0)", "[m]i64"),
    ("argmin(x)", "i64"),
    ("any(b, axis=1)", "[n]bool"),
    ("all(b)", "bool"),
    ("prod(c, axis=1)", "[n, k]f64"),
    ("cumsum(x)", "[n, m]f64"),
    ("cumprod(x, axis=0)", "[n, m]f64"),
    // Building arrays.
    ("zeros([n, 3], f32)", "[n, 3]f32"),
    ("ones([2 * n], i64)", "[2 * n]i64"),
    ("full([m, n], 1.5)", "[m, n]f64"),
    ("arange(n)", "[n]i64"),
    ("linspace(0.0, 1.0, m + 1)", "[m + 1]f64"),
    ("eye(n, f32)", "[n, n]f32"),
    ("[1.0, 2.0, 3.0]", "[3]f64"),
    ("[[1, 2], [3, 4]]", "[2, 2]i64"),
    ("[s, 2.0 * s]", "[2]f64"),
    // Shapes.
    ("x.T", "[m, n]f64"),
    ("transpose(x)", "[m, n]f64"),
    ("transpose(c, [1, 0, 2])", "[m, n, k]f64"),
    ("reshape(x, [m, n])", "[m, n]f64"),
    ("reshape(x, [n * m])", "[n * m]f64"),
    ("concat([x, x], axis=0)", "[2 * n, m]f64"),
    ("concat([v, v, v])", "[3 * n]f64"),
    ("stack([y, y], axis=1)", "[m, 2]f64"),
    ("stack([x, x])", "[2, n, m]f64"),
    ("flip(x, axis=1)", "[n, m]f64"),
    // Linear algebra.
    ("x @ w", "[n, k]f64"),
    ("x @ y", "[n]f64"),
    ("v @ x", "[m]f64"),
    ("y @ y", "f64"),
    ("dot(x, w)", "[n, k]f64"),
    ("outer(v, y)", "[n, m]f64"),
    // Indexing.
    ("x[0]", "[m]f64"),
    ("x[i, -1]", "f64"),
    ("x[1:-1]", "[n - 2, m]f64"),
    ("x[2:-1, :]", "[n - 3, m]f64"),
    ("x[:, 1:]", "[n, m - 1]f64"),
    ("x[1:3]", "[2, m]f64"),
    ("x[::2, 0:6:4]", "[?, 2]f64"),
    ("y[newaxis, :]", "[1, m]f64"),
    ("c[0, :, newaxis, 1]", "[m, 1]f64"),
    ("v[idx]", "[p]f64"),
    ("x[idx]", "[p, m]f64"),
    ("x[:, idx]", "[n, p]f64"),
    // Conversions.
    ("f32(x)", "[n, m]f32"),
    ("i64(x)", "[n, m]i64"),
    ("bool(z)", "[n, m]bool"),
    ("f64(1)", "f64"),
    ("if s > 0.0 { s } else { -s }", "f64"),
];

/// Rows whose element type comes from literals alone, so a declared result type of
/// another numeric dtype is what they take instead.
const LITERAL_TYPED: &[&str] = &[
    "full([m, n], 1.5)",
    "linspace(0.0, 1.0, m + 1)",
    "[1.0, 2.0, 3.0]",
    "[[1, 2], [3, 4]]",
];

/// Another type of the same rank that must not be accepted in place of `ty`.
fn wrong(ty: &str) -> String {
    if ty.contains("f64") {
        ty.replace("f64", "f32")
    } else if ty.ends_with("bool") {
        ty.replace("bool", "i64")
    } else if ty.ends_with("i64") {
        ty.replace("i64", "i32")
    } else if ty.ends_with("i32") {
        ty.replace("i32", "i64")
    } else {
        ty.replace("f32", "f64")
    }
}

#[test]
fn every_builtin_has_its_exact_type() {
    let mut failures = Vec::new();
    for (expr, ty) in ROWS {
        if ty.contains('?') {
            // A dynamic size: the declared type is checked at run time; only compile.
            continue;
        }
        let ok = format!("fn f({PARAMS}) -> {ty} {{ {expr} }}");
        if let Err(ds) = arr_compiler::compile(&ok) {
            failures.push(format!("`{expr}` as {ty}: {}", ds[0].message));
            continue;
        }
        let bad_ty = wrong(ty);
        let bad = format!("fn f({PARAMS}) -> {bad_ty} {{ {expr} }}");
        if LITERAL_TYPED.contains(expr) {
            // Literals take the type the context needs (LANGUAGE §3).
            if let Err(ds) = arr_compiler::compile(&bad) {
                failures.push(format!(
                    "literal `{expr}` did not adapt to {bad_ty}: {}",
                    ds[0].message
                ));
            }
            continue;
        }
        match arr_compiler::compile(&bad) {
            Ok(_) => failures.push(format!("`{expr}` was also accepted as {bad_ty}")),
            Err(ds) if ds[0].code != Code::ResultMismatch => failures.push(format!(
                "`{expr}` as {bad_ty}: expected E0204, got {}",
                ds[0].code
            )),
            Err(_) => {}
        }
    }
    assert!(
        failures.is_empty(),
        "{} rows failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn shapes_must_also_match() {
    // Same dtype, wrong size: rejected.
    for (expr, ty) in [
        ("x[1:-1]", "[n - 1, m]f64"),
        ("x @ w", "[n, m]f64"),
        ("sum(x, axis=0)", "[n]f64"),
    ] {
        let src = format!("fn f({PARAMS}) -> {ty} {{ {expr} }}");
        let ds = arr_compiler::compile(&src).expect_err(expr);
        assert_eq!(ds[0].code, Code::ResultMismatch, "{expr}");
    }
}

#[test]
fn sizes_normalize_in_types() {
    // `1 + n`, `n + 1` and `(n + 2) - 1` are one size.
    let src = "fn f(x: [1 + n]f64) -> [(n + 2) - 1]f64 { x }\n\
               fn g(x: [n]f64) -> [n + 1]f64 { concat([x, [1.0]]) }";
    arr_compiler::compile(src).expect("normalized sizes compile");
}

#[test]
fn calls_instantiate_the_callee_sizes() {
    let src = "fn inner(x: [n]f64) -> [n - 2]f64 { x[1:-1] }\n\
               fn outer(y: [2 * m]f64) -> [2 * m - 2]f64 { inner(y) }";
    arr_compiler::compile(src).expect("callee sizes are substituted");
    let bad = "fn inner(x: [n]f64) -> [n - 2]f64 { x[1:-1] }\n\
               fn outer(y: [2 * m]f64) -> [2 * m]f64 { inner(y) }";
    let ds = arr_compiler::compile(bad).expect_err("wrong size");
    assert_eq!(ds[0].code, Code::ResultMismatch);
}

#[test]
fn loop_dependent_slices_get_equal_dynamic_sizes() {
    // `l[i, :j]` and `l[j, :j]` have the same (run-time) length, so `dot` accepts them.
    let src = "fn f(a: [n, n]f64) -> f64 {
        let mut t = 0.0;
        for i in 0..n { for j in 0..i { t += dot(a[i, :j], a[j, :j]); } }
        t
    }";
    arr_compiler::compile(src).expect("equal dynamic sizes");
}

#[test]
fn several_errors_are_reported_together() {
    let src = "fn a(x: [n]f64, y: [m]f64) -> [n]f64 { x + y }\n\
               fn b(x: [n]f64) -> f64 { undefined }\n\
               fn c(x: [n]i64) -> i64 { x[0] + 1.5 }";
    let ds = arr_compiler::compile(src).expect_err("three errors");
    let codes: Vec<&str> = ds.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["E0203", "E0100", "E0211"]);
}

#[test]
fn the_ir_verifies_and_prints() {
    let src = "fn f(x: [n, m]f64) -> [n]f64 { let e = exp(x - max(x, axis=1)[:, newaxis]); sum(e, axis=1) }";
    let m = arr_compiler::compile(src).expect("compiles");
    arr_compiler::ir::verify(&m).expect("verifies");
    let text = arr_compiler::ir::print_module(&m);
    assert!(text.contains("fn f(x: [n, m]f64) -> [n]f64"), "{text}");
    assert!(text.contains("size n = x.shape[0]"), "{text}");
    assert!(text.contains("max e"), "{text}");
}

/// Inputs the fuzzer found: they must give a diagnostic (or compile) quickly, never
/// panic or take exponential time.
#[test]
fn adversarial_sizes_are_bounded() {
    let vars = ["a", "b", "c", "d", "e", "g", "h", "j", "l", "o", "q", "r"];
    let factor = format!("({} + 1)", vars.join(" + "));
    let params: Vec<String> = vars.iter().map(|v| format!("p{v}: [{v}]f64")).collect();
    let src = format!(
        "fn f(x: [{}]f64, {}) -> f64 {{ sum(x) }}",
        vec![factor; 16].join(" * "),
        params.join(", ")
    );
    let start = std::time::Instant::now();
    let ds = arr_compiler::compile(&src).expect_err("too complex");
    assert_eq!(ds[0].code, Code::BadOperand);
    assert!(start.elapsed().as_secs() < 5, "took {:?}", start.elapsed());

    for body in [
        "fn f(x: [n, m]f64) -> f64 { sum(x[:9223372036854775807]) }",
        "fn f(x: [10]f64) -> f64 { sum(x[3::9223372036854775807]) }",
        "fn f(x: [n]f64) -> f64 { sum(x[1:9223372036854775807:9223372036854775807]) }",
        "fn f(x: [4]f64) -> [9223372036854775807, 4]f64 { reshape(x, [9223372036854775807, 4]) }",
    ] {
        // Either outcome is fine; returning at all (no overflow panic) is the point.
        let _ = arr_compiler::compile(body);
    }
}
