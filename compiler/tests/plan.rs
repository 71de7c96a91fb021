//! Structure tests of the kernel plan: each fusion and materialization rule of
//! `arr_compiler::plan` pinned by the number and kind of kernels and buffers it gives a
//! small program, so that a regression in fusion fails here. The plan is what the Rust
//! writer follows; `plan_matches_generated_code` checks that the generated code has
//! exactly the plan's loops.

use arr_compiler::plan::{plan_function, FnPlan, KernelKind, Rule, MAX_LEAVES};

fn plan_of(src: &str, entry: &str) -> FnPlan {
    let module =
        arr_compiler::compile(src).unwrap_or_else(|d| panic!("does not compile: {d:?}\n{src}"));
    let f = module
        .function(entry)
        .unwrap_or_else(|| panic!("no function {entry}"));
    plan_function(&module, f, src)
}

fn loops(p: &FnPlan) -> usize {
    p.kernels
        .iter()
        .filter(|k| {
            matches!(
                k.kind,
                KernelKind::Map
                    | KernelKind::Reduce { fused: true, .. }
                    | KernelKind::RowGroup { .. }
                    | KernelKind::Moments { .. }
            )
        })
        .count()
}

fn show(p: &FnPlan, src: &str) -> String {
    arr_compiler::plan::print::text(p, src, "test.arr")
}

#[test]
fn mean_and_variance_along_an_axis_are_one_pass() {
    // NumPy's x.mean(axis=0), x.var(axis=0): one kernel reading `x` once, in each of the
    // spellings of the broadcast mean and of the square.
    for (body, second) in [
        (
            "let mu = mean(x, axis=0);\n    (mu, mean((x - mu[newaxis, :]) ** 2, axis=0))",
            "mean",
        ),
        (
            "let mu = mean(x, axis=0);\n    (mu, sum((mu - x) * (mu - x), axis=0))",
            "sum",
        ),
        (
            "let mu = mean(x, axis=1, keepdims=true);\n    (mu[:, 0], mean((x - mu) ** 2, axis=1))",
            "mean",
        ),
        (
            "let mu = mean(x, axis=1);\n    (mu, mean((x - mu[:, newaxis]) ** 2.0, axis=1))",
            "mean",
        ),
    ] {
        let src = format!("fn f(x: [n, m]f64) -> ([_]f64, [_]f64) {{\n    {body}\n}}\n");
        let src = src.replace(
            "[_]",
            if body.contains("axis=0") {
                "[m]"
            } else {
                "[n]"
            },
        );
        let p = plan_of(&src, "f");
        assert_eq!(p.moments.len(), 1, "{}", show(&p, &src));
        assert_eq!(p.kernels.len(), 1, "{}", show(&p, &src));
        assert!(matches!(p.kernels[0].kind, KernelKind::Moments { .. }));
        assert_eq!(p.kernels[0].reads, vec!["x".to_string()]);
        assert!(show(&p, &src).contains(&format!("{second} of squared deviations")));
    }
    // Inline, and over all elements (np.std(x)): one kernel each, reading `x` once.
    for (body, ret, kernels) in [
        ("mean((x - mean(x, axis=0)) ** 2, axis=0)", "[m]f64", 1),
        (
            "sum((mean(x, axis=1)[:, newaxis] - x) ** 2, axis=1)",
            "[n]f64",
            1,
        ),
        ("sqrt(mean((x - mean(x)) ** 2))", "f64", 1),
        (
            "let mu = mean(x);\n    mean((x - mu) * (x - mu)) + mu",
            "f64",
            1,
        ),
    ] {
        let src = format!("fn f(x: [n, m]f64) -> {ret} {{\n    {body}\n}}\n");
        let p = plan_of(&src, "f");
        assert_eq!(p.moments.len(), 1, "{}", show(&p, &src));
        let moments = p
            .kernels
            .iter()
            .filter(|k| matches!(k.kind, KernelKind::Moments { .. }))
            .count();
        assert_eq!(moments, kernels, "{}", show(&p, &src));
        assert!(
            p.kernels
                .iter()
                .all(|k| !matches!(k.kind, KernelKind::Reduce { .. })),
            "{}",
            show(&p, &src)
        );
    }
    // Not a pair: the input changes in between; the deviations are from another array's
    // mean, along another axis, or cubed; `x` broadcast against a mean of axis 1
    // without `newaxis` (a shape error for n != m, but not the variance either way).
    for body in [
        "let mut y = x;\n    let mu = mean(y, axis=0);\n    y[0, 0] = 1.0;\n    (mu, mean((y - mu) ** 2, axis=0))",
        "let mu = mean(x * 2.0, axis=0);\n    (mu, mean((x - mu) ** 2, axis=0))",
        "let mu = mean(x, axis=0);\n    (mu, mean((x - mu) ** 3, axis=0))",
        "let mu = mean(x, axis=0);\n    (mu, mean((x - mu) * (x - mu[newaxis, :] * 2.0), axis=0))",
        "let mu = mean(x, axis=0);\n    (mu, mean((x - mu) ** 2, axis=1)[:2])",
        "(mean(x, axis=0), mean((x - mean(x, axis=1)) ** 2, axis=0))",
        "(mean(x, axis=0), mean((x - mean(x)) ** 2, axis=0))",
    ] {
        let src = format!("fn f(x: [n, n]f64) -> ([n]f64, [_]f64) {{\n    {body}\n}}\n");
        let src = src.replace("[_]", if body.contains("[:2]") { "[2]" } else { "[n]" });
        let module = match arr_compiler::compile(&src) {
            Ok(m) => m,
            Err(d) => panic!("does not compile: {d:?}\n{src}"),
        };
        let p = plan_function(&module, module.function("f").unwrap(), &src);
        assert!(p.moments.is_empty(), "{}", show(&p, &src));
    }
}

