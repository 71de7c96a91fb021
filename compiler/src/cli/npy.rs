//! Reading and writing `.npy` files as [`Value`]s.
//!
//! The element type of a file is read from its header first, so that a file whose dtype
//! differs from what the caller needs is reported as such (never converted silently).
//! C and Fortran order and both byte orders are read (by `ndarray-npy`); values are
//! returned in standard (C) layout.

use crate::ir::DType;
use crate::value::Value;
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

/// Parses the header of a `.npy` file and returns the dtype it declares.
pub fn header_dtype(bytes: &[u8]) -> Result<NpyDtype, String> {
    const MAGIC: &[u8] = b"\x93NUMPY";
    if bytes.len() < 10 || &bytes[..6] != MAGIC {
        return Err("not a NumPy .npy file (bad magic string)".to_string());
    }
    let (len, start): (usize, usize) = match bytes[6] {
        1 => (u16::from_le_bytes([bytes[8], bytes[9]]) as usize, 10),
        2 | 3 if bytes.len() >= 12 => (
            u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]) as usize,
            12,
        ),
        v => return Err(format!("unsupported .npy format version {v}")),
    };
    let header = bytes
        .get(start..start.saturating_add(len))
        .ok_or_else(|| "truncated .npy header".to_string())?;
    let header = String::from_utf8_lossy(header);
    let descr = find_descr(&header).ok_or_else(|| {
        "the .npy header has no simple 'descr' entry (structured arrays are not supported)"
            .to_string()
    })?;
    Ok(descr_dtype(&descr))
}

/// The string value of the `'descr'` key of the header dictionary.
fn find_descr(header: &str) -> Option<String> {
    let key = header
        .find("'descr'")
        .or_else(|| header.find("\"descr\""))?;
    let rest = header[key + 7..]
        .trim_start()
        .strip_prefix(':')?
        .trim_start();
    let quote = rest.chars().next().filter(|&c| c == '\'' || c == '"')?;
    let body = &rest[1..];
    let end = body.find(quote)?;
    Some(body[..end].to_string())
}

fn descr_dtype(descr: &str) -> NpyDtype {
    let order = descr.chars().next().filter(|c| "<>|=".contains(*c));
    let code = if order.is_some() { &descr[1..] } else { descr };
    let (name, dtype) = match code {
        "f4" => ("float32", Some(DType::F32)),
        "f8" => ("float64", Some(DType::F64)),
        "i4" => ("int32", Some(DType::I32)),
        "i8" => ("int64", Some(DType::I64)),
        "b1" | "?" => ("bool", Some(DType::Bool)),
        "f2" | "e" => ("float16", None),
        "f16" | "g" => ("float128", None),
        "i1" | "b" => ("int8", None),
        "i2" | "h" => ("int16", None),
        "u1" | "B" => ("uint8", None),
        "u2" | "H" => ("uint16", None),
        "u4" | "I" => ("uint32", None),
        "u8" | "L" => ("uint64", None),
        "c8" => ("complex64", None),
        "c16" => ("complex128", None),
        "O" => ("object", None),
        _ => ("", None),
    };
    let numpy_name = if name.is_empty() {
        format!("dtype '{descr}'")
    } else {
        name.to_string()
    };
    NpyDtype { numpy_name, dtype }
}

/// Reads a whole `.npy` file whose element type must be `dtype` (checked by the caller
/// with [`header_dtype`]).
pub fn read_value(bytes: &[u8], dtype: DType) -> Result<Value, String> {
    fn read<T: ndarray_npy::ReadableElement + Clone>(bytes: &[u8]) -> Result<ArrayD<T>, String> {
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

/// Writes a value as a `.npy` file (a scalar as a 0-d array).
pub fn write_value(path: &Path, v: &Value) -> Result<(), String> {
    let file = std::fs::File::create(path).map_err(|e| e.to_string())?;
    let mut w = BufWriter::new(file);
    let r = match v {
        Value::F32(a) => a.write_npy(&mut w),
        Value::F64(a) => a.write_npy(&mut w),
        Value::I32(a) => a.write_npy(&mut w),
        Value::I64(a) => a.write_npy(&mut w),
        Value::Bool(a) => a.write_npy(&mut w),
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
