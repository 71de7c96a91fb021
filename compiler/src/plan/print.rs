//! The kernel list of a plan (walked in the order the Rust writer emits code) and its
//! printers: text for `arrc explain`, and Graphviz dot for `--format dot`.

use super::rows::Member;
use super::uses::Uses;
use super::{Buffer, FnPlan, Kernel, KernelKind, Rule};
use crate::ir::{Block, Expr, ExprId, Function, Index, Stmt};
use crate::span::Span;
use std::collections::HashSet;
use std::fmt::Write as _;

/// Walks a function in evaluation order and lists its kernels and buffers.
#[derive(Debug)]
pub struct KernelWalk<'a> {
    f: &'a Function,
    src: &'a str,
    plan: &'a FnPlan,
    uses: &'a Uses,
    kernels: Vec<Kernel>,
    buffers: Vec<Buffer>,
    inside: Vec<String>,
    /// Matrix–vector pairs already shown (at the first member met).
    paired: HashSet<ExprId>,
}

impl<'a> KernelWalk<'a> {
    pub fn new(f: &'a Function, src: &'a str, plan: &'a FnPlan, uses: &'a Uses) -> Self {
        KernelWalk {
            f,
            src,
            plan,
            uses,
            kernels: Vec::new(),
            buffers: Vec::new(),
            inside: Vec::new(),
            paired: HashSet::new(),
        }
    }

    pub fn finish(self) -> (Vec<Kernel>, Vec<Buffer>) {
        (self.kernels, self.buffers)
    }

    fn text(&self, e: ExprId) -> String {
        if let Some(t) = self.plan.texts.get(&e) {
            return t.clone();
        }
        let s = self.f.span(e);
        let t = self.src.get(s.range()).unwrap_or("?");
        let t: String = t.split_whitespace().collect::<Vec<_>>().join(" ");
        if t.chars().count() > 60 {
            let cut: String = t.chars().take(57).collect();
            format!("{cut}...")
        } else {
            t
        }
    }

    fn ty(&self, e: ExprId) -> String {
        match self.f.ty(e).as_value() {
            Some(t) => self.f.type_str(t),
            None => "()".into(),
        }
    }

    fn push(&mut self, kind: KernelKind, e: ExprId, reads: Vec<String>, fused: Vec<String>) {
        let rank = self.plan.fuse(self.f).rank(e);
        let parallel = match &kind {
            KernelKind::RowGroup { .. } => "over rows".to_string(),
            KernelKind::Moments { axis: Some(_) } => {
                "over blocks of output elements and of the reduced axis, merged in order".into()
            }
            KernelKind::Moments { axis: None } => {
                "over fixed chunks of elements, merged in order".into()
            }
            // A reduction of an array (not fused) runs the fused loops' code with the
            // identity function, except `prod`, `any` and `all`, which walk the array.
            KernelKind::Reduce { op, fused, .. }
                if !fused && matches!(op.as_str(), "prod" | "any" | "all") =>
            {
                "sequential".into()
            }
            KernelKind::Reduce { axis: Some(_), .. } => {
                "over output elements (rows of the input)".into()
            }
            KernelKind::Reduce { axis: None, .. } => {
                "over fixed chunks of rows, combined in order".into()
            }
            KernelKind::Map if rank > 0 => "split over the longest axis".into(),
            KernelKind::Library(name) => library_parallel(name).into(),
            _ => "sequential".into(),
        };
        self.kernels.push(Kernel {
            kind,
            span: self.f.span(e),
            domain: self.ty(e),
            reads,
            fused,
            writes: String::new(),
            parallel,
            inside: self.inside.clone(),
            in_place_of: None,
        });
    }

    fn set_writes(&mut self, w: String) {
        if let Some(k) = self.kernels.last_mut() {
            if k.writes.is_empty() {
                k.writes = w;
            }
        }
    }

    fn buffer(&mut self, name: String, ty: String, rule: Rule, span: Span) {
        self.buffers.push(Buffer {
            name,
            ty,
            rule,
            span,
        });
    }

    pub fn function(&mut self) {
        let f = self.f;
        self.block(&f.body);
        if let Some(v) = f.body.value {
            if self.plan.fuse(f).rank(v) > 0 {
                self.set_writes("the result".into());
            }
        }
    }

