//! Broadcasting of symbolic shapes.

use super::func::FnCx;
use crate::size::Size;

impl FnCx<'_, '_> {
    /// NumPy broadcasting of two shapes: aligned from the right, a pair of sizes must be
    /// equal or one of them the literal 1. A pair involving a size known only at run time
    /// is accepted here and checked at run time.
    pub fn broadcast_shapes(&self, a: &[Size], b: &[Size]) -> Result<Vec<Size>, ()> {
        let n = a.len().max(b.len());
        let mut out = Vec::with_capacity(n);
        for i in 0..n {
            let x = (i + a.len()).checked_sub(n).map(|k| &a[k]);
            let y = (i + b.len()).checked_sub(n).map(|k| &b[k]);
            out.push(match (x, y) {
                (Some(x), None) => x.clone(),
                (None, Some(y)) => y.clone(),
                (Some(x), Some(y)) if x == y => x.clone(),
                (Some(x), Some(y)) if x.is_one() => y.clone(),
                (Some(x), Some(y)) if y.is_one() => x.clone(),
                (Some(x), Some(y)) if self.is_dynamic(x) && !self.is_dynamic(y) => y.clone(),
                (Some(x), Some(_)) if self.is_dynamic(x) => x.clone(),
                (Some(x), Some(y)) if self.is_dynamic(y) => x.clone(),
                _ => return Err(()),
            });
        }
        Ok(out)
    }

    /// Explains which pair of sizes failed to broadcast.
    pub fn broadcast_help(&self, a: &[Size], b: &[Size]) -> String {
        let n = a.len().max(b.len());
        for i in 0..n {
            let x = (i + a.len()).checked_sub(n).map(|k| &a[k]);
            let y = (i + b.len()).checked_sub(n).map(|k| &b[k]);
            if let (Some(x), Some(y)) = (x, y) {
                if x != y && !x.is_one() && !y.is_one() {
                    return format!(
                        "sizes `{}` and `{}` (aligned from the right) cannot be proved equal, and neither is 1",
                        self.size_str(x),
                        self.size_str(y)
                    );
                }
            }
        }
        "shapes align from the right; each pair of sizes must be equal or 1".to_string()
    }
}
