//! Vectorizable `f64` math functions.
//!
//! Every function is `#[inline(always)]` and branch-free: special cases are handled with
//! comparisons that LLVM turns into selects, integers are extracted with the
//! "add 1.5·2^52" trick (no float→int conversions, which SSE2 lacks for 64-bit lanes),
//! and there are no table lookups. See `docs/math.md` for accuracy and domains.

#![allow(clippy::excessive_precision, clippy::approx_constant)]

/// 1.5 · 2^52: adding and subtracting it rounds a float with |x| < 2^51 to an integer,
/// and the low bits of `x + MAGIC` hold that integer in two's complement.
const MAGIC: f64 = 6755399441055744.0;
const MAGIC_BITS: u64 = 0x4338_0000_0000_0000;

const LN2_HI: f64 = 6.93147180369123816490e-01; // 0x3fe62e42fee00000
const LN2_LO: f64 = 1.90821492927058770002e-10; // 0x3dea39ef35793c76
const LOG2E: f64 = 1.44269504088896338700e+00;

const PIO2_HI: f64 = 1.57079632679489655800e+00;
const PIO2_LO: f64 = 6.12323399573676603587e-17;
const PI_HI: f64 = 3.14159265358979311600e+00;
const PI_LO: f64 = 1.22464679914735317720e-16;

#[inline(always)]
fn sel(c: bool, a: f64, b: f64) -> f64 {
    if c {
        a
    } else {
        b
    }
}

/// Round to the nearest integer (ties to even); valid for |x| < 2^51.
#[inline(always)]
fn rint(x: f64) -> f64 {
    (x + MAGIC) - MAGIC
}

/// `x` with the low 32 bits of the significand cleared (exact splitting helper).
#[inline(always)]
fn trunc32(x: f64) -> f64 {
    f64::from_bits(x.to_bits() & 0xffff_ffff_0000_0000)
}

/// 2^k for an integer-valued `k` in [-1022, 1023].
#[inline(always)]
fn pow2i(kf: f64) -> f64 {
    let k = (kf + MAGIC).to_bits().wrapping_sub(MAGIC_BITS);
    f64::from_bits(k.wrapping_add(1023) << 52)
}

/// `p · 2^k` for an integer-valued `k` in [-2044, 2046], with a single rounding also
/// when the result is subnormal (two exact power-of-two factors).
#[inline(always)]
fn ldexp_k(p: f64, kf: f64) -> f64 {
    // `p · 2^⌊k/2⌋ · 2^(k-⌊k/2⌋)`, the factors made with integer operations. The low
    // bits of `kf + MAGIC` hold k; plus twice the exponent bias, 2..=4092.
    let kb = (kf + MAGIC).to_bits().wrapping_sub(MAGIC_BITS - 2046);
    let k1 = kb >> 1; // ⌊k/2⌋ + 1023
    p * f64::from_bits(k1 << 52) * f64::from_bits((kb - k1) << 52)
}

/// Error-free sum: returns (s, e) with s + e == a + b exactly.
#[inline(always)]
fn two_sum(a: f64, b: f64) -> (f64, f64) {
    let s = a + b;
    let bb = s - a;
    (s, (a - (s - bb)) + (b - bb))
}

// ---------------------------------------------------------------------------------------
// exp family
// ---------------------------------------------------------------------------------------

/// expm1(r) for |r| <= 0.3466 (Taylor series to degree 13; truncation error < 2^-56 r).
#[inline(always)]
fn expm1_poly(r: f64) -> f64 {
    const C3: f64 = 1.0 / 6.0;
    const C4: f64 = 1.0 / 24.0;
    const C5: f64 = 1.0 / 120.0;
    const C6: f64 = 1.0 / 720.0;
    const C7: f64 = 1.0 / 5040.0;
    const C8: f64 = 1.0 / 40320.0;
    const C9: f64 = 1.0 / 362880.0;
    const C10: f64 = 1.0 / 3628800.0;
    const C11: f64 = 1.0 / 39916800.0;
    const C12: f64 = 1.0 / 479001600.0;
    const C13: f64 = 1.0 / 6227020800.0;
    let r2 = r * r;
    let r4 = r2 * r2;
    // Estrin-like split to shorten the dependency chain.
    let a = C3 + r * C4 + r2 * (C5 + r * C6);
    let b = C7 + r * C8 + r2 * (C9 + r * C10);
    let c = C11 + r * C12 + r2 * C13;
    let q = a + r4 * (b + r4 * c);
    r + r2 * (0.5 + r * q)
}

