//! A random generator of well-typed, well-shaped Arr programs, each with the NumPy code
//! that computes the same results, for differential tests (interpreter against NumPy in
//! `differential.rs`, native code against the interpreter in `differential_native.rs`).
//!
//! Everything is deterministic from one `u64` seed ([`generate`]). A program is one entry
//! function `f` whose parameters are f32/f64/i64 arrays and scalars over the size
//! variables `n` and `m` (concrete values 3..=6 by default), a few `let` bindings, optionally a
//! `let mut` copy updated through slices and in a short `for`/`while` loop, and one or
//! two results; sometimes also a helper function `g` that `f` calls. The generator is type-directed: every expression is generated *for* a
//! target type (element type and symbolic shape), so the program is well typed and
//! well shaped by construction; a program that does not compile is a generator bug.
//!
//! Coverage: `+ - * /` (float division by `abs(e) + 1.0`), unary `-`, `**` 2 and 3,
//! comparisons inside `where`, scalar `if` expressions, comparisons cast to numbers and
//! counted (`sum(i64(a < b))`, `any`, `all`); `abs sqrt(abs) exp(tanh) log(abs + 1)
//! sin cos tanh floor ceil round sign minimum maximum clip`; broadcasting against
//! scalars, suffix shapes, `[n, 1]` / `[1, m]` operands, `x[:, newaxis]`; constant
//! slices (`1:`, `:-1`, `1:-1`, `2:`, `:1`, `-1:`, steps `::2` / `1::3` under
//! reductions and as assignment targets), integer and loop-variable indices, gathers
//! `x[idx % 3]` / `x[:, idx % 3]`; `.T`, `transpose`, `reshape`, `flip`; reductions
//! (`sum mean max min prod` over all, with `axis`, negative axes, `keepdims`;
//! `argmax argmin`); `@` and `dot` (matrix, matrix-vector, vector-matrix, vector),
//! `outer`; `cumsum cumprod`; `concat` (as a roll), `stack` (of arrays and scalars);
//! casts between f32/f64/i64 and from bool; i64 arithmetic with truncating `/` and `%`
//! by nonzero constants and arrays; size variables as values; `let` bindings reused;
//! a `let mut` copy (array or scalar) updated by whole assignment, slice assignment and
//! `+= -= *=` (also reading the array being assigned), in a `for` or `while` loop over
//! a loop-carried value; and a helper function `g` called from `f` with its size
//! variables bound to `f`'s (possibly swapped).
//!
//! [`Options`] (with [`generate_with`]) add forms that can fail at run time, results
//! that check that a `let mut` copy is no alias, and other size ranges.
//!
//! Use: `let p = generate(seed);` then compile `p.source`, call `p.entry` with `p.args`
//! and compare with `p.results` (declared dtypes and concrete shapes) or with NumPy
//! running `p.numpy` (see `differential.rs` and `numpy_eval.py`).
//!
//! Float inputs are multiples of 1/16 in [-2, 2], integers in [-9, 9]. The generator
//! tracks which expressions are *bitwise deterministic* across implementations (built
//! from correctly rounded IEEE operations in a fixed order: `+ - * / sqrt abs minimum
//! maximum clip where max min`, slices, casts) and feeds only those into comparisons,
//! `argmax` and float-to-integer casts, so that the last-ulp differences of `exp`, `sum`
//! or `@` can never flip a discrete choice.

#![allow(dead_code)]

use arr_compiler::value::Value;
use ndarray::{ArrayD, IxDyn};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The element types the generator uses.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Dt {
    F32,
    F64,
    I64,
}

impl Dt {
    pub fn arr(self) -> &'static str {
        match self {
            Dt::F32 => "f32",
            Dt::F64 => "f64",
            Dt::I64 => "i64",
        }
    }
    pub fn np(self) -> &'static str {
        match self {
            Dt::F32 => "np.float32",
            Dt::F64 => "np.float64",
            Dt::I64 => "np.int64",
        }
    }
    pub fn is_float(self) -> bool {
        self != Dt::I64
    }
}

/// One symbolic axis size: size variable `v` plus a non-positive offset, or a literal.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Dim {
    Var(usize, i64),
    Lit(i64),
}

/// The most a size variable's offset goes below it (`n - 2`).
const MAX_SHRINK: i64 = 2;
/// Names of the size variables.
const SIZE_NAMES: [&str; 2] = ["n", "m"];

/// A type: element type and symbolic shape (empty for a scalar).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Ty {
    pub dt: Dt,
    pub dims: Vec<Dim>,
}

impl Ty {
    fn new(dt: Dt, dims: Vec<Dim>) -> Ty {
        Ty { dt, dims }
    }
    fn rank(&self) -> usize {
        self.dims.len()
    }
    fn with_dt(&self, dt: Dt) -> Ty {
        Ty::new(dt, self.dims.clone())
    }
}

/// A parameter of the generated entry function, with its concrete shape.
#[derive(Clone, Debug)]
pub struct Param {
    pub name: String,
    pub dt: Dt,
    pub shape: Vec<usize>,
}

/// A generated program.
#[derive(Clone, Debug)]
pub struct Program {
    pub seed: u64,
    /// The Arr source text.
    pub source: String,
    /// The entry function (always `f`).
    pub entry: String,
    pub params: Vec<Param>,
    /// The inputs, in parameter order (a scalar is a 0-d array).
    pub args: Vec<Value>,
    /// Concrete values of the size variables, as `(name, value)`.
    pub sizes: Vec<(String, usize)>,
    /// Python statements that compute the results from the parameters (bound as NumPy
    /// arrays or NumPy scalars under their names, the size variables as `np.int64`, and
    /// the helpers `tdiv`, `trem`, `cast`) and assign them, as a tuple, to `__result`.
    pub numpy: String,
    /// The declared result types with concrete shapes.
    pub results: Vec<(Dt, Vec<usize>)>,
}

/// A generated expression: Arr text, NumPy text and properties.
#[derive(Clone, Debug)]
struct E {
    a: String,
    p: String,
    /// Bitwise reproducible by any correct implementation.
    det: bool,
    /// A bare literal (its type comes from context): never used alone.
    lit: bool,
}

impl E {
    fn new(a: String, p: String, det: bool) -> E {
        E {
            a,
            p,
            det,
            lit: false,
        }
    }
}

/// A variable in scope.
#[derive(Clone, Debug)]
struct Var {
    /// Arr name.
    name: String,
    /// NumPy text that reads it.
    np: String,
    ty: Ty,
    det: bool,
}

struct Gen {
    rng: ChaCha8Rng,
    sizes: Vec<usize>,
    params: Vec<(String, Ty)>,
    vars: Vec<Var>,
    /// Size variables that some parameter mentions (so usable as values).
    bound: Vec<bool>,
    counter: usize,
    /// Generating a helper function: its sizes are bound at each call site, so sizes
    /// are not used as values and `sizes` holds lower bounds (3).
    helper_mode: bool,
    /// Inside the loop body (the loop variable `t`, 0..3, is in scope).
    in_loop: bool,
    /// Helper functions the entry may call.
    helpers: Vec<Helper>,
    opts: Options,
}

/// A generated helper function.
#[derive(Clone, Debug)]
struct Helper {
    name: String,
    params: Vec<Ty>,
    result: Ty,
    source: String,
    /// A Python `def` computing the same.
    py: String,
}

/// A generated function: source, NumPy statements (ending in `__result = (...,)`),
/// parameters and result types.
struct FnParts {
    source: String,
    py: String,
    results: Vec<Ty>,
}

/// What a generated program may contain beyond the default (the default is what
/// `differential.rs` compares with NumPy; a given seed always gives the same program for
/// the same options).
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Forms that can fail at run time on some inputs: integer `/` and `%` by values
    /// that may be zero, gathers and integer indices that may be out of range, integer
    /// powers whose exponent may be negative. Their `numpy` text does not fail the way
    /// Arr does (NumPy divides by zero with a warning), so such programs are only for
    /// comparisons of Arr implementations (`differential_native.rs`).
    pub runtime_errors: bool,
    /// After `let mut b = a` and updates of `b`, sometimes also return `a` (which must
    /// be unchanged: the copy is not an alias).
    pub copy_results: bool,
    /// Right after `let mut b = ...`, sometimes `let c = b[...]` (all of `b`, a slice,
    /// an index or `b.T`), bound before `b` is updated: `c` keeps the old values
    /// (LANGUAGE §3, value semantics), and may be a result.
    pub snapshots: bool,
    /// The range of the size variables' values (default `3..=6`). Large sizes reach the
    /// parallel and chunked paths of native code (a seed gives another program with
    /// other sizes). Sizes below 3 give empty axes (`n - 2` of 2) and negative ones (of
    /// 1), and make run-time errors likely (an index or `% 3` gather out of range, `max`
    /// of nothing): only for comparisons of implementations.
    pub sizes: Option<(usize, usize)>,
}

