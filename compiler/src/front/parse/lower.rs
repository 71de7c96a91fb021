//! Lowering pest pairs into the AST.
//!
//! Spans are computed from tokens (atomic rules), never from non-atomic rules, whose
//! pest spans may include trailing whitespace. Every lowering function also returns
//! the depth of the tree it built, and fails with E0002 as soon as a depth exceeds
//! [`MAX_DEPTH`]: operator chains are flat in the grammar but nest in the AST.

use super::{too_deep, Rule, MAX_DEPTH};
use crate::diag::{Code, Diagnostic};
use crate::front::ast::*;
use crate::span::Span;
use pest::iterators::{Pair, Pairs};

type Pr<'i> = Pair<'i, Rule>;
type R<T> = Result<T, Diagnostic>;

/// A lowered node with the depth of its tree.
struct D<T> {
    node: T,
    depth: usize,
    /// The node's text including any parentheses around it (the node's own span
    /// leaves them out): what an enclosing node's span must cover.
    full: Span,
}

fn d<T>(node: T, depth: usize, span: Span) -> R<D<T>> {
    if depth > MAX_DEPTH {
        Err(too_deep(span, "expression"))
    } else {
        Ok(D {
            node,
            depth,
            full: span,
        })
    }
}

fn tok(p: &Pr<'_>) -> Span {
    let s = p.as_span();
    Span::new(s.start(), s.end())
}

fn ident(p: &Pr<'_>) -> Ident {
    debug_assert_eq!(p.as_rule(), Rule::ident);
    Ident {
        name: p.as_str().to_string(),
        span: tok(p),
    }
}

fn syntax(span: Span, message: &str, label: &str) -> Diagnostic {
    Diagnostic::new(Code::Syntax, message).label(span, label)
}

/// The children of a pair (tokens included: callers skip those they do not need).
fn children<'i>(p: Pr<'i>) -> Pairs<'i, Rule> {
    p.into_inner()
}

/// The pairs of the (silent) `file` rule: the items, then `EOI`.
pub(super) fn file(pairs: Pairs<'_, Rule>) -> R<File> {
    let mut items = Vec::new();
    for c in pairs {
        match c.as_rule() {
            Rule::fn_def => items.push(Item::Fn(fn_def(c)?)),
            Rule::const_def => items.push(Item::Const(const_def(c)?)),
            _ => {}
        }
    }
    Ok(File { items })
}

fn fn_def(p: Pr<'_>) -> R<FnDef> {
    let mut start = 0;
    let mut name = None;
    let mut params = Vec::new();
    let mut ret = None;
    let mut body = None;
    for c in children(p) {
        match c.as_rule() {
            Rule::kw_fn => start = tok(&c).start,
            Rule::ident => name = Some(ident(&c)),
            Rule::param => {
                let mut it = children(c).filter(|c| c.as_rule() != Rule::colon);
                let n = ident(&it.next().expect("param name"));
                let t = ty(it.next().expect("param type"))?.node;
                params.push(Param { name: n, ty: t });
            }
            Rule::ty => ret = Some(ty(c)?.node),
            Rule::block => body = Some(block(c)?.node),
            _ => {}
        }
    }
    let body = body.expect("fn body");
    let span = Span {
        start,
        end: body.span.end,
    };
    Ok(FnDef {
        name: name.expect("fn name"),
        params,
        ret: ret.expect("fn result"),
        body,
        span,
    })
}

fn const_def(p: Pr<'_>) -> R<ConstDef> {
    let mut start = 0;
    let mut end = 0;
    let mut name = None;
    let mut t = None;
    let mut value = None;
    for c in children(p) {
        match c.as_rule() {
            Rule::kw_const => start = tok(&c).start,
            Rule::ident => name = Some(ident(&c)),
            Rule::ty => t = Some(ty(c)?.node),
            Rule::expr => value = Some(expr(c)?.node),
            Rule::semi => end = tok(&c).end,
            _ => {}
        }
    }
    Ok(ConstDef {
        name: name.expect("const name"),
        ty: t.expect("const type"),
        value: value.expect("const value"),
        span: Span { start, end },
    })
}

// ------------------------------------------------------------------------ types

