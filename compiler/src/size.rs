//! Symbolic sizes: normalized polynomials over size variables with integer coefficients.
//!
//! `1 + n`, `n + 1` and `(n + 2) - 1` all normalize to the same [`Size`], so equality of
//! sizes is structural equality. A size variable is a [`SizeVar`]: a variable declared by
//! a function's parameters (`n` in `x: [n]f64`), or an opaque size that the checker made
//! for a size known only at run time (a slice whose bounds depend on a loop variable).
//!
//! Invariant: no stored term has coefficient 0, and every monomial lists its variables in
//! ascending order (with repetition for powers), so derived `Eq`/`Hash` are semantic.

use std::collections::BTreeMap;
use std::fmt;

/// The most terms a size may have. Real shapes have a handful; the bound keeps
/// adversarial types (`[(a + b + ... ) * (a + b + ...) * ...]`) from taking exponential time.
pub const MAX_TERMS: usize = 64;

/// The highest degree of a monomial (`n * n * n * n` has degree 4).
pub const MAX_DEGREE: usize = 8;

/// A size variable, numbered within one function (see `ir::Function::size_vars`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SizeVar(pub u32);

/// A product of size variables (empty = the constant monomial 1).
pub type Monomial = Vec<SizeVar>;

/// A polynomial over size variables.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Size {
    terms: BTreeMap<Monomial, i64>,
}

impl Size {
    pub fn constant(c: i64) -> Size {
        let mut terms = BTreeMap::new();
        if c != 0 {
            terms.insert(Vec::new(), c);
        }
        Size { terms }
    }

    pub fn var(v: SizeVar) -> Size {
        let mut terms = BTreeMap::new();
        terms.insert(vec![v], 1);
        Size { terms }
    }

    /// `Some(c)` if the size is the constant `c`.
    pub fn as_const(&self) -> Option<i64> {
        match self.terms.len() {
            0 => Some(0),
            1 => self.terms.get(&Vec::new()).copied(),
            _ => None,
        }
    }

    /// `Some(v)` if the size is exactly one variable.
    pub fn as_var(&self) -> Option<SizeVar> {
        match self.terms.iter().next() {
            Some((m, 1)) if self.terms.len() == 1 && m.len() == 1 => Some(m[0]),
            _ => None,
        }
    }

    pub fn is_one(&self) -> bool {
        self.as_const() == Some(1)
    }

    /// The terms, in a stable order: monomial and its (non-zero) coefficient.
    pub fn terms(&self) -> impl Iterator<Item = (&Monomial, i64)> {
        self.terms.iter().map(|(m, c)| (m, *c))
    }

    /// The variables this size mentions.
    pub fn vars(&self) -> Vec<SizeVar> {
        let mut vs: Vec<SizeVar> = self.terms.keys().flatten().copied().collect();
        vs.sort();
        vs.dedup();
        vs
    }

    fn add_term(&mut self, m: Monomial, c: i64) {
        let e = self.terms.entry(m).or_insert(0);
        *e = e.wrapping_add(c);
        if *e == 0 {
            self.terms.retain(|_, c| *c != 0);
        }
    }

    pub fn add(&self, other: &Size) -> Size {
        let mut r = self.clone();
        for (m, c) in &other.terms {
            r.add_term(m.clone(), *c);
        }
        r
    }

    pub fn neg(&self) -> Size {
        Size {
            terms: self
                .terms
                .iter()
                .map(|(m, c)| (m.clone(), c.wrapping_neg()))
                .collect(),
        }
    }

    pub fn sub(&self, other: &Size) -> Size {
        self.add(&other.neg())
    }

    /// The product, or `None` if it would have more than [`MAX_TERMS`] terms (sizes are
    /// written by users, and products of sums grow exponentially).
    pub fn checked_mul(&self, other: &Size) -> Option<Size> {
        if self.terms.len().saturating_mul(other.terms.len()) > MAX_TERMS {
            return None;
        }
        let mut r = Size::default();
        for (m1, c1) in &self.terms {
            for (m2, c2) in &other.terms {
                let mut m: Monomial = m1.iter().chain(m2.iter()).copied().collect();
                if m.len() > MAX_DEGREE {
                    return None;
                }
                m.sort();
                r.add_term(m, c1.wrapping_mul(*c2));
            }
        }
        Some(r)
    }