    fn block(&mut self, b: &Block) {
        let mut skip = 0usize;
        let mut value_done = false;
        for s in &b.stmts {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            if let Stmt::Let { value, .. } = s {
                if let Some(g) = self.plan.row_groups.get(value) {
                    let g = g.clone();
                    skip = g.members.len() - 1;
                    if matches!(g.members.last(), Some(Member::FinalValue(_))) {
                        skip -= 1;
                        value_done = true;
                    }
                    self.row_group(&g);
                    continue;
                }
            }
            self.stmt(s);
        }
        if let Some(v) = b.value {
            if !value_done {
                if let Some(g) = self.plan.row_groups.get(&v) {
                    let g = g.clone();
                    self.row_group(&g);
                } else {
                    self.expr(v);
                }
            }
        }
    }

    fn row_group(&mut self, g: &super::rows::RowGroup) {
        let f = self.f;
        let mut reads = Vec::new();
        let mut fused = Vec::new();
        for m in &g.members {
            match m {
                Member::Vec(l, _) => fused.push(format!("`{}` (scratch row)", f.local(*l).name)),
                Member::Scalar(l, _) => {
                    fused.push(format!("`{}` (per-row scalar)", f.local(*l).name))
                }
                _ => {}
            }
            self.group_leaves(g, m.value(), &mut reads);
        }
        let last = g.members.last().map(|m| m.value());
        let Some(last) = last else { return };
        let kind = KernelKind::RowGroup {
            reductions: g.reductions,
            loops: g.loops,
        };
        let parallel = "over rows".to_string();
        self.kernels.push(Kernel {
            kind,
            span: g.span,
            domain: self.ty(last),
            reads,
            fused,
            writes: match g.members.last() {
                Some(Member::FinalLet(l, _)) => format!("`{}`", f.local(*l).name),
                _ => String::new(),
            },
            parallel,
            inside: self.inside.clone(),
            in_place_of: None,
        });
        if let Some(Member::FinalLet(l, v)) = g.members.last() {
            let rule = self.local_rule(*l);
            self.buffer(
                f.local(*l).name.clone(),
                self.ty(*v),
                rule,
                f.local(*l).span,
            );
        }
    }

    /// The leaves a row group reads (evaluated before it), walking their own kernels.
    fn group_leaves(&mut self, g: &super::rows::RowGroup, e: ExprId, reads: &mut Vec<String>) {
        let f = self.f;
        let fz = self.plan.fuse(f);
        if fz.rank(e) == 0 {
            if !matches!(f.expr(e), Expr::Const(_) | Expr::Local(_)) {
                self.expr(e);
            }
            return;
        }
        if let Expr::Local(l) = f.expr(e) {
            let member = g
                .members
                .iter()
                .any(|m| matches!(m, Member::Vec(x, _) | Member::Scalar(x, _) if x == l));
            if member {
                return;
            }
            if let Some(v) = self.plan.inlined.get(l) {
                let v = *v;
                return self.group_leaves(g, v, reads);
            }
        }
        if let Some((_, arg)) = super::rows::row_reduction(f, e, g.domain.len()) {
            return self.group_leaves(g, arg, reads);
        }
        if fz.is_elementwise_op(e) {
            for o in f.expr(e).operands() {
                self.group_leaves(g, o, reads);
            }
            return;
        }
        self.expr(e);
        let t = self.text(e);
        if !reads.contains(&t) {
            reads.push(t);
        }
    }

    fn local_rule(&self, l: crate::ir::LocalId) -> Rule {
        let local = self.f.local(l);
        if local.mutable {
            return Rule::Local("mutable");
        }
        Rule::Local("its value is not an elementwise expression read once in the same block over its own shape")
    }

