//! The typed array IR: what the checker produces and the interpreter (and, later, the
//! optimizer) consume.
//!
//! Each function owns an arena of expressions ([`Function::exprs`]) addressed by
//! [`ExprId`] handles. Expressions are stored in def-before-use order: every operand handle
//! is smaller than the handle of the expression using it, so the verifier, printer and
//! interpreter can work forward. Spans and types live in side tables indexed by handle
//! ([`Function::spans`], [`Function::types`]). Statements ([`Stmt`]) are a tree of blocks
//! that refer to expressions; an expression is evaluated when the statement holding it
//! runs. Expressions are pure, so an operand may be shared by several users (the checker
//! shares the target of `x[s] += e` between the read and the write).
//!
//! Invariants (checked by [`verify`]):
//! - every handle is in range and operands point backwards;
//! - every expression's type is in the side table, and operands of elementwise
//!   operations have the dtypes the operation needs (the checker inserted every cast the
//!   user wrote and no others: there is no implicit promotion);
//! - the static shapes of operands agree as the operation requires, except where a size
//!   is [`SizeVarKind::Dynamic`]: those are checked at run time.

mod print;
mod verify;

pub use crate::front::ast::ScalarType as DType;
pub use print::print_module;
pub use verify::{verify, VerifyError};

use crate::size::{Size, SizeVar};
use crate::span::Span;
use std::fmt;

macro_rules! id_type {
    ($(#[$m:meta])* $name:ident, $prefix:literal) => {
        $(#[$m])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub u32);
        impl $name {
            pub fn index(self) -> usize { self.0 as usize }
        }
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!($prefix, "{}"), self.0)
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(self, f)
            }
        }
    };
}

id_type!(/// An expression of one function.
    ExprId, "e");
id_type!(/// A local variable (parameters, `let` bindings, loop variables) of one function.
    LocalId, "l");
id_type!(/// A function of the module.
    FuncId, "f");

/// A whole checked program.
#[derive(Debug, Clone, Default)]
pub struct Module {
    /// In source order. Calls refer to them by [`FuncId`] (the index here).
    pub functions: Vec<Function>,
}

impl Module {
    pub fn function(&self, name: &str) -> Option<&Function> {
        self.functions.iter().find(|f| f.name == name)
    }

    pub fn func(&self, id: FuncId) -> &Function {
        &self.functions[id.index()]
    }
}

/// The type of an array value: element type and shape (rank 0 is a scalar).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Type {
    pub dtype: DType,
    pub shape: Vec<Size>,
}

impl Type {
    pub fn scalar(dtype: DType) -> Type {
        Type {
            dtype,
            shape: Vec::new(),
        }
    }

    pub fn rank(&self) -> usize {
        self.shape.len()
    }

    pub fn is_scalar(&self) -> bool {
        self.shape.is_empty()
    }
}

/// The type of an expression.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Ty {
    /// An array or a scalar.
    Value(Type),
    /// Several results (function results, `let (a, b) = ...`).
    Tuple(Vec<Type>),
    /// No value: statement-like expressions such as an `if` without `else`.
    Unit,
}

impl Ty {
    pub fn as_value(&self) -> Option<&Type> {
        match self {
            Ty::Value(t) => Some(t),
            _ => None,
        }
    }
}

/// Where a size variable comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum SizeVarKind {
    /// Declared by the parameters (`n` in `x: [n]f64`); its value is fixed at entry
    /// by [`Function::size_bindings`].
    Param,
    /// A size known only at run time (a slice with bounds that depend on a loop
    /// variable, `arange(k)` of a computed `k`, a callee's result size computed from a
    /// run-time value). Operations that need it to equal another size check at run time.
    Dynamic,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SizeVarInfo {
    /// The user's name for parameter sizes; a description such as `len(0:i)` otherwise.
    pub name: String,
    pub kind: SizeVarKind,
}

