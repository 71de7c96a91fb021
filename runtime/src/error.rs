use std::fmt;

/// A run-time error raised by Arr code: compiled kernels and the reference interpreter
/// alike. Every fault a caller can cause with its inputs is one of these, never a panic.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// Two mentions of one size variable disagree at entry
    /// (`fn f(x: [n]f64, y: [n]f64)` called with 3 and 4 elements).
    #[error("size `{size}` is {first} from {first_source} but {second} from {second_source}")]
    SizeMismatch {
        size: String,
        first: usize,
        first_source: String,
        second: usize,
        second_source: String,
    },
    /// An argument's rank, size or dtype does not fit the parameter's declared type.
    #[error("argument `{param}`: expected {expected}, got {got}")]
    BadArgument {
        param: String,
        expected: String,
        got: String,
    },
    /// A parameter was not given.
    #[error("missing argument `{0}`")]
    MissingArgument(String),
    /// Shapes that must agree at run time do not (broadcasting or assignment of sizes
    /// that the checker could not prove equal).
    #[error("shape mismatch: {0}")]
    ShapeMismatch(String),
    /// A slice is invalid for the actual size of its axis.
    #[error("invalid slice {slice} for axis {axis} of size {size}")]
    InvalidSlice {
        slice: String,
        axis: usize,
        size: usize,
    },
    /// An index (scalar or gathered) is out of range for its axis.
    #[error("index {index} is out of range for axis {axis} of size {size}")]
    IndexOutOfRange {
        index: i64,
        axis: usize,
        size: usize,
    },
    /// `reshape` to a shape with a different number of elements.
    #[error("cannot reshape an array of {from} elements into shape {to}")]
    BadReshape { from: usize, to: String },
    /// A size computed at run time is negative or overflows.
    #[error("invalid size {value} for {what}")]
    InvalidSize { value: i64, what: String },
    /// An array too large to allocate on this machine.
    #[error("cannot allocate {bytes} bytes for {what}")]
    OutOfMemory { bytes: usize, what: String },
    /// Integer division or remainder by zero.
    #[error("integer division by zero")]
    DivisionByZero,
    /// An entry point that does not exist.
    #[error("no function named `{0}`")]
    NoSuchFunction(String),
    /// Anything else, with a message.
    #[error("{0}")]
    Other(String),
}

impl Error {
    /// Formats a shape as `[2, 3]`, the form every message uses.
    pub fn shape_str(shape: &[usize]) -> String {
        struct S<'a>(&'a [usize]);
        impl fmt::Display for S<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "[")?;
                for (i, d) in self.0.iter().enumerate() {
                    if i > 0 {
                        write!(f, ", ")?;
                    }
                    write!(f, "{d}")?;
                }
                write!(f, "]")
            }
        }
        S(shape).to_string()
    }
}