fn ty(p: Pr<'_>) -> R<D<TypeExpr>> {
    match p.as_rule() {
        Rule::ty => ty(children(p).next().expect("a type")),
        Rule::scalar_ty => {
            let span = tok(&p);
            let elem = ScalarType::from_name(p.as_str()).expect("grammar admits scalar types only");
            d(TypeExpr::Scalar { elem, span }, 1, span)
        }
        Rule::array_ty => {
            let mut start = 0;
            let mut dims = Vec::new();
            let mut depth = 0;
            let mut elem = ScalarType::F64;
            let mut end = 0;
            for c in children(p) {
                match c.as_rule() {
                    Rule::lbracket => start = tok(&c).start,
                    Rule::size => {
                        let s = size(c)?;
                        depth = depth.max(s.depth);
                        dims.push(s.node);
                    }
                    Rule::scalar_ty => {
                        elem = ScalarType::from_name(c.as_str()).expect("scalar type");
                        end = tok(&c).end;
                    }
                    _ => {}
                }
            }
            let span = Span { start, end };
            d(TypeExpr::Array { dims, elem, span }, depth + 1, span)
        }
        Rule::tuple_ty => {
            let mut start = 0;
            let mut end = 0;
            let mut elems = Vec::new();
            let mut depth = 0;
            let mut commas = false;
            for c in children(p) {
                match c.as_rule() {
                    Rule::lparen => start = tok(&c).start,
                    Rule::rparen => end = tok(&c).end,
                    Rule::comma => commas = true,
                    _ => {
                        let t = ty(c)?;
                        depth = depth.max(t.depth);
                        elems.push(t.node);
                    }
                }
            }
            let span = Span { start, end };
            if elems.len() == 1 && !commas {
                // `(T)` is just `T`.
                let t = elems.pop().expect("one type");
                return Ok(D {
                    node: t,
                    depth,
                    full: span,
                });
            }
            d(TypeExpr::Tuple { elems, span }, depth + 1, span)
        }
        r => unreachable!("not a type: {r:?}"),
    }
}

fn size(p: Pr<'_>) -> R<D<SizeExpr>> {
    // size = term (op term)*, term = factor (op factor)*: left folds.
    let is_sum = p.as_rule() == Rule::size;
    let mut it = children(p);
    let mut acc = size_operand(it.next().expect("operand"))?;
    while let Some(op) = it.next() {
        let rhs = size_operand(it.next().expect("operand after operator"))?;
        let op = match (is_sum, op.as_str()) {
            (true, "+") => SizeOp::Add,
            (true, _) => SizeOp::Sub,
            (false, _) => SizeOp::Mul,
        };
        let span = acc.full.to(rhs.full);
        let depth = acc.depth.max(rhs.depth) + 1;
        acc = d(
            SizeExpr::Bin {
                op,
                lhs: Box::new(acc.node),
                rhs: Box::new(rhs.node),
                span,
            },
            depth,
            span,
        )?;
    }
    Ok(acc)
}

fn size_operand(p: Pr<'_>) -> R<D<SizeExpr>> {
    match p.as_rule() {
        Rule::size_term => size(p),
        Rule::size_factor => {
            let mut negs = Vec::new();
            let mut atom: Option<D<SizeExpr>> = None;
            let mut open = 0;
            for c in children(p) {
                match c.as_rule() {
                    Rule::size_neg => negs.push(tok(&c).start),
                    Rule::lparen => open = tok(&c).start,
                    Rule::rparen => {
                        if let Some(a) = &mut atom {
                            a.full = Span {
                                start: open,
                                end: tok(&c).end,
                            };
                        }
                    }
                    Rule::int_lit => {
                        let span = tok(&c);
                        let value = int_value(&c)?;
                        let value = i64::try_from(value).map_err(|_| {
                            Diagnostic::new(Code::BadLiteral, "size literal is too large")
                                .label(span, "does not fit in i64")
                        })?;
                        atom = Some(D {
                            node: SizeExpr::Lit { value, span },
                            depth: 1,
                            full: span,
                        });
                    }
                    Rule::ident => {
                        atom = Some(D {
                            node: SizeExpr::Var(ident(&c)),
                            depth: 1,
                            full: tok(&c),
                        })
                    }
                    Rule::size => atom = Some(size(c)?),
                    _ => {}
                }
            }
            let mut acc = atom.expect("size atom");
            for start in negs.into_iter().rev() {
                let span = Span {
                    start,
                    end: acc.full.end,
                };
                acc = d(
                    SizeExpr::Neg {
                        arg: Box::new(acc.node),
                        span,
                    },
                    acc.depth + 1,
                    span,
                )?;
            }
            Ok(acc)
        }
        r => unreachable!("not a size operand: {r:?}"),
    }
}

