//! Where each local is defined, read and written: the facts the planner's inlining and
//! aliasing rules need.

use crate::ir::{Block, Expr, ExprId, Function, Index, LocalId, Stmt};
use std::collections::{HashMap, HashSet};

/// A position: statement `stmt` of block `block` (`stmt == stmts.len()` is the block's
/// value). Blocks are numbered in walk order; nested blocks (loop bodies, `if` branches,
/// `while` conditions) get their own numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Pos {
    pub block: usize,
    pub stmt: usize,
}

#[derive(Debug, Default)]
pub struct Uses {
    /// The `let` that defines each local (none for parameters and loop variables).
    pub def: HashMap<LocalId, (Pos, ExprId)>,
    /// Every read of each local: its position and the `Expr::Local` handle.
    pub reads: HashMap<LocalId, Vec<(Pos, ExprId)>>,
    /// Locals written (assigned, index-assigned, bound by `for` or `let (..)`) anywhere
    /// inside each statement, nested blocks included.
    pub writes_in: HashMap<Pos, HashSet<LocalId>>,
    /// The parent of each expression handle (within expressions, not across statements).
    pub parent: HashMap<ExprId, ExprId>,
    /// The position of the statement each root expression belongs to.
    pub root_pos: HashMap<ExprId, Pos>,
    next_block: usize,
}

impl Uses {
    pub fn of(f: &Function) -> Uses {
        let mut u = Uses::default();
        u.block(f, &f.body);
        u
    }

    fn block(&mut self, f: &Function, b: &Block) -> usize {
        let id = self.next_block;
        self.next_block += 1;
        for (i, s) in b.stmts.iter().enumerate() {
            let pos = Pos { block: id, stmt: i };
            let mut writes = HashSet::new();
            self.stmt(f, s, pos, &mut writes);
            self.writes_in.insert(pos, writes);
        }
        if let Some(v) = b.value {
            let pos = Pos {
                block: id,
                stmt: b.stmts.len(),
            };
            let mut writes = HashSet::new();
            self.expr(f, v, pos, &mut writes);
            self.writes_in.insert(pos, writes);
        }
        id
    }

    fn stmt(&mut self, f: &Function, s: &Stmt, pos: Pos, writes: &mut HashSet<LocalId>) {
        match s {
            Stmt::Let { local, value } => {
                self.expr(f, *value, pos, writes);
                self.def.insert(*local, (pos, *value));
            }
            Stmt::Assign { local, value } => {
                self.expr(f, *value, pos, writes);
                writes.insert(*local);
            }
            Stmt::LetTuple { locals, value } => {
                self.expr(f, *value, pos, writes);
                writes.extend(locals.iter().copied());
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
                        self.expr(f, o, pos, writes);
                    }
                }
                self.expr(f, *value, pos, writes);
                writes.insert(*local);
            }
            Stmt::For { var, lo, hi, body } => {
                self.expr(f, *lo, pos, writes);
                self.expr(f, *hi, pos, writes);
                writes.insert(*var);
                let inner = self.block(f, body);
                self.collect_writes(inner, writes);
            }
            Stmt::While { cond, body } => {
                // The condition runs once per iteration: it is its own (nested) block.
                let cid = self.next_block;
                self.next_block += 1;
                let cpos = Pos {
                    block: cid,
                    stmt: 0,
                };
                self.expr(f, *cond, cpos, writes);
                let inner = self.block(f, body);
                self.collect_writes(inner, writes);
            }
            Stmt::Return(e) | Stmt::Eval(e) => self.expr(f, *e, pos, writes),
        }
    }

    fn collect_writes(&self, block: usize, writes: &mut HashSet<LocalId>) {
        for (p, w) in &self.writes_in {
            if p.block == block {
                writes.extend(w.iter().copied());
            }
        }
    }

    fn expr(&mut self, f: &Function, e: ExprId, pos: Pos, writes: &mut HashSet<LocalId>) {
        self.root_pos.entry(e).or_insert(pos);
        match f.expr(e) {
            Expr::Local(l) => self.reads.entry(*l).or_default().push((pos, e)),
            Expr::If { cond, then, els } => {
                self.parent.insert(*cond, e);
                self.expr(f, *cond, pos, writes);
                for b in [then, els] {
                    let id = self.block(f, b);
                    self.collect_writes(id, writes);
                }
            }
            Expr::Index { base, items } => {
                self.parent.insert(*base, e);
                self.expr(f, *base, pos, writes);
                for it in items {
                    if let Index::At(x) | Index::Gather(x) = it {
                        self.parent.insert(*x, e);
                        self.expr(f, *x, pos, writes);
                    } else {
                        let mut ops = Vec::new();
                        crate::ir::index_operands(it, &mut ops);
                        for o in ops {
                            self.parent.insert(o, e);
                            self.expr(f, o, pos, writes);
                        }
                    }
                }
            }
            other => {
                for o in other.operands() {
                    self.parent.insert(o, e);
                    self.expr(f, o, pos, writes);
                }
            }
        }
    }

    /// The locals the expression at `e` reads (through inlined locals' values too).
    pub fn reads_of(
        f: &Function,
        e: ExprId,
        inlined: &HashMap<LocalId, ExprId>,
        out: &mut HashSet<LocalId>,
    ) {
        match f.expr(e) {
            Expr::Local(l) => {
                out.insert(*l);
                if let Some(v) = inlined.get(l) {
                    Self::reads_of(f, *v, inlined, out);
                }
            }
            Expr::If { cond, then, els } => {
                Self::reads_of(f, *cond, inlined, out);
                for b in [then, els] {
                    Self::block_reads(f, b, inlined, out);
                }
            }
            other => {
                for o in other.operands() {
                    Self::reads_of(f, o, inlined, out);
                }
            }
        }
    }

    fn block_reads(
        f: &Function,
        b: &Block,
        inlined: &HashMap<LocalId, ExprId>,
        out: &mut HashSet<LocalId>,
    ) {
        let mut roots = Vec::new();
        for s in &b.stmts {
            match s {
                Stmt::Let { value, .. }
                | Stmt::Assign { value, .. }
                | Stmt::LetTuple { value, .. } => roots.push(*value),
                Stmt::AssignIndex {
                    local,
                    items,
                    value,
                } => {
                    out.insert(*local);
                    for it in items {
                        crate::ir::index_operands(it, &mut roots);
                    }
                    roots.push(*value);
                }
                Stmt::For { lo, hi, body, .. } => {
                    roots.push(*lo);
                    roots.push(*hi);
                    Self::block_reads(f, body, inlined, out);
                }
                Stmt::While { cond, body } => {
                    roots.push(*cond);
                    Self::block_reads(f, body, inlined, out);
                }
                Stmt::Return(e) | Stmt::Eval(e) => roots.push(*e),
            }
        }
        roots.extend(b.value);
        for r in roots {
            Self::reads_of(f, r, inlined, out);
        }
    }
}
