//! The kernel plan: every fusion and materialization decision, made once per function
//! on the checked array IR, before any writer runs.
//!
//! First, [`prepare`] rewrites a copy of the function; the writers generate code from
//! that copy, and the interpreter runs the original:
//!
//! * [`cse::share_reductions`] (*pass 0a, shared reductions*): a `sum` or `mean` that
//!   one statement repeats is computed once, in a new `let` (the z-score's `mean(x)`).
//! * [`stencil::push_slices`] (*pass 0b, slice pushdown*): a cheap elementwise `let`
//!   read only through shifted slices (a stencil's fluxes) is replaced at each read by
//!   its value, with the slice pushed into the leaves. The consumer's loop computes it
//!   instead of reading it from memory.
//!
//! The planner then runs these passes, in order (each one a function below):
//!
//! 1. [`inline_locals`] — *materialization rule* for `let` bindings. A local is stored
//!    in memory unless it is inlined into its consumer's loop. It is inlined when
//!    recomputing it costs nothing extra: its value is an elementwise float expression,
//!    it is read in one later statement of the same block (not inside a loop body that
//!    would recompute it per iteration), no statement in between writes a local it
//!    reads, and the consuming loop runs over exactly the local's shape (a consumer that
//!    broadcasts it to a bigger shape would recompute every element many times). It may
//!    be read several times there when every read is a whole-array operand of that one
//!    loop (`where(r * d > 0.0, 0.0, r)`): the loop computes it once per element (a
//!    `let` inside the loop body). A local read by several loops, or through a slice, is
//!    materialized: recomputing an elementwise tree per read costs its arithmetic (often
//!    transcendental) again, while storing it costs one write and one read of memory per
//!    use.
//! 2. [`choose_forced`] — within each fused elementwise tree, sub-trees that must be
//!    materialized: integer divisors and exponents (checked for zero/negative before the
//!    loop, as the interpreter does) and, when a loop would read more than
//!    [`MAX_LEAVES`] arrays, the operand sub-tree with the most leaves.
//! 3. [`rows::find_groups`] — *row groups*: consecutive `let`s and a final value over the
//!    same domain `[.., m]` that meet only through reductions along the last axis (row
//!    softmax, layer normalization) become one parallel loop over rows: each row is
//!    reduced and written while it is in cache; intermediate row vectors live in a
//!    per-thread scratch row, never in a whole array.
//! 4. [`moments::find_pairs`] — *moment pairs*: `let mu = mean(x, axis=k)` and a later
//!    `mean((x - mu[newaxis, :]) ** 2, axis=k)` (NumPy's mean and variance), or the same
//!    written inline or over all elements, are computed by one kernel that reads `x`
//!    once, not twice.
//! 5. [`in_place_assignments`] — `x[s] = e` with an elementwise right side that reads `x`
//!    only as the region `x[s]` itself (through inlined locals too) is computed directly
//!    into the region of `x`: no temporary, and loop-carried arrays (`for t { b[..] =
//!    f(a); a[..] = g(b); }`) allocate nothing per iteration. A read of the region is the
//!    element's old value, read where it is written (`x[1:] -= e`). Likewise `x = e` of
//!    `x`'s own type (`u = u + dt * f(v)`) reuses `x`'s buffer. A right side that reads
//!    another part of `x` goes through a temporary, so `a[1:] = a[:-1]` keeps NumPy's
//!    semantics.
//! 6. [`matvec::find_pairs`] — *matrix–vector pairs*: `a @ x` and `y @ a` in one
//!    statement read `a` once, in one kernel.
//!
//! The result, [`FnPlan`], holds those decisions (which the Rust writer follows) and the
//! list of kernels and buffers that `arrc explain` prints ([`print`]).

pub mod cse;
pub mod fuse;
pub mod matvec;
pub mod moments;
pub mod print;
mod rewrite;
pub mod rows;
pub mod stencil;
pub mod sweeps;
pub mod uses;

pub use fuse::{Fuse, MAX_LEAVES};

use crate::ir::{
    BinaryOp, Block, DType, Expr, ExprId, FuncId, Function, Index, LocalId, Module, Stmt,
};
use crate::span::Span;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use uses::Uses;