// ------------------------------------------------------------------------ literals

fn int_value(p: &Pr<'_>) -> R<u64> {
    let digits: String = p.as_str().chars().filter(|&c| c != '_').collect();
    digits.parse::<u64>().map_err(|_| {
        Diagnostic::new(Code::BadLiteral, "integer literal is too large")
            .label(tok(p), "does not fit in 64 bits")
            .help(format!("the largest integer literal is {}", u64::MAX))
    })
}

fn float_value(p: &Pr<'_>) -> R<f64> {
    let span = tok(p);
    let text: String = p.as_str().chars().filter(|&c| c != '_').collect();
    let exp_ok = match text.find(['e', 'E']) {
        Some(i) => text[i + 1..]
            .trim_start_matches(['+', '-'])
            .bytes()
            .any(|b| b.is_ascii_digit()),
        None => true,
    };
    match text.parse::<f64>() {
        Ok(v) if exp_ok && v.is_finite() => Ok(v),
        Ok(_) if exp_ok => Err(
            Diagnostic::new(Code::BadLiteral, "float literal is out of range")
                .label(span, "too large for a 64-bit float"),
        ),
        _ => Err(Diagnostic::new(Code::BadLiteral, "malformed float literal")
            .label(span, "not a valid number")
            .help("an exponent needs digits, as in `1e-5` or `2.5E3`")),
    }
}

// ------------------------------------------------------------------------ blocks

fn block(p: Pr<'_>) -> R<D<Block>> {
    let mut start = 0;
    let mut end = 0;
    let mut stmts = Vec::new();
    let mut tail = None;
    let mut depth = 0;
    let inner: Vec<Pr<'_>> = children(p).collect();
    let n = inner.len();
    for (i, c) in inner.into_iter().enumerate() {
        // The last statement is the one right before `}`.
        let last = i + 2 == n;
        match c.as_rule() {
            Rule::lbrace => start = tok(&c).start,
            Rule::rbrace => end = tok(&c).end,
            _ => {
                let s = stmt(c, last)?;
                depth = depth.max(s.depth);
                match s.node {
                    StmtOrTail::Stmt(s) => stmts.push(s),
                    StmtOrTail::Tail(e) => tail = Some(Box::new(e)),
                }
            }
        }
    }
    let span = Span { start, end };
    Ok(D {
        node: Block { stmts, tail, span },
        depth,
        full: span,
    })
}

enum StmtOrTail {
    Stmt(Stmt),
    Tail(Expr),
}