/// How the entry of a function finds the value of a parameter size variable.
#[derive(Debug, Clone, PartialEq)]
pub enum SizeSource {
    /// `(dim(param, axis) - offset) / scale`, where the remainder must be 0 and the
    /// result non-negative.
    Axis {
        param: usize,
        axis: usize,
        scale: i64,
        offset: i64,
    },
    /// The value of an `i64` scalar parameter (`fn ramp(n: i64) -> [n]f32`); must be ≥ 0.
    Scalar { param: usize },
}

#[derive(Debug, Clone, PartialEq)]
pub struct SizeBinding {
    pub var: SizeVar,
    pub source: SizeSource,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub name: String,
    pub local: LocalId,
    pub ty: Type,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Local {
    pub name: String,
    pub ty: Type,
    pub mutable: bool,
    pub span: Span,
}

/// One checked function.
#[derive(Debug, Clone)]
pub struct Function {
    pub name: String,
    pub span: Span,
    pub params: Vec<Param>,
    /// The declared result types (one entry unless the result is a tuple).
    pub results: Vec<Type>,
    pub result_is_tuple: bool,
    /// Indexed by [`SizeVar`].
    pub size_vars: Vec<SizeVarInfo>,
    /// In an order where each binding can be computed (all of them come from arguments).
    /// After binding, every parameter's shape is checked against its declared sizes.
    pub size_bindings: Vec<SizeBinding>,
    /// Indexed by [`LocalId`]; parameters come first, in order.
    pub locals: Vec<Local>,
    /// The expression arena, in def-before-use order.
    pub exprs: Vec<Expr>,
    /// Side table: the span of each expression.
    pub spans: Vec<Span>,
    /// Side table: the type of each expression.
    pub types: Vec<Ty>,
    pub body: Block,
}

impl Function {
    pub fn expr(&self, id: ExprId) -> &Expr {
        &self.exprs[id.index()]
    }

    pub fn ty(&self, id: ExprId) -> &Ty {
        &self.types[id.index()]
    }

    pub fn span(&self, id: ExprId) -> Span {
        self.spans[id.index()]
    }

    pub fn local(&self, id: LocalId) -> &Local {
        &self.locals[id.index()]
    }

    /// The name of a size variable, for messages and the printer.
    pub fn size_name(&self, v: SizeVar) -> String {
        self.size_vars
            .get(v.0 as usize)
            .map_or_else(|| format!("?{}", v.0), |s| s.name.clone())
    }

    /// A size formatted with this function's names: `n - 2`.
    pub fn size_str(&self, s: &Size) -> String {
        s.display(&|v| self.size_name(v)).to_string()
    }