    fn stmt(&mut self, s: &Stmt) {
        let f = self.f;
        match s {
            Stmt::Let { local, value } | Stmt::Assign { local, value } => {
                if self.plan.inlined.contains_key(local) {
                    return;
                }
                let n_before = self.kernels.len();
                self.expr(*value);
                let l = f.local(*local);
                if l.ty.is_scalar() {
                    return;
                }
                if self.plan.moves.contains(value) {
                    // Takes over the source's buffer: no kernel, no new buffer.
                    return;
                }
                let second = self.plan.moment_second(*value).is_some();
                if (self.kernels.len() == n_before || !self.produces_owned(*value)) && !second {
                    // A view or another local: the local takes a copy.
                    self.kernels.push(Kernel {
                        kind: KernelKind::Copy,
                        span: f.span(*value),
                        domain: self.ty(*value),
                        reads: vec![self.text(*value)],
                        fused: Vec::new(),
                        writes: format!("`{}`", l.name),
                        // `rt::copy` splits an array copy over the cores.
                        parallel: if self.plan.fuse(f).rank(*value) > 0 {
                            "split over the longest axis".into()
                        } else {
                            "sequential".into()
                        },
                        inside: self.inside.clone(),
                        in_place_of: None,
                    });
                    if matches!(s, Stmt::Let { .. }) {
                        self.buffer(l.name.clone(), f.type_str(&l.ty), Rule::Copy, l.span);
                    }
                    return;
                }
                if !second {
                    // (A moment pair's second comes from its pair's kernel.)
                    self.set_writes(format!("`{}`", l.name));
                }
                if matches!(s, Stmt::Let { .. }) {
                    let reads = self.reads_count(*local);
                    let rule = if reads > 1 && !l.mutable {
                        Rule::SharedLocal { reads }
                    } else {
                        self.local_rule(*local)
                    };
                    self.buffer(l.name.clone(), f.type_str(&l.ty), rule, l.span);
                }
            }
            Stmt::LetTuple { value, .. } | Stmt::Return(value) | Stmt::Eval(value) => {
                self.expr(*value)
            }
            Stmt::AssignIndex {
                local,
                items,
                value,
            } => {
                for it in items {
                    let mut ops = Vec::new();
                    crate::ir::index_operands(it, &mut ops);
                    for o in ops {
                        self.expr(o);
                    }
                }
                let name = f.local(*local).name.clone();
                if self.plan.in_place.contains(value) {
                    self.map_root(*value);
                    self.set_writes(format!("`{name}[...]` in place"));
                } else {
                    let n_before = self.kernels.len();
                    self.expr(*value);
                    let fz = self.plan.fuse(f);
                    if fz.rank(*value) > 0 && self.kernels.len() > n_before {
                        let reads_target = {
                            let mut r = HashSet::new();
                            Uses::reads_of(f, *value, &self.plan.inlined, &mut r);
                            r.contains(local)
                        };
                        if reads_target {
                            self.buffer(
                                format!("right side of `{name}[...] = ...`"),
                                self.ty(*value),
                                Rule::AliasedAssignment,
                                f.span(*value),
                            );
                        }
                    }
                    let kind = if fz.rank(*value) == 0 {
                        KernelKind::Library("store a scalar".into())
                    } else {
                        KernelKind::Copy
                    };
                    self.kernels.push(Kernel {
                        kind,
                        span: f.span(*value),
                        domain: self.ty(*value),
                        reads: vec![self.text(*value)],
                        fused: Vec::new(),
                        writes: format!("`{name}[...]`"),
                        parallel: "sequential".into(),
                        inside: self.inside.clone(),
                        in_place_of: None,
                    });
                }
            }
            Stmt::For { var, lo, hi, body } => {
                self.expr(*lo);
                self.expr(*hi);
                let sweep = self.plan.sweeps.get(hi);
                let skew = match sweep {
                    Some(sw) => format!(" (time-skewed sweeps, radius {})", sw.radius),
                    None => String::new(),
                };
                self.inside
                    .push(format!("for {}{skew}", f.local(*var).name));
                let before = self.kernels.len();
                self.block(body);
                if sweep.is_some() {
                    for k in &mut self.kernels[before..] {
                        k.parallel = "blocks of rows, every statement and iteration in one \
                                      pass, levels split over the threads"
                            .into();
                    }
                }
                self.inside.pop();
            }
            Stmt::While { cond, body } => {
                self.inside.push("while".into());
                self.expr(*cond);
                self.block(body);
                self.inside.pop();
            }
        }
    }

    /// The read sites of a local (the same count the inlining rule uses).
    /// The distinct reads of a local: the same view of it written more than once in
    /// one statement (a stencil term, or the copies of slice pushdown) counts once,
    /// as the loop reads it once.
    fn reads_count(&self, l: crate::ir::LocalId) -> usize {
        let fz = self.plan.fuse(self.f);
        let mut seen = HashSet::new();
        self.uses.reads.get(&l).map_or(0, |r| {
            r.iter()
                .filter(|(pos, e)| {
                    let view = self.uses.parent.get(e).copied().unwrap_or(*e);
                    match fz.leaf_key(view) {
                        Some(k) => seen.insert((pos.block, pos.stmt, k)),
                        None => true,
                    }
                })
                .count()
        })
    }