fn stmt(p: Pr<'_>, last: bool) -> R<D<StmtOrTail>> {
    use StmtOrTail::{Stmt as S, Tail};
    let rule = p.as_rule();
    let mut it = children(p).peekable();
    match rule {
        Rule::let_stmt => {
            let start = tok(&it.next().expect("let")).start;
            let mut mutable = false;
            let mut name = None;
            let mut names = None;
            let mut t = None;
            let mut value = None;
            let mut end = 0;
            let mut depth = 0;
            for c in it {
                match c.as_rule() {
                    Rule::kw_mut => mutable = true,
                    Rule::ident => name = Some(ident(&c)),
                    Rule::let_tuple => {
                        names = Some(
                            children(c)
                                .filter(|c| c.as_rule() == Rule::ident)
                                .map(|c| ident(&c))
                                .collect(),
                        )
                    }
                    Rule::ty => {
                        let x = ty(c)?;
                        depth = depth.max(x.depth);
                        t = Some(x.node);
                    }
                    Rule::expr => {
                        let x = expr(c)?;
                        depth = depth.max(x.depth);
                        value = Some(x.node);
                    }
                    Rule::semi => end = tok(&c).end,
                    _ => {}
                }
            }
            let span = Span { start, end };
            let value = value.expect("let value");
            let s = match names {
                Some(names) => Stmt::LetTuple { names, value, span },
                None => Stmt::Let {
                    mutable,
                    name: name.expect("let name"),
                    ty: t,
                    value,
                    span,
                },
            };
            Ok(D {
                node: S(s),
                depth,
                full: span,
            })
        }
        Rule::for_stmt => {
            let start = tok(&it.next().expect("for")).start;
            let var = ident(&it.next().expect("loop variable"));
            let mut bounds = Vec::new();
            let mut body = None;
            for c in it {
                match c.as_rule() {
                    Rule::expr => bounds.push(expr(c)?),
                    Rule::block => body = Some(block(c)?),
                    _ => {}
                }
            }
            let body = body.expect("loop body");
            let hi = bounds.pop().expect("upper bound");
            let lo = bounds.pop().expect("lower bound");
            let span = Span {
                start,
                end: body.node.span.end,
            };
            let depth = lo.depth.max(hi.depth).max(body.depth) + 1;
            let s = Stmt::For {
                var,
                lo: lo.node,
                hi: hi.node,
                body: body.node,
                span,
            };
            d(S(s), depth, span)
        }
        Rule::while_stmt => {
            let start = tok(&it.next().expect("while")).start;
            let cond = expr(it.next().expect("condition"))?;
            let body = block(it.next().expect("loop body"))?;
            let span = Span {
                start,
                end: body.node.span.end,
            };
            let depth = cond.depth.max(body.depth) + 1;
            d(
                S(Stmt::While {
                    cond: cond.node,
                    body: body.node,
                    span,
                }),
                depth,
                span,
            )
        }
        Rule::return_stmt => {
            let start = tok(&it.next().expect("return")).start;
            let value = expr(it.next().expect("return value"))?;
            let end = tok(&it.next().expect("semicolon")).end;
            let span = Span { start, end };
            Ok(D {
                node: S(Stmt::Return {
                    value: value.node,
                    span,
                }),
                depth: value.depth,
                full: span,
            })
        }
        Rule::blocklike_stmt => {
            let e = primary(it.next().expect("block-like expression"))?;
            let has_semi = it.next().is_some();
            let has_value = match &e.node.kind {
                ExprKind::If { then, els, .. } => els.is_some() && then.tail.is_some(),
                ExprKind::Block(b) => b.tail.is_some(),
                _ => false,
            };
            let node = if last && !has_semi && has_value {
                Tail(e.node)
            } else {
                S(Stmt::Expr(e.node))
            };
            Ok(D {
                node,
                depth: e.depth,
                full: e.full,
            })
        }
        Rule::expr_stmt => {
            let lhs = expr(it.next().expect("expression"))?;
            match it.next() {
                None => Ok(D {
                    node: Tail(lhs.node),
                    depth: lhs.depth,
                    full: lhs.full,
                }),
                Some(c) if c.as_rule() == Rule::semi => Ok(D {
                    node: S(Stmt::Expr(lhs.node)),
                    depth: lhs.depth,
                    full: lhs.full,
                }),
                Some(op) => {
                    let op = match op.as_str() {
                        "+=" => Some(BinOp::Add),
                        "-=" => Some(BinOp::Sub),
                        "*=" => Some(BinOp::Mul),
                        "/=" => Some(BinOp::Div),
                        _ => None,
                    };
                    let value = expr(it.next().expect("assigned value"))?;
                    let end = tok(&it.next().expect("semicolon")).end;
                    let span = Span {
                        start: lhs.full.start,
                        end,
                    };
                    let lhs_span = lhs.node.span;
                    let (target, index) = match lhs.node.kind {
                        ExprKind::Name(name) => (
                            Ident {
                                name,
                                span: lhs_span,
                            },
                            None,
                        ),
                        ExprKind::Index { base, items } => match base.kind {
                            ExprKind::Name(name) => (
                                Ident {
                                    name,
                                    span: base.span,
                                },
                                Some(items),
                            ),
                            _ => return Err(bad_target(lhs_span)),
                        },
                        _ => return Err(bad_target(lhs_span)),
                    };
                    let depth = lhs.depth.max(value.depth);
                    Ok(D {
                        node: S(Stmt::Assign {
                            target,
                            index,
                            op,
                            value: value.node,
                            span,
                        }),
                        depth,
                        full: span,
                    })
                }
            }
        }
        r => unreachable!("not a statement: {r:?}"),
    }
}

