//! Tests of the parser: grammar, precedence, spans, statements, literals, errors and
//! robustness against hostile input.

use arr_compiler::diag::{Code, Diagnostic};
use arr_compiler::front::ast::*;
use arr_compiler::front::{parse, MAX_DEPTH};
use proptest::prelude::*;

// ------------------------------------------------------------------ helpers

/// An S-expression rendering of an expression, for precedence tests.
fn sx(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Int(v) => v.to_string(),
        ExprKind::Float(v) => format!("{v:?}"),
        ExprKind::Bool(b) => b.to_string(),
        ExprKind::Name(n) => n.clone(),
        ExprKind::Unary { op, arg } => {
            let op = match op {
                UnOp::Neg => "neg",
                UnOp::Not => "not",
            };
            format!("({op} {})", sx(arg))
        }
        ExprKind::Binary { op, lhs, rhs } => format!("({} {} {})", op.symbol(), sx(lhs), sx(rhs)),
        ExprKind::Call {
            callee,
            args,
            kwargs,
        } => {
            let mut parts: Vec<String> = args.iter().map(sx).collect();
            parts.extend(kwargs.iter().map(|(k, v)| format!("{}={}", k.name, sx(v))));
            format!("{}({})", callee.name, parts.join(", "))
        }
        ExprKind::Index { base, items } => {
            let items: Vec<String> = items.iter().map(sx_item).collect();
            format!("{}[{}]", sx(base), items.join(", "))
        }
        ExprKind::Transpose(x) => format!("{}.T", sx(x)),
        ExprKind::List(xs) => format!("[{}]", xs.iter().map(sx).collect::<Vec<_>>().join(", ")),
        ExprKind::Tuple(xs) => format!(
            "(tuple {})",
            xs.iter().map(sx).collect::<Vec<_>>().join(" ")
        ),
        ExprKind::If { cond, then, els } => match els {
            Some(b) => format!("(if {} {} {})", sx(cond), sx_block(then), sx_block(b)),
            None => format!("(if {} {})", sx(cond), sx_block(then)),
        },
        ExprKind::Block(b) => sx_block(b),
    }
}

fn sx_item(i: &IndexItem) -> String {
    let o = |e: &Option<Expr>| e.as_ref().map(sx).unwrap_or_default();
    match i {
        IndexItem::Expr(e) => sx(e),
        IndexItem::Slice {
            start,
            stop,
            step: None,
            ..
        } => format!("{}:{}", o(start), o(stop)),
        IndexItem::Slice {
            start, stop, step, ..
        } => format!("{}:{}:{}", o(start), o(stop), o(step)),
    }
}

fn sx_block(b: &Block) -> String {
    let mut parts: Vec<String> = b
        .stmts
        .iter()
        .map(|s| format!("{s:?}").chars().take(12).collect())
        .collect();
    if let Some(t) = &b.tail {
        parts.push(sx(t));
    }
    format!("{{{}}}", parts.join("; "))
}

/// Parses `src` as the tail expression of a function body.
fn expr_of(src: &str) -> Expr {
    let file = wrap(src);
    let Item::Fn(f) = &file.items[0] else {
        panic!()
    };
    assert!(f.body.stmts.is_empty(), "{src}: {:?}", f.body.stmts);
    *f.body.tail.clone().expect("tail expression")
}

const PRE: &str = "fn f() -> f64 { ";

fn wrap(src: &str) -> File {
    let full = format!("{PRE}{src} }}");
    match parse(&full) {
        Ok(f) => f,
        Err(e) => panic!("{full}: {e:#?}"),
    }
}

fn e(src: &str) -> String {
    sx(&expr_of(src))
}

/// The text of `span` within the `wrap`ped source of `src`.
fn text(src: &str, span: arr_compiler::span::Span) -> String {
    let full = format!("{PRE}{src} }}");
    full[span.range()].to_string()
}

fn body(src: &str) -> Block {
    let file = match parse(src) {
        Ok(f) => f,
        Err(e) => panic!("{src}: {e:#?}"),
    };
    match file.items.into_iter().next() {
        Some(Item::Fn(f)) => f.body,
        _ => panic!("no fn"),
    }
}

fn stmts(src: &str) -> Vec<Stmt> {
    body(&format!("fn f() -> f64 {{ {src} }}")).stmts
}

fn err(src: &str) -> Diagnostic {
    match parse(src) {
        Ok(f) => panic!("{src:?} parsed: {f:?}"),
        Err(mut e) => {
            assert_eq!(e.len(), 1, "{e:?}");
            e.remove(0)
        }
    }
}

fn err_at(src: &str, code: Code, at: &str) -> Diagnostic {
    let d = err(src);
    assert_eq!(d.code, code, "{src}: {d:?}");
    // An empty `at` means the end of the source.
    let pos = if at.is_empty() {
        src.len()
    } else {
        src.find(at)
            .unwrap_or_else(|| panic!("{at:?} not in {src:?}"))
    };
    assert_eq!(
        d.span().expect("a label").start as usize,
        pos,
        "{src}: {d:?}"
    );
    d
}

// ------------------------------------------------------------------ precedence

