//! Reading and writing `.npy` files as [`Value`]s.
//!
//! The element type of a file is read from its header first, so that a file whose dtype
//! differs from what the caller needs is reported as such (never converted silently).
//! C and Fortran order and both byte orders are read (by `ndarray-npy`); values are
//! returned in standard (C) layout. Every file is checked by [`arr::npy::check`] before
//! its data is read (the native harness runs the same check), so a header that claims
//! more data than the file holds is an error, not an allocation of that much memory.

use crate::ir::DType;
use crate::value::Value;
use arr::npy::standard_layout;
use ndarray::ArrayD;
use ndarray_npy::{ReadNpyExt, WriteNpyExt};
use std::io::{BufWriter, Cursor, Write};
use std::path::Path;

/// The element type a `.npy` file declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NpyDtype {
    /// NumPy's name for it (`float64`), or the raw descriptor when it has none we know.
    pub numpy_name: String,
    /// The matching Arr element type, if Arr has one.
    pub dtype: Option<DType>,
}

impl NpyDtype {
    /// `float64 (f64)`, or just `int16` when Arr has no such type.
    pub fn describe(&self) -> String {
        match self.dtype {
            Some(d) => format!("{} ({})", self.numpy_name, d.name()),
            None => self.numpy_name.clone(),
        }
    }
}

/// NumPy's name of an Arr element type.
pub fn numpy_name(d: DType) -> &'static str {
    match d {
        DType::F32 => "float32",
        DType::F64 => "float64",
        DType::I32 => "int32",
        DType::I64 => "int64",
        DType::Bool => "bool",
    }
}

/// Parses and checks the header of a `.npy` file (the whole file: see [`arr::npy::check`],
/// which also checks that the data is as long as the header says) and returns the dtype
/// it declares.
pub fn header_dtype(bytes: &[u8]) -> Result<NpyDtype, String> {
    let header = arr::npy::check(bytes).map_err(|e| e.to_string())?;
    Ok(descr_dtype(&header.descr))
}

fn descr_dtype(descr: &str) -> NpyDtype {
    let order = descr.chars().next().filter(|c| "<>|=".contains(*c));
    let code = if order.is_some() { &descr[1..] } else { descr };
    let dtype = match code {
        "f4" => Some(DType::F32),
        "f8" => Some(DType::F64),
        "i4" => Some(DType::I32),
        "i8" => Some(DType::I64),
        "b1" | "?" => Some(DType::Bool),
        _ => None,
    };
    let numpy_name = match arr::npy::numpy_name(descr) {
        Some(name) => name.to_string(),
        None => format!("dtype '{descr}'"),
    };
    NpyDtype { numpy_name, dtype }
}

/// Reads a whole `.npy` file whose element type must be `dtype`. The file is checked
/// first ([`arr::npy::check`]), so a header that declares more data than the file
/// holds, or a shape no array can have, is an error before anything is allocated.
pub fn read_value(bytes: &[u8], dtype: DType) -> Result<Value, String> {
    fn read<T: ndarray_npy::ReadableElement + Clone>(bytes: &[u8]) -> Result<ArrayD<T>, String> {
        arr::npy::check(bytes).map_err(|e| e.to_string())?;
        let a = ArrayD::<T>::read_npy(Cursor::new(bytes)).map_err(|e| e.to_string())?;
        Ok(if a.is_standard_layout() {
            a
        } else {
            a.as_standard_layout().into_owned()
        })
    }
    Ok(match dtype {
        DType::F32 => Value::F32(read(bytes)?),
        DType::F64 => Value::F64(read(bytes)?),
        DType::I32 => Value::I32(read(bytes)?),
        DType::I64 => Value::I64(read(bytes)?),
        DType::Bool => Value::Bool(read(bytes)?),
    })
}

/// Writes a value as a `.npy` file (a scalar as a 0-d array), in C order whatever the
/// value's memory layout.
pub fn write_value(path: &Path, v: &Value) -> Result<(), String> {
    let file = std::fs::File::create(path).map_err(|e| e.to_string())?;
    let mut w = BufWriter::new(file);
    let r = match v {
        Value::F32(a) => standard_layout(a).write_npy(&mut w),
        Value::F64(a) => standard_layout(a).write_npy(&mut w),
        Value::I32(a) => standard_layout(a).write_npy(&mut w),
        Value::I64(a) => standard_layout(a).write_npy(&mut w),
        Value::Bool(a) => standard_layout(a).write_npy(&mut w),
    };
    r.map_err(|e| e.to_string())?;
    w.flush().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::IxDyn;

    #[test]
    fn descriptors() {
        assert_eq!(descr_dtype("<f8").dtype, Some(DType::F64));
        assert_eq!(descr_dtype(">f4").dtype, Some(DType::F32));
        assert_eq!(descr_dtype("|b1").dtype, Some(DType::Bool));
        assert_eq!(descr_dtype("<i4").dtype, Some(DType::I32));
        assert_eq!(descr_dtype("<i8").describe(), "int64 (i64)");
        assert_eq!(descr_dtype("<i2").describe(), "int16");
        assert_eq!(descr_dtype("<U3").describe(), "dtype '<U3'");
    }

    #[test]
    fn bad_headers_are_errors() {
        assert!(header_dtype(b"").is_err());
        assert!(header_dtype(b"\x93NUMPY\x01\x00\xff\xff{").is_err());
        assert!(header_dtype(b"hello world, not npy").is_err());
        assert!(header_dtype(b"\x93NUMPY\x09\x00\x00\x00\x00\x00").is_err());
    }

    #[test]
    fn round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.npy");
        let v = Value::I32(ArrayD::from_shape_vec(IxDyn(&[2, 3]), vec![1, 2, 3, 4, 5, 6]).unwrap());
        write_value(&p, &v).unwrap();
        let bytes = std::fs::read(&p).unwrap();
        assert_eq!(header_dtype(&bytes).unwrap().dtype, Some(DType::I32));
        assert_eq!(read_value(&bytes, DType::I32).unwrap(), v);
        // A scalar is a 0-d array.
        let s = Value::F64(ArrayD::from_elem(IxDyn(&[]), 2.5));
        write_value(&p, &s).unwrap();
        let bytes = std::fs::read(&p).unwrap();
        assert_eq!(read_value(&bytes, DType::F64).unwrap(), s);
        // Reading with the wrong type is an error, not a panic.
        assert!(read_value(&bytes, DType::I64).is_err());
        assert!(read_value(&bytes[..bytes.len() - 3], DType::F64).is_err());
    }
}