/// Cody–Waite reduction: x = k·ln2 + r, |r| <= ln2/2. Returns (k, expm1(r)).
/// `x` must already be clamped to a finite range (NaN passes through as NaN in `p`).
#[inline(always)]
fn exp_core(x: f64) -> (f64, f64) {
    let k = rint(x * LOG2E);
    let r = (x - k * LN2_HI) - k * LN2_LO;
    (k, expm1_poly(r))
}

/// e^x, with overflow to +inf above 709.78 and gradual underflow to 0 below -708.4.
#[inline(always)]
pub fn exp(x: f64) -> f64 {
    let xc = sel(x > 710.0, 710.0, x);
    let xc = sel(xc < -746.0, -746.0, xc);
    let (k, p) = exp_core(xc);
    ldexp_k(1.0 + p, k)
}

/// e^x - 1, accurate near 0.
#[inline(always)]
pub fn expm1(x: f64) -> f64 {
    let xc = sel(x > 710.0, 710.0, x);
    let xc = sel(xc < -40.0, -40.0, xc);
    let (k, p) = exp_core(xc);
    // 2^k·(1+p) - 1 = 2·(2^(k-1)·p + (2^(k-1) - 1/2)); exact except for one rounding
    // when k is small, and 2^(k-1) stays finite for k <= 1024.
    let s = pow2i(k - 1.0);
    let r = 2.0 * (s * p + (s - 0.5));
    sel(x.abs() < 1e-18, x, r)
}

/// Shared by sinh/cosh/tanh: expm1 from the core, valid for k <= 1024.
#[inline(always)]
fn expm1_from(k: f64, p: f64) -> f64 {
    let s = pow2i(k - 1.0);
    2.0 * (s * p + (s - 0.5))
}

/// Hyperbolic sine.
#[inline(always)]
pub fn sinh(x: f64) -> f64 {
    let a = x.abs();
    let a = sel(a > 711.0, 711.0, a);
    let (k, p) = exp_core(a);
    let t = expm1_from(sel(a < 22.0, k, 0.0), sel(a < 22.0, p, 0.0));
    let small = 0.5 * (2.0 * t - t * t / (t + 1.0));
    let mid = 0.5 * (t + t / (t + 1.0));
    let big = ldexp_k(1.0 + p, k - 1.0);
    let r = sel(a < 1.0, small, sel(a < 22.0, mid, big));
    let r = r.copysign(x);
    sel(x.abs() < 1e-18, x, r)
}

/// Hyperbolic cosine.
#[inline(always)]
pub fn cosh(x: f64) -> f64 {
    let a = x.abs();
    let a = sel(a > 711.0, 711.0, a);
    let (k, p) = exp_core(a);
    // k == 0: cosh = 1 + p²/(2(1+p)), p = expm1(a).
    let w = 1.0 + p;
    let small = 1.0 + (p * p) / (w + w);
    let eh = ldexp_k(w, k - 1.0); // e^a / 2
    let big = eh + 0.25 / eh;
    sel(k == 0.0, small, big)
}