#[test]
fn unary_minus_is_looser_than_power() {
    assert_eq!(e("-x ** 2"), "(neg (** x 2))");
    assert_eq!(e("2 ** -1"), "(** 2 (neg 1))");
    assert_eq!(e("2 ** -x ** 2"), "(** 2 (neg (** x 2)))");
    assert_eq!(e("-2 * x"), "(* (neg 2) x)");
    assert_eq!(e("!-x"), "(not (neg x))");
    assert_eq!(e("- - x"), "(neg (neg x))");
    assert_eq!(e("a - -b"), "(- a (neg b))");
}

#[test]
fn power_is_right_associative() {
    assert_eq!(e("a ** b ** c"), "(** a (** b c))");
    assert_eq!(e("a ** b ** c ** d"), "(** a (** b (** c d)))");
    assert_eq!(e("x.T ** 2"), "(** x.T 2)");
    assert_eq!(e("f(x)[0] ** y[1]"), "(** f(x)[0] y[1])");
}

#[test]
fn binary_levels_and_associativity() {
    assert_eq!(e("a - b - c"), "(- (- a b) c)");
    assert_eq!(e("a / b / c"), "(/ (/ a b) c)");
    assert_eq!(e("a + b * c @ d"), "(+ a (@ (* b c) d))");
    assert_eq!(e("a * b % c - d"), "(- (% (* a b) c) d)");
    assert_eq!(e("!a && b || c"), "(|| (&& (not a) b) c)");
    assert_eq!(e("a || b && c"), "(|| a (&& b c))");
    assert_eq!(e("a + 1 < b * 2"), "(< (+ a 1) (* b 2))");
}

#[test]
fn comparisons() {
    for op in ["==", "!=", "<", "<=", ">", ">="] {
        assert_eq!(e(&format!("a {op} b")), format!("({op} a b)"));
    }
    assert_eq!(e("a < b && c >= d"), "(&& (< a b) (>= c d))");
    assert_eq!(e("(a < b) == c"), "(== (< a b) c)");
}

#[test]
fn comparisons_do_not_chain() {
    let d = err_at("fn f() -> bool { a < b < c }", Code::Syntax, "< c");
    assert!(d.help.as_deref().unwrap_or("").contains("chained"), "{d:?}");
    err_at("fn f() -> bool { a == b == c }", Code::Syntax, "== c");
}

#[test]
fn parens_tuples_lists() {
    assert_eq!(e("(a + b) * c"), "(* (+ a b) c)");
    assert_eq!(e("((a))"), "a");
    assert_eq!(e("(a, b)"), "(tuple a b)");
    assert_eq!(
        e("(mu, mean((x - mu) ** 2))"),
        "(tuple mu mean((** (- x mu) 2)))"
    );
    assert_eq!(e("(a,)"), "(tuple a)");
    assert_eq!(e("[1.0, 2.0]"), "[1.0, 2.0]");
    assert_eq!(e("[[1, 2], [3, 4]]"), "[[1, 2], [3, 4]]");
    assert_eq!(e("[]"), "[]");
    assert_eq!(e("[1, 2,]"), "[1, 2]");
}

#[test]
fn calls_and_kwargs() {
    assert_eq!(
        e("f(a, b, axis=1, keepdims=true)"),
        "f(a, b, axis=1, keepdims=true)"
    );
    assert_eq!(e("f()"), "f()");
    assert_eq!(e("f32(x)"), "f32(x)");
    assert_eq!(e("f64(n)"), "f64(n)");
    assert_eq!(e("zeros([n, m], f64)"), "zeros([n, m], f64)");
    assert_eq!(e("sum(x, axis=-1)"), "sum(x, axis=(neg 1))");
    assert_eq!(e("f(a == b)"), "f((== a b))");
    assert_eq!(e("f(x, y,)"), "f(x, y)");
    let x = expr_of("zeros([n], f64)");
    let ExprKind::Call { args, .. } = &x.kind else {
        panic!()
    };
    assert_eq!(args[1].kind, ExprKind::Name("f64".into()));
    let d = err_at("fn f() -> f64 { g(axis=1, x) }", Code::Syntax, "x)");
    assert!(d.message.contains("positional"), "{d:?}");
}

#[test]
fn postfix_chains() {
    assert_eq!(e("f(x)[0].T"), "f(x)[0].T");
    assert_eq!(
        e("max(x, axis=1)[:, newaxis]"),
        "max(x, axis=1)[:, newaxis]"
    );
    assert_eq!(e("x.T.T"), "x.T.T");
    assert_eq!(e("x[0][1]"), "x[0][1]");
    assert_eq!(e("-x.T"), "(neg x.T)");
    err_at("fn f() -> f64 { a.Tx }", Code::Syntax, ".Tx");
}

#[test]
fn index_forms() {
    assert_eq!(e("x[i]"), "x[i]");
    assert_eq!(e("x[a:b]"), "x[a:b]");
    assert_eq!(e("x[a:b:s]"), "x[a:b:s]");
    assert_eq!(e("x[:]"), "x[:]");
    assert_eq!(e("x[::2]"), "x[::2]");
    assert_eq!(e("x[1:]"), "x[1:]");
    assert_eq!(e("x[:-2]"), "x[:(neg 2)]");
    assert_eq!(e("x[1:-1, :-2]"), "x[1:(neg 1), :(neg 2)]");
    assert_eq!(e("x[:, newaxis]"), "x[:, newaxis]");
    assert_eq!(e("x[idx]"), "x[idx]");
    assert_eq!(e("x[i + 1, n - 1 :]"), "x[(+ i 1), (- n 1):]");
    assert_eq!(e("x[a::]"), "x[a:]");
    assert_eq!(e("x[1:2:]"), "x[1:2]");
    let x = expr_of("x[:, newaxis]");
    let ExprKind::Index { items, .. } = &x.kind else {
        panic!()
    };
    assert!(matches!(
        &items[0],
        IndexItem::Slice {
            start: None,
            stop: None,
            step: None,
            ..
        }
    ));
    assert!(
        matches!(&items[1], IndexItem::Expr(Expr { kind: ExprKind::Name(n), .. }) if n == "newaxis")
    );
    let x = expr_of("x[a::2]");
    let ExprKind::Index { items, .. } = &x.kind else {
        panic!()
    };
    let IndexItem::Slice {
        start,
        stop,
        step,
        span,
    } = &items[0]
    else {
        panic!()
    };
    assert!(start.is_some() && stop.is_none() && step.is_some());
    assert_eq!(text("x[a::2]", *span), "a::2");
}

