//! Vectorizable `f32` math functions.
//!
//! `exp`, `expm1`, `log`, `log1p`, `sin`, `cos`, `tan` are evaluated in single precision
//! (Cephes-style polynomials; the trigonometric argument reduction and the last steps of
//! `tan` are done in `f64`);
//! the others are evaluated with the [`super::f64`] kernels and rounded, which keeps them
//! vectorizable (f32↔f64 conversions are packed instructions) and nearly correctly
//! rounded. All are `#[inline(always)]` and branch-free. See `docs/math.md`.

#![allow(clippy::excessive_precision, clippy::approx_constant)]

use super::f64 as d;

/// 1.5 · 2^23: adding and subtracting it rounds |x| < 2^22 to an integer.
const MAGIC: f32 = 12582912.0;
const MAGIC_BITS: u32 = 0x4b40_0000;

#[inline(always)]
fn sel(c: bool, a: f32, b: f32) -> f32 {
    if c {
        a
    } else {
        b
    }
}

#[inline(always)]
fn rint(x: f32) -> f32 {
    (x + MAGIC) - MAGIC
}

/// 2^k for an integer-valued `k` in [-126, 127].
#[inline(always)]
fn pow2i(kf: f32) -> f32 {
    let k = (kf + MAGIC).to_bits().wrapping_sub(MAGIC_BITS);
    f32::from_bits(k.wrapping_add(127) << 23)
}

/// `p · 2^k` for integer-valued k in [-252, 254], single rounding for subnormal results:
/// `p · 2^⌊k/2⌋ · 2^(k-⌊k/2⌋)`, two exact power-of-two factors made with integer
/// operations (7 vector instructions, where rounding `k/2` in floating point took 12).
#[inline(always)]
fn ldexp_k(p: f32, kf: f32) -> f32 {
    // The low bits of `kf + MAGIC` hold k; plus twice the exponent bias, 2..=508.
    let kb = (kf + MAGIC).to_bits().wrapping_sub(MAGIC_BITS - 254);
    let k1 = kb >> 1; // ⌊k/2⌋ + 127
    p * f32::from_bits(k1 << 23) * f32::from_bits((kb - k1) << 23)
}

// ---------------------------------------------------------------------------------------
// exp family
// ---------------------------------------------------------------------------------------

/// Cody–Waite reduction x = k·ln2 + r and Cephes' expf polynomial: returns (k, expm1(r)).
#[inline(always)]
fn exp_core(x: f32) -> (f32, f32) {
    const LOG2E: f32 = 1.44269504088896341;
    const C1: f32 = 0.693359375;
    const C2: f32 = -2.12194440e-4;
    let k = rint(x * LOG2E);
    let r = (x - k * C1) - k * C2;
    let p = 1.9875691500e-4;
    let p = p * r + 1.3981999507e-3;
    let p = p * r + 8.3334519073e-3;
    let p = p * r + 4.1665795894e-2;
    let p = p * r + 1.6666665459e-1;
    let p = p * r + 5.0000001201e-1;
    (k, r + (r * r) * p)
}

/// e^x, overflow to +inf above 88.72, gradual underflow below -87.3.
#[inline(always)]
pub fn exp(x: f32) -> f32 {
    let xc = sel(x > 89.0, 89.0, x);
    let xc = sel(xc < -104.0, -104.0, xc);
    let (k, p) = exp_core(xc);
    ldexp_k(1.0 + p, k)
}

/// e^x - 1, accurate near 0.
#[inline(always)]
pub fn expm1(x: f32) -> f32 {
    let xc = sel(x > 89.0, 89.0, x);
    let xc = sel(xc < -20.0, -20.0, xc);
    let (k, p) = exp_core(xc);
    let s = pow2i(k - 1.0);
    let r = 2.0 * (s * p + (s - 0.5));
    sel(x.abs() < 1e-9, x, r)
}

/// Hyperbolic sine (evaluated with the f64 kernel).
#[inline(always)]
pub fn sinh(x: f32) -> f32 {
    d::sinh(x as f64) as f32
}

/// Hyperbolic cosine (evaluated with the f64 kernel).
#[inline(always)]
pub fn cosh(x: f32) -> f32 {
    d::cosh(x as f64) as f32
}