#[test]
fn elementwise_chain_is_one_loop_reading_x_once() {
    let src = "fn chain(x: [n]f32, a: f32, b: f32) -> [n]f32 {\n    a * x + b * sin(x) * exp(-x * x)\n}\n";
    let p = plan_of(src, "chain");
    assert_eq!(p.kernels.len(), 1, "{}", show(&p, src));
    assert_eq!(p.kernels[0].kind, KernelKind::Map);
    assert_eq!(p.kernels[0].reads, vec!["x".to_string()]);
    assert!(p.buffers.is_empty(), "{}", show(&p, src));
    for op in ["sin", "exp", "neg", "*", "+"] {
        assert!(p.kernels[0].fused.iter().any(|f| f == op), "{op} not fused");
    }
}

#[test]
fn seven_point_stencil_with_a_coefficient_is_one_loop() {
    let src = "fn heat(a: [n, n, n]f64, c: [n - 2, n - 2, n - 2]f64) -> [n - 2, n - 2, n - 2]f64 {\n    c * (a[2:, 1:-1, 1:-1] + a[:-2, 1:-1, 1:-1] + a[1:-1, 2:, 1:-1] + a[1:-1, :-2, 1:-1] + a[1:-1, 1:-1, 2:] + a[1:-1, 1:-1, :-2] - 6.0 * a[1:-1, 1:-1, 1:-1])\n}\n";
    let p = plan_of(src, "heat");
    assert_eq!(p.kernels.len(), 1, "{}", show(&p, src));
    assert_eq!(p.kernels[0].reads.len(), 8);
    assert!(p.buffers.is_empty());
}

#[test]
fn a_view_written_several_times_is_read_once() {
    let src = "fn h(a: [n, n]f64) -> [n - 2, n - 2]f64 {\n    (a[2:, 1:-1] - 2.0 * a[1:-1, 1:-1] + a[:-2, 1:-1]) + (a[1:-1, 2:] - 2.0 * a[1:-1, 1:-1] + a[1:-1, :-2]) + a[1:-1, 1:-1]\n}\n";
    let p = plan_of(src, "h");
    assert_eq!(p.kernels.len(), 1, "{}", show(&p, src));
    assert_eq!(p.kernels[0].reads.len(), 5, "{}", show(&p, src));
}

#[test]
fn stencil_is_one_loop_with_no_temporaries() {
    let src = "fn st(x: [n, m]f64) -> [n - 2, m - 2]f64 {\n    0.2 * (x[1:-1, 1:-1] + x[1:-1, :-2] + x[1:-1, 2:] + x[2:, 1:-1] + x[:-2, 1:-1])\n}\n";
    let p = plan_of(src, "st");
    assert_eq!(p.kernels.len(), 1, "{}", show(&p, src));
    assert_eq!(p.kernels[0].reads.len(), 5);
    assert!(p.buffers.is_empty());
}