    /// Whether evaluating `e` yields a fresh array (rather than a view of another).
    fn produces_owned(&self, e: ExprId) -> bool {
        let fz = self.plan.fuse(self.f);
        if fz.is_fusable(e) {
            return true;
        }
        match self.f.expr(e) {
            Expr::Local(_) | Expr::Transpose { .. } | Expr::Flip { .. } => false,
            Expr::Index { items, .. } => items.iter().any(|i| matches!(i, Index::Gather(_))),
            _ => true,
        }
    }

    /// A fused loop rooted at `e` (its forced sub-trees first).
    fn map_root(&mut self, e: ExprId) {
        let f = self.f;
        let fz = self.plan.fuse(f);
        let mut leaves = Vec::new();
        fz.root_leaves(e, &self.plan.forced, &mut leaves);
        let mut reads = Vec::new();
        for l in &leaves {
            if self.plan.forced.contains(l) && fz.is_fusable(*l) {
                self.map_root(*l);
                let why = self
                    .plan
                    .forced_why
                    .get(l)
                    .cloned()
                    .unwrap_or(Rule::LeafLimit);
                let t = self.text(*l);
                self.set_writes(format!("temporary `{t}`"));
                self.buffer(t, self.ty(*l), why, f.span(*l));
            } else {
                self.expr(*l);
            }
            let t = self.text(*l);
            if !reads.contains(&t) {
                reads.push(t);
            }
        }
        self.scalar_operands(e);
        let mut fused = Vec::new();
        fz.op_names(e, &self.plan.forced, &mut fused);
        let reused = leaves
            .iter()
            .find(|&&l| fz.reusable_leaf(e, l, &self.plan.forced))
            .map(|&l| self.text(l));
        self.push(KernelKind::Map, e, reads, fused);
        if let Some(k) = self.kernels.last_mut() {
            k.in_place_of = reused;
        }
    }

    /// The rank-0 operands inside a fused tree (computed once before the loop).
    fn scalar_operands(&mut self, e: ExprId) {
        let fz = self.plan.fuse(self.f);
        for o in fz.operands(e) {
            if fz.rank(o) == 0 {
                self.expr(o);
            } else if fz.is_fusable(o) && !self.plan.forced.contains(&o) {
                self.scalar_operands(o);
            }
        }
    }