/// Hyperbolic tangent.
#[inline(always)]
pub fn tanh(x: f64) -> f64 {
    let a = x.abs();
    let a = sel(a > 22.0, 22.0, a);
    let (k, p) = exp_core(a + a);
    // t = e^(2a) - 1 = 2^k·p + (2^k - 1) kept as th + tl (both terms exact), and
    // tanh = t/(t+2) evaluated as q0 + (tl - q0·dl)/dh with t + 2 = dh + dl.
    let s2 = pow2i(k);
    let (th, tl) = two_sum(s2 * p, s2 - 1.0);
    let (dh, dl) = two_sum(th, 2.0);
    let dl = dl + tl;
    let q0 = th / dh;
    let r = q0 + (tl - q0 * dl) / dh;
    let r = r.copysign(x);
    sel(x.abs() < 1e-18, x, r)
}

// ---------------------------------------------------------------------------------------
// log family
// ---------------------------------------------------------------------------------------

/// ln(x) + corr for finite x > 0 (normal or subnormal); `corr` is a small correction
/// added to the low-order part (used by log1p). fdlibm's method: x = 2^e·m with
/// m in [√½, √2), s = f/(2+f), ln m = 2 atanh s.
#[inline(always)]
fn log_core(x: f64, corr: f64) -> f64 {
    const LG1: f64 = 6.666666666666735130e-01;
    const LG2: f64 = 3.999999999940941908e-01;
    const LG3: f64 = 2.857142874366239149e-01;
    const LG4: f64 = 2.222219843214978396e-01;
    const LG5: f64 = 1.818357216161805012e-01;
    const LG6: f64 = 1.531383769920937332e-01;
    const LG7: f64 = 1.479819860511658591e-01;
    const SQRT_HALF_BITS: u64 = 0x3fe6_a09e_667f_3bcd;
    let sub = x < f64::MIN_POSITIVE;
    let xs = sel(sub, x * 18014398509481984.0, x); // 2^54
    let ix = xs
        .to_bits()
        .wrapping_add(0x3ff0_0000_0000_0000 - SQRT_HALF_BITS);
    // biased exponent (0..2047) to float without int->float conversion
    let eb = f64::from_bits(0x4330_0000_0000_0000 | (ix >> 52));
    let e = (eb - (4503599627370496.0 + 1023.0)) - sel(sub, 54.0, 0.0);
    let m = f64::from_bits((ix & 0x000f_ffff_ffff_ffff) + SQRT_HALF_BITS);
    let f = m - 1.0;
    let hfsq = 0.5 * f * f;
    let s = f / (2.0 + f);
    let z = s * s;
    let w = z * z;
    let t1 = w * (LG2 + w * (LG4 + w * LG6));
    let t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
    let r = t2 + t1;
    s * (hfsq + r) + (e * LN2_LO + corr) - hfsq + f + e * LN2_HI
}

/// Natural logarithm (`log(±0) = -inf`, `log(x<0) = NaN`).
#[inline(always)]
pub fn log(x: f64) -> f64 {
    let r = log_core(x, 0.0);
    let r = sel(x == f64::INFINITY, x, r);
    let r = sel(x == 0.0, f64::NEG_INFINITY, r);
    sel(x >= 0.0, r, f64::NAN)
}

/// ln(1 + x), accurate near 0.
#[inline(always)]
pub fn log1p(x: f64) -> f64 {
    let u = 1.0 + x;
    // ln(1+x) = ln(u) + (1+x-u)/u to first order; 1+x-u is exact.
    let corr = (x - (u - 1.0)) / u;
    let r = log_core(u, corr);
    let r = sel(x == f64::INFINITY, x, r);
    let r = sel(x == -1.0, f64::NEG_INFINITY, r);
    let r = sel(x >= -1.0, r, f64::NAN);
    sel(x.abs() < 1e-18, x, r)
}

// ---------------------------------------------------------------------------------------
// trigonometric
// ---------------------------------------------------------------------------------------

/// Largest |x| for which sin/cos/tan reduce the argument accurately: 2^44·π/2 ≈ 2.8e13.
pub const TRIG_MAX: f64 = 27633741218861.094;