#[test]
fn map_feeding_a_reduction_is_one_pass() {
    let src = "fn sq(x: [n]f64, y: [n]f64) -> f64 {\n    sum((x - y) ** 2)\n}\n";
    let p = plan_of(src, "sq");
    assert_eq!(p.kernels.len(), 1, "{}", show(&p, src));
    assert!(matches!(
        &p.kernels[0].kind,
        KernelKind::Reduce { op, axis: None, fused: true } if op == "sum"
    ));
    assert!(p.buffers.is_empty());
}

#[test]
fn single_use_local_is_inlined_into_its_consumer() {
    let src = "fn f(x: [n]f64) -> f64 {\n    let t = exp(x) * 2.0;\n    let u = t + 1.0;\n    sum(u)\n}\n";
    let p = plan_of(src, "f");
    assert_eq!(p.inlined.len(), 2, "{}", show(&p, src));
    assert_eq!(p.kernels.len(), 1, "{}", show(&p, src));
    assert!(p.buffers.is_empty());
}

/// The generated module without its `f_into` companions (each `pub fn` up to the next;
/// a companion returns `Result<(), ...>`, which no Arr function does), whose loops repeat
/// their function's.
fn without_into(text: &str) -> String {
    let mut out = String::new();
    let mut seg = String::new();
    let flush = |seg: &mut String, out: &mut String| {
        if !seg.contains("Result<(), ::arr::Error>") {
            out.push_str(seg);
        }
        seg.clear();
    };
    for l in text.lines() {
        if l.starts_with("pub fn ") {
            flush(&mut seg, &mut out);
        }
        seg.push_str(l);
        seg.push('\n');
    }
    flush(&mut seg, &mut out);
    out
}

#[test]
fn local_read_twice_in_one_loop_is_computed_once_there() {
    // Both reads are whole-array operands of the final loop: inlined, bound once per
    // element by a `let` in the loop body (one `exp` per element, no buffer).
    let src = "fn f(x: [n]f64) -> [n]f64 {\n    let t = exp(x);\n    t * t + t\n}\n";
    let p = plan_of(src, "f");
    assert_eq!(p.inlined.len(), 1, "{}", show(&p, src));
    assert_eq!(loops(&p), 1, "{}", show(&p, src));
    assert!(p.buffers.is_empty());
    let module = arr_compiler::compile(src).unwrap();
    let text = arr_compiler::back::rust::write_module(&module, "x.arr", "x").unwrap();
    let text = without_into(&text);
    assert_eq!(text.matches("exp(").count(), 1, "{text}");
    assert!(
        text.contains("let t_ = ::arr::math::f64::exp(x);"),
        "{text}"
    );
}

#[test]
fn local_read_by_two_loops_or_through_a_slice_is_materialized() {
    for (src, reads) in [
        // Two results: two loops.
        ("fn f(x: [n]f64) -> ([n]f64, [n]f64) {\n    let t = exp(x);\n    (t + 1.0, t * 2.0)\n}\n", 2),
        // Shifted views of `t` are not its elements in the loop's order.
        ("fn f(x: [n]f64) -> [n - 1]f64 {\n    let t = exp(x);\n    t[1:] - t[:-1]\n}\n", 2),
        // Two statements.
        ("fn f(x: [n]f64) -> [n]f64 {\n    let t = exp(x);\n    let u = t + 1.0;\n    u * t\n}\n", 2),
    ] {
        let p = plan_of(src, "f");
        assert_eq!(p.buffers.len(), 1, "{}", show(&p, src));
        assert_eq!(p.buffers[0].name, "t");
        assert_eq!(p.buffers[0].rule, Rule::SharedLocal { reads }, "{}", show(&p, src));
    }
}

#[test]
fn local_broadcast_to_a_bigger_domain_is_materialized() {
    // Inlining `t` into the [n, m] loop would compute exp n times per element of t.
    let src = "fn f(v: [m]f64, y: [n, m]f64) -> [n, m]f64 {\n    let t = exp(v);\n    t + y\n}\n";
    let p = plan_of(src, "f");
    assert!(p.inlined.is_empty(), "{}", show(&p, src));
    assert_eq!(loops(&p), 2);
}

#[test]
fn row_softmax_is_one_parallel_loop_over_rows() {
    let src = "fn softmax(x: [n, m]f32) -> [n, m]f32 {\n    let e = exp(x - max(x, axis=1)[:, newaxis]);\n    e / sum(e, axis=1)[:, newaxis]\n}\n";
    let p = plan_of(src, "softmax");
    assert_eq!(p.kernels.len(), 1, "{}", show(&p, src));
    assert_eq!(
        p.kernels[0].kind,
        KernelKind::RowGroup {
            reductions: 2,
            loops: 2
        }
    );
    assert_eq!(p.kernels[0].reads, vec!["x".to_string()]);
    assert!(p.buffers.is_empty(), "no whole-array temporaries");
}