/// Why an array is materialized (stored in memory) instead of recomputed where used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rule {
    /// A `let` whose value is read several times (see the module docs).
    SharedLocal { reads: usize },
    /// A `let` that cannot be inlined for another reason (stated).
    Local(&'static str),
    /// Split off because one loop reads at most [`MAX_LEAVES`] arrays.
    LeafLimit,
    /// An integer divisor or exponent, checked before the loop that uses it.
    IntegerCheck,
    /// The right side of `x[s] = e` that reads `x`: computed completely first.
    AliasedAssignment,
    /// The result of an operation that is not a loop over elements (matrix multiply,
    /// scan, concatenation, ...), computed by a library kernel.
    Library,
    /// A copy of an array that a mutable local takes over.
    Copy,
    /// The function's result.
    Result,
}

impl Rule {
    pub fn describe(&self) -> String {
        match self {
            Rule::SharedLocal { reads } => {
                format!(
                    "`let` read {reads} times: storing it is cheaper than recomputing it per read"
                )
            }
            Rule::Local(why) => format!("`let` materialized: {why}"),
            Rule::LeafLimit => format!("split off: one loop reads at most {MAX_LEAVES} arrays"),
            Rule::IntegerCheck => {
                "integer divisor/exponent: checked for zero/negative values before the loop".into()
            }
            Rule::AliasedAssignment => {
                "right side reads the assigned array: computed completely before writing".into()
            }
            Rule::Library => "result of a library kernel".into(),
            Rule::Copy => "a copy the mutable local owns".into(),
            Rule::Result => "the function's result".into(),
        }
    }
}

/// What a kernel does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KernelKind {
    /// One fused loop over the elements of its domain.
    Map,
    /// A fused reduction (`fused: true`: of an elementwise tree, with no temporary).
    Reduce {
        op: String,
        axis: Option<usize>,
        fused: bool,
    },
    /// One parallel loop over rows computing row reductions and row loops.
    RowGroup { reductions: usize, loops: usize },
    /// A mean along `axis` (`None`: over all elements) and the reduction of squared
    /// deviations from it, in one pass over the input (a moment pair).
    Moments { axis: Option<usize> },
    /// A library kernel (matrix multiply, scan, gather, ...).
    Library(String),
    /// Copies an array (into a mutable local, or a region).
    Copy,
}

/// One kernel of the plan.
#[derive(Debug, Clone)]
pub struct Kernel {
    pub kind: KernelKind,
    /// The source it covers.
    pub span: Span,
    /// The domain (type) it runs over.
    pub domain: String,
    /// The arrays it reads (source text).
    pub reads: Vec<String>,
    /// The operations fused into it.
    pub fused: Vec<String>,
    /// What it writes: a buffer, a region of a local (in place), or a scalar.
    pub writes: String,
    /// How it runs in parallel.
    pub parallel: String,
    /// Inside which loops (`for t`, `while`), outermost first.
    pub inside: Vec<String>,
    /// A fused loop that writes its result into the buffer of one of its operands (a
    /// fresh library result of the same type, [`Fuse::reusable_leaf`]): that operand.
    pub in_place_of: Option<String>,
}

/// A materialized array of the plan.
#[derive(Debug, Clone)]
pub struct Buffer {
    pub name: String,
    pub ty: String,
    pub rule: Rule,
    pub span: Span,
}

/// The plan of one function.
#[derive(Debug, Clone, Default)]
pub struct FnPlan {
    pub name: String,
    /// Locals computed inside their consumer's loop, with their values.
    pub inlined: HashMap<LocalId, ExprId>,
    /// Scalar functions of the module computed inside loops when applied elementwise.
    pub ufuncs: HashMap<FuncId, String>,
    /// Elementwise sub-trees materialized before the loop that reads them.
    pub forced: HashSet<ExprId>,
    /// Why each forced sub-tree is materialized.
    pub forced_why: HashMap<ExprId, Rule>,
    /// Row groups, keyed by the value handle of their first member.
    pub row_groups: HashMap<ExprId, rows::RowGroup>,
    /// Means computed together with the squared deviations from them: `let`-bound
    /// pairs keyed by the mean's expression, inline pairs by the second's.
    pub moments: HashMap<ExprId, moments::MomentPair>,
    /// `x[s] = e` statements (keyed by `e`) computed directly into `x`.
    pub in_place: HashSet<ExprId>,
    /// `a @ x` and `y @ a` computed together in one pass over `a`, keyed both ways.
    pub matvec_pairs: HashMap<ExprId, ExprId>,
    /// `for` loops of stencil sweeps run time-skewed, keyed by the loop's upper bound.
    pub sweeps: HashMap<ExprId, sweeps::SweepLoop>,
    /// `let mut b = a;` / `b = a;` values (keyed by the read of `a`) that move `a`'s
    /// buffer instead of copying it: `a` is read nowhere else and never written.
    pub moves: HashSet<ExprId>,
    pub kernels: Vec<Kernel>,
    pub buffers: Vec<Buffer>,
    /// Text for expressions the planner made (the views of [`stencil`]'s pushed copies),
    /// which have no source text of their own.
    pub texts: HashMap<ExprId, String>,
}

