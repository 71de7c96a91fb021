//! Run-time values as the command line and the interpreter exchange them: an n-d array
//! of one of the v0 element types. A scalar is a 0-d array.

use crate::ir::DType;
use ndarray::ArrayD;

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    F32(ArrayD<f32>),
    F64(ArrayD<f64>),
    I32(ArrayD<i32>),
    I64(ArrayD<i64>),
    Bool(ArrayD<bool>),
}

impl Value {
    pub fn dtype(&self) -> DType {
        match self {
            Value::F32(_) => DType::F32,
            Value::F64(_) => DType::F64,
            Value::I32(_) => DType::I32,
            Value::I64(_) => DType::I64,
            Value::Bool(_) => DType::Bool,
        }
    }

    pub fn shape(&self) -> &[usize] {
        match self {
            Value::F32(a) => a.shape(),
            Value::F64(a) => a.shape(),
            Value::I32(a) => a.shape(),
            Value::I64(a) => a.shape(),
            Value::Bool(a) => a.shape(),
        }
    }

    /// The type as written in Arr, with concrete sizes: `[2, 3]f64`, or `f64` for a scalar.
    pub fn type_str(&self) -> String {
        if self.shape().is_empty() {
            self.dtype().name().to_string()
        } else {
            format!(
                "{}{}",
                arr::Error::shape_str(self.shape()),
                self.dtype().name()
            )
        }
    }
}