    /// The sum, or `None` if a coefficient overflows `i64` (sizes written by users, such
    /// as `[9223372036854775807 + 1]`, must not wrap into nonsense).
    pub fn try_add(&self, other: &Size) -> Option<Size> {
        let mut r = self.clone();
        for (m, c) in &other.terms {
            r.terms.get(m).copied().unwrap_or(0).checked_add(*c)?;
            r.add_term(m.clone(), *c);
        }
        Some(r)
    }

    /// The difference, or `None` if a coefficient overflows `i64`.
    pub fn try_sub(&self, other: &Size) -> Option<Size> {
        let neg = other
            .terms
            .iter()
            .map(|(m, c)| Some((m.clone(), c.checked_neg()?)))
            .collect::<Option<_>>()?;
        self.try_add(&Size { terms: neg })
    }

    /// Whether the product of `self` and `other` would overflow a coefficient (with no
    /// limit on terms: see [`Size::checked_mul`] for that).
    pub fn mul_overflows(&self, other: &Size) -> bool {
        let mut acc: BTreeMap<Monomial, i64> = BTreeMap::new();
        for (m1, c1) in &self.terms {
            for (m2, c2) in &other.terms {
                let mut m: Monomial = m1.iter().chain(m2.iter()).copied().collect();
                m.sort();
                let Some(p) = c1.checked_mul(*c2) else {
                    return true;
                };
                let e = acc.entry(m).or_insert(0);
                match e.checked_add(p) {
                    Some(v) => *e = v,
                    None => return true,
                }
            }
        }
        false
    }

    /// Replaces each variable `v` by `f(v)` (used to instantiate a callee's sizes);
    /// `None` if the result grows past [`MAX_TERMS`].
    pub fn substitute(&self, f: &mut dyn FnMut(SizeVar) -> Size) -> Option<Size> {
        let mut r = Size::default();
        for (m, c) in &self.terms {
            let mut t = Size::constant(*c);
            for v in m {
                t = t.checked_mul(&f(*v))?;
            }
            r = r.add(&t);
            if r.terms.len() > MAX_TERMS {
                return None;
            }
        }
        Some(r)
    }

    /// Evaluates with values for the variables; `None` on overflow or a missing value.
    pub fn eval(&self, value: &dyn Fn(SizeVar) -> Option<i64>) -> Option<i64> {
        let mut total: i64 = 0;
        for (m, c) in &self.terms {
            let mut t = *c;
            for v in m {
                t = t.checked_mul(value(*v)?)?;
            }
            total = total.checked_add(t)?;
        }
        Some(total)
    }

    /// Formats with a name for each variable, e.g. `n - 2` or `2 * m + 1`.
    pub fn display<'a>(&'a self, name: &'a dyn Fn(SizeVar) -> String) -> impl fmt::Display + 'a {
        SizeDisplay { size: self, name }
    }
}

struct SizeDisplay<'a> {
    size: &'a Size,
    name: &'a dyn Fn(SizeVar) -> String,
}

impl fmt::Display for SizeDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.size.terms.is_empty() {
            return write!(f, "0");
        }
        // Highest-degree terms first, the constant last: `2 * n * m + n - 1`.
        let mut terms: Vec<(&Monomial, i64)> = self.size.terms().collect();
        terms.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(b.0)));
        for (i, (m, c)) in terms.into_iter().enumerate() {
            let mag = c.unsigned_abs();
            if i == 0 {
                if c < 0 {
                    write!(f, "-")?;
                }
            } else if c < 0 {
                write!(f, " - ")?;
            } else {
                write!(f, " + ")?;
            }
            let names: Vec<String> = m.iter().map(|v| (self.name)(*v)).collect();
            if m.is_empty() {
                write!(f, "{mag}")?;
            } else if mag == 1 {
                write!(f, "{}", names.join(" * "))?;
            } else {
                write!(f, "{mag} * {}", names.join(" * "))?;
            }
        }
        Ok(())
    }
}

