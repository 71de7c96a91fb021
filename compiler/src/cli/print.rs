//! Printing run results the way NumPy prints them.
//!
//! Scalars (0-d values) print like `str()` of a NumPy scalar (`2.5`, `3.0`, `1e-05`,
//! `7`, `True`); arrays like `print(np.array(...))` with NumPy's default print options
//! (`precision=8`, `floatmode='maxprec'`, `linewidth=75`, `threshold=1000`,
//! `edgeitems=3`): elements share one width, lines wrap at 75 columns, and an array of
//! more than 1000 elements is summarized with `...` and three items at each edge.
//! The algorithm follows `numpy/_core/arrayprint.py` of NumPy 2.3 and later (f32 arrays
//! switch to scientific notation at 1e6, f64 arrays at 1e8), checked against NumPy 2.4.

use crate::value::Value;
use ndarray::{ArrayViewD, IxDyn};

/// NumPy's `linewidth` print option.
const LINE_WIDTH: usize = 75;
/// NumPy's `threshold` print option: larger arrays are summarized.
const THRESHOLD: usize = 1000;
/// NumPy's `edgeitems` print option.
const EDGE_ITEMS: usize = 3;
/// NumPy's `precision` print option (fractional digits in arrays).
const PRECISION: usize = 8;

/// Formats one result as NumPy prints it (no trailing newline).
pub fn format_value(v: &Value) -> String {
    match v {
        Value::F32(a) => format_any(a.view()),
        Value::F64(a) => format_any(a.view()),
        Value::I32(a) => format_any(a.view()),
        Value::I64(a) => format_any(a.view()),
        Value::Bool(a) => format_any(a.view()),
    }
}

fn format_any<T: PrintElem>(a: ArrayViewD<'_, T>) -> String {
    if a.ndim() == 0 {
        return match a.iter().next() {
            Some(&x) => x.scalar_str(),
            None => "[]".to_string(),
        };
    }
    format_array(a)
}

/// An element type that can be printed.
trait PrintElem: Copy {
    /// `str()` of the NumPy scalar.
    fn scalar_str(self) -> String;
    /// The element formatter NumPy chooses for an array holding `data` (the elements
    /// that will be shown).
    fn formatter(data: &[Self]) -> Box<dyn Fn(Self) -> String>;
}

/// `print(np.array(...))` for an array of rank ≥ 1.
fn format_array<T: PrintElem>(a: ArrayViewD<'_, T>) -> String {
    if a.is_empty() {
        return "[]".to_string();
    }
    let summarize = a.len() > THRESHOLD;
    let mut data = Vec::new();
    collect_shown(&a, summarize, &mut Vec::new(), &mut data);
    let f = T::formatter(&data);
    let mut index = Vec::with_capacity(a.ndim());
    recurse(&a, &mut index, " ", LINE_WIDTH, summarize, &*f)
}

/// The indices of one axis that are shown (NumPy's `_leading_trailing`).
fn shown_indices(len: usize, summarize: bool) -> Vec<usize> {
    if summarize && len > 2 * EDGE_ITEMS {
        (0..EDGE_ITEMS).chain(len - EDGE_ITEMS..len).collect()
    } else {
        (0..len).collect()
    }
}

fn collect_shown<T: Copy>(
    a: &ArrayViewD<'_, T>,
    summarize: bool,
    index: &mut Vec<usize>,
    out: &mut Vec<T>,
) {
    let axis = index.len();
    if axis == a.ndim() {
        out.push(a[IxDyn(index)]);
        return;
    }
    for i in shown_indices(a.shape()[axis], summarize) {
        index.push(i);
        collect_shown(a, summarize, index, out);
        index.pop();
    }
}