#[test]
fn layer_norm_is_one_row_group() {
    let src = "fn ln(x: [n, m]f64, g: [m]f64, eps: f64) -> [n, m]f64 {\n    let mu = mean(x, axis=1, keepdims=true);\n    let xc = x - mu;\n    let var = mean(xc * xc, axis=1)[:, newaxis];\n    g * xc / sqrt(var + eps)\n}\n";
    let p = plan_of(src, "ln");
    assert_eq!(p.kernels.len(), 1, "{}", show(&p, src));
    assert!(matches!(
        p.kernels[0].kind,
        KernelKind::RowGroup { reductions: 2, .. }
    ));
    assert!(p.buffers.is_empty());
}

#[test]
fn row_local_used_after_the_group_blocks_grouping() {
    // `e` is needed as a whole array afterwards, so it cannot live in a scratch row.
    let src = "fn f(x: [n, m]f32) -> f32 {\n    let e = exp(x - max(x, axis=1)[:, newaxis]);\n    let p = e / sum(e, axis=1)[:, newaxis];\n    sum(p) + sum(e)\n}\n";
    let p = plan_of(src, "f");
    assert!(
        p.kernels
            .iter()
            .all(|k| !matches!(k.kind, KernelKind::RowGroup { .. }))
            || p.buffers.iter().any(|b| b.name == "e"),
        "{}",
        show(&p, src)
    );
}

#[test]
fn slice_assignment_writes_in_place_and_loops_allocate_nothing() {
    let src = "fn jac(a0: [n, n]f64, steps: i64) -> [n, n]f64 {\n    let mut a = a0;\n    let mut b = a0;\n    for t in 0..steps {\n        b[1:-1, 1:-1] = 0.2 * (a[1:-1, 1:-1] + a[1:-1, :-2] + a[1:-1, 2:] + a[2:, 1:-1] + a[:-2, 1:-1]);\n        a[1:-1, 1:-1] = 0.2 * (b[1:-1, 1:-1] + b[1:-1, :-2] + b[1:-1, 2:] + b[2:, 1:-1] + b[:-2, 1:-1]);\n    }\n    a\n}\n";
    let p = plan_of(src, "jac");
    assert_eq!(p.in_place.len(), 2, "{}", show(&p, src));
    let in_loop: Vec<_> = p.kernels.iter().filter(|k| !k.inside.is_empty()).collect();
    assert_eq!(in_loop.len(), 2, "{}", show(&p, src));
    assert!(in_loop
        .iter()
        .all(|k| k.kind == KernelKind::Map && k.writes.contains("in place")));
    // The only buffers are the two copies of the parameter, made once before the loop.
    assert_eq!(p.buffers.len(), 2);
    assert!(p.buffers.iter().all(|b| b.rule == Rule::Copy));
}

