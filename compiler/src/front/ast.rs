//! The abstract syntax tree: what the parser produces and the checker consumes.
//!
//! A faithful, untyped picture of the source, every node with its byte [`Span`].
//! Nothing here is resolved: names are strings, and sizes in types are size expressions.

use crate::span::Span;

/// An identifier with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// A whole source file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct File {
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Fn(FnDef),
    Const(ConstDef),
}

/// `const NAME: T = expr;`
#[derive(Debug, Clone, PartialEq)]
pub struct ConstDef {
    pub name: Ident,
    pub ty: TypeExpr,
    pub value: Expr,
    pub span: Span,
}

/// `fn name(params) -> ret { body }`
#[derive(Debug, Clone, PartialEq)]
pub struct FnDef {
    pub name: Ident,
    pub params: Vec<Param>,
    pub ret: TypeExpr,
    pub body: Block,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub name: Ident,
    pub ty: TypeExpr,
}

/// Element types (`f32 f64 i32 i64 bool`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ScalarType {
    F32,
    F64,
    I32,
    I64,
    Bool,
}

impl ScalarType {
    pub fn from_name(s: &str) -> Option<ScalarType> {
        Some(match s {
            "f32" => ScalarType::F32,
            "f64" => ScalarType::F64,
            "i32" => ScalarType::I32,
            "i64" => ScalarType::I64,
            "bool" => ScalarType::Bool,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            ScalarType::F32 => "f32",
            ScalarType::F64 => "f64",
            ScalarType::I32 => "i32",
            ScalarType::I64 => "i64",
            ScalarType::Bool => "bool",
        }
    }

    pub fn is_float(self) -> bool {
        matches!(self, ScalarType::F32 | ScalarType::F64)
    }

    pub fn is_int(self) -> bool {
        matches!(self, ScalarType::I32 | ScalarType::I64)
    }

    pub fn is_numeric(self) -> bool {
        self != ScalarType::Bool
    }
}

/// A type as written.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeExpr {
    /// `f32`
    Scalar { elem: ScalarType, span: Span },
    /// `[n, m - 1]f64`
    Array {
        dims: Vec<SizeExpr>,
        elem: ScalarType,
        span: Span,
    },
    /// `(f64, [n]f64)`
    Tuple { elems: Vec<TypeExpr>, span: Span },
}

impl TypeExpr {
    pub fn span(&self) -> Span {
        match self {
            TypeExpr::Scalar { span, .. }
            | TypeExpr::Array { span, .. }
            | TypeExpr::Tuple { span, .. } => *span,
        }
    }
}

/// A size in a type: integer literals, size variables, `+ - *` and parentheses.
#[derive(Debug, Clone, PartialEq)]
pub enum SizeExpr {
    Lit {
        value: i64,
        span: Span,
    },
    Var(Ident),
    Bin {
        op: SizeOp,
        lhs: Box<SizeExpr>,
        rhs: Box<SizeExpr>,
        span: Span,
    },
    Neg {
        arg: Box<SizeExpr>,
        span: Span,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SizeOp {
    Add,
    Sub,
    Mul,
}

impl SizeExpr {
    pub fn span(&self) -> Span {
        match self {
            SizeExpr::Lit { span, .. }
            | SizeExpr::Bin { span, .. }
            | SizeExpr::Neg { span, .. } => *span,
            SizeExpr::Var(id) => id.span,
        }
    }
}

/// `{ stmts; tail }`
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub stmts: Vec<Stmt>,
    /// The final expression without a semicolon: the block's value.
    pub tail: Option<Box<Expr>>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Stmt {
    /// `let [mut] x[: T] = e;`
    Let {
        mutable: bool,
        name: Ident,
        ty: Option<TypeExpr>,
        value: Expr,
        span: Span,
    },
    /// `let (a, b) = e;`
    LetTuple {
        names: Vec<Ident>,
        value: Expr,
        span: Span,
    },
    /// `x = e;`, `x[..] = e;`, `x += e;`, `x[..] -= e;` ...
    Assign {
        target: Ident,
        index: Option<Vec<IndexItem>>,
        op: Option<BinOp>,
        value: Expr,
        span: Span,
    },
    /// `for i in lo..hi { ... }`
    For {
        var: Ident,
        lo: Expr,
        hi: Expr,
        body: Block,
        span: Span,
    },
    /// `while cond { ... }`
    While { cond: Expr, body: Block, span: Span },
    /// `return e;`
    Return { value: Expr, span: Span },
    /// `e;` (an expression statement, e.g. an `if` used for its effects)
    Expr(Expr),
}

impl Stmt {
    pub fn span(&self) -> Span {
        match self {
            Stmt::Let { span, .. }
            | Stmt::LetTuple { span, .. }
            | Stmt::Assign { span, .. }
            | Stmt::For { span, .. }
            | Stmt::While { span, .. }
            | Stmt::Return { span, .. } => *span,
            Stmt::Expr(e) => e.span,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinOp {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    MatMul,
    Pow,
}

impl BinOp {
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Or => "||",
            BinOp::And => "&&",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Rem => "%",
            BinOp::MatMul => "@",
            BinOp::Pow => "**",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnOp {
    Neg,
    Not,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// An integer literal as written (no sign; `-3` is `Neg(3)`). Kept as u64 text value.
    Int(u64),
    /// A float literal (has a point or an exponent).
    Float(f64),
    Bool(bool),
    /// A name: a variable, a size variable, a constant, or `newaxis` in an index.
    Name(String),
    Unary {
        op: UnOp,
        arg: Box<Expr>,
    },
    Binary {
        op: BinOp,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
    /// `callee(args, kw=value)`; `callee` is always a plain name.
    Call {
        callee: Ident,
        args: Vec<Expr>,
        kwargs: Vec<(Ident, Expr)>,
    },
    /// `base[items]`
    Index {
        base: Box<Expr>,
        items: Vec<IndexItem>,
    },
    /// `base.T`
    Transpose(Box<Expr>),
    /// `[a, b, c]` (nested for higher ranks); also the shape list of `zeros([n, m], f64)`.
    List(Vec<Expr>),
    /// `(a, b)`
    Tuple(Vec<Expr>),
    /// `if c { .. } else { .. }` (else may be another `if`, as a block whose tail is it).
    If {
        cond: Box<Expr>,
        then: Block,
        els: Option<Block>,
    },
    /// A `{ ... }` block used as an expression.
    Block(Block),
}

/// One entry of an index list.
#[derive(Debug, Clone, PartialEq)]
pub enum IndexItem {
    /// `e`: an integer (or an i64 array, which gathers); `newaxis` parses as `Expr` Name.
    Expr(Expr),
    /// `a:b:s`, each part optional.
    Slice {
        start: Option<Expr>,
        stop: Option<Expr>,
        step: Option<Expr>,
        span: Span,
    },
}