impl Options {
    /// Everything on: for comparing the native backend with the interpreter.
    pub fn native() -> Options {
        Options {
            runtime_errors: true,
            copy_results: true,
            snapshots: true,
            sizes: None,
        }
    }
}

/// Generates the program of `seed` (default options).
pub fn generate(seed: u64) -> Program {
    generate_with(seed, Options::default())
}

/// Generates the program of `seed` with `opts`.
pub fn generate_with(seed: u64, opts: Options) -> Program {
    let mut g = Gen::new(seed, false);
    g.opts = opts;
    let (lo, hi) = opts.sizes.unwrap_or((3, 6));
    assert!(lo >= 1 && lo <= hi, "sizes must be at least 1");
    g.sizes = (0..SIZE_NAMES.len())
        .map(|_| g.rng.gen_range(lo..=hi))
        .collect();
    if g.coin(0.3) {
        // A helper function `g`, called from `f` with its sizes bound to f's.
        let mut h = Gen::new(g.rng.gen(), true);
        h.opts = opts;
        h.sizes = vec![3; SIZE_NAMES.len()];
        let dt = h.main_dt();
        let parts = h.function("g", dt, 1);
        let names: Vec<String> = h.params.iter().map(|(n, _)| n.clone()).collect();
        let mut py = format!("def g({}):\n", names.join(", "));
        for line in parts.py.lines() {
            py.push_str(&format!("    {line}\n"));
        }
        py.push_str("    return __result[0]\n");
        g.helpers.push(Helper {
            name: "g".into(),
            params: h.params.iter().map(|(_, t)| t.clone()).collect(),
            result: parts.results[0].clone(),
            source: parts.source,
            py,
        });
    }
    g.program(seed)
}

const FLOAT_LITS: [&str; 8] = ["0.5", "0.25", "1.5", "2.0", "3.0", "0.125", "0.75", "1.0"];

impl Gen {
    fn new(seed: u64, helper_mode: bool) -> Gen {
        Gen {
            rng: ChaCha8Rng::seed_from_u64(seed),
            sizes: vec![3; SIZE_NAMES.len()],
            params: Vec::new(),
            vars: Vec::new(),
            bound: vec![false; SIZE_NAMES.len()],
            counter: 0,
            helper_mode,
            in_loop: false,
            helpers: Vec::new(),
            opts: Options::default(),
        }
    }

    fn main_dt(&mut self) -> Dt {
        match self.rng.gen_range(0..20) {
            0..=8 => Dt::F64,
            9..=14 => Dt::F32,
            _ => Dt::I64,
        }
    }

    /// A call of a helper with its sizes mapped to size variables of this function:
    /// the result type and the expression.
    fn call(&mut self, depth: u32) -> Option<(Ty, E)> {
        let h = self.helpers.choose(&mut self.rng)?.clone();
        let map: Vec<usize> = (0..SIZE_NAMES.len())
            .map(|_| self.rng.gen_range(0..SIZE_NAMES.len()))
            .collect();
        let sub = |t: &Ty| {
            Ty::new(
                t.dt,
                t.dims
                    .iter()
                    .map(|&d| match d {
                        Dim::Var(v, o) => Dim::Var(map[v], o),
                        l => l,
                    })
                    .collect(),
            )
        };
        let mut a = Vec::new();
        let mut p = Vec::new();
        for pt in &h.params {
            let e = self.expr_nl(&sub(pt), depth);
            a.push(e.a);
            p.push(e.p);
        }
        Some((
            sub(&h.result),
            E::new(
                format!("{}({})", h.name, a.join(", ")),
                format!("{}({})", h.name, p.join(", ")),
                false,
            ),
        ))
    }

    fn coin(&mut self, p: f64) -> bool {
        self.rng.gen_bool(p)
    }

    fn dim_str(d: Dim) -> String {
        match d {
            Dim::Var(v, 0) => SIZE_NAMES[v].to_string(),
            Dim::Var(v, o) => format!("{} - {}", SIZE_NAMES[v], -o),
            Dim::Lit(k) => k.to_string(),
        }
    }

    fn ty_str(ty: &Ty) -> String {
        if ty.dims.is_empty() {
            ty.dt.arr().to_string()
        } else {
            let ds: Vec<String> = ty.dims.iter().map(|&d| Self::dim_str(d)).collect();
            format!("[{}]{}", ds.join(", "), ty.dt.arr())
        }
    }

    fn concrete(&self, d: Dim) -> usize {
        match d {
            // A negative size (only with `Options::sizes` below 3) is a run-time error.
            Dim::Var(v, o) => (self.sizes[v] as i64 + o).max(0) as usize,
            Dim::Lit(k) => k as usize,
        }
    }

    fn fresh(&mut self, prefix: &str) -> String {
        self.counter += 1;
        format!("{prefix}{}", self.counter)
    }

    /// A base dimension: a size variable, sometimes shrunk.
    fn rand_dim(&mut self, shrink: bool) -> Dim {
        let v = self.rng.gen_range(0..SIZE_NAMES.len());
        let o = if shrink && self.coin(0.25) {
            -self.rng.gen_range(1..=MAX_SHRINK)
        } else {
            0
        };
        Dim::Var(v, o)
    }

    fn rand_ty(&mut self, dt: Dt, max_rank: usize) -> Ty {
        let rank = self.rng.gen_range(0..=max_rank);
        let rank = if rank == 0 && self.coin(0.5) { 1 } else { rank };
        let dims = (0..rank)
            .map(|_| match self.rng.gen_range(0..20) {
                0 if rank == 2 => Dim::Lit(*[2, 3].choose(&mut self.rng).unwrap()),
                1 => Dim::Lit(1),
                _ => self.rand_dim(true),
            })
            .collect();
        Ty::new(dt, dims)
    }

    // ------------------------------------------------------------------ leaves

    fn literal(&mut self, dt: Dt) -> E {
        let (a, p) = if dt.is_float() {
            let l = *FLOAT_LITS.choose(&mut self.rng).unwrap();
            let neg = self.coin(0.2);
            if neg {
                (format!("(-{l})"), format!("(-{l})"))
            } else {
                (l.to_string(), l.to_string())
            }
        } else {
            let k: i64 = self.rng.gen_range(-5..=7);
            if k < 0 {
                (format!("({k})"), format!("({k})"))
            } else {
                (k.to_string(), k.to_string())
            }
        };
        E {
            a,
            p,
            det: true,
            lit: true,
        }
    }

    fn new_param(&mut self, ty: Ty) -> Var {
        let name = self.fresh(if ty.dims.is_empty() { "s" } else { "x" });
        for d in &ty.dims {
            if let Dim::Var(v, _) = d {
                self.bound[*v] = true;
            }
        }
        self.params.push((name.clone(), ty.clone()));
        let var = Var {
            name: name.clone(),
            np: name,
            ty,
            det: true,
        };
        self.vars.push(var.clone());
        var
    }

    /// How to take a `want` axis out of a `have` axis with a constant slice, if possible.
    fn slice_for(&mut self, have: Dim, want: Dim) -> Option<String> {
        match (have, want) {
            (h, w) if h == w => Some(":".into()),
            (_, Dim::Lit(1)) => Some(if self.coin(0.5) { ":1" } else { "-1:" }.into()),
            (Dim::Var(hv, ho), Dim::Var(wv, wo)) if hv == wv && ho > wo => {
                let s = ho - wo;
                let opts: &[&str] = if s == 1 {
                    &["1:", ":-1"]
                } else if s == 2 {
                    &["1:-1", "2:", ":-2"]
                } else {
                    return None;
                };
                Some(opts.choose(&mut self.rng).unwrap().to_string())
            }
            _ => None,
        }
    }