/// NumPy's `_formatArray.recurser`.
fn recurse<T: Copy>(
    a: &ArrayViewD<'_, T>,
    index: &mut Vec<usize>,
    hanging_indent: &str,
    curr_width: usize,
    summarize: bool,
    f: &dyn Fn(T) -> String,
) -> String {
    let axis = index.len();
    let axes_left = a.ndim() - axis;
    if axes_left == 0 {
        return f(a[IxDyn(index)]);
    }
    let next_hanging_indent = format!("{hanging_indent} ");
    let next_width = curr_width.saturating_sub(1);
    let a_len = a.shape()[axis];
    let show_summary = summarize && 2 * EDGE_ITEMS < a_len;
    let (leading, trailing) = if show_summary {
        (EDGE_ITEMS, EDGE_ITEMS)
    } else {
        (0, a_len)
    };
    let child = |index: &mut Vec<usize>, i: usize| {
        index.push(i);
        let s = recurse(a, index, &next_hanging_indent, next_width, summarize, f);
        index.pop();
        s
    };
    let mut s = String::new();
    if axes_left == 1 {
        let elem_width = curr_width.saturating_sub(1);
        let mut line = hanging_indent.to_string();
        for i in 0..leading {
            let word = child(index, i);
            extend_line(&mut s, &mut line, &word, elem_width, hanging_indent);
            line.push(' ');
        }
        if show_summary {
            extend_line(&mut s, &mut line, "...", elem_width, hanging_indent);
            line.push(' ');
        }
        for i in (2..=trailing).rev() {
            let word = child(index, a_len - i);
            extend_line(&mut s, &mut line, &word, elem_width, hanging_indent);
            line.push(' ');
        }
        let word = child(index, a_len - 1);
        extend_line(&mut s, &mut line, &word, elem_width, hanging_indent);
        s.push_str(&line);
    } else {
        let line_sep = "\n".repeat(axes_left - 1);
        for i in 0..leading {
            let nested = child(index, i);
            s.push_str(hanging_indent);
            s.push_str(&nested);
            s.push_str(&line_sep);
        }
        if show_summary {
            s.push_str(hanging_indent);
            s.push_str("...");
            s.push_str(&line_sep);
        }
        for i in (2..=trailing).rev() {
            let nested = child(index, a_len - i);
            s.push_str(hanging_indent);
            s.push_str(&nested);
            s.push_str(&line_sep);
        }
        let nested = child(index, a_len - 1);
        s.push_str(hanging_indent);
        s.push_str(&nested);
    }
    format!("[{}]", &s[hanging_indent.len()..])
}

/// NumPy's `_extendLine`.
fn extend_line(s: &mut String, line: &mut String, word: &str, width: usize, prefix: &str) {
    let needs_wrap = line.len() + word.len() > width && line.len() > prefix.len();
    if needs_wrap {
        s.push_str(line.trim_end());
        s.push('\n');
        *line = prefix.to_string();
    }
    line.push_str(word);
}

impl PrintElem for bool {
    fn scalar_str(self) -> String {
        if self { "True" } else { "False" }.to_string()
    }

    fn formatter(data: &[bool]) -> Box<dyn Fn(bool) -> String> {
        let t = if data.iter().any(|&b| b) {
            " True"
        } else {
            "True"
        };
        Box::new(move |b| if b { t } else { "False" }.to_string())
    }
}

macro_rules! int_elem {
    ($t:ty) => {
        impl PrintElem for $t {
            fn scalar_str(self) -> String {
                self.to_string()
            }

            fn formatter(data: &[$t]) -> Box<dyn Fn($t) -> String> {
                let max = data.iter().copied().max().unwrap_or(0);
                let min = data.iter().copied().min().unwrap_or(0);
                let w = max.to_string().len().max(min.to_string().len());
                Box::new(move |x| format!("{x:>w$}"))
            }
        }
    };
}
int_elem!(i32);
int_elem!(i64);

/// The float operations the formatter needs, in the element's own precision (NumPy
/// compares an `f32` array's values against its thresholds in `f32`).
trait Float: Copy + PartialOrd + std::fmt::Display + std::fmt::LowerExp + std::str::FromStr {
    const ZERO: Self;
    const SMALL: Self; // 1e-4
    /// Arrays switch to scientific notation from this magnitude on: NumPy ≥ 2.3 uses
    /// `10 ** min(8, finfo(dtype).precision)` (1e6 for f32, 1e8 for f64).
    const BIG: Self;
    const RATIO: Self; // 1e3
    /// `str()` of a scalar switches to scientific notation from this magnitude on.
    const SCALAR_BIG: f64;
    fn is_finite(self) -> bool;
    fn is_nan(self) -> bool;
    fn abs(self) -> Self;
    fn div(self, o: Self) -> Self;
    fn to_f64(self) -> f64;
}

