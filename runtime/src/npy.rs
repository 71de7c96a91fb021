//! Checking `.npy` files before their data is read, and preparing arrays to be written.
//!
//! A `.npy` header declares a shape and an element type, and a reader (ndarray-npy's
//! `ReadNpyExt`) allocates what the header declares before it reads the data. A damaged
//! or hostile header could therefore ask for more memory than exists (an abort), or for
//! a shape whose size overflows `usize` or that ndarray cannot represent (a panic).
//! [`check`] parses the header of a whole file held in memory and checks, before
//! anything is allocated, that the data the header describes is exactly the data that
//! follows it. Both `arrc`'s loader and the harness of native programs call it, so the
//! two modes accept and reject the same files with the same messages.
//!
//! The header dictionary is parsed with `py_literal`, the parser ndarray-npy itself
//! uses, so the two agree on what a well-formed header is.

use ndarray::{Array, ArrayBase, CowArray, Data, Dimension};
use std::fmt;
use std::io::Read;

/// What the header of a `.npy` file declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The format version (major, minor).
    pub version: (u8, u8),
    /// The type descriptor (`<f8`, `|b1`, `>i4`, `<c16`, `O`, ...).
    pub descr: String,
    /// Whether the data is in Fortran (column-major) order.
    pub fortran_order: bool,
    /// The shape.
    pub shape: Vec<usize>,
    /// Where the data starts (the length of the magic string, version, header length
    /// and header together).
    pub data_offset: usize,
}

impl Header {
    /// The shape as NumPy prints it: `(3, 4)`, `(5,)`, `()`.
    pub fn shape_str(&self) -> String {
        shape_str(&self.shape)
    }

    /// The size in bytes of one element, when the descriptor is a plain number or bool
    /// type (`None` for strings, objects, dates and other types whose size is not
    /// simply their code).
    pub fn item_size(&self) -> Option<usize> {
        item_size(&self.descr)
    }
}

/// Why a `.npy` file cannot be read. Each message is complete (without the file name,
/// which the caller adds).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NpyError {
    /// The file does not start with `\x93NUMPY`.
    BadMagic,
    /// The file ends inside its magic string, version, header length or header.
    TruncatedHeader,
    /// A format version other than 1.0, 2.0 and 3.0.
    Version(u8, u8),
    /// The header is not the dictionary NumPy writes; the text says what is wrong.
    BadHeader(String),
    /// `descr` is not a single type string (a structured array).
    Structured,
    /// The data after the header is not as long as the header's shape and type need.
    DataLength {
        shape: String,
        descr: String,
        /// The length the header implies, in bytes (`None`: more than 2^128).
        expected: Option<u128>,
        /// The length of the data in the file, in bytes.
        found: usize,
    },
    /// The shape cannot be an array on this machine, although the data length matches
    /// (a zero-length axis next to axes whose product overflows).
    TooLarge { shape: String },
}

impl fmt::Display for NpyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NpyError::BadMagic => {
                write!(
                    f,
                    "not a NumPy .npy file (it does not start with \\x93NUMPY)"
                )
            }
            NpyError::TruncatedHeader => write!(f, "truncated .npy file: the header is cut short"),
            NpyError::Version(major, minor) => write!(
                f,
                "unsupported .npy format version {major}.{minor} (supported: 1.0, 2.0, 3.0)"
            ),
            NpyError::BadHeader(why) => write!(f, "malformed .npy header: {why}"),
            NpyError::Structured => write!(
                f,
                "the .npy header's 'descr' is not a single element type (structured arrays \
                 are not supported)"
            ),
            NpyError::DataLength {
                shape,
                descr,
                expected,
                found,
            } => {
                let name = numpy_name(descr).unwrap_or(descr);
                match expected {
                    Some(n) => write!(
                        f,
                        "header says shape {shape} of {name} = {n} bytes, but the file holds \
                         {found} bytes of data"
                    ),
                    None => write!(
                        f,
                        "header says shape {shape} of {name}, more than 2^128 bytes, but the \
                         file holds {found} bytes of data"
                    ),
                }
            }
            NpyError::TooLarge { shape } => write!(
                f,
                "header says shape {shape}, whose axis lengths are too large for an array \
                 (their product, ignoring zeros, exceeds {})",
                isize::MAX
            ),
        }
    }
}