    fn expr(&mut self, e: ExprId) {
        let f = self.f;
        let fz = self.plan.fuse(f);
        if fz.is_fusable(e) {
            if fz.rank(e) == 0 {
                for o in fz.operands(e) {
                    self.expr(o);
                }
            } else {
                self.map_root(e);
            }
            return;
        }
        match f.expr(e) {
            Expr::Const(_) | Expr::Local(_) | Expr::SizeValue(_) => {}
            Expr::Reduce { .. } if self.plan.moment_second(e).is_some() => {
                // Computed by its pair's kernel, with the mean.
            }
            Expr::Reduce { .. } if self.plan.moments.contains_key(&e) => {
                let p = &self.plan.moments[&e];
                let name = |x: ExprId| match f.expr(x) {
                    Expr::Reduce { op, .. } => op.name(),
                    _ => "?",
                };
                let reads = vec![self.text(p.x)];
                let ops = vec![
                    name(p.first).to_string(),
                    format!("{} of squared deviations", name(p.second)),
                ];
                self.push(KernelKind::Moments { axis: p.axis }, e, reads, ops);
                if let Some(k) = self.kernels.last_mut() {
                    k.span = f.span(p.first).to(f.span(p.second));
                }
            }
            Expr::Reduce { op, arg, axis, .. } => {
                let fused = fz.rank(*arg) > 0 && fz.is_fusable(*arg);
                let mut reads = Vec::new();
                let mut ops = Vec::new();
                if fused {
                    let mut leaves = Vec::new();
                    fz.root_leaves(*arg, &self.plan.forced, &mut leaves);
                    for l in &leaves {
                        if self.plan.forced.contains(l) && fz.is_fusable(*l) {
                            self.map_root(*l);
                        } else {
                            self.expr(*l);
                        }
                        reads.push(self.text(*l));
                    }
                    self.scalar_operands(*arg);
                    fz.op_names(*arg, &self.plan.forced, &mut ops);
                } else {
                    self.expr(*arg);
                    reads.push(self.text(*arg));
                }
                ops.insert(0, op.name().to_string());
                self.push(
                    KernelKind::Reduce {
                        op: op.name().to_string(),
                        axis: *axis,
                        fused,
                    },
                    e,
                    reads,
                    ops,
                );
            }
            Expr::If { cond, then, els } => {
                self.expr(*cond);
                self.block(then);
                self.block(els);
            }
            Expr::Index { base, items } => {
                self.expr(*base);
                for it in items {
                    let mut ops = Vec::new();
                    crate::ir::index_operands(it, &mut ops);
                    for o in ops {
                        self.expr(o);
                    }
                }
                if items.iter().any(|i| matches!(i, Index::Gather(_))) {
                    self.library("gather", e, vec![self.text(*base)]);
                }
            }
            Expr::MatMul { .. } if self.plan.matvec_pairs.contains_key(&e) => {
                // Both products at the first one met; nothing more at the second.
                let partner = self.plan.matvec_pairs[&e];
                if let (true, Some(p)) =
                    (self.paired.insert(e), super::matvec::parts(f, e, partner))
                {
                    self.paired.insert(partner);
                    // The operands, in the order the writer computes them.
                    for o in [p.a, p.x, p.y] {
                        self.expr(o);
                    }
                    let name = format!(
                        "matvec pair: {} and {}, one pass over the matrix",
                        self.text(p.ax),
                        self.text(p.ya)
                    );
                    let reads = vec![self.text(p.a), self.text(p.x), self.text(p.y)];
                    self.library(&name, e, reads);
                    if let Some(k) = self.kernels.last_mut() {
                        k.span = f.span(p.ax).to(f.span(p.ya));
                    }
                }
            }
            Expr::Transpose { arg, .. } | Expr::Flip { arg, .. } => self.expr(*arg),
            Expr::Tuple(xs) => {
                for x in xs {
                    self.expr(*x);
                }
            }
            other => {
                let ops = other.operands();
                let mut reads = Vec::new();
                for o in &ops {
                    self.expr(*o);
                    if fz.rank(*o) > 0 {
                        reads.push(self.text(*o));
                    }
                }
                let name = match other {
                    Expr::Scan { op, .. } => format!("{op:?}").to_lowercase(),
                    Expr::MatMul { .. } => "matmul (faer GEMM)".into(),
                    Expr::Fill { .. } => "fill".into(),
                    Expr::Arange { .. } => "arange".into(),
                    Expr::Linspace { .. } => "linspace".into(),
                    Expr::Eye { .. } => "eye".into(),
                    Expr::Reshape { .. } => "reshape".into(),
                    Expr::Concat { .. } => "concat".into(),
                    Expr::Stack { .. } => "stack".into(),
                    Expr::Call { .. } => "call".into(),
                    Expr::Map { .. } => "function applied elementwise".into(),
                    _ => "operation".into(),
                };
                let name = match other {
                    Expr::Call { .. } | Expr::Map { .. } => {
                        format!("{name}: {}", self.text(e))
                    }
                    _ => name,
                };
                if fz.rank(e) > 0 || matches!(other, Expr::MatMul { .. }) {
                    self.library(&name, e, reads);
                }
            }
        }
    }

    fn library(&mut self, name: &str, e: ExprId, reads: Vec<String>) {
        self.push(KernelKind::Library(name.to_string()), e, reads, Vec::new());
    }
}

/// How the runtime splits a library call over the cores (`rt::concat`, `rt::scan`, ...).
fn library_parallel(name: &str) -> &'static str {
    match name.split(':').next().unwrap_or(name) {
        n if n.starts_with("matmul") => "library (faer)",
        "matvec pair" => "over slices of the matrix's rows, summed in order",
        "concat" | "stack" => "each part copied in pieces along one axis",
        "cumsum" | "cumprod" => "over lanes (each lane scanned in order)",
        "fill" => "split over the longest axis",
        "reshape" => "a copy split over the longest axis (none if already in C order)",
        "gather" => "over gathered rows of a contiguous array, else sequential",
        n if n.starts_with("call") => "as the called function's own kernels",
        _ => "sequential",
    }
}