    /// A variable (sliced if needed) of type `ty`, or a new parameter.
    fn leaf(&mut self, ty: &Ty, need_det: bool) -> E {
        if ty.dims.is_empty() {
            let r = self.rng.gen_range(0..10);
            if r < 2 {
                return self.literal(ty.dt);
            }
            if r < 3 && ty.dt == Dt::I64 && !self.helper_mode {
                let bound: Vec<usize> = (0..SIZE_NAMES.len()).filter(|&v| self.bound[v]).collect();
                if let Some(&v) = bound.choose(&mut self.rng) {
                    let s = SIZE_NAMES[v];
                    return E::new(s.into(), format!("np.int64({s})"), true);
                }
            }
        }
        if ty.dims.contains(&Dim::Lit(1)) && self.coin(0.25) {
            if let Some(e) = self.newaxis(ty, 0) {
                return e;
            }
        }
        // Candidates: variables of the same rank and element type whose axes slice to ty.
        let mut cands: Vec<(Var, Vec<String>)> = Vec::new();
        for var in self.vars.clone() {
            if var.ty.dt != ty.dt || var.ty.rank() != ty.rank() || (need_det && !var.det) {
                continue;
            }
            let mut sl = Vec::new();
            let mut ok = true;
            for (&h, &w) in var.ty.dims.iter().zip(&ty.dims) {
                match self.slice_for(h, w) {
                    Some(s) => sl.push(s),
                    None => {
                        ok = false;
                        break;
                    }
                }
            }
            if ok {
                cands.push((var, sl));
            }
        }
        let reuse = !cands.is_empty() && self.coin(0.8);
        let (var, sl) = if reuse {
            cands.choose(&mut self.rng).unwrap().clone()
        } else {
            // A new parameter of the base type (sizes unshrunk; literal 1 sometimes
            // taken as a slice of a size variable).
            let mut dims = Vec::new();
            for &d in &ty.dims {
                dims.push(match d {
                    Dim::Var(v, _) => Dim::Var(v, 0),
                    Dim::Lit(1) if self.coin(0.5) => self.rand_dim(false),
                    l => l,
                });
            }
            let var = self.new_param(Ty::new(ty.dt, dims.clone()));
            let mut sl = Vec::new();
            for (&h, &w) in dims.iter().zip(&ty.dims) {
                sl.push(
                    self.slice_for(h, w)
                        .expect("a base axis slices to its shrinks"),
                );
            }
            (var, sl)
        };
        if sl.iter().all(|s| s == ":") {
            E::new(var.name.clone(), var.np.clone(), var.det)
        } else {
            let s = sl.join(", ");
            E::new(
                format!("{}[{s}]", var.name),
                format!("{}[{s}]", var.np),
                var.det,
            )
        }
    }

    // ------------------------------------------------------------------ expressions

    /// An expression of type `ty` that is not a bare literal.
    fn expr_nl(&mut self, ty: &Ty, depth: u32) -> E {
        let e = self.expr(ty, depth);
        if e.lit {
            self.leaf_var(ty, false)
        } else {
            e
        }
    }

    /// A deterministic, non-literal expression of type `ty`.
    fn expr_det(&mut self, ty: &Ty, depth: u32) -> E {
        for _ in 0..4 {
            let e = self.expr(ty, depth);
            if e.det && !e.lit {
                return e;
            }
        }
        self.leaf_var(ty, true)
    }

    fn leaf_var(&mut self, ty: &Ty, need_det: bool) -> E {
        for _ in 0..8 {
            let e = self.leaf(ty, need_det);
            if !e.lit && !self.is_size_leaf(&e) {
                return e;
            }
        }
        let v = self.new_param(ty.clone());
        E::new(v.name, v.np, true)
    }

    fn is_size_leaf(&self, e: &E) -> bool {
        SIZE_NAMES.contains(&e.a.as_str())
    }

    /// A shape that broadcasts against `ty` to give `ty`.
    fn bcast_sub(&mut self, ty: &Ty) -> Ty {
        let r = self.rng.gen_range(0..10);
        if r < 5 || ty.dims.is_empty() {
            ty.clone()
        } else if r < 7 {
            Ty::new(ty.dt, vec![])
        } else if r < 8 {
            let drop = self.rng.gen_range(1..=ty.rank());
            Ty::new(ty.dt, ty.dims[drop..].to_vec())
        } else {
            let mut dims = ty.dims.clone();
            let k = self.rng.gen_range(0..dims.len());
            dims[k] = Dim::Lit(1);
            Ty::new(ty.dt, dims)
        }
    }

    fn expr(&mut self, ty: &Ty, depth: u32) -> E {
        if depth == 0 || self.coin(0.15) {
            return self.leaf(ty, false);
        }
        let d = depth - 1;
        // Forms that only apply to some shapes get a fair share where they apply.
        if ty.dims.contains(&Dim::Lit(1)) && self.coin(0.3) {
            if let Some(e) = self.newaxis(ty, d) {
                return e;
            }
        }
        if ty
            .dims
            .iter()
            .any(|d| matches!(d, Dim::Lit(2) | Dim::Lit(3)))
            && self.coin(0.3)
        {
            if let Some(e) = self.try_form(17, ty, d) {
                return e;
            }
        }
        for _ in 0..20 {
            let forms = if self.opts.runtime_errors { 36 } else { 33 };
            let choice = self.rng.gen_range(0..forms);
            if let Some(e) = self.try_form(choice, ty, d) {
                return e;
            }
        }
        self.leaf(ty, false)
    }