impl std::error::Error for NpyError {}

const MAGIC: &[u8] = b"\x93NUMPY";

/// Parses the header of `file` (the whole contents of a `.npy` file) and checks that
/// the data after it has exactly the length the header's shape and element type imply,
/// and that the shape can be an ndarray array. The length is checked only when the
/// element size is known ([`Header::item_size`]); a reader must reject other element
/// types anyway.
pub fn check(file: &[u8]) -> Result<Header, NpyError> {
    let header = parse_header(file)?;
    let found = file.len().saturating_sub(header.data_offset);
    check_data(header, found)
}

/// [`check`] for a `.npy` file of `len` bytes read from `r`, of which it reads the
/// header only (and at most 12 bytes in all where the header is shorter): a caller
/// rewinds `r` and streams the data afterwards, instead of holding the whole file in
/// memory next to the array read from it.
pub fn check_reader<R: Read>(r: &mut R, len: u64) -> Result<Header, NpyError> {
    let mut head = Vec::new();
    // The magic string, version and header length: 12 bytes at most.
    r.by_ref()
        .take(12)
        .read_to_end(&mut head)
        .map_err(|_| NpyError::TruncatedHeader)?;
    let (_, _, end) = header_span(&head)?;
    if end as u64 > len {
        return Err(NpyError::TruncatedHeader);
    }
    let rest = end.saturating_sub(head.len()) as u64;
    r.by_ref()
        .take(rest)
        .read_to_end(&mut head)
        .map_err(|_| NpyError::TruncatedHeader)?;
    let header = parse_header(&head)?;
    let found = usize::try_from(len - end as u64).unwrap_or(usize::MAX);
    check_data(header, found)
}

/// Checks that `found` bytes of data are what `header` declares, and that its shape can
/// be an ndarray array (see [`check`]).
fn check_data(header: Header, found: usize) -> Result<Header, NpyError> {
    if let Some(size) = header.item_size() {
        let expected = header
            .shape
            .iter()
            .try_fold(size as u128, |acc, &d| acc.checked_mul(d as u128));
        if expected != Some(found as u128) {
            return Err(NpyError::DataLength {
                shape: header.shape_str(),
                descr: header.descr.clone(),
                expected,
                found,
            });
        }
    }
    // ndarray's own rule: the product of the nonzero axis lengths fits in isize.
    let fits = header
        .shape
        .iter()
        .try_fold(1usize, |acc, &d| acc.checked_mul(d.max(1)))
        .is_some_and(|n| n <= isize::MAX as usize);
    if !fits {
        return Err(NpyError::TooLarge {
            shape: header.shape_str(),
        });
    }
    Ok(header)
}

/// The version, and where the header dictionary of `file` starts and ends (the data
/// starts at its end), from the magic string, version and header length: `file` needs
/// to hold only those, at most 12 bytes.
fn header_span(file: &[u8]) -> Result<((u8, u8), usize, usize), NpyError> {
    let magic = file.get(..MAGIC.len()).ok_or(if MAGIC.starts_with(file) {
        NpyError::TruncatedHeader
    } else {
        NpyError::BadMagic
    })?;
    if magic != MAGIC {
        return Err(NpyError::BadMagic);
    }
    let (major, minor) = match file.get(6..8) {
        Some(v) => (v[0], v[1]),
        None => return Err(NpyError::TruncatedHeader),
    };
    let (len, start): (usize, usize) = match (major, minor) {
        (1, 0) => {
            let b = file.get(8..10).ok_or(NpyError::TruncatedHeader)?;
            (u16::from_le_bytes([b[0], b[1]]) as usize, 10)
        }
        (2 | 3, 0) => {
            let b = file.get(8..12).ok_or(NpyError::TruncatedHeader)?;
            let len = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
            (
                usize::try_from(len).map_err(|_| NpyError::TruncatedHeader)?,
                12,
            )
        }
        _ => return Err(NpyError::Version(major, minor)),
    };
    let end = start.checked_add(len).ok_or(NpyError::TruncatedHeader)?;
    Ok(((major, minor), start, end))
}