#[test]
fn if_and_blocks_as_expressions() {
    assert_eq!(e("if c { a } else { b }"), "(if c {a} {b})");
    assert_eq!(
        e("if c { a } else if d { b } else { c }"),
        "(if c {a} {(if d {b} {c})})"
    );
    assert_eq!(e("1.0 + if c { a } else { b }"), "(+ 1.0 (if c {a} {b}))");
    assert_eq!(e("{ a }"), "{a}");
    assert_eq!(e("if a < b { a } else { b }"), "(if (< a b) {a} {b})");
    assert_eq!(e("(if c { a } else { b }) * 2"), "(* (if c {a} {b}) 2)");
    let x = expr_of("if c { a } else if d { b } else { c }");
    assert_eq!(
        text("if c { a } else if d { b } else { c }", x.span),
        "if c { a } else if d { b } else { c }"
    );
    let ExprKind::If { els: Some(els), .. } = &x.kind else {
        panic!()
    };
    let nested = els
        .tail
        .as_ref()
        .expect("else-if is the tail of the else block");
    assert_eq!(
        text("if c { a } else if d { b } else { c }", nested.span),
        "if d { b } else { c }"
    );
    assert!(els.stmts.is_empty());
}

#[test]
fn keyword_like_names() {
    assert_eq!(
        e("iff + fnx + lets + form + in_ + true_"),
        "(+ (+ (+ (+ (+ iff fnx) lets) form) in_) true_)"
    );
    assert_eq!(e("T"), "T");
    err_at("fn f() -> f64 { let in = 1; in }", Code::Syntax, "in =");
    err_at("fn fn() -> f64 { 1 }", Code::Syntax, "fn()");
}

// ------------------------------------------------------------------ spans

#[test]
fn expression_spans() {
    let src = "a + b * c";
    let x = expr_of(src);
    assert_eq!(text(src, x.span), "a + b * c");
    let ExprKind::Binary { rhs, .. } = &x.kind else {
        panic!()
    };
    assert_eq!(text(src, rhs.span), "b * c");

    let src = "max(x, axis=1)[:, newaxis]";
    let x = expr_of(src);
    assert_eq!(text(src, x.span), src);
    let ExprKind::Index { base, items } = &x.kind else {
        panic!()
    };
    assert_eq!(text(src, base.span), "max(x, axis=1)");
    let IndexItem::Slice { span, .. } = &items[0] else {
        panic!()
    };
    assert_eq!(text(src, *span), ":");
    let ExprKind::Call { callee, kwargs, .. } = &base.kind else {
        panic!()
    };
    assert_eq!(text(src, callee.span), "max");
    assert_eq!(text(src, kwargs[0].0.span), "axis");
    assert_eq!(text(src, kwargs[0].1.span), "1");

    let src = "-x ** 2";
    let x = expr_of(src);
    assert_eq!(text(src, x.span), "-x ** 2");

    let src = "(a + b)  *  c.T";
    let x = expr_of(src);
    assert_eq!(text(src, x.span), src);
    let ExprKind::Binary { lhs, rhs, .. } = &x.kind else {
        panic!()
    };
    assert_eq!(
        text(src, lhs.span),
        "a + b",
        "parentheses keep the inner span"
    );
    assert_eq!(text(src, rhs.span), "c.T");

    let src = "( a ,  b )";
    assert_eq!(text(src, expr_of(src).span), src);
    let src = "[ 1 ,2 ]";
    assert_eq!(text(src, expr_of(src).span), src);
    let src = "f( x /* c */ )";
    assert_eq!(text(src, expr_of(src).span), src);
    let src = "x[1:-1 ,  : ]";
    assert_eq!(text(src, expr_of(src).span), src);
    let src = "1_000.5e-3";
    assert_eq!(text(src, expr_of(src).span), src);
    let src = "{ let y = 1; y }";
    assert_eq!(text(src, expr_of(src).span), src);
    let src = "if c { a } else { b }";
    assert_eq!(text(src, expr_of(src).span), src);
    let src = "a ** b ** c";
    let x = expr_of(src);
    let ExprKind::Binary { rhs, .. } = &x.kind else {
        panic!()
    };
    assert_eq!(text(src, rhs.span), "b ** c");
}