    /// One expression form, or `None` if it does not apply to `ty`.
    fn try_form(&mut self, choice: u32, ty: &Ty, d: u32) -> Option<E> {
        let dt = ty.dt;
        let fl = dt.is_float();
        let rank = ty.rank();
        Some(match choice {
            // Binary arithmetic with broadcasting.
            0..=4 => {
                let a = self.expr(ty, d);
                let sub = self.bcast_sub(ty);
                let mut b = self.expr(&sub, d);
                if a.lit && b.lit {
                    b = self.leaf_var(&sub, false);
                }
                let ops: &[&str] = if fl {
                    &["+", "-", "*", "/"]
                } else {
                    &["+", "-", "*"]
                };
                let op = *ops.choose(&mut self.rng).unwrap();
                if op == "/" {
                    // A denominator >= 1.
                    let b = if b.lit { self.leaf_var(&sub, false) } else { b };
                    let (num, den) = (a, b);
                    return Some(E::new(
                        format!("({} / (abs({}) + 1.0))", num.a, den.a),
                        format!("({} / (np.abs({}) + 1.0))", num.p, den.p),
                        num.det && den.det,
                    ));
                }
                let (l, r) = if self.coin(0.5) { (a, b) } else { (b, a) };
                E::new(
                    format!("({} {op} {})", l.a, r.a),
                    format!("({} {op} {})", l.p, r.p),
                    l.det && r.det,
                )
            }
            // Integer division and remainder by a nonzero constant.
            5 if !fl => {
                let a = self.expr_nl(ty, d);
                let mut k: i64 = self.rng.gen_range(-4..=5);
                if k == 0 {
                    k = 3;
                }
                let ks = if k < 0 {
                    format!("({k})")
                } else {
                    k.to_string()
                };
                if self.coin(0.5) {
                    E::new(
                        format!("({} / {ks})", a.a),
                        format!("tdiv({}, {k})", a.p),
                        true,
                    )
                } else {
                    E::new(
                        format!("({} % {ks})", a.a),
                        format!("trem({}, {k})", a.p),
                        true,
                    )
                }
            }
            // Unary minus, abs.
            6 => {
                let a = self.expr_nl(ty, d);
                if self.coin(0.5) {
                    E::new(format!("(-{})", a.a), format!("(-{})", a.p), a.det)
                } else {
                    E::new(format!("abs({})", a.a), format!("np.abs({})", a.p), a.det)
                }
            }
            // Math functions with safe domains.
            7 if fl => {
                let a = self.expr_nl(ty, d);
                let k = self.rng.gen_range(0..6);
                let (fa, fp, det) = match k {
                    0 => ("sin(#)", "np.sin(#)", false),
                    1 => ("cos(#)", "np.cos(#)", false),
                    2 => ("tanh(#)", "np.tanh(#)", false),
                    3 => ("exp(tanh(#))", "np.exp(np.tanh(#))", false),
                    4 => ("log(abs(#) + 1.0)", "np.log(np.abs(#) + 1.0)", false),
                    _ => ("sqrt(abs(#))", "np.sqrt(np.abs(#))", a.det),
                };
                E::new(fa.replace('#', &a.a), fp.replace('#', &a.p), det)
            }
            // minimum / maximum.
            8 => {
                let a = self.expr_nl(ty, d);
                let sub = self.bcast_sub(ty);
                let b = self.expr(&sub, d);
                let (f, g) = if self.coin(0.5) {
                    ("minimum", "np.minimum")
                } else {
                    ("maximum", "np.maximum")
                };
                E::new(
                    format!("{f}({}, {})", a.a, b.a),
                    format!("{g}({}, {})", a.p, b.p),
                    a.det && b.det,
                )
            }
            // clip with literal bounds.
            9 => {
                let a = self.expr_nl(ty, d);
                let (lo, hi) = if fl {
                    (
                        ["-1.5", "-0.5", "0.0", "-2.0"]
                            .choose(&mut self.rng)
                            .unwrap()
                            .to_string(),
                        ["0.5", "1.0", "1.75"]
                            .choose(&mut self.rng)
                            .unwrap()
                            .to_string(),
                    )
                } else {
                    (
                        self.rng.gen_range(-8..=0).to_string(),
                        self.rng.gen_range(1..=9).to_string(),
                    )
                };
                let lo_a = if lo.starts_with('-') {
                    format!("({lo})")
                } else {
                    lo.clone()
                };
                E::new(
                    format!("clip({}, {lo_a}, {hi})", a.a),
                    format!("np.clip({}, {lo}, {hi})", a.p),
                    a.det,
                )
            }
            // where with a comparison of deterministic operands.
            10 => {
                let cty = self.bcast_sub(ty);
                let cdt = if self.coin(0.3) {
                    *[Dt::F64, Dt::F32, Dt::I64].choose(&mut self.rng).unwrap()
                } else {
                    dt
                };
                let cty = cty.with_dt(cdt);
                let l = self.expr_det(&cty, d.min(2));
                let rsub = self.bcast_sub(&cty);
                let r = if self.coin(0.4) {
                    self.literal(cdt)
                } else {
                    self.expr_det(&rsub, d.min(1))
                };
                let op = *["<", "<=", ">", ">=", "==", "!="]
                    .choose(&mut self.rng)
                    .unwrap();
                let a = self.expr_nl(ty, d);
                let bs = self.bcast_sub(ty);
                let b = self.expr(&bs, d);
                let (x, y) = if self.coin(0.5) || b.lit {
                    (a, b)
                } else {
                    (b, a)
                };
                E::new(
                    format!("where({} {op} {}, {}, {})", l.a, r.a, x.a, y.a),
                    format!("np.where({} {op} {}, {}, {})", l.p, r.p, x.p, y.p),
                    x.det && y.det,
                )
            }
            // Reductions along an axis (rank-1 and rank-2 sources), or over all.
            11 | 12 => return self.reduction(ty, d),
            // Matrix products.
            13 => {
                let k = self.rand_dim(false);
                let (ta, tb) = match rank {
                    0 => (vec![k], vec![k]),
                    1 => {
                        if self.coin(0.5) {
                            (vec![ty.dims[0], k], vec![k])
                        } else {
                            (vec![k], vec![k, ty.dims[0]])
                        }
                    }
                    2 => (vec![ty.dims[0], k], vec![k, ty.dims[1]]),
                    _ => return None,
                };
                let a = self.expr_nl(&Ty::new(dt, ta), d.min(2));
                let b = self.expr_nl(&Ty::new(dt, tb), d.min(2));
                E::new(
                    format!("({} @ {})", a.a, b.a),
                    format!("({} @ {})", a.p, b.p),
                    !fl,
                )
            }
            // Transpose.
            14 if rank == 2 => {
                let t = Ty::new(dt, vec![ty.dims[1], ty.dims[0]]);
                let a = self.expr_nl(&t, d);
                E::new(format!("({}).T", a.a), format!("({}).T", a.p), a.det)
            }
            // Slicing a compound expression, an integer index, or newaxis.
            15 if rank >= 1 => return self.sliced(ty, d),
            // concat as a roll along one axis: (d - 1) + 1 or (d - 2) + 2.
            16 if rank >= 1 => {
                let ax = self.rng.gen_range(0..rank);
                let Dim::Var(v, o) = ty.dims[ax] else {
                    return None;
                };
                let split = self.rng.gen_range(1..=2);
                if o - split < -MAX_SHRINK {
                    return None;
                }
                let mut big = ty.dims.clone();
                big[ax] = Dim::Var(v, o - split);
                let mut small = ty.dims.clone();
                small[ax] = Dim::Lit(split);
                let a = self.expr_nl(&Ty::new(dt, big), d);
                let b = self.expr_nl(&Ty::new(dt, small), d);
                let (x, y) = if self.coin(0.5) { (a, b) } else { (b, a) };
                let axs = if self.coin(0.3) {
                    ax as i64 - rank as i64
                } else {
                    ax as i64
                };
                E::new(
                    format!("concat([{}, {}], axis={axs})", x.a, y.a),
                    format!("np.concatenate([{}, {}], axis={axs})", x.p, y.p),
                    x.det && y.det,
                )
            }
            // stack along a literal axis of 2 or 3.
            17 if rank >= 1 => {
                let ax = (0..rank).find(|&i| matches!(ty.dims[i], Dim::Lit(2) | Dim::Lit(3)))?;
                let Dim::Lit(k) = ty.dims[ax] else {
                    return None;
                };
                let mut piece = ty.clone();
                piece.dims.remove(ax);
                let es: Vec<E> = (0..k).map(|_| self.expr_nl(&piece, d.min(2))).collect();
                let a: Vec<String> = es.iter().map(|e| e.a.clone()).collect();
                let p: Vec<String> = es.iter().map(|e| e.p.clone()).collect();
                E::new(
                    format!("stack([{}], axis={ax})", a.join(", ")),
                    format!("np.stack([{}], axis={ax})", p.join(", ")),
                    es.iter().all(|e| e.det),
                )
            }
            // cumsum along an axis (default: the last).
            18 if rank >= 1 => {
                let a = self.expr_nl(ty, d);
                let ax = self.rng.gen_range(0..rank);
                let arr = if ax == rank - 1 && self.coin(0.5) {
                    format!("cumsum({})", a.a)
                } else {
                    format!("cumsum({}, axis={ax})", a.a)
                };
                E::new(arr, format!("np.cumsum({}, axis={ax})", a.p), !fl)
            }
            // Casts.
            19 => {
                let (src, det_needed) = match dt {
                    Dt::F32 => (Dt::F64, false),
                    Dt::F64 => (*[Dt::F32, Dt::I64].choose(&mut self.rng).unwrap(), false),
                    Dt::I64 => (*[Dt::F32, Dt::F64].choose(&mut self.rng).unwrap(), true),
                };
                let t = ty.with_dt(src);
                let a = if det_needed {
                    self.expr_det(&t, d.min(2))
                } else {
                    self.expr_nl(&t, d)
                };
                E::new(
                    format!("{}({})", dt.arr(), a.a),
                    format!("cast({}, {})", a.p, dt.np()),
                    a.det,
                )
            }
            // A size variable as a value.
            20 if rank == 0 && !self.helper_mode => {
                let bound: Vec<usize> = (0..SIZE_NAMES.len()).filter(|&v| self.bound[v]).collect();
                let v = *bound.choose(&mut self.rng)?;
                let s = SIZE_NAMES[v];
                if fl {
                    E::new(
                        format!("{}({s})", dt.arr()),
                        format!("cast(np.int64({s}), {})", dt.np()),
                        true,
                    )
                } else {
                    E::new(s.into(), format!("np.int64({s})"), true)
                }
            }
            // argmax / argmin.
            21 if dt == Dt::I64 && rank <= 1 => {
                let sdt = *[Dt::F64, Dt::F32, Dt::I64].choose(&mut self.rng).unwrap();
                let (f, g) = if self.coin(0.6) {
                    ("argmax", "np.argmax")
                } else {
                    ("argmin", "np.argmin")
                };
                if rank == 0 {
                    let t = self.rand_ty(sdt, 2);
                    let t = if t.dims.is_empty() {
                        Ty::new(sdt, vec![self.rand_dim(false)])
                    } else {
                        t
                    };
                    let a = self.expr_det(&t, d.min(2));
                    E::new(format!("{f}({})", a.a), format!("{g}({})", a.p), true)
                } else {
                    let ax = self.rng.gen_range(0..2);
                    let mut dims = ty.dims.clone();
                    dims.insert(ax, self.rand_dim(true));
                    let a = self.expr_det(&Ty::new(sdt, dims), d.min(2));
                    E::new(
                        format!("{f}({}, axis={ax})", a.a),
                        format!("{g}({}, axis={ax})", a.p),
                        true,
                    )
                }
            }
            // Rounding and sign (round is half to even, like np.round).
            22 if fl => {
                let a = self.expr_nl(ty, d);
                let (f, g) = *[
                    ("floor", "np.floor"),
                    ("ceil", "np.ceil"),
                    ("round", "np.round"),
                    ("sign", "np.sign"),
                ]
                .choose(&mut self.rng)
                .unwrap();
                E::new(format!("{f}({})", a.a), format!("{g}({})", a.p), a.det)
            }
            // flip along an axis.
            23 if rank >= 1 => {
                let a = self.expr_nl(ty, d);
                let ax = self.rng.gen_range(0..rank);
                E::new(
                    format!("flip({}, axis={ax})", a.a),
                    format!("np.flip({}, axis={ax})", a.p),
                    a.det,
                )
            }
            // prod over an axis of a small literal length, or cumprod.
            24 if rank >= 1 => {
                let a = self.expr_nl(ty, d.min(2));
                let ax = self.rng.gen_range(0..rank);
                if rank == 1 && self.coin(0.5) {
                    let k = self.rng.gen_range(2..=3);
                    let src = Ty::new(dt, vec![Dim::Lit(k), ty.dims[0]]);
                    let b = self.expr_nl(&src, d.min(2));
                    E::new(
                        format!("prod({}, axis=0)", b.a),
                        format!("np.prod({}, axis=0)", b.p),
                        !fl,
                    )
                } else {
                    let (lo, hi) = if fl { ("-1.5", "1.5") } else { ("-3", "3") };
                    E::new(
                        format!("cumprod(clip({}, ({lo}), {hi}), axis={ax})", a.a),
                        format!("np.cumprod(np.clip({}, {lo}, {hi}), axis={ax})", a.p),
                        !fl,
                    )
                }
            }
            // Small integer powers.
            25 => {
                let a = self.expr_nl(ty, d.min(2));
                let k = self.rng.gen_range(2..=3);
                E::new(
                    format!("({} ** {k})", a.a),
                    format!("({} ** {k})", a.p),
                    !fl,
                )
            }
            // Gather with an index array reduced into range: `% 3` of anything is a
            // valid (possibly negative) index of an axis of at least 3.
            26 if rank >= 1 => {
                let v = self.rng.gen_range(0..SIZE_NAMES.len());
                let ax = if rank == 2 {
                    self.rng.gen_range(0..2)
                } else {
                    0
                };
                let mut src = ty.dims.clone();
                src[ax] = Dim::Var(v, 0);
                let x = self.expr_nl(&Ty::new(dt, src), d.min(2));
                let it = Ty::new(Dt::I64, vec![ty.dims[ax]]);
                let i = self.expr_det(&it, d.min(2));
                let (ia, ip) = (format!("({} % 3)", i.a), format!("trem({}, 3)", i.p));
                let (sa, sp) = if ax == 0 {
                    (ia, ip)
                } else {
                    (format!(":, {ia}"), format!(":, {ip}"))
                };
                E::new(
                    format!("({})[{sa}]", x.a),
                    format!("({})[{sp}]", x.p),
                    x.det,
                )
            }
            // Integer division and remainder by an array that is never zero.
            27 if !fl => {
                let a = self.expr_nl(ty, d);
                let sub = self.bcast_sub(ty);
                let b = self.expr_nl(&sub, d.min(2));
                let (op, f) = if self.coin(0.5) {
                    ("/", "tdiv")
                } else {
                    ("%", "trem")
                };
                let (den_a, den_p) = if self.coin(0.5) {
                    (
                        format!("(abs({}) + 1)", b.a),
                        format!("(np.abs({}) + 1)", b.p),
                    )
                } else {
                    (
                        format!("(-(abs({}) + 1))", b.a),
                        format!("(-(np.abs({}) + 1))", b.p),
                    )
                };
                E::new(
                    format!("({} {op} {den_a})", a.a),
                    format!("{f}({}, {den_p})", a.p),
                    true,
                )
            }
            // outer product.
            28 if rank == 2 => {
                let a = self.expr_nl(&Ty::new(dt, vec![ty.dims[0]]), d.min(2));
                let b = self.expr_nl(&Ty::new(dt, vec![ty.dims[1]]), d.min(2));
                E::new(
                    format!("outer({}, {})", a.a, b.a),
                    format!("np.outer({}, {})", a.p, b.p),
                    a.det && b.det,
                )
            }
            // dot (like @) and transpose(x).
            29 if rank == 2 && self.coin(0.5) => {
                let t = Ty::new(dt, vec![ty.dims[1], ty.dims[0]]);
                let a = self.expr_nl(&t, d);
                E::new(
                    format!("transpose({})", a.a),
                    format!("np.transpose({})", a.p),
                    a.det,
                )
            }
            29 if rank <= 1 => {
                let k = self.rand_dim(false);
                let (ta, tb) = if rank == 0 {
                    (vec![k], vec![k])
                } else {
                    (vec![ty.dims[0], k], vec![k])
                };
                let a = self.expr_nl(&Ty::new(dt, ta), d.min(2));
                let b = self.expr_nl(&Ty::new(dt, tb), d.min(2));
                E::new(
                    format!("dot({}, {})", a.a, b.a),
                    format!("np.dot({}, {})", a.p, b.p),
                    !fl,
                )
            }
            // reshape [q, p] to [p, q].
            30 if rank == 2 => {
                let t = Ty::new(dt, vec![ty.dims[1], ty.dims[0]]);
                let a = self.expr_nl(&t, d);
                let dims: Vec<String> = ty.dims.iter().map(|&x| Self::dim_str(x)).collect();
                E::new(
                    format!("reshape({}, [{}])", a.a, dims.join(", ")),
                    format!("reshape_rev({})", a.p),
                    a.det,
                )
            }
            // Booleans: a comparison cast to the element type, or counted.
            31 => {
                let cdt = *[Dt::F64, Dt::F32, Dt::I64].choose(&mut self.rng).unwrap();
                let op = *["<", "<=", ">", ">=", "==", "!="]
                    .choose(&mut self.rng)
                    .unwrap();
                if rank == 0 && dt == Dt::I64 && self.coin(0.6) {
                    let mut t = self.rand_ty(cdt, 2);
                    if t.dims.is_empty() {
                        t.dims.push(self.rand_dim(false));
                    }
                    let l = self.expr_det(&t, d.min(2));
                    let r = self.literal(cdt);
                    let (f, g) = *[
                        ("sum(i64(#))", "np.sum(cast(#, np.int64))"),
                        ("i64(any(#))", "cast(np.any(#), np.int64)"),
                        ("i64(all(#))", "cast(np.all(#), np.int64)"),
                    ]
                    .choose(&mut self.rng)
                    .unwrap();
                    let ca = format!("({} {op} {})", l.a, r.a);
                    let cp = format!("({} {op} {})", l.p, r.p);
                    return Some(E::new(f.replace('#', &ca), g.replace('#', &cp), true));
                }
                let t = ty.with_dt(cdt);
                let l = self.expr_det(&t, d.min(2));
                let sub = self.bcast_sub(&t);
                let r = self.expr_det(&sub, d.min(1));
                E::new(
                    format!("{}({} {op} {})", dt.arr(), l.a, r.a),
                    format!("cast({} {op} {}, {})", l.p, r.p, dt.np()),
                    true,
                )
            }
            // A scalar if-expression.
            32 if rank == 0 => {
                let cdt = *[Dt::F64, Dt::I64].choose(&mut self.rng).unwrap();
                let l = self.expr_det(&Ty::new(cdt, vec![]), d.min(2));
                let r = self.literal(cdt);
                let op = *["<", ">=", "!="].choose(&mut self.rng).unwrap();
                let a = self.expr_nl(ty, d);
                let b = self.expr_nl(ty, d);
                E::new(
                    format!("if {} {op} {} {{ {} }} else {{ {} }}", l.a, r.a, a.a, b.a),
                    format!("({} if {} {op} {} else {})", a.p, l.p, r.p, b.p),
                    a.det && b.det,
                )
            }
            // Forms that may fail at run time (`Options::runtime_errors`), each taken
            // half the times it is drawn. Integer `/` or `%` by anything (maybe zero).
            33 if !fl && self.coin(0.5) => {
                let a = self.expr_nl(ty, d);
                let sub = self.bcast_sub(ty);
                let b = self.expr_nl(&sub, d.min(2));
                let (op, f) = if self.coin(0.5) {
                    ("/", "tdiv")
                } else {
                    ("%", "trem")
                };
                E::new(
                    format!("({} {op} {})", a.a, b.a),
                    format!("{f}({}, {})", a.p, b.p),
                    true,
                )
            }
            // A gather or an integer index that may be out of range (`% 7` against
            // axes of 3 to 6).
            34 if rank <= 1 && self.coin(0.5) => {
                let v = self.rng.gen_range(0..SIZE_NAMES.len());
                let mut src = ty.dims.clone();
                let ia;
                let ip;
                if rank == 1 && self.coin(0.5) {
                    // x[idx % 7] along axis 0 of a rank-1 source.
                    src[0] = Dim::Var(v, 0);
                    let i = self.expr_det(&Ty::new(Dt::I64, vec![ty.dims[0]]), d.min(2));
                    ia = format!("({} % 7)", i.a);
                    ip = format!("trem({}, 7)", i.p);
                } else {
                    // x[k % 7] of a source with one more axis in front.
                    src.insert(0, Dim::Var(v, 0));
                    let k = self.expr_det(&Ty::new(Dt::I64, vec![]), d.min(2));
                    ia = format!("({} % 7)", k.a);
                    ip = format!("trem({}, 7)", k.p);
                }
                let x = self.expr_nl(&Ty::new(dt, src), d.min(2));
                E::new(
                    format!("({})[{ia}]", x.a),
                    format!("({})[{ip}]", x.p),
                    x.det,
                )
            }
            // An integer power whose exponent may be negative.
            35 if !fl && self.coin(0.5) => {
                let a = self.expr_nl(ty, d.min(2));
                let sub = self.bcast_sub(ty);
                let b = self.expr_nl(&sub, d.min(1));
                E::new(
                    format!("({} ** clip({}, (-1), 3))", a.a, b.a),
                    format!("({} ** np.clip({}, -1, 3))", a.p, b.p),
                    true,
                )
            }
            _ => return None,
        })
    }