/// x = q·π/2 + (y0 + y1), |y0 + y1| <= ~π/4. Returns (y0, y1, q as bits of q + MAGIC).
/// Out of the domain (|x| > [`TRIG_MAX`]) the kernels get a bounded stand-in.
#[inline(always)]
fn rem_pio2(x: f64) -> (f64, f64, u64) {
    let qm = x * INVPIO2 + MAGIC;
    let q = qm - MAGIC;
    let (y0, y1) = rem_pio2_parts(x, q);
    // Out of the documented domain: keep the kernels bounded (NaN passes through). The
    // stand-in 0.5 (not 0) keeps tan finite in both quadrant parities.
    let bad = y0.abs() > 0.8 || y1.abs() > 1e-15;
    (sel(bad, 0.5, y0), sel(bad, 0.0, y1), qm.to_bits())
}

/// 2/π.
const INVPIO2: f64 = 6.36619772367581382433e-01;

/// x - q·π/2 as a double-double, with a fused multiply-add: π/2 = P1 + P2 + P3 (53-bit
/// parts). `x - q·P1` is exact in one FMA for |q| < 2^51 (the true value is a multiple
/// of 2^-53 below 1 in magnitude), `q·P2` is split exactly by a second FMA, and `q·P3`
/// is far below the result's last bit; what is left of π/2 (< 2^-163) times q is
/// negligible. The bound on |x| comes from q: `x·(2/π)` rounded to 2^-8 keeps |y| below
/// 0.8 up to 2^44·π/2.
///
/// `mul_add` is a single instruction in the runtime's dispatched loops on x86-64-v3 and
/// newer CPUs (and with `-Ctarget-cpu=native`), and a call to libm's exact `fma`
/// elsewhere (slower, same result): every build and instruction set reduces alike.
#[inline(always)]
fn rem_pio2_parts(x: f64, q: f64) -> (f64, f64) {
    const P1: f64 = 1.5707963267948966;
    const P2: f64 = 6.123233995736766e-17;
    const P3: f64 = -1.4973849048591698e-33;
    let r = (-q).mul_add(P1, x);
    let p2 = q * P2;
    let p2_err = q.mul_add(P2, -p2);
    let (s, s_err) = two_sum(r, -p2);
    let tail = (s_err - p2_err) - q * P3;
    let y0 = s + tail;
    (y0, (s - y0) + tail)
}

/// sin(x + y) for |x| <= π/4, |y| tiny (fdlibm __kernel_sin).
#[inline(always)]
fn k_sin(x: f64, y: f64) -> f64 {
    const S1: f64 = -1.66666666666666324348e-01;
    const S2: f64 = 8.33333333332248946124e-03;
    const S3: f64 = -1.98412698298579493134e-04;
    const S4: f64 = 2.75573137070700676789e-06;
    const S5: f64 = -2.50507602534068634195e-08;
    const S6: f64 = 1.58969099521155010221e-10;
    let z = x * x;
    let w = z * z;
    let r = S2 + z * (S3 + z * S4) + z * w * (S5 + z * S6);
    let v = z * x;
    x - ((z * (0.5 * y - v * r) - y) - v * S1)
}

/// cos(x + y) for |x| <= π/4 (fdlibm __kernel_cos).
#[inline(always)]
fn k_cos(x: f64, y: f64) -> f64 {
    const C1: f64 = 4.16666666666666019037e-02;
    const C2: f64 = -1.38888888888741095749e-03;
    const C3: f64 = 2.48015872894767294178e-05;
    const C4: f64 = -2.75573143513906633035e-07;
    const C5: f64 = 2.08757232129817482790e-09;
    const C6: f64 = -1.13596475577881948265e-11;
    let z = x * x;
    let w = z * z;
    let r = z * (C1 + z * (C2 + z * C3)) + w * w * (C4 + z * (C5 + z * C6));
    let hz = 0.5 * z;
    let w = 1.0 - hz;
    w + (((1.0 - w) - hz) + (z * r - x * y))
}

/// Flip the sign of `v` when bit 1 of `q` is set.
#[inline(always)]
fn flip_if_bit1(v: f64, q: u64) -> f64 {
    f64::from_bits(v.to_bits() ^ ((q & 2) << 62))
}