impl FnPlan {
    pub fn fuse<'a>(&'a self, f: &'a Function) -> Fuse<'a> {
        Fuse {
            f,
            inlined: &self.inlined,
            ufuncs: &self.ufuncs,
        }
    }

    /// The `let`-bound moment pair whose second (the reduction of squared deviations)
    /// is `e`.
    pub fn moment_second(&self, e: ExprId) -> Option<&moments::MomentPair> {
        self.moments.values().find(|p| !p.inline && p.second == e)
    }
}

/// The plan of every function of a module, in module order.
#[derive(Debug, Clone, Default)]
pub struct ModulePlan {
    pub functions: Vec<FnPlan>,
}

/// Plans every function of `module` as the writers do ([`prepare`]; `src` is its
/// source, for the kernels' text). The plans' handles refer to the prepared functions,
/// which are not kept: this is for the printout and for counting kernels.
pub fn plan_module(module: &Module, src: &str) -> ModulePlan {
    ModulePlan {
        functions: module
            .functions
            .iter()
            .map(|f| prepare(module, f, src).1)
            .collect(),
    }
}

/// Prepares one function of `module` for a writer: shared reductions ([`cse`]) and slice
/// pushdown ([`stencil`]), then the plan of the result. Writers generate code from the returned function, which is
/// `f` itself when the pushdown changed nothing.
pub fn prepare<'f>(module: &Module, f: &'f Function, src: &str) -> (Cow<'f, Function>, FnPlan) {
    let mut g = match cse::share_reductions(f) {
        Some(h) => Cow::Owned(h),
        None => Cow::Borrowed(f),
    };
    let mut texts = HashMap::new();
    if let Some(p) = stencil::push_slices(&g, &simple_ufuncs(module)) {
        texts = p.texts;
        g = Cow::Owned(p.f);
    }
    let plan = plan_with_texts(module, &g, src, texts);
    (g, plan)
}

/// Plans one function of `module` as written: the passes of the module docs, then the
/// kernel list.
pub fn plan_function(module: &Module, f: &Function, src: &str) -> FnPlan {
    plan_with_texts(module, f, src, HashMap::new())
}

fn plan_with_texts(
    module: &Module,
    f: &Function,
    src: &str,
    texts: HashMap<ExprId, String>,
) -> FnPlan {
    let uses = Uses::of(f);
    let mut plan = FnPlan {
        name: f.name.clone(),
        ufuncs: simple_ufuncs(module),
        texts,
        ..FnPlan::default()
    };
    plan.inlined = inline_locals(f, &uses, &plan.ufuncs);
    choose_forced(f, &mut plan);
    plan.row_groups = rows::find_groups(f, &uses, &plan);
    plan.moments = moments::find_pairs(f, &plan);
    plan.matvec_pairs = matvec::find_pairs(f);
    // (Moves first: a local whose buffer is moved is not updated in place.)
    plan.moves = moves(f, &uses);
    plan.in_place = in_place_assignments(f, &plan);
    plan.sweeps = sweeps::find_sweeps(f, &plan);
    let mut k = print::KernelWalk::new(f, src, &plan, &uses);
    k.function();
    let (kernels, buffers) = k.finish();
    plan.kernels = kernels;
    plan.buffers = buffers;
    plan
}

fn is_float(f: &Function, e: ExprId) -> bool {
    f.ty(e)
        .as_value()
        .is_some_and(|t| matches!(t.dtype, crate::ir::DType::F32 | crate::ir::DType::F64))
}

/// `:` (a whole axis) as an index item.
fn is_full_slice(i: &Index) -> bool {
    matches!(
        i,
        Index::Slice {
            start: None,
            stop: None,
            step: 1
        }
    )
}