impl fmt::Debug for Size {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = |v: SizeVar| format!("s{}", v.0);
        let shown = self.display(&name).to_string();
        f.write_str(&shown)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n() -> Size {
        Size::var(SizeVar(0))
    }
    fn m() -> Size {
        Size::var(SizeVar(1))
    }
    fn c(k: i64) -> Size {
        Size::constant(k)
    }

    /// Pairs of sizes built differently, and whether they must compare equal.
    #[test]
    fn normalization_table() {
        let cases: Vec<(Size, Size, bool)> = vec![
            (c(1).add(&n()), n().add(&c(1)), true),
            (n().add(&c(2)).sub(&c(1)), n().add(&c(1)), true),
            (n().sub(&n()), c(0), true),
            (c(2).checked_mul(&n()).unwrap(), n().add(&n()), true),
            (
                n().checked_mul(&m()).unwrap(),
                m().checked_mul(&n()).unwrap(),
                true,
            ),
            (
                n().add(&m()).checked_mul(&n().sub(&m())).unwrap(),
                n().checked_mul(&n())
                    .unwrap()
                    .sub(&m().checked_mul(&m()).unwrap()),
                true,
            ),
            (n().sub(&c(4)).add(&c(4)), n(), true),
            (n().checked_mul(&c(0)).unwrap(), c(0), true),
            (n(), m(), false),
            (n().add(&c(1)), n(), false),
            (
                n().checked_mul(&n()).unwrap(),
                n().checked_mul(&c(2)).unwrap(),
                false,
            ),
            (n().sub(&c(2)), n().sub(&c(3)), false),
            (c(3), c(4), false),
            (n().add(&m()), n().checked_mul(&m()).unwrap(), false),
        ];
        for (i, (a, b, eq)) in cases.iter().enumerate() {
            assert_eq!(a == b, *eq, "case {i}: {a:?} vs {b:?}");
        }
    }

    #[test]
    fn products_of_sums_are_bounded() {
        // (v0 + ... + v11 + 1)^k grows as 13^k terms: refused past MAX_TERMS.
        let sum = (0..12).fold(c(1), |a, v| a.add(&Size::var(SizeVar(v))));
        assert!(
            sum.checked_mul(&sum).is_none(),
            "13 * 13 terms exceed MAX_TERMS"
        );
        let mut p = c(1);
        for _ in 0..6 {
            p = p.checked_mul(&n().add(&c(1))).unwrap();
        }
        assert_eq!(p.terms().count(), 7, "(n + 1)^6 has 7 terms");
        let mut q = n();
        for _ in 0..7 {
            q = q.checked_mul(&n()).unwrap();
        }
        assert!(q.checked_mul(&n()).is_none(), "degree 9 exceeds MAX_DEGREE");
    }

    #[test]
    fn display_is_readable() {
        let names = |v: SizeVar| ["n", "m"][v.0 as usize].to_string();
        let s = n().sub(&c(2));
        assert_eq!(s.display(&names).to_string(), "n - 2");
        let s = c(2).checked_mul(&m()).unwrap().add(&c(1));
        assert_eq!(s.display(&names).to_string(), "2 * m + 1");
        let s = c(1).sub(&n());
        assert_eq!(s.display(&names).to_string(), "-n + 1");
        assert_eq!(c(0).display(&names).to_string(), "0");
        assert_eq!(
            n().checked_mul(&m()).unwrap().display(&names).to_string(),
            "n * m"
        );
    }

    #[test]
    fn eval_and_substitute() {
        let s = n().checked_mul(&m()).unwrap().sub(&c(3));
        let vals = |v: SizeVar| Some([5, 7][v.0 as usize]);
        assert_eq!(s.eval(&vals), Some(32));
        // n := 2 * k (k = var 0 of the caller), m := 3
        let t = s
            .substitute(&mut |v| {
                if v.0 == 0 {
                    c(2).checked_mul(&n()).unwrap()
                } else {
                    c(3)
                }
            })
            .unwrap();
        assert_eq!(t, c(6).checked_mul(&n()).unwrap().sub(&c(3)));
        assert_eq!(
            Size::constant(i64::MAX)
                .checked_mul(&n())
                .unwrap()
                .eval(&|_| Some(2)),
            None
        );
    }
}