/// Sine. Accurate for |x| <= [`TRIG_MAX`]; beyond, the result is bounded but not accurate.
#[inline(always)]
pub fn sin(x: f64) -> f64 {
    let (y0, y1, q) = rem_pio2(x);
    let s = k_sin(y0, y1);
    let c = k_cos(y0, y1);
    let r = sel(q & 1 != 0, c, s);
    let r = flip_if_bit1(r, q);
    sel(x.abs() < 1e-9, x, r)
}

/// Cosine. Accurate for |x| <= [`TRIG_MAX`]; beyond, the result is bounded but not accurate.
#[inline(always)]
pub fn cos(x: f64) -> f64 {
    let (y0, y1, q) = rem_pio2(x);
    let s = k_sin(y0, y1);
    let c = k_cos(y0, y1);
    let r = sel(q & 1 != 0, s, c);
    flip_if_bit1(r, q.wrapping_add(1))
}

/// Tangent. Accurate for |x| <= [`TRIG_MAX`]; beyond, finite but not accurate.
#[inline(always)]
pub fn tan(x: f64) -> f64 {
    let (y0, y1, q) = rem_pio2(x);
    let s = k_sin(y0, y1);
    let c = k_cos(y0, y1);
    let odd = q & 1 != 0;
    let r = sel(odd, -c, s) / sel(odd, s, c);
    sel(x.abs() < 1e-9, x, r)
}

// ---------------------------------------------------------------------------------------
// inverse trigonometric
// ---------------------------------------------------------------------------------------

/// fdlibm's rational approximation R(z) with asin(s) = s + s·R(s²).
#[inline(always)]
fn asin_r(z: f64) -> f64 {
    const PS0: f64 = 1.66666666666666657415e-01;
    const PS1: f64 = -3.25565818622400915405e-01;
    const PS2: f64 = 2.01212532134862925881e-01;
    const PS3: f64 = -4.00555345006794114027e-02;
    const PS4: f64 = 7.91534994289814532176e-04;
    const PS5: f64 = 3.47933107596021167570e-05;
    const QS1: f64 = -2.40339491173441421878e+00;
    const QS2: f64 = 2.02094576023350569471e+00;
    const QS3: f64 = -6.88283971605453293030e-01;
    const QS4: f64 = 7.70381505559019352791e-02;
    let p = z * (PS0 + z * (PS1 + z * (PS2 + z * (PS3 + z * (PS4 + z * PS5)))));
    let q = 1.0 + z * (QS1 + z * (QS2 + z * (QS3 + z * QS4)));
    p / q
}

/// Arcsine, NaN outside [-1, 1].
#[inline(always)]
pub fn asin(x: f64) -> f64 {
    const PIO4_HI: f64 = 7.85398163397448278999e-01;
    let ax = x.abs();
    let small = ax < 0.5;
    let z = sel(small, x * x, (1.0 - ax) * 0.5);
    let r = asin_r(z);
    let res_small = x + x * r;
    let s = z.sqrt();
    // 0.5 <= |x| < 0.975: s = f + c split for extra precision
    let f = trunc32(s);
    let c = (z - f * f) / (s + f);
    let p = 2.0 * s * r - (PIO2_LO - 2.0 * c);
    let q = PIO4_HI - 2.0 * f;
    let res_mid = PIO4_HI - (p - q);
    // |x| >= 0.975
    let res_big = PIO2_HI - (2.0 * (s + s * r) - PIO2_LO);
    let res = sel(ax < 0.975, res_mid, res_big).copysign(x);
    let res = sel(small, res_small, res);
    sel(ax < 1e-9, x, res)
}