#[test]
fn stencil_time_loop_is_a_sweep_loop() {
    let jac = "fn jac(a0: [n, n]f64, steps: i64) -> [n, n]f64 {\n    let mut a = a0;\n    let mut b = a0;\n    for t in 0..steps {\n        b[1:-1, 1:-1] = 0.2 * (a[1:-1, 1:-1] + a[1:-1, :-2] + a[1:-1, 2:] + a[2:, 1:-1] + a[:-2, 1:-1]);\n        a[1:-1, 1:-1] = 0.2 * (b[1:-1, 1:-1] + b[1:-1, :-2] + b[1:-1, 2:] + b[2:, 1:-1] + b[:-2, 1:-1]);\n    }\n    a\n}\n";
    let p = plan_of(jac, "jac");
    assert_eq!(p.sweeps.len(), 1, "{}", show(&p, jac));
    let sw = p.sweeps.values().next().unwrap();
    assert_eq!(sw.radius, 1);
    assert_eq!(sw.arrays.len(), 2);
    assert!(
        show(&p, jac).contains("time-skewed sweeps"),
        "{}",
        show(&p, jac)
    );
    // The radius is the largest distance along axis 0; a read-only array may be read
    // through any view of the region's shape.
    let wide = jac
        .replace("[n, n]f64, steps", "[n, n]f64, c: [n - 4, n - 2]f64, steps")
        .replace(
            "b[1:-1, 1:-1] = 0.2 * (a[1:-1, 1:-1] + a[1:-1, :-2] + a[1:-1, 2:] + a[2:, 1:-1] + a[:-2, 1:-1]);",
            "b[2:-2, 1:-1] = a[4:, 1:-1] * c + a[:-4, 1:-1];",
        );
    let p = plan_of(&wide, "jac");
    assert_eq!(
        p.sweeps.values().next().map(|s| s.radius),
        Some(2),
        "{}",
        show(&p, &wide)
    );
    // Updates of the target's own region (`+=`) are read where they are written.
    let leap = "fn leap(u0: [n, m]f64, v0: [n, m]f64, steps: i64) -> [n, m]f64 {\n    let mut u = u0;\n    let mut v = v0;\n    for t in 0..steps {\n        u[1:-1, :] += 0.25 * (v[2:, :] - v[:-2, :]);\n        v[1:-1, :] -= 0.5 * u[1:-1, :];\n    }\n    u\n}\n";
    let p = plan_of(leap, "leap");
    assert_eq!(
        p.sweeps.values().next().map(|s| s.radius),
        Some(1),
        "{}",
        show(&p, leap)
    );
    // The loop variable may be read by the right sides' scalars (`coef[t]`).
    let src = jac
        .replace("steps: i64)", "steps: i64, coef: [s]f64)")
        .replace("0.2 * (a[1:-1, 1:-1]", "coef[t] * f64(t) * (a[1:-1, 1:-1]");
    let p = plan_of(&src, "jac");
    let reads_index = |p: &FnPlan| p.sweeps.values().next().map(|s| s.reads_index);
    assert_eq!(reads_index(&p), Some(true), "{}", show(&p, &src));
    assert_eq!(reads_index(&plan_of(jac, "jac")), Some(false));
    // FDTD: a scalar stored into one row, and updates of the targets' own regions.
    let fdtd = "fn fdtd(steps: i64, ex0: [n, m]f64, ey0: [n, m]f64, hz0: [n, m]f64, fict: [k]f64) -> [n, m]f64 {\n    let mut ex = ex0; let mut ey = ey0; let mut hz = hz0;\n    for s in 0..steps {\n        ey[0, :] = fict[s];\n        ey[1:, :] -= 0.5 * (hz[1:, :] - hz[:-1, :]);\n        ex[:, 1:] -= 0.5 * (hz[:, 1:] - hz[:, :-1]);\n        hz[:-1, :-1] -= 0.7 * (ex[:-1, 1:] - ex[:-1, :-1] + ey[1:, :-1] - ey[:-1, :-1]);\n    }\n    hz\n}\n";
    let p = plan_of(fdtd, "fdtd");
    let sw = p.sweeps.values().next();
    assert_eq!(
        sw.map(|s| (s.radius, s.arrays.len(), s.reads_index)),
        Some((1, 3, true)),
        "{}",
        show(&p, fdtd)
    );
    // But not choose a view: `c[t]` is a different array in every iteration.
    let src = jac
        .replace("steps: i64)", "steps: i64, c: [s, n - 2, n - 2]f64)")
        .replace("0.2 * (a[1:-1, 1:-1]", "c[t] * (a[1:-1, 1:-1]");
    let p = plan_of(&src, "jac");
    assert!(p.sweeps.is_empty(), "{}", show(&p, &src));
    // Not sweep loops: a `let` in the body, a row offset that is not a constant, a
    // reduction of a written array (it would be computed per block).
    for (from, to) in [
        (
            "    for t in 0..steps {\n",
            "    for t in 0..steps {\n        let z = a * 2.0;\n",
        ),
        (
            "a[2:, 1:-1] + a[:-2, 1:-1]",
            "a[steps:steps + n - 2, 1:-1] + a[:-2, 1:-1]",
        ),
        ("0.2 * (a[1:-1, 1:-1]", "sum(a) * (a[1:-1, 1:-1]"),
    ] {
        let src = jac.replace(from, to);
        assert_ne!(src, jac);
        let p = plan_of(&src, "jac");
        assert!(p.sweeps.is_empty(), "{}", show(&p, &src));
    }
}

#[test]
fn self_reading_slice_assignment_goes_through_a_temporary() {
    let src = "fn shift(x: [n]f64) -> [n]f64 {\n    let mut a = x;\n    a[1:] = a[:-1] * 2.0;\n    a\n}\n";
    let p = plan_of(src, "shift");
    assert!(p.in_place.is_empty(), "{}", show(&p, src));
    assert!(p.buffers.iter().any(|b| b.rule == Rule::AliasedAssignment));
}