/// Parses the magic string, version and header dictionary at the start of `file`
/// (which needs to hold only that much), checking nothing about the data.
pub fn parse_header(file: &[u8]) -> Result<Header, NpyError> {
    let ((major, minor), start, end) = header_span(file)?;
    let raw = file.get(start..end).ok_or(NpyError::TruncatedHeader)?;
    let text = if major == 3 {
        std::str::from_utf8(raw).map_err(|_| bad("it is not valid UTF-8"))?
    } else if raw.is_ascii() {
        // ASCII is valid UTF-8.
        std::str::from_utf8(raw).map_err(|_| bad("it is not ASCII"))?
    } else {
        return Err(bad("it is not ASCII"));
    };
    let value: py_literal::Value = text
        .trim_end_matches(['\n', ' ', '\0'])
        .parse()
        .map_err(|_| bad("it is not a Python literal"))?;
    let dict = value
        .as_dict()
        .ok_or_else(|| bad("it is not a dictionary"))?;
    let (mut descr, mut fortran_order, mut shape) = (None, None, None);
    for (key, value) in dict {
        match key.as_string().map(String::as_str) {
            Some("descr") => {
                descr = Some(value.as_string().ok_or(NpyError::Structured)?.clone());
            }
            Some("fortran_order") => {
                fortran_order = Some(
                    value
                        .as_boolean()
                        .ok_or_else(|| bad("'fortran_order' is not True or False"))?,
                );
            }
            Some("shape") => {
                let not_shape = || bad("'shape' is not a tuple of integers ≥ 0");
                let dims = value.as_tuple().ok_or_else(not_shape)?;
                let dims = dims
                    .iter()
                    .map(|d| {
                        let d = d.as_integer().ok_or_else(not_shape)?;
                        let text = d.to_string();
                        text.parse::<usize>().map_err(|_| {
                            if text.starts_with('-') {
                                not_shape()
                            } else {
                                bad(&format!("axis length {text} is too large"))
                            }
                        })
                    })
                    .collect::<Result<Vec<usize>, NpyError>>()?;
                shape = Some(dims);
            }
            _ => return Err(bad(&format!("unexpected key {key}"))),
        }
    }
    Ok(Header {
        version: (major, minor),
        descr: descr.ok_or_else(|| bad("it has no 'descr'"))?,
        fortran_order: fortran_order.ok_or_else(|| bad("it has no 'fortran_order'"))?,
        shape: shape.ok_or_else(|| bad("it has no 'shape'"))?,
        data_offset: end,
    })
}

fn bad(why: &str) -> NpyError {
    NpyError::BadHeader(why.to_string())
}

/// The size of one element of descriptor `descr`, for the plain number and bool types.
pub fn item_size(descr: &str) -> Option<usize> {
    let code = descr.strip_prefix(['<', '>', '|', '=']).unwrap_or(descr);
    match code {
        "?" | "b" | "B" => return Some(1),
        "h" | "H" | "e" => return Some(2),
        "i" | "I" | "f" => return Some(4),
        "l" | "L" | "q" | "Q" | "d" => return Some(8),
        _ => {}
    }
    let mut chars = code.chars();
    let kind = chars.next()?;
    let size: usize = chars.as_str().parse().ok()?;
    matches!(kind, 'b' | 'i' | 'u' | 'f' | 'c')
        .then_some(size)
        .filter(|&s| s > 0)
}