#[test]
fn statement_and_item_spans() {
    let src = "const C: f64 = 1.0;  \nfn g(x: [n]f64) -> [n]f64 {\n  let y = x  ;\n  y[0] += 1.0 ;\n  for i in 0..n { y[i] = 0.0; }\n  return y;\n}\n";
    let file = parse(src).unwrap();
    let Item::Const(c) = &file.items[0] else {
        panic!()
    };
    assert_eq!(&src[c.span.range()], "const C: f64 = 1.0;");
    let Item::Fn(f) = &file.items[1] else {
        panic!()
    };
    assert!(
        src[f.span.range()].starts_with("fn g(") && src[f.span.range()].ends_with("return y;\n}")
    );
    let spans: Vec<&str> = f
        .body
        .stmts
        .iter()
        .map(|s| &src[s.span().range()])
        .collect();
    assert_eq!(
        spans,
        [
            "let y = x  ;",
            "y[0] += 1.0 ;",
            "for i in 0..n { y[i] = 0.0; }",
            "return y;"
        ]
    );
    assert_eq!(
        &src[f.body.span.range()],
        &src[src.find("{\n").unwrap()..src.len() - 1]
    );
    let TypeExpr::Array { span, .. } = &f.params[0].ty else {
        panic!()
    };
    assert_eq!(&src[span.range()], "[n]f64");
    assert_eq!(&src[f.params[0].name.span.range()], "x");
    assert_eq!(&src[f.name.span.range()], "g");
}

// ------------------------------------------------------------------ statements

#[test]
fn let_forms() {
    let s = stmts("let x = 1; let mut y = 2.0; let z: [n, 2]f32 = a; let (p, q) = f(x); x");
    let Stmt::Let {
        mutable: false,
        name,
        ty: None,
        ..
    } = &s[0]
    else {
        panic!("{:?}", s[0])
    };
    assert_eq!(name.name, "x");
    assert!(matches!(
        &s[1],
        Stmt::Let {
            mutable: true,
            ty: None,
            ..
        }
    ));
    let Stmt::Let {
        ty:
            Some(TypeExpr::Array {
                dims,
                elem: ScalarType::F32,
                ..
            }),
        ..
    } = &s[2]
    else {
        panic!()
    };
    assert_eq!(dims.len(), 2);
    let Stmt::LetTuple { names, value, .. } = &s[3] else {
        panic!()
    };
    assert_eq!(
        names.iter().map(|n| n.name.as_str()).collect::<Vec<_>>(),
        ["p", "q"]
    );
    assert_eq!(sx(value), "f(x)");
}

#[test]
fn assignment_forms() {
    let s = stmts("x = e; x[1:-1, :] = e; x[i] = v; x += 1; x -= 1; x *= 2; x /= 2; x[0] += 1; 0");
    let ops: Vec<Option<BinOp>> = s
        .iter()
        .map(|s| match s {
            Stmt::Assign { op, .. } => *op,
            _ => panic!("{s:?}"),
        })
        .collect();
    assert_eq!(
        ops,
        [
            None,
            None,
            None,
            Some(BinOp::Add),
            Some(BinOp::Sub),
            Some(BinOp::Mul),
            Some(BinOp::Div),
            Some(BinOp::Add)
        ]
    );
    let Stmt::Assign {
        target,
        index: None,
        value,
        ..
    } = &s[0]
    else {
        panic!()
    };
    assert_eq!((target.name.as_str(), sx(value).as_str()), ("x", "e"));
    let Stmt::Assign {
        target,
        index: Some(items),
        ..
    } = &s[1]
    else {
        panic!()
    };
    assert_eq!(target.name, "x");
    assert_eq!(
        items.iter().map(sx_item).collect::<Vec<_>>(),
        ["1:(neg 1)", ":"]
    );
    let Stmt::Assign {
        index: Some(items), ..
    } = &s[2]
    else {
        panic!()
    };
    assert_eq!(items.iter().map(sx_item).collect::<Vec<_>>(), ["i"]);
    // `==` is a comparison, not an assignment.
    assert!(matches!(&stmts("x == y; 0")[0], Stmt::Expr(_)));
    for bad in [
        "x.T = 1;",
        "f(x) = 1;",
        "x[0][1] = 1;",
        "1 = x;",
        "(a, b) = c;",
    ] {
        let d = err_at(&format!("fn f() -> f64 {{ {bad} 0 }}"), Code::Syntax, bad);
        assert!(d.message.contains("assignment target"), "{d:?}");
    }
    err("fn f() -> f64 { x **= 2; 0 }");
    err("fn f() -> f64 { x = 1 }");
}

#[test]
fn loops_return_and_expression_statements() {
    let s = stmts("for i in 0..n { x[i] = 0.0; } for t in lo + 1..2 * hi - 1 { } while a < b { a += 1; } return x; f(x); 0");
    let Stmt::For {
        var, lo, hi, body, ..
    } = &s[0]
    else {
        panic!()
    };
    assert_eq!(
        (var.name.as_str(), sx(lo).as_str(), sx(hi).as_str()),
        ("i", "0", "n")
    );
    assert_eq!(body.stmts.len(), 1);
    let Stmt::For { lo, hi, .. } = &s[1] else {
        panic!()
    };
    assert_eq!(
        (sx(lo).as_str(), sx(hi).as_str()),
        ("(+ lo 1)", "(- (* 2 hi) 1)")
    );
    let Stmt::While { cond, body, .. } = &s[2] else {
        panic!()
    };
    assert_eq!(sx(cond), "(< a b)");
    assert_eq!(body.stmts.len(), 1);
    assert!(matches!(&s[3], Stmt::Return { .. }));
    let Stmt::Expr(x) = &s[4] else { panic!() };
    assert_eq!(sx(x), "f(x)");
    // Float-looking bounds: `0..n` is not `0.` then `.n`.
    let s = stmts("for i in 0..10 { } for j in 1.0..2.0 { } 0");
    let Stmt::For { lo, hi, .. } = &s[0] else {
        panic!()
    };
    assert_eq!((sx(lo).as_str(), sx(hi).as_str()), ("0", "10"));
    let Stmt::For { lo, hi, .. } = &s[1] else {
        panic!()
    };
    assert_eq!((sx(lo).as_str(), sx(hi).as_str()), ("1.0", "2.0"));
}