/// Hyperbolic tangent (evaluated with the f64 kernel).
#[inline(always)]
pub fn tanh(x: f32) -> f32 {
    d::tanh(x as f64) as f32
}

// ---------------------------------------------------------------------------------------
// log family
// ---------------------------------------------------------------------------------------

/// ln(x) + corr for finite x > 0: x = 2^e·m, m in [√½, √2), Cephes' logf polynomial.
#[inline(always)]
fn log_core(x: f32, corr: f32) -> f32 {
    const SQRT_HALF_BITS: u32 = 0x3f35_04f3;
    let sub = x < f32::MIN_POSITIVE;
    let xs = sel(sub, x * 33554432.0, x); // 2^25
    let ix = xs.to_bits().wrapping_add(0x3f80_0000 - SQRT_HALF_BITS);
    let e = ((ix >> 23) as i32 - 127) as f32 - sel(sub, 25.0, 0.0);
    let m = f32::from_bits((ix & 0x007f_ffff) + SQRT_HALF_BITS);
    let f = m - 1.0;
    let z = f * f;
    let p = 7.0376836292e-2;
    let p = p * f - 1.1514610310e-1;
    let p = p * f + 1.1676998740e-1;
    let p = p * f - 1.2420140846e-1;
    let p = p * f + 1.4249322787e-1;
    let p = p * f - 1.6668057665e-1;
    let p = p * f + 2.0000714765e-1;
    let p = p * f - 2.4999993993e-1;
    let p = p * f + 3.3333331174e-1;
    let y = p * f * z;
    let y = y + (e * -2.12194440e-4 + corr);
    let y = y - 0.5 * z;
    (f + y) + e * 0.693359375
}

/// Natural logarithm (`log(±0) = -inf`, `log(x<0) = NaN`).
#[inline(always)]
pub fn log(x: f32) -> f32 {
    let r = log_core(x, 0.0);
    let r = sel(x == f32::INFINITY, x, r);
    let r = sel(x == 0.0, f32::NEG_INFINITY, r);
    sel(x >= 0.0, r, f32::NAN)
}

/// ln(1 + x), accurate near 0.
#[inline(always)]
pub fn log1p(x: f32) -> f32 {
    let u = 1.0 + x;
    let corr = (x - (u - 1.0)) / u;
    let r = log_core(u, corr);
    let r = sel(x == f32::INFINITY, x, r);
    let r = sel(x == -1.0, f32::NEG_INFINITY, r);
    let r = sel(x >= -1.0, r, f32::NAN);
    sel(x.abs() < 1e-9, x, r)
}

// ---------------------------------------------------------------------------------------
// trigonometric
// ---------------------------------------------------------------------------------------

/// Largest |x| for which sin/cos/tan reduce the argument accurately: 2^44·π/2 ≈ 2.8e13.
pub const TRIG_MAX: f32 = 27633741218861.094;

/// x = q·π/2 + r, computed in f64. Returns (r, q), r in f64.
#[inline(always)]
fn rem_pio2(x: f32) -> (f64, u32) {
    const MAGIC64: f64 = 6755399441055744.0;
    const INVPIO2: f64 = 6.36619772367581382433e-01;
    let xd = x as f64;
    let qm = xd * INVPIO2 + MAGIC64;
    let q = qm - MAGIC64;
    let r = rem_pio2_f64(xd, q);
    // out of domain: stay bounded, and keep tan finite (0.5, not 0)
    let r = if r.abs() > 0.8 { 0.5 } else { r };
    (r, qm.to_bits() as u32)
}

/// x - q·π/2 with a fused multiply-add: exact for the 53-bit head of π/2 (see the f64
/// reduction), then the next 53 bits. (`mul_add` is exact everywhere, so every build
/// and instruction set gives the same result; see the f64 reduction.)
#[inline(always)]
fn rem_pio2_f64(xd: f64, q: f64) -> f64 {
    const P1: f64 = 1.5707963267948966;
    const P2: f64 = 6.123233995736766e-17;
    (-q).mul_add(P1, xd) - q * P2
}