/// The expression a statement evaluates (each time it runs); `None` for loops.
fn stmt_value(s: &Stmt) -> Option<ExprId> {
    match s {
        Stmt::Let { value, .. }
        | Stmt::Assign { value, .. }
        | Stmt::LetTuple { value, .. }
        | Stmt::AssignIndex { value, .. }
        | Stmt::Return(value)
        | Stmt::Eval(value) => Some(*value),
        Stmt::For { .. } | Stmt::While { .. } => None,
    }
}

/// Pass 1: the locals to inline (module docs, rule 1).
pub fn inline_locals(
    f: &Function,
    uses: &Uses,
    ufuncs: &HashMap<FuncId, String>,
) -> HashMap<LocalId, ExprId> {
    let mut inlined: HashMap<LocalId, ExprId> = HashMap::new();
    // Definitions in source order, so that chains (`let a = ..; let b = a + 1;`) see
    // earlier decisions.
    let mut defs: Vec<(LocalId, uses::Pos, ExprId)> =
        uses.def.iter().map(|(l, (p, v))| (*l, *p, *v)).collect();
    defs.sort_by_key(|(_, p, v)| (p.block, p.stmt, v.index()));
    for (l, pos, value) in defs {
        let local = f.local(l);
        if local.mutable || local.ty.is_scalar() {
            continue;
        }
        let fz = Fuse {
            f,
            inlined: &inlined,
            ufuncs,
        };
        if !fz.is_elementwise_op(value) || !is_float(f, value) {
            continue;
        }
        let reads = uses.reads.get(&l).map(|r| r.as_slice()).unwrap_or(&[]);
        let Some(&(use_pos, use_e)) = reads.first() else {
            continue;
        };
        if use_pos.block != pos.block || use_pos.stmt <= pos.stmt {
            continue;
        }
        if reads.len() > 1 && !one_loop_reads(&fz, uses, reads, use_pos) {
            continue;
        }
        // Nothing in between writes what the value reads.
        let mut reads_of = HashSet::new();
        Uses::reads_of(f, value, &inlined, &mut reads_of);
        let clobbered = (pos.stmt + 1..use_pos.stmt).any(|s| {
            uses.writes_in
                .get(&uses::Pos {
                    block: pos.block,
                    stmt: s,
                })
                .is_some_and(|w| w.iter().any(|x| reads_of.contains(x)))
        });
        if clobbered {
            continue;
        }
        // The consuming loop's domain is the local's shape.
        let root = loop_root(&fz, uses, use_e);
        let same_domain = f.ty(root).as_value().map(|t| &t.shape) == Some(&local.ty.shape);
        if same_domain {
            inlined.insert(l, value);
        }
    }
    inlined
}

/// The root of the fused elementwise tree around `e` (`e` itself when its parent is not
/// elementwise).
fn loop_root(fz: &Fuse, uses: &Uses, e: ExprId) -> ExprId {
    let mut root = e;
    while let Some(p) = uses.parent.get(&root) {
        if fz.is_elementwise_op(*p) {
            root = *p;
        } else {
            break;
        }
    }
    root
}

/// Whether several reads of a local are all whole-array operands of one fused loop in
/// the statement at `pos` (so inlining it computes it once per element there).
fn one_loop_reads(fz: &Fuse, uses: &Uses, reads: &[(uses::Pos, ExprId)], pos: uses::Pos) -> bool {
    let whole = |e: ExprId| {
        uses.parent
            .get(&e)
            .is_some_and(|p| fz.is_elementwise_op(*p))
    };
    let root = loop_root(fz, uses, reads[0].1);
    reads
        .iter()
        .all(|&(p, e)| p == pos && whole(e) && loop_root(fz, uses, e) == root)
}

/// Scalar functions that loops compute inline when they are applied elementwise to
/// arrays (`relu(x @ w + b)`, `haversine(lat[:, newaxis], ...)`): every parameter and
/// the result scalar, and the body only `let`s and a value built from parameters,
/// constants and elementwise operations that cannot fail (no integer `/`, `%`, `**`, no
/// `if`, no calls). Anything else is applied by a checked call per element.
pub fn simple_ufuncs(module: &Module) -> HashMap<FuncId, String> {
    let mut out = HashMap::new();
    for (i, f) in module.functions.iter().enumerate() {
        if f.result_is_tuple
            || f.results.len() != 1
            || !f.results[0].is_scalar()
            || f.params.iter().any(|p| !p.ty.is_scalar())
            || f.body.value.is_none()
        {
            continue;
        }
        let lets_ok = f.body.stmts.iter().all(|s| match s {
            Stmt::Let { local, value } => {
                f.local(*local).ty.is_scalar() && scalar_expr_ok(f, *value)
            }
            _ => false,
        });
        if lets_ok && f.body.value.is_some_and(|v| scalar_expr_ok(f, v)) {
            out.insert(FuncId(i as u32), f.name.clone());
        }
    }
    out
}