#[test]
fn block_like_statements_and_tails() {
    // `if` and `{}` as statements need no `;`.
    let b = body("fn f() -> f64 { if c { x = 1; } { y = 2; } if c { a } else { b } }");
    assert_eq!(b.stmts.len(), 2);
    assert!(matches!(
        &b.stmts[0],
        Stmt::Expr(Expr {
            kind: ExprKind::If { els: None, .. },
            ..
        })
    ));
    assert!(matches!(
        &b.stmts[1],
        Stmt::Expr(Expr {
            kind: ExprKind::Block(_),
            ..
        })
    ));
    assert_eq!(sx(b.tail.as_ref().unwrap()), "(if c {a} {b})");
    // With `;` it is a statement; a final `if` without else is a statement too.
    let b = body("fn f() -> f64 { if c { a } else { b }; }");
    assert!(b.tail.is_none() && b.stmts.len() == 1);
    let b = body("fn f() -> f64 { for i in 0..n { if c { x = 1; } } }");
    let Stmt::For { body: inner, .. } = &b.stmts[0] else {
        panic!()
    };
    assert!(inner.tail.is_none() && inner.stmts.len() == 1);
    // Tail expressions.
    let b = body("fn f() -> f64 { let a = 1; a + 1 }");
    assert_eq!(b.stmts.len(), 1);
    assert_eq!(sx(b.tail.as_ref().unwrap()), "(+ a 1)");
    let b = body("fn f() -> f64 { }");
    assert!(b.stmts.is_empty() && b.tail.is_none());
    let b = body("fn f() -> f64 { a; }");
    assert!(b.tail.is_none() && b.stmts.len() == 1);
    let b = body("fn f() -> f64 { { 1 } }");
    assert_eq!(sx(b.tail.as_ref().unwrap()), "{1}");
    // A missing `;` between statements.
    let d = err_at("fn f() -> f64 { a b }", Code::Syntax, "b }");
    assert_eq!(d.message, "expected `;` or `}`, found `b`");
    err_at("fn f() -> f64 { let x = 1 x }", Code::Syntax, "x }");
}

#[test]
fn types_with_size_expressions() {
    let src = "fn f(a: [a - 4, b - 4, k]f64, b: [2 * n]i32, c: [(n + 1) * 2, -m, 3]bool, d: i64) -> ([n]f32, f64, [1]i64) { x }";
    let file = parse(src).unwrap();
    let Item::Fn(f) = &file.items[0] else {
        panic!()
    };
    fn s(e: &SizeExpr) -> String {
        match e {
            SizeExpr::Lit { value, .. } => value.to_string(),
            SizeExpr::Var(v) => v.name.clone(),
            SizeExpr::Bin { op, lhs, rhs, .. } => {
                let op = match op {
                    SizeOp::Add => "+",
                    SizeOp::Sub => "-",
                    SizeOp::Mul => "*",
                };
                format!("({op} {} {})", s(lhs), s(rhs))
            }
            SizeExpr::Neg { arg, .. } => format!("(neg {})", s(arg)),
        }
    }
    let dims = |t: &TypeExpr| match t {
        TypeExpr::Array { dims, .. } => dims.iter().map(s).collect::<Vec<_>>(),
        _ => panic!("{t:?}"),
    };
    assert_eq!(dims(&f.params[0].ty), ["(- a 4)", "(- b 4)", "k"]);
    assert_eq!(dims(&f.params[1].ty), ["(* 2 n)"]);
    assert_eq!(dims(&f.params[2].ty), ["(* (+ n 1) 2)", "(neg m)", "3"]);
    assert!(matches!(
        f.params[3].ty,
        TypeExpr::Scalar {
            elem: ScalarType::I64,
            ..
        }
    ));
    let TypeExpr::Tuple { elems, span } = &f.ret else {
        panic!()
    };
    assert_eq!(elems.len(), 3);
    assert_eq!(&src[span.range()], "([n]f32, f64, [1]i64)");
    let TypeExpr::Array { dims: d0, .. } = &f.params[0].ty else {
        panic!()
    };
    assert_eq!(&src[d0[0].span().range()], "a - 4");
    let TypeExpr::Array { dims: d2, .. } = &f.params[2].ty else {
        panic!()
    };
    assert_eq!(&src[d2[0].span().range()], "(n + 1) * 2");
    // Errors in types.
    err_at("fn f(x: [n]f16) -> f64 { 1 }", Code::Syntax, "f16");
    err_at("fn f(x: [n / 2]f64) -> f64 { 1 }", Code::Syntax, "/ 2");
    err_at("fn f(x: []f64) -> f64 { 1 }", Code::Syntax, "]f64");
    err_at("fn f(x: [n]) -> f64 { 1 }", Code::Syntax, ")");
    err_at("fn f(x) -> f64 { 1 }", Code::Syntax, ")");
    err_at(
        "fn f(x: [99999999999999999999]f64) -> f64 { 1 }",
        Code::BadLiteral,
        "999",
    );
}