/// Arccosine, NaN outside [-1, 1].
#[inline(always)]
pub fn acos(x: f64) -> f64 {
    let ax = x.abs();
    let small = ax < 0.5;
    let z = sel(small, x * x, (1.0 - ax) * 0.5);
    let r = asin_r(z);
    let res_small = PIO2_HI - (x - (PIO2_LO - x * r));
    let s = z.sqrt();
    // x <= -0.5
    let w = r * s - PIO2_LO;
    let res_neg = 2.0 * (PIO2_HI - (s + w));
    // x >= 0.5
    let df = trunc32(s);
    let c = (z - df * df) / (s + df);
    let res_pos = 2.0 * (df + (r * s + c));
    let res = sel(x < 0.0, res_neg, res_pos);
    let res = sel(x == 1.0, 0.0, res);
    sel(small, res_small, res)
}

/// atan(x) for x >= 0 or NaN (fdlibm: 5 intervals, odd polynomial of degree 23).
#[inline(always)]
fn atan_pos(ax: f64) -> f64 {
    const AT: [f64; 11] = [
        3.33333333333329318027e-01,
        -1.99999999998764832476e-01,
        1.42857142725034663711e-01,
        -1.11111104054623557880e-01,
        9.09088713343650656196e-02,
        -7.69187620504482999495e-02,
        6.66107313738753120669e-02,
        -5.83357013379057348645e-02,
        4.97687799461593236017e-02,
        -3.65315727442169155270e-02,
        1.62858201153657823623e-02,
    ];
    let id0 = ax >= 0.4375;
    let id1 = ax >= 0.6875;
    let id2 = ax >= 1.1875;
    let id3 = ax >= 2.4375;
    let num = sel(
        id3,
        -1.0,
        sel(
            id2,
            ax - 1.5,
            sel(id1, ax - 1.0, sel(id0, 2.0 * ax - 1.0, ax)),
        ),
    );
    let den = sel(
        id3,
        ax,
        sel(
            id2,
            1.0 + 1.5 * ax,
            sel(id1, ax + 1.0, sel(id0, 2.0 + ax, 1.0)),
        ),
    );
    let hi = sel(
        id3,
        1.57079632679489655800e+00,
        sel(
            id2,
            9.82793723247329054082e-01,
            sel(
                id1,
                7.85398163397448278999e-01,
                sel(id0, 4.63647609000806093515e-01, 0.0),
            ),
        ),
    );
    let lo = sel(
        id3,
        6.12323399573676603587e-17,
        sel(
            id2,
            1.39033110312309984516e-17,
            sel(
                id1,
                3.06161699786838301793e-17,
                sel(id0, 2.26987774529616870924e-17, 0.0),
            ),
        ),
    );
    let t = num / den;
    let z = t * t;
    let w = z * z;
    let s1 = z * (AT[0] + w * (AT[2] + w * (AT[4] + w * (AT[6] + w * (AT[8] + w * AT[10])))));
    let s2 = w * (AT[1] + w * (AT[3] + w * (AT[5] + w * (AT[7] + w * AT[9]))));
    hi - ((t * (s1 + s2) - lo) - t)
}

/// Arctangent.
#[inline(always)]
pub fn atan(x: f64) -> f64 {
    let r = atan_pos(x.abs()).copysign(x);
    sel(x.abs() < 1e-9, x, r)
}

/// Four-quadrant arctangent of y/x, following C99 Annex F for zeros and infinities.
#[inline(always)]
pub fn atan2(y: f64, x: f64) -> f64 {
    let ay = y.abs();
    let ax = x.abs();
    let swap = ay > ax;
    let num = sel(swap, ax, ay);
    let den = sel(swap, ay, ax);
    let t = num / den;
    let t = sel(den == 0.0, 0.0, t);
    let t = sel(ax == f64::INFINITY && ay == f64::INFINITY, 1.0, t);
    let a = atan_pos(t);
    // θ = base + s·a: |y| <= |x|: a (x > 0) or π - a (x < 0);
    //                 |y| >  |x|: π/2 - a (x > 0) or π/2 + a (x < 0)
    let neg = 1f64.copysign(x) < 0.0;
    let s = sel(swap == neg, 1.0, -1.0);
    let bh = sel(swap, PIO2_HI, sel(neg, PI_HI, 0.0));
    let bl = sel(swap, PIO2_LO, sel(neg, PI_LO, 0.0));
    let th = bh + (s * a + bl);
    let r = th.copysign(y);
    sel(x.is_nan() || y.is_nan(), x + y, r)
}