fn scalar_expr_ok(f: &Function, e: ExprId) -> bool {
    scalar_op_ok(f, e)
        && f.expr(e)
            .operands()
            .into_iter()
            .all(|o| scalar_expr_ok(f, o))
}

/// The operation at `e` itself (not its operands) is one [`scalar_expr_ok`] allows: a
/// constant, a local, arithmetic other than integer division, a math function, a cast.
fn scalar_op_ok(f: &Function, e: ExprId) -> bool {
    match f.expr(e) {
        Expr::Const(_) | Expr::Local(_) | Expr::Unary { .. } | Expr::Math { .. } => true,
        Expr::Cast { .. } => true,
        Expr::Binary { op, lhs, .. } => {
            let int = matches!(
                f.ty(*lhs).as_value().map(|t| t.dtype),
                Some(DType::I32 | DType::I64)
            );
            !(op.is_logical() || int && matches!(op, BinaryOp::Div | BinaryOp::Rem | BinaryOp::Pow))
        }
        _ => false,
    }
}

/// Pass 5: copies elided. `let mut b = a;` (or `b = a;`) of an array local `a` that is
/// read only there, in the block that defines it (so not once per iteration of a loop
/// around the read), and never written, hands `a`'s buffer to `b`.
pub fn moves(f: &Function, uses: &Uses) -> HashSet<ExprId> {
    let written: HashSet<LocalId> = uses.writes_in.values().flatten().copied().collect();
    let mut out = HashSet::new();
    for (l, reads) in &uses.reads {
        let [(pos, e)] = reads.as_slice() else {
            continue;
        };
        if f.local(*l).ty.is_scalar() || written.contains(l) {
            continue;
        }
        let Some((def_pos, _)) = uses.def.get(l) else {
            continue;
        };
        if def_pos.block != pos.block {
            continue;
        }
        // The read must be the whole value of a `let`/assignment.
        if uses.parent.contains_key(e) {
            continue;
        }
        if is_local_value(&f.body, *e) {
            out.insert(*e);
        }
    }
    out
}

fn is_local_value(b: &Block, e: ExprId) -> bool {
    b.stmts.iter().any(|s| match s {
        Stmt::Let { value, .. } | Stmt::Assign { value, .. } => *value == e,
        Stmt::For { body, .. } | Stmt::While { body, .. } => is_local_value(body, e),
        _ => false,
    })
}

/// Pass 2: materialized sub-trees of every fused tree (module docs, rule 2).
pub fn choose_forced(f: &Function, plan: &mut FnPlan) {
    let mut forced = HashSet::new();
    let mut why = HashMap::new();
    {
        let fz = plan.fuse(f);
        // Every maximal fusable tree: a fusable expression whose parent is not an
        // elementwise operation (roots), found by walking all expressions.
        let mut is_child = HashSet::new();
        for (i, e) in f.exprs.iter().enumerate() {
            let id = ExprId(i as u32);
            if fz.is_elementwise_op(id) {
                is_child.extend(e.operands());
            }
        }
        is_child.extend(plan.inlined.values().copied());
        for i in 0..f.exprs.len() {
            let id = ExprId(i as u32);
            if fz.is_fusable(id) && !is_child.contains(&id) {
                fz.choose_forced(id, &mut forced, &mut why);
            }
        }
    }
    plan.forced = forced;
    plan.forced_why = why;
}