    fn reduction(&mut self, ty: &Ty, d: u32) -> Option<E> {
        let dt = ty.dt;
        let fl = dt.is_float();
        let rank = ty.rank();
        let ops: &[(&str, &str, bool)] = if fl {
            &[
                ("sum", "np.sum", false),
                ("mean", "np.mean", false),
                ("max", "np.max", true),
                ("min", "np.min", true),
            ]
        } else {
            &[
                ("sum", "np.sum", true),
                ("max", "np.max", true),
                ("min", "np.min", true),
            ]
        };
        let (f, g, det_op) = *ops.choose(&mut self.rng).unwrap();
        // keepdims: ty has a literal 1 axis.
        let ones: Vec<usize> = (0..rank).filter(|&i| ty.dims[i] == Dim::Lit(1)).collect();
        if let (Some(&ax), true) = (ones.choose(&mut self.rng), self.coin(0.7)) {
            let mut dims = ty.dims.clone();
            dims[ax] = self.rand_dim(true);
            let a = self.expr_nl(&Ty::new(dt, dims), d);
            return Some(E::new(
                format!("{f}({}, axis={ax}, keepdims=true)", a.a),
                format!("{g}({}, axis={ax}, keepdims=True)", a.p),
                det_op && a.det,
            ));
        }
        if rank == 0 {
            let mut t = self.rand_ty(dt, 2);
            if t.dims.is_empty() {
                t.dims.push(self.rand_dim(false));
            }
            let a = self.expr_nl(&t, d);
            if self.coin(0.25) {
                // A strided slice (dynamic length) under a full reduction.
                // Never empty (`max` of nothing is an error): start at 1 only on an
                // axis with at least two elements.
                let step = self.rng.gen_range(2..=3);
                let mut sl = vec![":".to_string(); t.rank()];
                let k = self.rng.gen_range(0..t.rank());
                let start = if self.concrete(t.dims[k]) >= 2 {
                    self.rng.gen_range(0..=1)
                } else {
                    0
                };
                sl[k] = if start == 0 {
                    format!("::{step}")
                } else {
                    format!("{start}::{step}")
                };
                let s = sl.join(", ");
                return Some(E::new(
                    format!("{f}(({})[{s}])", a.a),
                    format!("{g}(({})[{s}])", a.p),
                    det_op && a.det,
                ));
            }
            return Some(E::new(
                format!("{f}({})", a.a),
                format!("{g}({})", a.p),
                det_op && a.det,
            ));
        }
        if rank > 1 {
            return None;
        }
        let ax = self.rng.gen_range(0..2);
        let mut dims = ty.dims.clone();
        dims.insert(ax, self.rand_dim(true));
        let a = self.expr_nl(&Ty::new(dt, dims), d);
        let axs = if ax == 1 && self.coin(0.3) {
            -1
        } else {
            ax as i64
        };
        Some(E::new(
            format!("{f}({}, axis={axs})", a.a),
            format!("{g}({}, axis={axs})", a.p),
            det_op && a.det,
        ))
    }