macro_rules! float_impl {
    ($t:ty, $big:expr, $scalar_big:expr) => {
        impl Float for $t {
            const ZERO: $t = 0.0;
            const SMALL: $t = 1e-4;
            const BIG: $t = $big;
            const RATIO: $t = 1e3;
            const SCALAR_BIG: f64 = $scalar_big;
            fn is_finite(self) -> bool {
                <$t>::is_finite(self)
            }
            fn is_nan(self) -> bool {
                <$t>::is_nan(self)
            }
            fn abs(self) -> $t {
                <$t>::abs(self)
            }
            fn div(self, o: $t) -> $t {
                self / o
            }
            fn to_f64(self) -> f64 {
                self as f64
            }
        }

        impl PrintElem for $t {
            fn scalar_str(self) -> String {
                float_scalar_str(self)
            }

            fn formatter(data: &[$t]) -> Box<dyn Fn($t) -> String> {
                float_formatter(data)
            }
        }
    };
}
float_impl!(f32, 1e6, 1e6);
float_impl!(f64, 1e8, 1e16);

/// Splits `s` at its decimal point: (integer part with sign, fractional digits).
fn split_point(s: &str) -> (&str, &str) {
    match s.find('.') {
        Some(p) => (&s[..p], &s[p + 1..]),
        None => (s, ""),
    }
}

/// The shortest digits that read back as `x`, positional (`1879008.2`). Rust and
/// NumPy pick the same shortest length, but where two candidates of that length are
/// equally close to `x`, Rust rounds up and NumPy's Dragon4 takes the even digit; the
/// exact rounding to the same number of digits (ties to even) gives NumPy's choice.
fn shortest_positional<F: Float>(x: F) -> String {
    let s = format!("{x}");
    if x.abs().to_f64() >= 1e16 {
        return s;
    }
    let p = split_point(&s).1.len();
    let even = format!("{x:.p$}");
    if even != s && even.len() == s.len() && even.parse::<F>().is_ok_and(|y| y == x) {
        return even;
    }
    s
}

/// [`shortest_positional`] in scientific notation (`1.8790082e6`).
fn shortest_scientific<F: Float>(x: F) -> String {
    let s = format!("{x:e}");
    let mant = s.split_once('e').map_or(s.as_str(), |(m, _)| m);
    let p = split_point(mant).1.len();
    let even = format!("{x:.p$e}");
    if even != s && even.parse::<F>().is_ok_and(|y| y == x) {
        return even;
    }
    s
}

/// Positional digits as NumPy's Dragon4 gives them in unique mode with at most
/// `precision` fractional digits: (integer part with sign, fractional digits, without
/// trailing zeros).
fn positional<F: Float>(x: F, precision: usize) -> (String, String) {
    let shortest = shortest_positional(x);
    let (int, frac) = split_point(&shortest);
    if frac.len() <= precision {
        return (int.to_string(), frac.to_string());
    }
    let rounded = format!("{x:.precision$}");
    let (int, frac) = split_point(&rounded);
    (int.to_string(), frac.trim_end_matches('0').to_string())
}

/// Scientific digits as Dragon4 gives them in unique mode with at most `precision`
/// fractional digits: (integer digit with sign, fractional digits without trailing
/// zeros, exponent).
fn scientific<F: Float>(x: F, precision: usize) -> (String, String, i32) {
    let parse = |s: &str| -> (String, String, i32) {
        let (mant, exp) = s.split_once('e').unwrap_or((s, "0"));
        let (int, frac) = split_point(mant);
        (
            int.to_string(),
            frac.trim_end_matches('0').to_string(),
            exp.parse().unwrap_or(0),
        )
    };
    let shortest = parse(&shortest_scientific(x));
    if shortest.1.len() <= precision {
        return shortest;
    }
    parse(&format!("{x:.precision$e}"))
}

fn exp_str(exp: i32, digits: usize) -> String {
    let sign = if exp < 0 { '-' } else { '+' };
    format!("{sign}{:0>digits$}", exp.unsigned_abs())
}