/// Pass 4: `x[s] = e` statements computed in place (module docs, rule 4).
pub fn in_place_assignments(f: &Function, plan: &FnPlan) -> HashSet<ExprId> {
    let mut out = HashSet::new();
    fn walk(f: &Function, plan: &FnPlan, b: &Block, out: &mut HashSet<ExprId>) {
        for s in &b.stmts {
            match s {
                Stmt::AssignIndex {
                    local,
                    items,
                    value,
                } => {
                    if in_place_ok(f, plan, *local, items, *value) {
                        out.insert(*value);
                    }
                    walk_expr_blocks(f, plan, *value, out);
                }
                Stmt::Assign { local, value } => {
                    if whole_in_place_ok(f, plan, *local, *value) {
                        out.insert(*value);
                    }
                    walk_expr_blocks(f, plan, *value, out);
                }
                Stmt::For { body, .. } | Stmt::While { body, .. } => walk(f, plan, body, out),
                Stmt::Let { value, .. }
                | Stmt::LetTuple { value, .. }
                | Stmt::Return(value)
                | Stmt::Eval(value) => walk_expr_blocks(f, plan, *value, out),
            }
        }
        if let Some(v) = b.value {
            walk_expr_blocks(f, plan, v, out);
        }
    }
    fn walk_expr_blocks(f: &Function, plan: &FnPlan, e: ExprId, out: &mut HashSet<ExprId>) {
        if let Expr::If { then, els, .. } = f.expr(e) {
            walk(f, plan, then, out);
            walk(f, plan, els, out);
        }
        for o in f.expr(e).operands() {
            walk_expr_blocks(f, plan, o, out);
        }
    }
    walk(f, plan, &f.body, &mut out);
    out
}

/// The region rank of `x[items]` for a local of rank `rank`.
pub fn region_rank(rank: usize, items: &[Index]) -> usize {
    let at = items.iter().filter(|i| matches!(i, Index::At(_))).count();
    let new = items.iter().filter(|i| matches!(i, Index::NewAxis)).count();
    (rank + new).saturating_sub(at)
}

fn in_place_ok(
    f: &Function,
    plan: &FnPlan,
    local: LocalId,
    items: &[Index],
    value: ExprId,
) -> bool {
    let fz = plan.fuse(f);
    if !fz.is_fusable(value) || fz.rank(value) == 0 || plan.forced.contains(&value) {
        return false;
    }
    if items.iter().any(|i| matches!(i, Index::Gather(_))) {
        return false;
    }
    let lt = &f.local(local).ty;
    if fz.rank(value) > region_rank(lt.rank(), items) {
        return false;
    }
    reads_only_region(&fz, f, plan, value, local, Some(items))
}

/// `x = e` for an array `x` and an elementwise `e` of exactly `x`'s type that reads `x`
/// only elementwise at the same positions (`u = u + dt * f(v)`): computed into `x`'s own
/// buffer, without a new array per assignment. Not for a local whose buffer some other
/// statement takes over (a move), which must stay a whole value.
fn whole_in_place_ok(f: &Function, plan: &FnPlan, local: LocalId, value: ExprId) -> bool {
    let fz = plan.fuse(f);
    let lt = &f.local(local).ty;
    if lt.rank() == 0
        || !fz.is_fusable(value)
        || plan.forced.contains(&value)
        || f.types.get(value.index()).and_then(|t| t.as_value()) != Some(lt)
    {
        return false;
    }
    let moved = plan
        .moves
        .iter()
        .any(|e| matches!(f.expr(*e), Expr::Local(l) if *l == local));
    !moved && reads_only_region(&fz, f, plan, value, local, None)
}

/// Whether the fused tree at `e` reads `local` only as leaves that are exactly the
/// assigned region `local[items]` (the whole of `local` for `None`): each such element
/// is then read at the position it is written to, before it is written (the writer
/// passes it to the loop as the target's old value), so computing in place gives what a
/// temporary would.
fn reads_only_region(
    fz: &fuse::Fuse<'_>,
    f: &Function,
    plan: &FnPlan,
    e: ExprId,
    local: LocalId,
    items: Option<&[Index]>,
) -> bool {
    if fz.rank(e) > 0 {
        if fz.is_fusable(e) && !plan.forced.contains(&e) {
            return fz
                .operands(e)
                .into_iter()
                .all(|o| reads_only_region(fz, f, plan, o, local, items));
        }
        let aligned = match items {
            Some(items) => fz.is_region_read(e, local, items),
            None => matches!(f.expr(e), Expr::Local(l) if *l == local),
        };
        if aligned {
            return true;
        }
    }
    let mut reads = HashSet::new();
    Uses::reads_of(f, e, &plan.inlined, &mut reads);
    !reads.contains(&local)
}