#[test]
fn items_and_comments() {
    let src = "// leading\nconst EPS: f32 = 1e-5; /* block\n comment */ fn g() -> (f64, f64) { (1.0, /* inner */ 2.0) } // trailing";
    let file = parse(src).unwrap();
    assert_eq!(file.items.len(), 2);
    let Item::Const(c) = &file.items[0] else {
        panic!()
    };
    assert_eq!(c.name.name, "EPS");
    assert!(matches!(
        c.ty,
        TypeExpr::Scalar {
            elem: ScalarType::F32,
            ..
        }
    ));
    assert_eq!(c.value.kind, ExprKind::Float(1e-5));
    assert_eq!(parse("").unwrap().items.len(), 0);
    assert_eq!(parse("  // only a comment").unwrap().items.len(), 0);
    assert_eq!(parse("/**/").unwrap().items.len(), 0);
    assert_eq!(e("a /* x */ / /* y */ b // z\n"), "(/ a b)");
    err_at(
        "fn f() -> f64 { 1 } /* never closed",
        Code::Syntax,
        "/* never",
    );
    err_at("fn f() -> f64 { 1 } fn", Code::Syntax, "");
    // A function needs a result type.
    err_at("fn f() { 1 }", Code::Syntax, "{");
    err_at("let x = 1;", Code::Syntax, "let");
}

// ------------------------------------------------------------------ literals

#[test]
fn literals() {
    assert_eq!(expr_of("1.0").kind, ExprKind::Float(1.0));
    assert_eq!(expr_of("1.").kind, ExprKind::Float(1.0));
    assert_eq!(expr_of("1e-5").kind, ExprKind::Float(1e-5));
    assert_eq!(expr_of("2.5E3").kind, ExprKind::Float(2500.0));
    assert_eq!(expr_of("1_000.000_1").kind, ExprKind::Float(1000.0001));
    assert_eq!(expr_of("1e+2").kind, ExprKind::Float(100.0));
    assert_eq!(expr_of("1_000_000").kind, ExprKind::Int(1_000_000));
    assert_eq!(expr_of("0").kind, ExprKind::Int(0));
    assert_eq!(
        expr_of("18446744073709551615").kind,
        ExprKind::Int(u64::MAX)
    );
    assert_eq!(expr_of("true").kind, ExprKind::Bool(true));
    assert_eq!(expr_of("false").kind, ExprKind::Bool(false));
    assert_eq!(e("-3"), "(neg 3)");
    assert_eq!(e("1.T"), "1.T");
    assert_eq!(e("x[1.:]"), "x[1.0:]");
    let d = err_at(
        "fn f() -> f64 { 18446744073709551616 }",
        Code::BadLiteral,
        "1844",
    );
    assert_eq!(d.span().unwrap().len(), 20);
    err_at("fn f() -> f64 { 1 + 1e }", Code::BadLiteral, "1e");
    err_at("fn f() -> f64 { 2.5e+ }", Code::BadLiteral, "2.5e+");
    err_at("fn f() -> f64 { 1e999 }", Code::BadLiteral, "1e999");
    err_at("const C: f64 = 1.5e_;", Code::BadLiteral, "1.5e_");
    err_at("fn f() -> f64 { 12abc }", Code::Syntax, "12abc");
}

// ------------------------------------------------------------------ the example

const EXAMPLE: &str = r#"
const EPS: f32 = 1e-5;

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

#[test]
fn language_example_parses() {
    let file = parse(EXAMPLE).unwrap();
    let names: Vec<&str> = file
        .items
        .iter()
        .map(|i| match i {
            Item::Fn(f) => f.name.name.as_str(),
            Item::Const(c) => c.name.name.as_str(),
        })
        .collect();
    assert_eq!(names, ["EPS", "softmax", "saxpy", "jacobi_2d", "moments"]);
    let Item::Fn(softmax) = &file.items[1] else {
        panic!()
    };
    assert_eq!(
        sx(softmax.body.tail.as_ref().unwrap()),
        "(/ e sum(e, axis=1)[:, newaxis])"
    );
    let Item::Fn(jacobi) = &file.items[3] else {
        panic!()
    };
    assert_eq!(jacobi.body.stmts.len(), 3);
    let Stmt::For { body, .. } = &jacobi.body.stmts[2] else {
        panic!()
    };
    assert!(
        matches!(&body.stmts[0], Stmt::Assign { index: Some(items), op: None, .. } if items.len() == 2)
    );
    let Item::Fn(moments) = &file.items[4] else {
        panic!()
    };
    assert!(matches!(&moments.ret, TypeExpr::Tuple { elems, .. } if elems.len() == 2));
    assert_eq!(
        sx(moments.body.tail.as_ref().unwrap()),
        "(tuple mu mean((** (- x mu) 2)))"
    );
}

// ------------------------------------------------------------------ errors