#[test]
fn copy_of_a_local_read_once_is_a_move() {
    let src = "fn f(x: [n]f64) -> [n]f64 {\n    let a = x * 2.0;\n    let mut b = a;\n    b[0] = 1.0;\n    b\n}\n";
    let p = plan_of(src, "f");
    assert_eq!(p.moves.len(), 1, "{}", show(&p, src));
    assert!(p.kernels.iter().all(|k| k.writes != "`b`"));
    // A parameter is borrowed: the mutable local must copy it.
    let src2 = "fn g(x: [n]f64) -> [n]f64 {\n    let mut b = x;\n    b[0] = 1.0;\n    b\n}\n";
    let p2 = plan_of(src2, "g");
    assert!(p2.moves.is_empty());
    assert!(p2
        .kernels
        .iter()
        .any(|k| k.kind == KernelKind::Copy && k.writes == "`b`"));
    // Read again later: copy.
    let src3 = "fn h(x: [n]f64) -> f64 {\n    let a = x * 2.0;\n    let mut b = a;\n    b[0] = 1.0;\n    sum(b) + sum(a)\n}\n";
    assert!(plan_of(src3, "h").moves.is_empty());
}

#[test]
fn more_than_max_leaves_splits_the_loop() {
    // Seventeen arrays: one more than a loop reads.
    let names: Vec<String> = (0..=MAX_LEAVES).map(|i| format!("a{i}")).collect();
    let params: Vec<String> = names.iter().map(|n| format!("{n}: [n]f64")).collect();
    let src = format!(
        "fn f({}) -> [n]f64 {{\n    {}\n}}\n",
        params.join(", "),
        names.join(" + ")
    );
    let src = src.as_str();
    let p = plan_of(src, "f");
    assert_eq!(loops(&p), 2, "{}", show(&p, src));
    assert!(p.buffers.iter().any(|b| b.rule == Rule::LeafLimit));
}

#[test]
fn integer_divisor_is_materialized_and_checked_first() {
    let src = "fn f(x: [n]i64, y: [n]i64) -> [n]i64 {\n    x / (y + 1)\n}\n";
    let p = plan_of(src, "f");
    assert_eq!(loops(&p), 2, "{}", show(&p, src));
    assert!(p.buffers.iter().any(|b| b.rule == Rule::IntegerCheck));
}

#[test]
fn matmul_calls_the_library_kernel() {
    let src = "fn f(x: [b, k]f32, w: [k, h]f32, c: [h]f32) -> [b, h]f32 {\n    maximum(x @ w + c, 0.0)\n}\n";
    let p = plan_of(src, "f");
    assert!(p
        .kernels
        .iter()
        .any(|k| matches!(&k.kind, KernelKind::Library(n) if n.starts_with("matmul"))));
    assert_eq!(loops(&p), 1, "the epilogue is one loop: {}", show(&p, src));
}

#[test]
fn simple_scalar_function_applied_to_arrays_is_computed_in_the_loop() {
    let src = "fn relu(v: f32) -> f32 {\n    maximum(v, 0.0)\n}\nfn layer(x: [b, k]f32, w: [k, h]f32, c: [h]f32) -> [b, h]f32 {\n    relu(x @ w + c)\n}\n";
    let p = plan_of(src, "layer");
    assert_eq!(loops(&p), 1, "{}", show(&p, src));
    assert!(p
        .kernels
        .iter()
        .any(|k| k.fused.iter().any(|f| f == "relu() (inlined)")));
    // A function that can fail per element (integer division) is called with checks.
    let src2 = "fn q(a: i64, b: i64) -> i64 {\n    a / b\n}\nfn f(x: [n]i64, y: [n]i64) -> [n]i64 {\n    q(x, y)\n}\n";
    let p2 = plan_of(src2, "f");
    assert_eq!(loops(&p2), 0, "{}", show(&p2, src2));
}