// ---------------------------------------------------------------------------------------
// pow, sqrt
// ---------------------------------------------------------------------------------------

/// Square root (the hardware instruction; correctly rounded).
#[inline(always)]
pub fn sqrt(x: f64) -> f64 {
    x.sqrt()
}

/// (integer, odd integer) classification of y.
#[inline(always)]
fn int_odd(y: f64) -> (bool, bool) {
    let ay = y.abs();
    let big = ay >= 4503599627370496.0; // 2^52: every such float is an integer
    let is_int = big || rint(ay) == ay;
    let h = ay * 0.5;
    let is_odd = is_int && ay < 9007199254740992.0 && rint(h) != h;
    (is_int, is_odd)
}

/// Applies C99 Annex F special cases around `core(|x|, y)`, which must be accurate for
/// finite positive |x| (normal or subnormal) and finite y.
#[inline(always)]
pub(crate) fn pow_with(x: f64, y: f64, core: f64) -> f64 {
    let ax = x.abs();
    let (is_int, is_odd) = int_odd(y);
    let inf = f64::INFINITY;
    // |x| == 0 or inf
    let r = sel(ax == 0.0, sel(y < 0.0, inf, 0.0), core);
    let r = sel(ax == inf, sel(y < 0.0, 0.0, inf), r);
    // y == ±inf
    let yinf = y.abs() == inf;
    let rinf = sel(ax == 1.0, 1.0, sel((ax < 1.0) == (y > 0.0), 0.0, inf));
    let r = sel(yinf, rinf, r);
    // sign for negative x and odd y (also -0 and -inf)
    let r = sel(is_odd, r.copysign(x), r);
    // negative finite x with non-integer y
    let r = sel(x < 0.0 && ax != inf && !is_int, f64::NAN, r);
    let r = sel(x.is_nan() || y.is_nan(), f64::NAN, r);
    sel(y == 0.0 || x == 1.0, 1.0, r)
}