    /// `ty` as a slice, an integer index or a newaxis of a compound expression.
    fn sliced(&mut self, ty: &Ty, d: u32) -> Option<E> {
        let dt = ty.dt;
        let rank = ty.rank();
        let r = self.rng.gen_range(0..3);
        if r == 0 {
            // Constant slices per axis.
            let mut src = Vec::new();
            let mut sl = Vec::new();
            for &w in &ty.dims {
                let h = match w {
                    Dim::Var(v, o) if o < 0 && self.coin(0.6) => {
                        Dim::Var(v, o + self.rng.gen_range(1..=-o))
                    }
                    Dim::Lit(1) if self.coin(0.5) => self.rand_dim(true),
                    w => w,
                };
                sl.push(self.slice_for(h, w)?);
                src.push(h);
            }
            if sl.iter().all(|s| s == ":") {
                return None;
            }
            let a = self.expr_nl(&Ty::new(dt, src), d);
            let s = sl.join(", ");
            Some(E::new(
                format!("({})[{s}]", a.a),
                format!("({})[{s}]", a.p),
                a.det,
            ))
        } else if r == 1 && rank == 1 {
            // An integer index of a rank-2 expression.
            let ax = self.rng.gen_range(0..2);
            let mut dims = ty.dims.clone();
            dims.insert(ax, self.rand_dim(false));
            let mut i = *["0", "-1", "1"].choose(&mut self.rng).unwrap();
            if self.in_loop && self.coin(0.4) {
                i = "t"; // a run-time index; the axis has at least 3 elements
            }
            let a = self.expr_nl(&Ty::new(dt, dims), d);
            let s = if ax == 0 {
                i.to_string()
            } else {
                format!(":, {i}")
            };
            Some(E::new(
                format!("({})[{s}]", a.a),
                format!("({})[{s}]", a.p),
                a.det,
            ))
        } else {
            self.newaxis(ty, d)
        }
    }