/// Every fused loop and row group of the plan appears in the generated Rust as one
/// commented loop, for every example and corpus program.
#[test]
fn plan_matches_generated_code() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files: Vec<std::path::PathBuf> = Vec::new();
    for dir in ["examples", "tests/cases"] {
        let mut stack = vec![root.join(dir)];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "arr") {
                    files.push(p);
                }
            }
        }
    }
    files.sort();
    let mut checked = 0;
    for path in files {
        let src = std::fs::read_to_string(&path).unwrap();
        // Corpus files hold several programs separated by `// ---` lines (see
        // tests/cases/README.md); compile each piece that compiles.
        for piece in src.split("\n// ---") {
            let Ok(module) = arr_compiler::compile(piece) else {
                continue;
            };
            let Ok(text) = arr_compiler::back::rust::write_module(&module, "x.arr", piece) else {
                continue;
            };
            let plan = arr_compiler::plan::plan_module(&module, piece);
            let planned: usize = plan.functions.iter().map(loops).sum();
            let emitted = without_into(&text)
                .lines()
                .filter(|l| {
                    let t = l.trim_start();
                    t.starts_with("// Fused loop")
                        || t.starts_with("// Fused `")
                        || t.starts_with("// Row group")
                        || t.starts_with("// Mean and squared deviations")
                })
                .count();
            assert_eq!(
                planned,
                emitted,
                "{}: plan and generated code disagree\n{}\n{text}",
                path.display(),
                plan.functions
                    .iter()
                    .map(|p| show(p, piece))
                    .collect::<Vec<_>>()
                    .join("\n")
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} programs checked");
}

#[test]
fn stencil_fields_read_through_slices_are_pushed_into_their_consumer() {
    use arr_compiler::plan::prepare;
    use std::borrow::Cow;
    // hdiff: `flx` and `fly` (through `resx`, `resy`) and `lap` are computed in the
    // update's loop from views of `infield`: one loop, nothing stored.
    let src = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../bench/workloads/hdiff.arr"
    ))
    .unwrap();
    let module = arr_compiler::compile(&src).unwrap();
    let f = module.function("hdiff").unwrap();
    let (g, p) = prepare(&module, f, &src);
    assert!(matches!(g, Cow::Owned(_)));
    assert!(p.buffers.is_empty(), "{}", show(&p, &src));
    assert_eq!(p.kernels.len(), 1, "{}", show(&p, &src));
    let reads = &p.kernels[0].reads;
    // The 13 points of a radius-2 diamond of `infield`, and `coeff`.
    assert_eq!(reads.len(), 14, "{reads:?}");
    for r in [
        "infield[4:, 2:-2, :]",
        "infield[:-4, 2:-2, :]",
        "infield[2:-2, 4:, :]",
        "infield[3:-1, 3:-1, :]",
        "infield[2:-2, 2:-2, :]",
        "coeff",
    ] {
        assert!(reads.iter().any(|x| x == r), "{r} not in {reads:?}");
    }
    // The rewritten function keeps the IR's invariants.
    let rewritten = arr_compiler::ir::Module {
        functions: vec![g.into_owned()],
    };
    assert!(
        arr_compiler::ir::verify(&rewritten).is_ok(),
        "{:?}",
        arr_compiler::ir::verify(&rewritten)
    );

    // Left alone: a transcendental value (cheaper stored), an input written between the
    // definition and the reads, a read inside a loop body, a read that is not a slice.
    for src in [
        "fn f(x: [n]f64) -> [n - 1]f64 {\n    let t = exp(x);\n    t[1:] - t[:-1]\n}\n",
        "fn f(x: [n]f64) -> [n - 2]f64 {\n    let mut y = x;\n    let d = y[1:] - y[:-1];\n    y[2] = 1.0;\n    d[1:] + d[:-1]\n}\n",
        "fn f(x: [n]f64, k: i64) -> [n - 2]f64 {\n    let d = x[1:] - x[:-1];\n    let mut a = zeros(n - 2);\n    for i in 0..k {\n        a = a + d[1:] - d[:-1];\n    }\n    a\n}\n",
        "fn f(x: [n]f64) -> [n - 1]f64 {\n    let d = x * 2.0;\n    d[1:] - d[:-1] + sum(d)\n}\n",
    ] {
        let module = arr_compiler::compile(src).unwrap();
        let (g, _) = prepare(&module, module.function("f").unwrap(), src);
        assert!(matches!(g, Cow::Borrowed(_)), "pushed down in:\n{src}");
    }
    // The arithmetic recomputed in all copies is bounded: a 12-operation value read at
    // 3 points is pushed down, read at 12 points (144 operations) it stays stored.
    let value = "x * 1.5 + 0.5 + x * x * 0.25 - x * 3.0 + x * x * x * 0.125 - 2.0";
    for (reads, pushed) in [(3, true), (12, false)] {
        let terms: Vec<String> = (0..reads)
            .map(|k| {
                let stop = reads - 1 - k;
                if stop == 0 {
                    format!("t[{k}:]")
                } else {
                    format!("t[{k}:-{stop}]")
                }
            })
            .collect();
        let src = format!(
            "fn f(x: [n]f64) -> [n - {}]f64 {{\n    let t = {value};\n    {}\n}}\n",
            reads - 1,
            terms.join(" + ")
        );
        let module = arr_compiler::compile(&src).unwrap();
        let (g, p) = prepare(&module, module.function("f").unwrap(), &src);
        assert_eq!(matches!(g, Cow::Owned(_)), pushed, "{}", show(&p, &src));
    }
    // Pushed: a chain of differences (two levels, one after the other).
    let src = "fn f(x: [n]f64) -> [n - 2]f64 {\n    let a = x * 2.0 - 1.0;\n    let b = a[1:] + a[:-1];\n    b[1:] - b[:-1]\n}\n";
    let module = arr_compiler::compile(src).unwrap();
    let (_, p) = prepare(&module, module.function("f").unwrap(), src);
    assert_eq!(p.kernels.len(), 1, "{}", show(&p, src));
    assert!(p.buffers.iter().all(|b| b.name != "a" && b.name != "b"));
    assert_eq!(p.kernels[0].reads, ["x[2:]", "x[1:-1]", "x[:-2]"]);
}

