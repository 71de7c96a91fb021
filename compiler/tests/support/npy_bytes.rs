//! Hand-made `.npy` files for tests of bad inputs.

/// A version 1.0 `.npy` file with header dictionary `dict` (padded as NumPy pads it)
/// followed by `data`.
pub fn npy_file(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut header = dict.as_bytes().to_vec();
    let pad = (64 - (10 + header.len() + 1) % 64) % 64;
    header.resize(header.len() + pad, b' ');
    header.push(b'\n');
    let mut out = b"\x93NUMPY\x01\x00".to_vec();
    out.extend_from_slice(&(header.len() as u16).to_le_bytes());
    out.extend_from_slice(&header);
    out.extend_from_slice(data);
    out
}