#[inline(always)]
fn k_sin(r: f32) -> f32 {
    let z = r * r;
    let p = -1.9515295891e-4;
    let p = p * z + 8.3321608736e-3;
    let p = p * z - 1.6666654611e-1;
    (p * z) * r + r
}

#[inline(always)]
fn k_cos(r: f32) -> f32 {
    let z = r * r;
    let p = 2.443315711809948e-5;
    let p = p * z - 1.388731625493765e-3;
    let p = p * z + 4.166664568298827e-2;
    (p * z * z - 0.5 * z) + 1.0
}

#[inline(always)]
fn flip_if_bit1(v: f32, q: u32) -> f32 {
    f32::from_bits(v.to_bits() ^ ((q & 2) << 30))
}

/// Sine. Accurate for |x| <= [`TRIG_MAX`]; beyond, bounded but not accurate.
#[inline(always)]
pub fn sin(x: f32) -> f32 {
    let (r, q) = rem_pio2(x);
    let r = r as f32;
    let s = k_sin(r);
    let c = k_cos(r);
    let v = sel(q & 1 != 0, c, s);
    let v = flip_if_bit1(v, q);
    sel(x.abs() < 1e-6, x, v)
}

/// Cosine. Accurate for |x| <= [`TRIG_MAX`]; beyond, bounded but not accurate.
#[inline(always)]
pub fn cos(x: f32) -> f32 {
    let (r, q) = rem_pio2(x);
    let r = r as f32;
    let s = k_sin(r);
    let c = k_cos(r);
    let v = sel(q & 1 != 0, s, c);
    flip_if_bit1(v, q.wrapping_add(1))
}

/// Tangent (Cephes' tanf polynomial, -1/tan in odd quadrants). Accurate for
/// |x| <= [`TRIG_MAX`]; beyond, finite but not accurate.
#[inline(always)]
pub fn tan(x: f32) -> f32 {
    let (rd, q) = rem_pio2(x);
    let r = rd as f32;
    let z = r * r;
    let p = 9.38540185543e-3;
    let p = p * z + 3.11992232697e-3;
    let p = p * z + 2.44301354525e-2;
    let p = p * z + 5.34112807005e-2;
    let p = p * z + 1.33387994085e-1;
    let p = p * z + 3.33331568548e-1;
    // final steps in f64: tan(r) = r + r·z·p, and -1/tan in odd quadrants
    let t = rd + rd * ((p * z) as f64);
    let v = if q & 1 != 0 { -1.0 / t } else { t };
    sel(x.abs() < 1e-6, x, v as f32)
}

// ---------------------------------------------------------------------------------------
// inverse trigonometric, pow, sqrt
// ---------------------------------------------------------------------------------------

/// Arcsine (evaluated with the f64 kernel), NaN outside [-1, 1].
#[inline(always)]
pub fn asin(x: f32) -> f32 {
    d::asin(x as f64) as f32
}

/// Arccosine (evaluated with the f64 kernel), NaN outside [-1, 1].
#[inline(always)]
pub fn acos(x: f32) -> f32 {
    d::acos(x as f64) as f32
}

/// Arctangent (evaluated with the f64 kernel).
#[inline(always)]
pub fn atan(x: f32) -> f32 {
    d::atan(x as f64) as f32
}

/// Four-quadrant arctangent of y/x (evaluated with the f64 kernel; C99 Annex F specials).
#[inline(always)]
pub fn atan2(y: f32, x: f32) -> f32 {
    d::atan2(y as f64, x as f64) as f32
}

/// Square root (the hardware instruction; correctly rounded).
#[inline(always)]
pub fn sqrt(x: f32) -> f32 {
    x.sqrt()
}

/// x^y with C99 Annex F special cases, computed as exp(y·ln|x|) in f64 (relative error
/// below 2^-40 before the final rounding to f32).
#[inline(always)]
pub fn pow(x: f32, y: f32) -> f32 {
    let (xd, yd) = (x as f64, y as f64);
    let ax = xd.abs();
    let ok = ax > 0.0 && ax < f64::INFINITY && yd.abs() < f64::INFINITY;
    let axc = if ok { ax } else { 1.0 };
    let core = d::exp(yd * d::log(axc));
    d::pow_with(xd, yd, core) as f32
}