    /// `ty` by inserting an axis (`newaxis`) where it has a literal 1.
    fn newaxis(&mut self, ty: &Ty, d: u32) -> Option<E> {
        let dt = ty.dt;
        let rank = ty.rank();
        if rank < 2 {
            return None; // no newaxis on a scalar
        }
        let ones: Vec<usize> = (0..rank).filter(|&i| ty.dims[i] == Dim::Lit(1)).collect();
        let ax = *ones.choose(&mut self.rng)?;
        let mut dims = ty.dims.clone();
        dims.remove(ax);
        let a = self.expr_nl(&Ty::new(dt, dims), d);
        let mut sa = vec![":"; rank];
        let mut sp = vec![":"; rank];
        sa[ax] = "newaxis";
        sp[ax] = "np.newaxis";
        Some(E::new(
            format!("({})[{}]", a.a, sa.join(", ")),
            format!("({})[{}]", a.p, sp.join(", ")),
            a.det,
        ))
    }

    // ------------------------------------------------------------------ statements

    /// A constant slice of an axis of size `d`, with the axis it leaves (None: an index).
    fn target_slice(&mut self, d: Dim) -> (String, Option<Dim>) {
        let Dim::Var(v, o) = d else {
            return (":".into(), Some(d));
        };
        let room = o + MAX_SHRINK; // how much this axis may still shrink
        let mut opts: Vec<(String, Option<Dim>)> = vec![(":".into(), Some(d))];
        if room >= 1 {
            opts.push(("1:".into(), Some(Dim::Var(v, o - 1))));
            opts.push((":-1".into(), Some(Dim::Var(v, o - 1))));
        }
        if room >= 2 {
            opts.push(("1:-1".into(), Some(Dim::Var(v, o - 2))));
        }
        opts.push(("0".into(), None));
        opts.push(("-1".into(), None));
        opts.choose(&mut self.rng).unwrap().clone()
    }

    /// `name[slices] op= rhs;` for the mutable variable at `vars[idx]`.
    /// `e` clipped, to keep loop-carried values bounded.
    fn bounded(&mut self, e: E, dt: Dt) -> E {
        let (lo, hi) = if dt.is_float() {
            ("-4.0", "4.0")
        } else {
            ("-50", "50")
        };
        E::new(
            format!("clip({}, ({lo}), {hi})", e.a),
            format!("np.clip({}, {lo}, {hi})", e.p),
            e.det,
        )
    }

    fn assignment(
        &mut self,
        idx: usize,
        depth: u32,
        indent: &str,
        in_loop: bool,
    ) -> (String, String) {
        let var = self.vars[idx].clone();
        let ind_p = &indent[4..];
        if !var.ty.dims.is_empty() && self.coin(0.15) {
            // Whole assignment: exactly the variable's type (NumPy: a fresh copy).
            let e = self.expr_nl(&var.ty, depth);
            let e = if in_loop {
                self.bounded(e, var.ty.dt)
            } else {
                e
            };
            self.vars[idx].det = var.det && e.det;
            return (
                format!("{indent}{} = {};\n", var.name, e.a),
                format!("{ind_p}{} = np.array({}, copy=True)\n", var.np, e.p),
            );
        }
        if !var.ty.dims.is_empty() && self.coin(0.12) {
            // A strided target (dynamic length): a scalar, or the same slice of an
            // expression of the variable's type.
            let step = self.rng.gen_range(2..=3);
            let start = self.rng.gen_range(0..=1);
            let mut sl = vec![":".to_string(); var.ty.rank()];
            sl[0] = if start == 0 {
                format!("::{step}")
            } else {
                format!("{start}::{step}")
            };
            let sl = sl.join(", ");
            let (ra, rp, det) = if self.coin(0.5) {
                let e = self.expr_nl(&Ty::new(var.ty.dt, vec![]), depth);
                (e.a, e.p, e.det)
            } else {
                let e = self.expr_nl(&var.ty, depth);
                (
                    format!("({})[{sl}]", e.a),
                    format!("({})[{sl}]", e.p),
                    e.det,
                )
            };
            let e = E::new(ra, rp, det);
            let e = if in_loop {
                self.bounded(e, var.ty.dt)
            } else {
                e
            };
            let op = *["=", "+="].choose(&mut self.rng).unwrap();
            self.vars[idx].det = var.det && e.det;
            return (
                format!("{indent}{}[{sl}] {op} {};\n", var.name, e.a),
                format!("{ind_p}{}[{sl}] {op} {}\n", var.np, e.p),
            );
        }
        let mut sl = Vec::new();
        let mut region = Vec::new();
        for (k, &dm) in var.ty.dims.iter().enumerate() {
            // The loop variable as an index (trip counts are at most 3 <= n).
            if k == 0 && in_loop && matches!(dm, Dim::Var(_, 0)) && self.coin(0.3) {
                sl.push("t".to_string());
                continue;
            }
            let (s, keep) = self.target_slice(dm);
            sl.push(s);
            if let Some(k) = keep {
                region.push(k);
            }
        }
        let rty = Ty::new(var.ty.dt, region);
        let sub = self.bcast_sub(&rty);
        let mut rhs = self.expr(&sub, depth);
        let ops: &[&str] = if var.ty.dt.is_float() {
            &["=", "=", "+=", "-=", "*="]
        } else {
            &["=", "=", "+=", "-="]
        };
        let op = *ops.choose(&mut self.rng).unwrap();
        if in_loop {
            if rhs.lit {
                rhs = self.leaf_var(&sub, false);
            }
            rhs = self.bounded(rhs, var.ty.dt);
        }
        let idx_s = if sl.iter().all(|s| s == ":") && self.coin(0.5) {
            ":".to_string()
        } else {
            sl.join(", ")
        };
        let det = var.det && rhs.det;
        self.vars[idx].det = det;
        if var.ty.dims.is_empty() {
            return (
                format!("{indent}{} {op} {};\n", var.name, rhs.a),
                if op == "=" {
                    // A literal right side must not make it a Python float.
                    format!(
                        "{}{} = cast({}, {})\n",
                        &indent[4..],
                        var.np,
                        rhs.p,
                        var.ty.dt.np()
                    )
                } else {
                    format!("{}{} {op} {}\n", &indent[4..], var.np, rhs.p)
                },
            );
        }
        (
            format!("{indent}{}[{idx_s}] {op} {};\n", var.name, rhs.a),
            format!("{}{}[{idx_s}] {op} {}\n", &indent[4..], var.np, rhs.p),
        )
    }

    /// `let c = b[...];` of the mutable variable at `vars[idx]`: the Arr and NumPy
    /// statements, and `c`'s type and reading expression (`c` is also in scope).
    fn snapshot(&mut self, idx: usize) -> (String, String, Ty, E) {
        let var = self.vars[idx].clone();
        let (sa, ty) = if var.ty.dims.is_empty() || self.coin(0.25) {
            (String::new(), var.ty.clone())
        } else if var.ty.rank() == 2 && self.coin(0.3) {
            (
                ".T".to_string(),
                Ty::new(var.ty.dt, vec![var.ty.dims[1], var.ty.dims[0]]),
            )
        } else {
            let mut sl = Vec::new();
            let mut dims = Vec::new();
            for &d in &var.ty.dims {
                let (s, keep) = self.target_slice(d);
                sl.push(s);
                dims.extend(keep);
            }
            (format!("[{}]", sl.join(", ")), Ty::new(var.ty.dt, dims))
        };
        let name = self.fresh("c");
        self.vars.push(Var {
            name: name.clone(),
            np: name.clone(),
            ty: ty.clone(),
            det: var.det,
        });
        (
            format!("    let {name} = {}{sa};\n", var.name),
            format!("{name} = np.array({}{sa}, copy=True)[()]\n", var.np),
            ty,
            E::new(name.clone(), name, var.det),
        )
    }