#[test]
fn syntax_error_messages_and_positions() {
    let d = err_at("fn f() -> f64 { let x = ; x }", Code::Syntax, "; x");
    assert_eq!(d.message, "expected an expression, found `;`");
    let d = err_at("fn f() -> f64 { g(1, ) + ) }", Code::Syntax, ") }");
    assert!(d.message.ends_with("found `)`"), "{d:?}");
    let d = err_at("fn f() -> f64 { 1 ", Code::Syntax, "");
    let d2 = err("fn f() -> f64 { 1 ");
    assert_eq!(
        d.span().unwrap().start as usize,
        "fn f() -> f64 { 1 ".len(),
        "{d2:?}"
    );
    assert!(d.message.ends_with("found end of file"), "{d:?}");
    err_at("fn f(x: f64) -> f64 { x ]", Code::Syntax, "]");
    assert_eq!(err("fn f() -> f64 { 1 } }").span().unwrap().start, 20);
    err_at("fn f() -> f64 { x[] }", Code::Syntax, "] }");
    err_at("fn f() -> f64 { return; }", Code::Syntax, "; }");
    err_at("fn f() -> f64 { x.y }", Code::Syntax, ".y");
    err_at("fn f() -> f64 { 1 $ 2 }", Code::Syntax, "$");
    err_at("fn f() -> f64 { é }", Code::Syntax, "é");
    err_at("fn f() -> f64 { for i in 0 { } 1 }", Code::Syntax, "{ }");
    err_at(
        "fn f() -> f64 { if c { 1 } else { 2 } + 1 }",
        Code::Syntax,
        "+ 1",
    );
    err_at("fn f() -> f64 { (g)(x) }", Code::Syntax, "(x)");
    err_at("fn f() -> f64 { () }", Code::Syntax, ") }");
    let d = err_at("fn f() -> f64 { x ** = 2; }", Code::Syntax, "= 2");
    assert!(!d.message.is_empty());
    let d = err_at("fn 1() -> f64 { }", Code::Syntax, "1(");
    assert_eq!(d.message, "expected an identifier, found `1`");
    let d = err_at("fnord", Code::Syntax, "fnord");
    assert_eq!(
        d.message,
        "expected `const`, `fn` or end of file, found `fnord`"
    );
}

fn nest(open: &str, close: &str, n: usize, inner: &str) -> String {
    format!(
        "fn f() -> f64 {{ {}{inner}{} }}",
        open.repeat(n),
        close.repeat(n)
    )
}

#[test]
fn nesting_within_the_limit_parses() {
    for (o, c) in [
        ("(", ")"),
        ("[", "]"),
        ("{", "}"),
        ("f(", ")"),
        ("x[", "]"),
        ("-(", ")"),
        ("(1 + ", ")"),
    ] {
        let src = nest(o, c, 250, "1");
        parse(&src).unwrap_or_else(|e| panic!("{o}: {e:?}"));
    }
    parse(&nest("if c { ", " } else { 1 }", 120, "1")).unwrap();
    parse(&nest("if c { ", " }", 250, "1")).unwrap();
    parse(&nest("({ ", " })", 125, "1")).unwrap();
    parse(&nest("[{ let x = f(x[", "]); x }]", 60, "1")).unwrap();
    parse(&nest("while c { let y = { ", " }; }", 120, "1")).unwrap();
    parse(&nest("", "", 0, &"-".repeat(250))).unwrap_err(); // no operand: a syntax error
    parse(&nest("", "", 0, &format!("{}x", "-".repeat(250)))).unwrap();
    parse(&format!(
        "fn f(x: [{}n{}]f64) -> f64 {{ 1 }}",
        "(".repeat(250),
        ")".repeat(250)
    ))
    .unwrap();
    parse(&format!(
        "fn f() -> f64 {{ {} 1 {} }}",
        "for i in 0..n { ".repeat(120),
        "}".repeat(120)
    ))
    .unwrap();
}

#[test]
fn deep_nesting_is_rejected_not_crashed() {
    for (o, c) in [("(", ")"), ("[", "]"), ("{", "}"), ("f(", ")"), ("x[", "]")] {
        let src = nest(o, c, 3000, "1");
        let d = err(&src);
        assert_eq!(d.code, Code::TooDeep, "{o}: {d:?}");
        // Reported at the first bracket beyond the limit.
        let pos = d.span().unwrap().start as usize;
        let opens = src[..pos].matches(['(', '[', '{']).count();
        let closes = src[..pos].matches([')', ']', '}']).count();
        assert_eq!(opens - closes, MAX_DEPTH, "{o}");
    }
    // Unclosed brackets too.
    assert_eq!(err(&"(".repeat(100_000)).code, Code::TooDeep);
    assert_eq!(err(&"[{(".repeat(10_000)).code, Code::TooDeep);
    // Unary runs.
    let d = err(&nest("", "", 0, &format!("{}x", "-".repeat(3000))));
    assert_eq!(d.code, Code::TooDeep);
    assert_eq!(
        err(&nest("", "", 0, &format!("{}x", "! ".repeat(3000)))).code,
        Code::TooDeep
    );
    assert_eq!(
        err(&nest("", "", 0, &format!("{}x", "- /* */ ".repeat(3000)))).code,
        Code::TooDeep
    );
}