/// NumPy's name of a plain number or bool descriptor (`<f8`: `float64`).
pub fn numpy_name(descr: &str) -> Option<&'static str> {
    let code = descr.strip_prefix(['<', '>', '|', '=']).unwrap_or(descr);
    Some(match code {
        "f2" | "e" => "float16",
        "f4" | "f" => "float32",
        "f8" | "d" => "float64",
        "f16" | "g" => "float128",
        "i1" | "b" => "int8",
        "i2" | "h" => "int16",
        "i4" | "i" => "int32",
        "i8" | "q" | "l" => "int64",
        "u1" | "B" => "uint8",
        "u2" | "H" => "uint16",
        "u4" | "I" => "uint32",
        "u8" | "Q" | "L" => "uint64",
        "b1" | "?" => "bool",
        "c8" | "F" => "complex64",
        "c16" | "D" => "complex128",
        "O" => "object",
        _ => return None,
    })
}

/// A shape as NumPy prints it: `(3, 4)`, `(5,)`, `()`.
pub fn shape_str(shape: &[usize]) -> String {
    match shape {
        [d] => format!("({d},)"),
        _ => {
            let dims: Vec<String> = shape.iter().map(|d| d.to_string()).collect();
            format!("({})", dims.join(", "))
        }
    }
}

/// `a` in standard (C) layout with its elements contiguous in memory: the layout in
/// which a `.npy` writer (ndarray-npy's `WriteNpyExt`) writes it as one slice. Borrowed
/// when `a` already is so, else copied. (An empty array can be in standard layout with
/// strides that do not make it contiguous, which ndarray-npy cannot write.)
pub fn standard_layout<A, S, D>(a: &ArrayBase<S, D>) -> CowArray<'_, A, D>
where
    A: Clone,
    S: Data<Elem = A>,
    D: Dimension,
{
    if a.is_empty() {
        match Array::from_shape_vec(a.raw_dim(), Vec::new()) {
            Ok(empty) => CowArray::from(empty),
            // (Not reached: the shape has no elements.)
            Err(_) => a.as_standard_layout(),
        }
    } else {
        a.as_standard_layout()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A version 1.0 file with header dictionary `dict` (padded as NumPy pads it).
    fn npy(dict: &str, data: &[u8]) -> Vec<u8> {
        let mut h = dict.as_bytes().to_vec();
        let pad = (64 - (10 + h.len() + 1) % 64) % 64;
        h.resize(h.len() + pad, b' ');
        h.push(b'\n');
        let mut f = b"\x93NUMPY\x01\x00".to_vec();
        f.extend_from_slice(&(h.len() as u16).to_le_bytes());
        f.extend_from_slice(&h);
        f.extend_from_slice(data);
        f
    }

    /// `check_reader`, which reads only the header, judges every file as `check` does.
    #[test]
    fn reader_and_slice_checks_agree() {
        let f8 =
            |shape: &str| format!("{{'descr': '<f8', 'fortran_order': False, 'shape': {shape}, }}");
        let files: Vec<Vec<u8>> = vec![
            npy(&f8("(3,)"), &[0; 24]),
            npy(&f8("(3,)"), &[0; 20]),
            npy(&f8("(100000000000,)"), &[0; 80]),
            npy(&f8("(0, 18446744073709551615)"), &[]),
            npy(
                "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,), }",
                &[0; 8],
            ),
            npy("not a dict", &[]),
            b"\x93NUMPY\x02\x00\xff\xff\xff\x7f".to_vec(),
            b"\x93NUMPY\x01".to_vec(),
            b"junk".to_vec(),
            Vec::new(),
        ];
        for f in &files {
            let mut r = std::io::Cursor::new(&f[..]);
            let got = check_reader(&mut r, f.len() as u64);
            assert_eq!(got, check(f), "{:?}", String::from_utf8_lossy(f));
        }
        assert!(check(&files[0]).is_ok());
        assert!(matches!(check(&files[2]), Err(NpyError::DataLength { .. })));
    }
}