#[test]
fn epilogue_of_a_product_is_computed_in_the_products_buffer() {
    // `relu(x @ w + b)`: the loop writes into the product's own buffer. Not when the
    // loop's type differs (a bool result), when the fresh operand is broadcast (a row
    // of scans added to a matrix), or when the operand is a local (read elsewhere).
    let src = "fn f(x: [n, k]f32, w: [k, m]f32, b: [m]f32) -> ([n, m]f32, [n, m]bool, [n, m]f32, [n, m]f32) {
    let p = x @ w;
    (maximum(x @ w + b, 0.0), (x @ w) > 0.0, cumsum(b)[newaxis, :] + p, p * 2.0)
}
";
    let p = plan_of(src, "f");
    let reused: Vec<Option<&str>> = p
        .kernels
        .iter()
        .filter(|k| k.kind == KernelKind::Map)
        .map(|k| k.in_place_of.as_deref())
        .collect();
    assert_eq!(
        reused,
        [Some("x @ w"), None, None, None],
        "{}",
        show(&p, src)
    );
    assert!(show(&p, src).contains("in place: in the buffer of `x @ w`"));
}

#[test]
fn matrix_vector_pairs_over_one_matrix_are_one_kernel() {
    // bicg and mvt: `a @ x` and `y @ a` in one statement, in either order, inside other
    // expressions too, are one kernel reading `a` once.
    for (body, result) in [
        ("(r @ a, a @ p)", "([n]f64, [m]f64)"),
        ("(a @ p, r @ a)", "([m]f64, [n]f64)"),
        ("(p0 + r @ a, r0 + a @ p)", "([n]f64, [m]f64)"),
        ("(sum(a @ p) * (r @ a), r0)", "([n]f64, [m]f64)"),
    ] {
        let src = format!(
            "fn f(a: [m, n]f64, p: [n]f64, r: [m]f64, p0: [n]f64, r0: [m]f64) -> {result} {{\n    {body}\n}}\n"
        );
        let p = plan_of(&src, "f");
        assert_eq!(p.matvec_pairs.len(), 2, "{body}");
        let text = show(&p, &src);
        assert_eq!(text.matches("matvec pair").count(), 1, "{body}\n{text}");
        assert!(!text.contains("matmul (faer GEMM)"), "{body}\n{text}");
    }
    // Not paired: two statements (the first product's value is stored before the second
    // is met), products over different matrices, or a matrix that is not a variable.
    for (src, why) in [
        (
            "fn f(a: [m, n]f64, p: [n]f64, r: [m]f64) -> ([n]f64, [m]f64) {\n    let u = r @ a;\n    (u, a @ p)\n}\n",
            "two statements",
        ),
        (
            "fn f(a: [m, n]f64, b: [m, n]f64, p: [n]f64, r: [m]f64) -> ([n]f64, [m]f64) {\n    (r @ a, b @ p)\n}\n",
            "two matrices",
        ),
        (
            "fn f(a: [m, n]f64, p: [n]f64, r: [m]f64) -> ([n]f64, [m]f64) {\n    (r @ (a * 2.0), (a * 2.0) @ p)\n}\n",
            "not a variable",
        ),
    ] {
        let p = plan_of(src, "f");
        assert!(p.matvec_pairs.is_empty(), "{why}");
        assert!(!show(&p, src).contains("matvec pair"), "{why}");
    }
}