fn bad_target(span: Span) -> Diagnostic {
    syntax(span, "invalid assignment target", "cannot assign to this")
        .help("assign to a variable (`x = e;`) or to an indexed variable (`x[i, 1:] = e;`)")
}

// ------------------------------------------------------------------------ expressions

fn binop(s: &str) -> BinOp {
    match s {
        "||" => BinOp::Or,
        "&&" => BinOp::And,
        "==" => BinOp::Eq,
        "!=" => BinOp::Ne,
        "<" => BinOp::Lt,
        "<=" => BinOp::Le,
        ">" => BinOp::Gt,
        ">=" => BinOp::Ge,
        "+" => BinOp::Add,
        "-" => BinOp::Sub,
        "*" => BinOp::Mul,
        "/" => BinOp::Div,
        "%" => BinOp::Rem,
        "@" => BinOp::MatMul,
        "**" => BinOp::Pow,
        other => unreachable!("not an operator: {other:?}"),
    }
}

fn binary(op: BinOp, lhs: D<Expr>, rhs: D<Expr>) -> R<D<Expr>> {
    let span = lhs.full.to(rhs.full);
    let depth = lhs.depth.max(rhs.depth) + 1;
    d(
        Expr {
            kind: ExprKind::Binary {
                op,
                lhs: Box::new(lhs.node),
                rhs: Box::new(rhs.node),
            },
            span,
        },
        depth,
        span,
    )
}

fn unary(op_tok: &Pr<'_>, arg: D<Expr>) -> R<D<Expr>> {
    let op = if op_tok.as_str() == "-" {
        UnOp::Neg
    } else {
        UnOp::Not
    };
    let span = tok(op_tok).to(arg.full);
    let depth = arg.depth + 1;
    d(
        Expr {
            kind: ExprKind::Unary {
                op,
                arg: Box::new(arg.node),
            },
            span,
        },
        depth,
        span,
    )
}

/// Any expression-level rule.
fn expr(p: Pr<'_>) -> R<D<Expr>> {
    match p.as_rule() {
        Rule::expr | Rule::and_expr | Rule::cmp_expr | Rule::sum_expr | Rule::prod_expr => {
            let mut it = children(p);
            let mut acc = expr(it.next().expect("operand"))?;
            while let Some(op) = it.next() {
                let rhs = expr(it.next().expect("operand after operator"))?;
                acc = binary(binop(op.as_str()), acc, rhs)?;
            }
            Ok(acc)
        }
        Rule::unary_expr => {
            let mut inner: Vec<Pr<'_>> = children(p).collect();
            let mut acc = expr(inner.pop().expect("operand"))?;
            for op in inner.iter().rev() {
                acc = unary(op, acc)?;
            }
            Ok(acc)
        }
        Rule::pow_expr => {
            // base (** unary_op* operand)*: right-associative, each exponent possibly
            // negated: fold from the right.
            let mut groups: Vec<(Vec<Pr<'_>>, Pr<'_>)> = Vec::new();
            let mut ops = Vec::new();
            for c in children(p) {
                match c.as_rule() {
                    Rule::pow_op => {}
                    Rule::unary_op => ops.push(c),
                    _ => groups.push((std::mem::take(&mut ops), c)),
                }
            }
            let mut acc: Option<D<Expr>> = None;
            while let Some((ops, operand)) = groups.pop() {
                let mut x = expr(operand)?;
                if let Some(rhs) = acc.take() {
                    x = binary(BinOp::Pow, x, rhs)?;
                }
                for op in ops.iter().rev() {
                    x = unary(op, x)?;
                }
                acc = Some(x);
            }
            Ok(acc.expect("operand"))
        }
        Rule::postfix_expr => {
            let mut it = children(p);
            let mut acc = primary(it.next().expect("primary"))?;
            for suffix in it {
                let start = acc.full.start;
                match suffix.as_rule() {
                    Rule::transpose => {
                        let span = Span {
                            start,
                            end: tok(&suffix).end,
                        };
                        acc = d(
                            Expr {
                                kind: ExprKind::Transpose(Box::new(acc.node)),
                                span,
                            },
                            acc.depth + 1,
                            span,
                        )?;
                    }
                    Rule::index_suffix => {
                        let mut items = Vec::new();
                        let mut depth = acc.depth;
                        let mut end = 0;
                        for c in children(suffix) {
                            match c.as_rule() {
                                Rule::index_item => {
                                    let item = index_item(c)?;
                                    depth = depth.max(item.depth);
                                    items.push(item.node);
                                }
                                Rule::rbracket => end = tok(&c).end,
                                _ => {}
                            }
                        }
                        let span = Span { start, end };
                        let kind = ExprKind::Index {
                            base: Box::new(acc.node),
                            items,
                        };
                        acc = d(Expr { kind, span }, depth + 1, span)?;
                    }
                    r => unreachable!("not a suffix: {r:?}"),
                }
            }
            Ok(acc)
        }
        _ => primary(p),
    }
}