    /// A type formatted as in the source: `[n, m - 1]f64`, `f32`.
    pub fn type_str(&self, t: &Type) -> String {
        if t.shape.is_empty() {
            return t.dtype.name().to_string();
        }
        let dims: Vec<String> = t.shape.iter().map(|s| self.size_str(s)).collect();
        format!("[{}]{}", dims.join(", "), t.dtype.name())
    }
}

/// `{ stmts; value }`
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Block {
    pub stmts: Vec<Stmt>,
    /// The block's value, if it has one.
    pub value: Option<ExprId>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Stmt {
    /// Binds a new local to a value (a logical copy for `let mut`).
    Let { local: LocalId, value: ExprId },
    /// `let (a, b) = e;` with `e` of tuple type.
    LetTuple { locals: Vec<LocalId>, value: ExprId },
    /// `x = e;` (the value already broadcast-checked against the local's type).
    Assign { local: LocalId, value: ExprId },
    /// `x[items] = e;`: the right side is evaluated completely first (NumPy
    /// semantics), then broadcast to the selected region and written.
    /// Compound `x[s] += e` arrives here as `x[s] = x[s] + e`.
    AssignIndex {
        local: LocalId,
        items: Vec<Index>,
        value: ExprId,
    },
    /// `for var in lo..hi { body }`: `lo` and `hi` are evaluated once, before the loop.
    For {
        var: LocalId,
        lo: ExprId,
        hi: ExprId,
        body: Block,
    },
    /// `while cond { body }`: `cond` is evaluated before each iteration.
    While { cond: ExprId, body: Block },
    /// Leaves the function with a value (a tuple for tuple results).
    Return(ExprId),
    /// An expression evaluated for its effects (an `if` holding assignments).
    Eval(ExprId),
}

/// A scalar constant.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scalar {
    F32(f32),
    F64(f64),
    I32(i32),
    I64(i64),
    Bool(bool),
}

impl Scalar {
    pub fn dtype(self) -> DType {
        match self {
            Scalar::F32(_) => DType::F32,
            Scalar::F64(_) => DType::F64,
            Scalar::I32(_) => DType::I32,
            Scalar::I64(_) => DType::I64,
            Scalar::Bool(_) => DType::Bool,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    /// Numeric negation (wrapping for integers).
    Neg,
    /// Logical not (bool only).
    Not,
}

/// Elementwise binary operators. Both operands have the same dtype; comparisons give
/// bool; `And`/`Or` take bool. Integer `Div`/`Rem` truncate toward zero (division by
/// zero is a run-time error); integer arithmetic wraps; integer `Pow` with a negative
/// exponent is a run-time error (as in NumPy).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinaryOp {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    Pow,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
}

impl BinaryOp {
    pub fn is_comparison(self) -> bool {
        matches!(
            self,
            Self::Eq | Self::Ne | Self::Lt | Self::Le | Self::Gt | Self::Ge
        )
    }

    pub fn is_logical(self) -> bool {
        matches!(self, Self::And | Self::Or)
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Self::Add => "+",
            Self::Sub => "-",
            Self::Mul => "*",
            Self::Div => "/",
            Self::Rem => "%",
            Self::Pow => "**",
            Self::Eq => "==",
            Self::Ne => "!=",
            Self::Lt => "<",
            Self::Le => "<=",
            Self::Gt => ">",
            Self::Ge => ">=",
            Self::And => "&&",
            Self::Or => "||",
        }
    }
}

/// Elementwise math functions, with NumPy's semantics. Operands are broadcast together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MathFn {
    // One float operand, same dtype out.
    Sqrt,
    Exp,
    Log,
    Log1p,
    Expm1,
    Sin,
    Cos,
    Tan,
    Asin,
    Acos,
    Atan,
    Sinh,
    Cosh,
    Tanh,
    Floor,
    Ceil,
    /// Round half to even, as `np.round`.
    Round,
    // One numeric operand, same dtype out.
    Abs,
    /// -1, 0 or 1 (NaN stays NaN).
    Sign,
    // One float operand, bool out.
    IsNan,
    // Two float operands.
    Atan2,
    // Two numeric operands; NaN-propagating like `np.minimum`/`np.maximum`.
    Minimum,
    Maximum,
    /// `clip(x, lo, hi)` = `minimum(maximum(x, lo), hi)`.
    Clip,
    /// `where(cond, a, b)`: cond is bool; a and b share a dtype.
    Where,
}

impl MathFn {
    pub fn name(self) -> &'static str {
        match self {
            MathFn::Sqrt => "sqrt",
            MathFn::Exp => "exp",
            MathFn::Log => "log",
            MathFn::Log1p => "log1p",
            MathFn::Expm1 => "expm1",
            MathFn::Sin => "sin",
            MathFn::Cos => "cos",
            MathFn::Tan => "tan",
            MathFn::Asin => "asin",
            MathFn::Acos => "acos",
            MathFn::Atan => "atan",
            MathFn::Sinh => "sinh",
            MathFn::Cosh => "cosh",
            MathFn::Tanh => "tanh",
            MathFn::Floor => "floor",
            MathFn::Ceil => "ceil",
            MathFn::Round => "round",
            MathFn::Abs => "abs",
            MathFn::Sign => "sign",
            MathFn::IsNan => "isnan",
            MathFn::Atan2 => "atan2",
            MathFn::Minimum => "minimum",
            MathFn::Maximum => "maximum",
            MathFn::Clip => "clip",
            MathFn::Where => "where",
        }
    }
}