/// `str(np.float64(x))` / `str(np.float32(x))`.
fn float_scalar_str<F: Float>(x: F) -> String {
    if x.is_nan() {
        return "nan".to_string();
    }
    if !x.is_finite() {
        return if x < F::ZERO { "-inf" } else { "inf" }.to_string();
    }
    let a = x.abs().to_f64();
    if a == 0.0 || (1e-4..F::SCALAR_BIG).contains(&a) {
        let (int, frac) = positional(x, usize::MAX);
        let frac = if frac.is_empty() {
            "0".to_string()
        } else {
            frac
        };
        format!("{int}.{frac}")
    } else {
        let (int, frac, exp) = scientific(x, usize::MAX);
        if frac.is_empty() {
            format!("{int}e{}", exp_str(exp, 2))
        } else {
            format!("{int}.{frac}e{}", exp_str(exp, 2))
        }
    }
}

/// NumPy's `FloatingFormat` with the default options (`fillFormat` and `__call__`).
fn float_formatter<F: Float + 'static>(data: &[F]) -> Box<dyn Fn(F) -> String> {
    let finite: Vec<F> = data.iter().copied().filter(|x| x.is_finite()).collect();
    let mut exp_format = false;
    let nonzero: Vec<F> = finite
        .iter()
        .map(|x| x.abs())
        .filter(|&x| x != F::ZERO)
        .collect();
    if let Some(&first) = nonzero.first() {
        let (mut max, mut min) = (first, first);
        for &x in &nonzero {
            if x > max {
                max = x;
            }
            if x < min {
                min = x;
            }
        }
        if max >= F::BIG || min < F::SMALL || max.div(min) > F::RATIO {
            exp_format = true;
        }
    }

    let mut pad_left: usize;
    let pad_right: usize;
    let mut precision = PRECISION;
    let mut exp_size = 2;
    if finite.is_empty() {
        pad_left = 0;
        pad_right = 0;
        exp_format = false;
    } else if exp_format {
        let parts: Vec<_> = finite.iter().map(|&x| scientific(x, PRECISION)).collect();
        exp_size = parts
            .iter()
            .map(|p| p.2.unsigned_abs().to_string().len())
            .max()
            .unwrap_or(2);
        exp_size = exp_size.max(2);
        precision = parts.iter().map(|p| p.1.len()).max().unwrap_or(0);
        pad_left = parts.iter().map(|p| p.0.len()).max().unwrap_or(0);
        pad_right = exp_size + 2 + precision;
    } else {
        let parts: Vec<_> = finite.iter().map(|&x| positional(x, PRECISION)).collect();
        pad_left = parts.iter().map(|p| p.0.len()).max().unwrap_or(0);
        pad_right = parts.iter().map(|p| p.1.len()).max().unwrap_or(0);
    }
    if finite.len() != data.len() {
        let neginf = data
            .iter()
            .any(|&x| !x.is_finite() && !x.is_nan() && x < F::ZERO);
        let offset = pad_right as i64 + 1;
        let nan_len = 3 - offset;
        let inf_len = 3 + i64::from(neginf) - offset;
        pad_left = (pad_left as i64).max(nan_len).max(inf_len).max(0) as usize;
    }

    Box::new(move |x: F| {
        if !x.is_finite() {
            let ret = if x.is_nan() {
                "nan"
            } else if x < F::ZERO {
                "-inf"
            } else {
                "inf"
            };
            let w = pad_left + pad_right + 1;
            return format!("{ret:>w$}");
        }
        if exp_format {
            // Every mantissa gets `precision` digits; Dragon4 makes the digits beyond
            // the shortest unique ones from the exact value (visible for f32).
            let (mut int, mut frac, mut exp) = scientific(x, PRECISION);
            if frac.len() < precision {
                let exact = format!("{x:.precision$e}");
                let (mant, e) = exact.split_once('e').unwrap_or((&exact, "0"));
                let (i, f) = split_point(mant);
                (int, frac, exp) = (i.to_string(), f.to_string(), e.parse().unwrap_or(exp));
            }
            format!(
                "{int:>pad_left$}.{frac:0<precision$}e{}",
                exp_str(exp, exp_size)
            )
        } else {
            let (int, frac) = positional(x, PRECISION);
            format!("{int:>pad_left$}.{frac:<pad_right$}")
        }
    })
}