/// x^y for finite positive x (possibly subnormal) and finite y: fdlibm's method, with
/// log2(x) and y·log2(x) carried in extra precision and a corrected exp2.
#[inline(always)]
fn pow_core(x: f64, y: f64) -> f64 {
    const L1: f64 = 5.99999999999994648725e-01;
    const L2: f64 = 4.28571428578550184252e-01;
    const L3: f64 = 3.33333329818377432918e-01;
    const L4: f64 = 2.72728123808534006489e-01;
    const L5: f64 = 2.30660745775561754067e-01;
    const L6: f64 = 2.06975017800338417784e-01;
    const P1: f64 = 1.66666666666666019037e-01;
    const P2: f64 = -2.77777777770155933842e-03;
    const P3: f64 = 6.61375632143793436117e-05;
    const P4: f64 = -1.65339022054652515390e-06;
    const P5: f64 = 4.13813679705723846039e-08;
    const LG2: f64 = 6.93147180559945286227e-01;
    const LG2_H: f64 = 6.93147182464599609375e-01;
    const LG2_L: f64 = -1.90465429995776804525e-09;
    const CP: f64 = 9.61796693925975554329e-01;
    const CP_H: f64 = 9.61796700954437255859e-01;
    const CP_L: f64 = -7.02846165095275826516e-09;
    const DP_H1: f64 = 5.84962487220764160156e-01;
    const DP_L1: f64 = 1.35003920212974897128e-08;

    let ax = x.abs();
    let sub = ax < f64::MIN_POSITIVE;
    let ax = sel(sub, ax * 9007199254740992.0, ax); // 2^53
    let bits = ax.to_bits();
    let eb = f64::from_bits(0x4330_0000_0000_0000 | (bits >> 52));
    let n = (eb - (4503599627370496.0 + 1023.0)) - sel(sub, 53.0, 0.0);
    let m = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000);
    // intervals: [1, √1.5) -> bp 1; [√1.5, √3) -> bp 1.5; [√3, 2) -> halve, bp 1
    let hi3 = m >= 1.7320508075688772;
    let m = sel(hi3, m * 0.5, m);
    let n = sel(hi3, n + 1.0, n);
    let k1 = m >= 1.2247448713915889;
    let bp = sel(k1, 1.5, 1.0);
    let dp_h = sel(k1, DP_H1, 0.0);
    let dp_l = sel(k1, DP_L1, 0.0);

    // ss = s_h + s_l = (m - bp)/(m + bp)
    let u = m - bp;
    let v = 1.0 / (m + bp);
    let ss = u * v;
    let s_h = trunc32(ss);
    let t_h = trunc32(m + bp);
    let t_l = m - (t_h - bp);
    let s_l = v * ((u - s_h * t_h) - s_h * t_l);
    // log(m)
    let s2 = ss * ss;
    let mut r = s2 * s2 * (L1 + s2 * (L2 + s2 * (L3 + s2 * (L4 + s2 * (L5 + s2 * L6)))));
    r += s_l * (s_h + ss);
    let s2 = s_h * s_h;
    let t_h = trunc32(3.0 + s2 + r);
    let t_l = r - ((t_h - 3.0) - s2);
    let u = s_h * t_h;
    let v = s_l * t_h + t_l * ss;
    let p_h = trunc32(u + v);
    let p_l = v - (p_h - u);
    let z_h = CP_H * p_h;
    let z_l = CP_L * p_h + p_l * CP + dp_l;
    // log2(x) = t1 + t2
    let t1 = trunc32(((z_h + z_l) + dp_h) + n);
    let t2 = z_l - (((t1 - n) - dp_h) - z_h);

    // y·log2(x) = p_h + p_l
    let y1 = trunc32(y);
    let p_l = (y - y1) * t1 + y * t2;
    let p_h = y1 * t1;
    let z = p_l + p_h;
    // clamp so that overflow/underflow come out of the scaling below (NaN-free: finite y)
    let clamp_hi = z > 1100.0;
    let clamp_lo = z < -1100.0;
    let p_h = sel(clamp_hi, 1100.0, sel(clamp_lo, -1100.0, p_h));
    let p_l = sel(clamp_hi || clamp_lo, 0.0, p_l);
    let z = p_l + p_h;
    let nn = rint(z);
    let p_h = p_h - nn;
    // 2^(p_h + p_l), |p_h + p_l| <= 1/2
    let t = trunc32(p_l + p_h);
    let u = t * LG2_H;
    let v = (p_l - (t - p_h)) * LG2 + t * LG2_L;
    let z = u + v;
    let w = v - (z - u);
    let t = z * z;
    let t1 = z - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
    let r = (z * t1) / (t1 - 2.0) - (w + z * w);
    let z = 1.0 - (r - z);
    ldexp_k(z, nn)
}

/// x^y with the special cases of C99 Annex F (`pow(x, ±0) = 1`, `pow(1, y) = 1`,
/// `pow(-8, 1/3) = NaN`, `pow(-0, -3) = -inf`, ...).
#[inline(always)]
pub fn pow(x: f64, y: f64) -> f64 {
    let ax = x.abs();
    // keep the core's inputs finite and positive; specials are patched afterwards
    let ok = ax > 0.0 && ax < f64::INFINITY && y.abs() < f64::INFINITY;
    let core = pow_core(sel(ok, ax, 1.0), sel(ok, y, 0.0));
    // exact shortcuts (correctly rounded, as libm's)
    let core = sel(y == 2.0, x * x, sel(y == -1.0, 1.0 / ax, core));
    let r = pow_with(x, y, core);
    sel(y == 1.0, x, r)
}