/// Reductions. `Sum`/`Prod`/`Mean` keep the dtype (`Mean` needs a float); `Max`/`Min`
/// propagate NaN; `ArgMax`/`ArgMin` give i64, the first index on ties (of the
/// flattened array when there is no axis); `Any`/`All` take and give bool.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReduceOp {
    Sum,
    Prod,
    Max,
    Min,
    Mean,
    ArgMax,
    ArgMin,
    Any,
    All,
}

impl ReduceOp {
    pub fn name(self) -> &'static str {
        match self {
            ReduceOp::Sum => "sum",
            ReduceOp::Prod => "prod",
            ReduceOp::Max => "max",
            ReduceOp::Min => "min",
            ReduceOp::Mean => "mean",
            ReduceOp::ArgMax => "argmax",
            ReduceOp::ArgMin => "argmin",
            ReduceOp::Any => "any",
            ReduceOp::All => "all",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScanOp {
    CumSum,
    CumProd,
}

/// One entry of an index list. The checker makes the list complete: one entry per axis
/// of the base (plus `NewAxis` entries), missing trailing axes as full slices.
#[derive(Debug, Clone, PartialEq)]
pub enum Index {
    /// A scalar i64 index; removes the axis. Negative counts from the end.
    At(ExprId),
    /// `start:stop:step` with `step > 0`. Bounds are i64 scalars; a negative bound has
    /// the axis size added once (NumPy), and then `0 <= start <= stop <= size` must hold
    /// (else [`arr::Error::InvalidSlice`]). An omitted bound is `0` or the size.
    /// Length: `ceil((stop - start) / step)`.
    Slice {
        start: Option<ExprId>,
        stop: Option<ExprId>,
        step: i64,
    },
    /// `newaxis`: inserts an axis of size 1 (consumes no axis of the base).
    NewAxis,
    /// An i64 array: gathers along this axis (NumPy advanced indexing with one index
    /// array); the index array's axes replace this axis. Negative indices count from the
    /// end; out of range is [`arr::Error::IndexOutOfRange`].
    Gather(ExprId),
}

impl Index {
    /// `:`, the whole axis.
    pub const ALL: Index = Index::Slice {
        start: None,
        stop: None,
        step: 1,
    };
}

#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A typed scalar constant (literals, after the checker gave them their type).
    Const(Scalar),
    /// The current value of a local.
    Local(LocalId),
    /// A size used as an i64 value (`f64(n)`); only parameter size variables.
    SizeValue(Size),
    Unary {
        op: UnaryOp,
        arg: ExprId,
    },
    /// Elementwise with broadcasting.
    Binary {
        op: BinaryOp,
        lhs: ExprId,
        rhs: ExprId,
    },
    /// Elementwise math with broadcasting.
    Math {
        fun: MathFn,
        args: Vec<ExprId>,
    },
    /// Elementwise conversion (`f32(x)`): float→int truncates toward zero (NaN gives 0,
    /// out of range saturates), to bool is `!= 0`, from bool is 0/1.
    Cast {
        to: DType,
        arg: ExprId,
    },
    /// `axis: None` reduces all elements to a scalar.
    Reduce {
        op: ReduceOp,
        arg: ExprId,
        axis: Option<usize>,
        keepdims: bool,
    },
    /// Inclusive scan along an axis.
    Scan {
        op: ScanOp,
        arg: ExprId,
        axis: usize,
    },
    /// `a @ b` and `dot(a, b)`: ranks (2,2), (2,1), (1,2) or (1,1) (a scalar).
    MatMul {
        lhs: ExprId,
        rhs: ExprId,
    },
    /// `zeros`, `ones`, `full`: an array of the given i64 sizes filled with a scalar.
    Fill {
        shape: Vec<ExprId>,
        value: ExprId,
    },
    /// `arange(n)`: `0..n` as i64.
    Arange {
        n: ExprId,
    },
    /// `linspace(start, stop, n)` as `np.linspace` (endpoint included), in the dtype of
    /// `start`/`stop` (floats).
    Linspace {
        start: ExprId,
        stop: ExprId,
        n: ExprId,
    },
    /// `eye(n, T)`.
    Eye {
        n: ExprId,
        dtype: DType,
    },
    /// `x.T`, `transpose(x)`, `transpose(x, perm)`: result axis `i` is axis `perm[i]`.
    Transpose {
        arg: ExprId,
        perm: Vec<usize>,
    },
    /// `reshape(x, [..])` (row-major order); the new sizes are i64 scalars.
    Reshape {
        arg: ExprId,
        shape: Vec<ExprId>,
    },
    /// `concat([a, b], axis=k)`.
    Concat {
        args: Vec<ExprId>,
        axis: usize,
    },
    /// `stack([a, b], axis=k)`, and array literals `[a, b, c]` (axis 0).
    Stack {
        args: Vec<ExprId>,
        axis: usize,
    },
    /// `flip(x, axis=k)`; `axis: None` flips every axis.
    Flip {
        arg: ExprId,
        axis: Option<usize>,
    },
    /// NumPy basic indexing (and one gather).
    Index {
        base: ExprId,
        items: Vec<Index>,
    },
    /// A call of another function of the module; its type is the callee's result type
    /// with the callee's size variables replaced as bound by the arguments.
    Call {
        func: FuncId,
        args: Vec<ExprId>,
    },
    /// A function whose parameters are all scalars, applied elementwise to arrays
    /// (broadcast together); the callee has one scalar result.
    Map {
        func: FuncId,
        args: Vec<ExprId>,
    },
    /// Scalar `if`; `els` is empty when there is no `else` (then the type is Unit).
    If {
        cond: ExprId,
        then: Block,
        els: Block,
    },
    /// Several values (function results only).
    Tuple(Vec<ExprId>),
}

impl Expr {
    /// The operand handles of this expression (not counting those inside blocks).
    pub fn operands(&self) -> Vec<ExprId> {
        let mut v = Vec::new();
        match self {
            Expr::Const(_) | Expr::Local(_) | Expr::SizeValue(_) => {}
            Expr::Unary { arg, .. }
            | Expr::Cast { arg, .. }
            | Expr::Reduce { arg, .. }
            | Expr::Scan { arg, .. }
            | Expr::Transpose { arg, .. }
            | Expr::Flip { arg, .. } => v.push(*arg),
            Expr::Binary { lhs, rhs, .. } | Expr::MatMul { lhs, rhs } => {
                v.push(*lhs);
                v.push(*rhs);
            }
            Expr::Math { args, .. }
            | Expr::Concat { args, .. }
            | Expr::Stack { args, .. }
            | Expr::Call { args, .. }
            | Expr::Map { args, .. }
            | Expr::Tuple(args) => v.extend(args.iter().copied()),
            Expr::Fill { shape, value } => {
                v.extend(shape.iter().copied());
                v.push(*value);
            }
            Expr::Arange { n } | Expr::Eye { n, .. } => v.push(*n),
            Expr::Linspace { start, stop, n } => v.extend([*start, *stop, *n]),
            Expr::Reshape { arg, shape } => {
                v.push(*arg);
                v.extend(shape.iter().copied());
            }
            Expr::Index { base, items } => {
                v.push(*base);
                for it in items {
                    index_operands(it, &mut v);
                }
            }
            Expr::If { cond, .. } => v.push(*cond),
        }
        v
    }
}

/// The expression handles an index entry refers to.
pub fn index_operands(item: &Index, out: &mut Vec<ExprId>) {
    match item {
        Index::At(e) | Index::Gather(e) => out.push(*e),
        Index::Slice { start, stop, .. } => out.extend(start.iter().chain(stop.iter()).copied()),
        Index::NewAxis => {}
    }
}