#[cfg(test)]
mod tests {
    //! Every expected string below is what NumPy 2.4 printed for the same data.
    use super::*;
    use ndarray::{ArrayD, IxDyn};

    fn f64s(shape: &[usize], v: Vec<f64>) -> String {
        format_value(&Value::F64(
            ArrayD::from_shape_vec(IxDyn(shape), v).unwrap(),
        ))
    }

    fn f32s(shape: &[usize], v: Vec<f32>) -> String {
        format_value(&Value::F32(
            ArrayD::from_shape_vec(IxDyn(shape), v).unwrap(),
        ))
    }

    fn i64s(shape: &[usize], v: Vec<i64>) -> String {
        format_value(&Value::I64(
            ArrayD::from_shape_vec(IxDyn(shape), v).unwrap(),
        ))
    }

    fn bools(shape: &[usize], v: Vec<bool>) -> String {
        format_value(&Value::Bool(
            ArrayD::from_shape_vec(IxDyn(shape), v).unwrap(),
        ))
    }

    #[test]
    fn scalars() {
        let cases: &[(f64, &str)] = &[
            (2.5, "2.5"),
            (3.0, "3.0"),
            (1e-5, "1e-05"),
            (1.5e-5, "1.5e-05"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (-0.0, "-0.0"),
            (f64::NAN, "nan"),
            (f64::NEG_INFINITY, "-inf"),
            (1.0 / 3.0, "0.3333333333333333"),
            (0.0001, "0.0001"),
            (9e-5, "9e-05"),
        ];
        for &(x, want) in cases {
            assert_eq!(f64s(&[], vec![x]), want, "{x:e}");
        }
        let cases32: &[(f32, &str)] = &[
            (0.1, "0.1"),
            (1e-5, "1e-05"),
            (1e16, "1e+16"),
            (3e10, "3e+10"),
            (1e6, "1e+06"),
            (999999.9, "999999.9"),
            (1.5e7, "1.5e+07"),
            (123456789.0, "1.2345679e+08"),
            (0.0001, "1e-04"),
            (0.00010001, "0.00010001"),
            (7.5, "7.5"),
        ];
        for &(x, want) in cases32 {
            assert_eq!(f32s(&[], vec![x]), want, "{x:e}");
        }
        assert_eq!(i64s(&[], vec![7]), "7");
        assert_eq!(bools(&[], vec![true]), "True");
        assert_eq!(bools(&[], vec![false]), "False");
    }

    #[test]
    fn small_arrays() {
        assert_eq!(f64s(&[3], vec![1.0, 2.0, 3.0]), "[1. 2. 3.]");
        assert_eq!(f64s(&[2], vec![1.0, 2.5]), "[1.  2.5]");
        assert_eq!(f64s(&[2], vec![-1.5, 2.0]), "[-1.5  2. ]");
        assert_eq!(f64s(&[2], vec![0.001, 2.0]), "[1.e-03 2.e+00]");
        assert_eq!(f64s(&[2], vec![1e-5, 1.0]), "[1.e-05 1.e+00]");
        assert_eq!(f64s(&[2], vec![1.5e-5, 1.0]), "[1.5e-05 1.0e+00]");
        assert_eq!(f64s(&[2], vec![0.0, 1e-5]), "[0.e+00 1.e-05]");
        assert_eq!(f64s(&[2], vec![1e8, 1.0]), "[1.e+08 1.e+00]");
        assert_eq!(f64s(&[2], vec![f64::NAN, f64::INFINITY]), "[nan inf]");
        assert_eq!(
            f64s(&[3], vec![f64::NAN, f64::NEG_INFINITY, 1.5]),
            "[ nan -inf  1.5]"
        );
        assert_eq!(f64s(&[2], vec![1.23456785, 2.0]), "[1.23456785 2.        ]");
        assert_eq!(f64s(&[0], vec![]), "[]");
        assert_eq!(f64s(&[2, 0], vec![]), "[]");
        assert_eq!(f32s(&[2], vec![0.1, 0.2]), "[0.1 0.2]");
        assert_eq!(
            f32s(&[2], vec![123456789.0, 1.0]),
            "[1.2345679e+08 1.0000000e+00]"
        );
        // Digits past the shortest repr come from the exact f32 value (NumPy's Dragon4).
        assert_eq!(
            f32s(&[3], vec![-6.254753e-4, 1.0531328e-3, 8.712854e-5]),
            "[-6.2547531e-04  1.0531328e-03  8.7128537e-05]"
        );
        assert_eq!(i64s(&[2, 2], vec![1, 2, 3, 4]), "[[1 2]\n [3 4]]");
        assert_eq!(i64s(&[2], vec![-1, 10]), "[-1 10]");
        assert_eq!(bools(&[2], vec![true, false]), "[ True False]");
        assert_eq!(bools(&[2], vec![false, false]), "[False False]");
        assert_eq!(
            bools(
                &[2, 2, 2],
                vec![false, false, false, false, true, true, true, true]
            ),
            "[[[False False]\n  [False False]]\n\n [[ True  True]\n  [ True  True]]]"
        );
        assert_eq!(
            f64s(&[2, 2, 2], vec![1.5, 2.0, 3.0, 4.0, 1.0, 2.0, 3.0, 4.0]),
            "[[[1.5 2. ]\n  [3.  4. ]]\n\n [[1.  2. ]\n  [3.  4. ]]]"
        );
    }

    #[test]
    fn numpy_2_3_details() {
        // A tie between two shortest candidates goes to the even digit.
        assert_eq!(f32s(&[], vec![1_879_008.2]), "1.8790082e+06");
        // f32 arrays switch to scientific notation at 1e6, f64 arrays at 1e8.
        assert_eq!(
            f32s(&[3], vec![7959.099, -560231.06, 1654057.5]),
            "[ 7.9590991e+03 -5.6023106e+05  1.6540575e+06]"
        );
        assert_eq!(
            f64s(&[3], vec![7959.099, -560231.06, 1654057.5]),
            "[   7959.099 -560231.06  1654057.5  ]"
        );
        assert_eq!(
            f32s(&[3], vec![0.5e-5, 2.5e-5, 0.125e-5]),
            "[5.00e-06 2.50e-05 1.25e-06]"
        );
        assert_eq!(
            f64s(&[3, 1], vec![f64::NAN, 1.5, 2.25]),
            "[[ nan]\n [1.5 ]\n [2.25]]"
        );
    }

    #[test]
    fn wrapping() {
        // print(np.arange(30.) / 7)
        let v: Vec<f64> = (0..30).map(|i| i as f64 / 7.0).collect();
        let want = "[0.         0.14285714 0.28571429 0.42857143 0.57142857 0.71428571
 0.85714286 1.         1.14285714 1.28571429 1.42857143 1.57142857
 1.71428571 1.85714286 2.         2.14285714 2.28571429 2.42857143
 2.57142857 2.71428571 2.85714286 3.         3.14285714 3.28571429
 3.42857143 3.57142857 3.71428571 3.85714286 4.         4.14285714]";
        assert_eq!(f64s(&[30], v), want);
    }

    #[test]
    fn summarized() {
        // print(np.arange(2000).reshape(2, 1000))
        let v: Vec<i64> = (0..2000).collect();
        assert_eq!(
            i64s(&[2, 1000], v),
            "[[   0    1    2 ...  997  998  999]\n [1000 1001 1002 ... 1997 1998 1999]]"
        );
        // print(np.arange(1001))
        let v: Vec<i64> = (0..1001).collect();
        assert_eq!(i64s(&[1001], v), "[   0    1    2 ...  998  999 1000]");
        // print(np.arange(3000.).reshape(3, 1000) / 3)
        let v: Vec<f64> = (0..3000).map(|i| i as f64 / 3.0).collect();
        let want = "[[0.00000000e+00 3.33333333e-01 6.66666667e-01 ... 3.32333333e+02
  3.32666667e+02 3.33000000e+02]
 [3.33333333e+02 3.33666667e+02 3.34000000e+02 ... 6.65666667e+02
  6.66000000e+02 6.66333333e+02]
 [6.66666667e+02 6.67000000e+02 6.67333333e+02 ... 9.99000000e+02
  9.99333333e+02 9.99666667e+02]]";
        assert_eq!(f64s(&[3, 1000], v), want);
    }
}