    /// Function `name`: statements, results (at most `max_res`) and its parameters
    /// (collected in `self.params`).
    fn function(&mut self, name: &str, main_dt: Dt, max_res: usize) -> FnParts {
        let mut body = String::new();
        let mut py = String::new();
        let mut stmts = 0;
        // let bindings (one a call of a helper, if there is one).
        let nlets = self.rng.gen_range(0..=2);
        let call_at = if self.helpers.is_empty() {
            None
        } else {
            Some(self.rng.gen_range(0..=nlets))
        };
        for i in 0..nlets.max(call_at.map_or(0, |c| c + 1)) {
            let (ty, e) = match call_at {
                Some(c) if c == i => self.call(2).expect("a helper"),
                _ => {
                    let ty = self.rand_ty(main_dt, 2);
                    let depth = self.rng.gen_range(1..=3);
                    (ty.clone(), self.expr_nl(&ty, depth))
                }
            };
            let name = self.fresh("a");
            body.push_str(&format!("    let {name} = {};\n", e.a));
            py.push_str(&format!("{name} = {}\n", e.p));
            self.vars.push(Var {
                name: name.clone(),
                np: name,
                ty,
                det: e.det,
            });
            stmts += 1;
        }
        // A mutable copy updated through slices and in a loop.
        let mut mutable = None;
        // The variable (or slice of one) the copy was made from.
        let mut copy_src: Option<(Ty, E)> = None;
        // A `let` of (part of) the copy taken before its updates.
        let mut snapshot: Option<(Ty, E)> = None;
        if self.coin(0.6) {
            // An array, or sometimes a scalar accumulator.
            let mut ty = self.rand_ty(main_dt, 2);
            if ty.dims.is_empty() && self.coin(0.5) {
                ty.dims.push(self.rand_dim(false));
            }
            let init = self.leaf_var(&ty, false);
            let init = if self.coin(0.3) {
                let e = self.expr_nl(&ty, 2);
                E::new(e.a, e.p, e.det)
            } else {
                copy_src = Some((ty.clone(), init.clone()));
                init
            };
            let name = self.fresh("b");
            body.push_str(&format!("    let mut {name} = {};\n", init.a));
            // A copy (an array scalar becomes a NumPy scalar, never an alias).
            py.push_str(&format!("{name} = np.array({}, copy=True)[()]\n", init.p));
            self.vars.push(Var {
                name: name.clone(),
                np: name.clone(),
                ty: ty.clone(),
                det: init.det,
            });
            let idx = self.vars.len() - 1;
            mutable = Some(idx);
            stmts += 1;
            if self.opts.snapshots && self.coin(0.4) {
                let (a, p, sty, se) = self.snapshot(idx);
                body.push_str(&a);
                py.push_str(&p);
                snapshot = Some((sty, se));
            }
            for _ in 0..self.rng.gen_range(0..=2) {
                let (a, p) = self.assignment(idx, 2, "    ", false);
                body.push_str(&a);
                py.push_str(&p);
                stmts += 1;
            }
            if stmts < 6 && self.coin(0.6) {
                let trips = self.rng.gen_range(1..=3);
                let is_while = self.coin(0.3);
                if is_while {
                    body.push_str(&format!("    let mut t = 0;\n    while t < {trips} {{\n"));
                    py.push_str(&format!("t = 0\nwhile t < {trips}:\n"));
                } else {
                    body.push_str(&format!("    for t in 0..{trips} {{\n"));
                    py.push_str(&format!("for t in range({trips}):\n"));
                }
                self.in_loop = true;
                self.vars.push(Var {
                    name: "t".into(),
                    np: "np.int64(t)".into(),
                    ty: Ty::new(Dt::I64, vec![]),
                    det: true,
                });
                // Conservative: whatever the body does, the carried array is not
                // known to be bitwise reproducible inside the loop.
                self.vars[idx].det = false;
                let n_body = self.rng.gen_range(1..=2);
                for _ in 0..n_body {
                    let (a, p) = self.assignment(idx, 2, "        ", true);
                    body.push_str(&a);
                    py.push_str(&p);
                }
                if is_while {
                    body.push_str("        t += 1;\n");
                    py.push_str("    t += 1\n");
                }
                self.in_loop = false;
                self.vars.retain(|v| v.name != "t");
                body.push_str("    }\n");
            }
        }
        // Results.
        // The source of the copy as a second result: it must not have changed.
        let copy_res = match (&copy_src, &snapshot, mutable) {
            (_, Some(c), Some(_)) if max_res > 1 && self.coin(0.5) => Some(c.clone()),
            (Some(c), _, Some(_)) if self.opts.copy_results && max_res > 1 && self.coin(0.5) => {
                Some(c.clone())
            }
            _ => None,
        };
        let nres = if copy_res.is_some() || (max_res > 1 && self.coin(0.3)) {
            2
        } else {
            1
        };
        let mut res_a = Vec::new();
        let mut res_p = Vec::new();
        let mut res_ty = Vec::new();
        for k in 0..nres {
            let (ty, e) = match (k, mutable) {
                (1, _) if copy_res.is_some() => copy_res.clone().unwrap(),
                (0, Some(idx)) if copy_res.is_some() || self.coin(0.6) => {
                    let v = self.vars[idx].clone();
                    let e = if self.coin(0.5) {
                        E::new(v.name.clone(), v.np.clone(), v.det)
                    } else {
                        self.expr_nl(&v.ty, 2)
                    };
                    (v.ty, e)
                }
                _ => {
                    let dt = if self.coin(0.85) {
                        main_dt
                    } else {
                        *[Dt::F64, Dt::F32, Dt::I64].choose(&mut self.rng).unwrap()
                    };
                    let ty = self.rand_ty(dt, 2);
                    let depth = self.rng.gen_range(2..=4);
                    (ty.clone(), self.expr_nl(&ty, depth))
                }
            };
            res_a.push(e.a);
            res_p.push(e.p);
            res_ty.push(ty);
        }
        let (ret, val_a, val_p) = if nres == 1 {
            (
                Self::ty_str(&res_ty[0]),
                res_a[0].clone(),
                format!("({},)", res_p[0]),
            )
        } else {
            let ts: Vec<String> = res_ty.iter().map(Self::ty_str).collect();
            (
                format!("({})", ts.join(", ")),
                format!("({})", res_a.join(", ")),
                format!("({},)", res_p.join(", ")),
            )
        };
        py.push_str(&format!("__result = {val_p}\n"));
        let params_s: Vec<String> = self
            .params
            .iter()
            .map(|(n, t)| format!("{n}: {}", Self::ty_str(t)))
            .collect();
        let source = format!(
            "fn {name}({}) -> {ret} {{\n{body}    {val_a}\n}}\n",
            params_s.join(", ")
        );
        FnParts {
            source,
            py,
            results: res_ty,
        }
    }

    fn program(&mut self, seed: u64) -> Program {
        let main_dt = self.main_dt();
        let parts = self.function("f", main_dt, 2);
        let mut source = String::new();
        let mut numpy = String::new();
        for h in &self.helpers {
            source.push_str(&h.source);
            source.push('\n');
            numpy.push_str(&h.py);
        }
        source.push_str(&parts.source);
        numpy.push_str(&parts.py);
        let res_ty = parts.results;
        // Inputs.
        let mut params = Vec::new();
        let mut args = Vec::new();
        for (name, ty) in self.params.clone() {
            let shape: Vec<usize> = ty.dims.iter().map(|&d| self.concrete(d)).collect();
            let count: usize = shape.iter().product();
            let sh = IxDyn(&shape);
            let value = match ty.dt {
                Dt::F64 => Value::F64(
                    ArrayD::from_shape_vec(
                        sh,
                        (0..count)
                            .map(|_| self.rng.gen_range(-32..=32) as f64 / 16.0)
                            .collect(),
                    )
                    .unwrap(),
                ),
                Dt::F32 => Value::F32(
                    ArrayD::from_shape_vec(
                        sh,
                        (0..count)
                            .map(|_| self.rng.gen_range(-32..=32) as f32 / 16.0)
                            .collect(),
                    )
                    .unwrap(),
                ),
                Dt::I64 => Value::I64(
                    ArrayD::from_shape_vec(
                        sh,
                        (0..count).map(|_| self.rng.gen_range(-9..=9)).collect(),
                    )
                    .unwrap(),
                ),
            };
            params.push(Param {
                name,
                dt: ty.dt,
                shape,
            });
            args.push(value);
        }
        let results = res_ty
            .iter()
            .map(|t| (t.dt, t.dims.iter().map(|&d| self.concrete(d)).collect()))
            .collect();
        Program {
            seed,
            source,
            entry: "f".into(),
            params,
            args,
            sizes: SIZE_NAMES
                .iter()
                .zip(&self.sizes)
                .map(|(n, &v)| (n.to_string(), v))
                .collect(),
            numpy,
            results,
        }
    }
}