fn index_item(p: Pr<'_>) -> R<D<IndexItem>> {
    let mut start = None;
    let mut tail = None;
    for c in children(p) {
        match c.as_rule() {
            Rule::expr => start = Some(expr(c)?),
            _ => tail = Some(c),
        }
    }
    let Some(tail) = tail else {
        let e = start.expect("index expression");
        return Ok(D {
            node: IndexItem::Expr(e.node),
            depth: e.depth,
            full: e.full,
        });
    };
    let mut span = start.as_ref().map(|e| e.full);
    let mut stop = None;
    let mut step = None;
    let mut depth = start.as_ref().map_or(0, |e| e.depth);
    for c in children(tail) {
        let mut grow = |s: Span| span = Some(span.map_or(s, |x| x.to(s)));
        match c.as_rule() {
            Rule::colon => grow(tok(&c)),
            Rule::slice_stop | Rule::slice_step => {
                let is_stop = c.as_rule() == Rule::slice_stop;
                let e = expr(children(c).next().expect("bound"))?;
                grow(e.full);
                depth = depth.max(e.depth);
                if is_stop {
                    stop = Some(e.node);
                } else {
                    step = Some(e.node);
                }
            }
            r => unreachable!("not part of a slice: {r:?}"),
        }
    }
    let span = span.expect("a slice has a colon");
    let node = IndexItem::Slice {
        start: start.map(|e| e.node),
        stop,
        step,
        span,
    };
    d(node, depth + 1, span)
}

fn primary(p: Pr<'_>) -> R<D<Expr>> {
    let rule = p.as_rule();
    match rule {
        Rule::int_lit => {
            let span = tok(&p);
            Ok(D {
                node: Expr {
                    kind: ExprKind::Int(int_value(&p)?),
                    span,
                },
                depth: 1,
                full: span,
            })
        }
        Rule::float_lit => {
            let span = tok(&p);
            Ok(D {
                node: Expr {
                    kind: ExprKind::Float(float_value(&p)?),
                    span,
                },
                depth: 1,
                full: span,
            })
        }
        Rule::bool_lit => {
            let span = tok(&p);
            Ok(D {
                node: Expr {
                    kind: ExprKind::Bool(p.as_str() == "true"),
                    span,
                },
                depth: 1,
                full: span,
            })
        }
        Rule::name => {
            let id = ident(&children(p).next().expect("identifier"));
            Ok(D {
                node: Expr {
                    kind: ExprKind::Name(id.name),
                    span: id.span,
                },
                depth: 1,
                full: id.span,
            })
        }
        Rule::block => {
            let b = block(p)?;
            let span = b.node.span;
            d(
                Expr {
                    kind: ExprKind::Block(b.node),
                    span,
                },
                b.depth + 1,
                span,
            )
        }
        Rule::if_expr => if_expr(p),
        Rule::paren | Rule::list => {
            let mut start = 0;
            let mut end = 0;
            let mut elems = Vec::new();
            let mut commas = false;
            let mut depth = 0;
            for c in children(p) {
                match c.as_rule() {
                    Rule::lparen | Rule::lbracket => start = tok(&c).start,
                    Rule::rparen | Rule::rbracket => end = tok(&c).end,
                    Rule::comma => commas = true,
                    _ => {
                        let e = expr(c)?;
                        depth = depth.max(e.depth);
                        elems.push(e.node);
                    }
                }
            }
            let span = Span { start, end };
            if rule == Rule::list {
                d(
                    Expr {
                        kind: ExprKind::List(elems),
                        span,
                    },
                    depth + 1,
                    span,
                )
            } else if elems.len() == 1 && !commas {
                // Parentheses only group: the inner expression keeps its own span.
                Ok(D {
                    node: elems.pop().expect("one element"),
                    depth,
                    full: span,
                })
            } else {
                d(
                    Expr {
                        kind: ExprKind::Tuple(elems),
                        span,
                    },
                    depth + 1,
                    span,
                )
            }
        }
        Rule::call => {
            let mut it = children(p);
            let callee = ident(&it.next().expect("callee"));
            let mut args = Vec::new();
            let mut kwargs: Vec<(Ident, Expr)> = Vec::new();
            let mut end = 0;
            let mut depth = 0;
            for c in it {
                match c.as_rule() {
                    Rule::rparen => end = tok(&c).end,
                    Rule::expr => {
                        let e = expr(c)?;
                        if let Some((k, _)) = kwargs.first() {
                            return Err(syntax(
                                e.node.span,
                                "positional argument after a keyword argument",
                                "positional argument",
                            )
                            .label(k.span, "keyword argument given before it")
                            .help("put positional arguments first"));
                        }
                        depth = depth.max(e.depth);
                        args.push(e.node);
                    }
                    Rule::kwarg => {
                        let mut kit = children(c);
                        let key = ident(&kit.next().expect("keyword"));
                        let e = expr(
                            kit.find(|c| c.as_rule() == Rule::expr)
                                .expect("keyword value"),
                        )?;
                        depth = depth.max(e.depth);
                        kwargs.push((key, e.node));
                    }
                    _ => {}
                }
            }
            let span = Span {
                start: callee.span.start,
                end,
            };
            d(
                Expr {
                    kind: ExprKind::Call {
                        callee,
                        args,
                        kwargs,
                    },
                    span,
                },
                depth + 1,
                span,
            )
        }
        _ => expr(p),
    }
}