#[test]
fn deep_trees_are_rejected() {
    for op in ["+", "*", "&&", "||", "**", "@", "-"] {
        let terms = vec!["a"; 5000];
        let src = nest("", "", 0, &terms.join(&format!(" {op} ")));
        assert_eq!(err(&src).code, Code::TooDeep, "{op}");
    }
    // Just within the limit.
    parse(&nest("", "", 0, &vec!["a"; 200].join(" + "))).unwrap();
    // Alternating unary and power, else-if chains, size expressions, statements.
    assert_eq!(
        err(&nest("", "", 0, &format!("2{}", " ** -2".repeat(3000)))).code,
        Code::TooDeep
    );
    let chain = format!(
        "if c {{ 1 }}{} else {{ 2 }}",
        " else if c { 1 }".repeat(3000)
    );
    assert_eq!(err(&nest("", "", 0, &chain)).code, Code::TooDeep);
    let size = vec!["n"; 5000].join(" + ");
    assert_eq!(
        err(&format!("fn f(x: [{size}]f64) -> f64 {{ 1 }}")).code,
        Code::TooDeep
    );
    assert_eq!(
        err(&format!(
            "fn f(x: [{}n]f64) -> f64 {{ 1 }}",
            "-".repeat(3000)
        ))
        .code,
        Code::TooDeep
    );
    let idx = format!("x[{}]", vec!["a"; 5000].join(" - "));
    assert_eq!(err(&nest("", "", 0, &idx)).code, Code::TooDeep);
    // Long flat sequences are fine.
    let many = "let x = a + b;\n".repeat(20_000);
    assert_eq!(
        body(&format!("fn f() -> f64 {{ {many} x }}")).stmts.len(),
        20_000
    );
    let list = format!("[{}]", vec!["1.0"; 50_000].join(", "));
    assert!(matches!(expr_of(&list).kind, ExprKind::List(ref v) if v.len() == 50_000));
}

#[test]
fn error_recovery_paths_are_not_exponential() {
    // Each of these fails deep inside nested constructs; with backtracking
    // alternatives that re-parse the nested part, they would take 2^100 steps.
    let cases = [
        nest("({ ", " })", 100, "1 +"),
        nest("{ if c ", " }", 100, "{ ) "),
        nest("x[y[", "]]", 100, "1:2:3:4"),
        nest("f(a, k=", ")", 100, ")"),
        nest("if c { (", ") } else { 1 }", 100, "$"),
        nest("(", ",)", 100, "let"),
        nest("[{ let x = ", "; x }]", 80, "]"),
        format!(
            "fn f(x: [{}n{}]f64) -> f64 {{ 1 }}",
            "(1 + (".repeat(100),
            "".repeat(100)
        ),
    ];
    for src in cases {
        let start = std::time::Instant::now();
        let _ = parse(&src);
        assert!(start.elapsed().as_secs() < 10, "{src}");
    }
}

#[test]
fn arbitrary_text_is_a_syntax_error() {
    for src in [
        "\u{0}",
        "\u{feff}fn",
        "🦀",
        "fn f() -> f64 { \u{7} }",
        "}}}}",
        "))))",
        "*/",
        "'",
        "\"x\"",
    ] {
        let d = err(src);
        assert_eq!(d.code, Code::Syntax, "{src:?}");
        assert!(d.span().is_some());
    }
}

// ------------------------------------------------------------------ random input

const TOKENS: &[&str] = &[
    "fn",
    "const",
    "let",
    "mut",
    "for",
    "in",
    "while",
    "if",
    "else",
    "return",
    "true",
    "false",
    "x",
    "n",
    "f64",
    "f32",
    "i64",
    "bool",
    "newaxis",
    "axis",
    "T",
    "0",
    "1",
    "2.5",
    "1e-5",
    "1_0",
    "1e",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ";",
    ":",
    "::",
    "->",
    "..",
    ".",
    "=",
    "==",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "+",
    "-",
    "*",
    "/",
    "%",
    "@",
    "**",
    "!",
    "&&",
    "||",
    "+=",
    "-=",
    "*=",
    "/=",
    ".T",
    "//c\n",
    "/*c*/",
    "/*",
    " ",
    "\n",
    "fn f(x: [n]f64) -> [n]f64 {",
    "let y = ",
    "x[1:-1, :]",
    "sum(x, axis=1)",
];

fn soup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        8 => proptest::sample::select(TOKENS).prop_map(str::to_string),
        1 => any::<char>().prop_map(|c| c.to_string()),
        1 => "[ -~]{1,3}",
    ];
    proptest::collection::vec(piece, 0..60).prop_map(|v| v.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_token_soup_never_panics(src in soup()) {
        let _ = parse(&src);
    }

    #[test]
    fn random_soup_inside_a_function_never_panics(src in soup()) {
        let _ = parse(&format!("fn f(x: [n]f64) -> [n]f64 {{ {src} }}"));
    }

    #[test]
    fn valid_arithmetic_always_parses(
        ops in proptest::collection::vec(proptest::sample::select(&["+", "-", "*", "/", "%", "@", "**", "<", "&&", "||"][..]), 1..12),
        unary in proptest::collection::vec(proptest::sample::select(&["", "-", "!", "- -"][..]), 12),
    ) {
        // Comparisons may appear at most once per operand group: keep only the first.
        let mut seen_cmp = false;
        let mut src = format!("{}a", unary[0]);
        for (i, op) in ops.iter().enumerate() {
            let op = if *op == "<" && seen_cmp { "+" } else { *op };
            seen_cmp |= op == "<";
            if op == "&&" || op == "||" { seen_cmp = false; }
            src.push_str(&format!(" {op} {}x{i}", unary[i + 1]));
        }
        let x = expr_of(&src);
        prop_assert_eq!(text(&src, x.span), src);
    }
}