fn kind_str(k: &KernelKind) -> String {
    match k {
        KernelKind::Map => "fused loop".into(),
        KernelKind::Reduce { op, axis, fused } => {
            let ax = match axis {
                Some(a) => format!(" along axis {a}"),
                None => String::new(),
            };
            if *fused {
                format!("fused `{op}`{ax}")
            } else {
                format!("`{op}`{ax} of an array")
            }
        }
        KernelKind::RowGroup { reductions, loops } => format!(
            "row group ({reductions} row reduction{}, {loops} row loop{})",
            if *reductions == 1 { "" } else { "s" },
            if *loops == 1 { "" } else { "s" }
        ),
        KernelKind::Moments { axis: Some(a) } => {
            format!("mean and squared deviations along axis {a}, one pass")
        }
        KernelKind::Moments { axis: None } => {
            "mean and squared deviations of all elements, one pass".into()
        }
        KernelKind::Library(n) => format!("library: {n}"),
        KernelKind::Copy => "copy".into(),
    }
}

/// The plan of one function as text (`arrc explain`).
pub fn text(plan: &FnPlan, src: &str, source_name: &str) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "function `{}` ({source_name}): {} kernel{}, {} materialized buffer{}",
        plan.name,
        plan.kernels.len(),
        if plan.kernels.len() == 1 { "" } else { "s" },
        plan.buffers.len(),
        if plan.buffers.len() == 1 { "" } else { "s" },
    );
    for (i, k) in plan.kernels.iter().enumerate() {
        let _ = writeln!(
            s,
            "\nkernel {i}: {} over {} — {}",
            kind_str(&k.kind),
            k.domain,
            k.span.lines_text(src)
        );
        if !k.inside.is_empty() {
            let _ = writeln!(s, "  inside:   {}", k.inside.join(" > "));
        }
        if !k.fused.is_empty() {
            let _ = writeln!(s, "  fuses:    {}", k.fused.join(", "));
        }
        if !k.reads.is_empty() {
            let _ = writeln!(s, "  reads:    {}", k.reads.join(", "));
        }
        if !k.writes.is_empty() {
            let _ = writeln!(s, "  writes:   {}", k.writes);
        }
        if let Some(x) = &k.in_place_of {
            let _ = writeln!(
                s,
                "  in place: in the buffer of `{x}` (a fresh result of the same type, read only here)"
            );
        }
        let _ = writeln!(s, "  parallel: {}", k.parallel);
    }
    if !plan.buffers.is_empty() {
        let _ = writeln!(s, "\nmaterialized buffers:");
        for b in &plan.buffers {
            let _ = writeln!(
                s,
                "  {} : {} ({}) — {}",
                b.name,
                b.ty,
                b.span.lines_text(src),
                b.rule.describe()
            );
        }
    }
    s
}

fn dot_str(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// The plan of one function as a Graphviz digraph: kernels are boxes, inputs and
/// buffers ellipses, edges the data flow.
pub fn dot(plan: &FnPlan, src: &str) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "digraph \"{}\" {{", dot_str(&plan.name));
    let _ = writeln!(s, "  rankdir=LR;");
    let _ = writeln!(s, "  node [fontname=\"monospace\", fontsize=10];");
    let mut nodes: Vec<String> = Vec::new();
    let mut node = |name: &str, s: &mut String| -> String {
        if let Some(i) = nodes.iter().position(|n| n == name) {
            return format!("d{i}");
        }
        nodes.push(name.to_string());
        let id = format!("d{}", nodes.len() - 1);
        let _ = writeln!(s, "  {id} [shape=ellipse, label=\"{}\"];", dot_str(name));
        id
    };
    for (i, k) in plan.kernels.iter().enumerate() {
        let mut label = format!(
            "kernel {i}: {}\\n{}",
            kind_str(&k.kind),
            k.span.lines_text(src)
        );
        if !k.fused.is_empty() {
            label.push_str(&format!("\\nfuses: {}", k.fused.join(", ")));
        }
        let _ = writeln!(
            s,
            "  k{i} [shape=box, style=rounded, label=\"{}\"];",
            dot_str(&label).replace("\\\\n", "\\n")
        );
        for r in &k.reads {
            let id = node(r, &mut s);
            let _ = writeln!(s, "  {id} -> k{i};");
        }
        if !k.writes.is_empty() {
            let id = node(&k.writes.replace('`', ""), &mut s);
            let _ = writeln!(s, "  k{i} -> {id};");
        }
    }
    s.push_str("}\n");
    s
}