/// One `if cond { then }` arm: the pairs of `if_expr` before its else parts, or of `else_if`.
fn if_arm<'i>(pairs: impl Iterator<Item = Pr<'i>>) -> R<(u32, D<Expr>, D<Block>)> {
    let mut start = 0;
    let mut cond = None;
    let mut then = None;
    for x in pairs {
        match x.as_rule() {
            Rule::kw_if => start = tok(&x).start,
            Rule::expr => cond = Some(expr(x)?),
            Rule::block => then = Some(block(x)?),
            _ => {}
        }
    }
    Ok((start, cond.expect("condition"), then.expect("then block")))
}

fn if_expr(p: Pr<'_>) -> R<D<Expr>> {
    // if c { } (else if c { })* (else { })?: nest the else-if chain from the right.
    let mut first = Vec::new();
    let mut rest = Vec::new();
    let mut els: Option<D<Block>> = None;
    for c in children(p) {
        match c.as_rule() {
            Rule::else_if => rest.push(c),
            Rule::else_block => {
                let b = children(c)
                    .find(|x| x.as_rule() == Rule::block)
                    .expect("else block");
                els = Some(block(b)?);
            }
            _ => first.push(c),
        }
    }
    let mut arms = vec![if_arm(first.into_iter())?];
    for c in rest {
        arms.push(if_arm(children(c))?);
    }
    let mut result: Option<D<Expr>> = None;
    while let Some((start, cond, then)) = arms.pop() {
        let els_block = match result.take() {
            Some(nested) => {
                let span = nested.node.span;
                Some(D {
                    node: Block {
                        stmts: Vec::new(),
                        tail: Some(Box::new(nested.node)),
                        span,
                    },
                    depth: nested.depth,
                    full: span,
                })
            }
            None => els.take(),
        };
        let end = els_block
            .as_ref()
            .map_or(then.node.span.end, |b| b.node.span.end);
        let span = Span { start, end };
        let depth = cond
            .depth
            .max(then.depth)
            .max(els_block.as_ref().map_or(0, |b| b.depth))
            + 1;
        let kind = ExprKind::If {
            cond: Box::new(cond.node),
            then: then.node,
            els: els_block.map(|b| b.node),
        };
        result = Some(d(Expr { kind, span }, depth, span)?);
    }
    Ok(result.expect("an if has one arm"))
}
