//! The hand-written Rust peers: what a competent Rust programmer writes for each
//! workload without a compiler's help. Rows (or planes, or chunks) in parallel with
//! rayon, inner loops over equal-length slices so that LLVM drops the bounds checks and
//! vectorizes, several accumulators where a float reduction must vectorize (Rust does
//! not reassociate float additions on its own).
//!
//! Transcendentals use `arr::math::f32::{sin, exp}` and friends: branch-free,
//! table-free polynomial implementations that are `#[inline(always)]` and so vectorize
//! inside these loops (`f32::sin` from std calls libm and stops vectorization). That is
//! the same math Arr's generated code calls, so the comparison is about loop structure,
//! not about the accuracy/speed trade-off of a math library.
//!
//! Inputs in any layout are accepted; non-contiguous ones are copied to standard layout
//! first (the benchmark passes contiguous arrays, so no copy is timed).

use arr::ndarray::{Array1, Array2, Array3, ArrayView1, ArrayView2, ArrayView3, CowArray, Ix2};
use rayon::prelude::*;

/// Elements per parallel task for the 1-d elementwise loops (64 KiB of f32).
const CHUNK: usize = 1 << 14;

fn slice1<'a, T: Clone>(x: &ArrayView1<'a, T>) -> std::borrow::Cow<'a, [T]> {
    match x.to_slice() {
        Some(s) => s.into(),
        None => x.iter().cloned().collect::<Vec<T>>().into(),
    }
}

/// The input in standard (row-major) layout: borrowed when it already is, a copy
/// otherwise.
fn std2<'a, T: Clone>(x: ArrayView2<'a, T>) -> CowArray<'a, T, Ix2> {
    if x.is_standard_layout() {
        CowArray::from(x)
    } else {
        CowArray::from(x.as_standard_layout().into_owned())
    }
}

/// Sum of a slice with 8 independent accumulators (vectorizes).
#[inline]
fn sum8_f64(x: &[f64]) -> f64 {
    let mut acc = [0.0f64; 8];
    let mut it = x.chunks_exact(8);
    for c in &mut it {
        for l in 0..8 {
            acc[l] += c[l];
        }
    }
    let mut s = acc.iter().sum::<f64>();
    for &v in it.remainder() {
        s += v;
    }
    s
}

#[inline]
fn sum8_f32(x: &[f32]) -> f32 {
    let mut acc = [0.0f32; 8];
    let mut it = x.chunks_exact(8);
    for c in &mut it {
        for l in 0..8 {
            acc[l] += c[l];
        }
    }
    let mut s = acc.iter().sum::<f32>();
    for &v in it.remainder() {
        s += v;
    }
    s
}

#[inline]
fn dot8_f64(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len().min(y.len());
    let (x, y) = (&x[..n], &y[..n]);
    let mut acc = [0.0f64; 8];
    let mut xi = x.chunks_exact(8);
    let mut yi = y.chunks_exact(8);
    for (a, b) in (&mut xi).zip(&mut yi) {
        for l in 0..8 {
            acc[l] += a[l] * b[l];
        }
    }
    let mut s = acc.iter().sum::<f64>();
    for (a, b) in xi.remainder().iter().zip(yi.remainder()) {
        s += a * b;
    }
    s
}

/// Workload 1: `a*x + b*sin(x)*exp(-x*x)`.
pub fn wave(a: f32, b: f32, x: ArrayView1<'_, f32>) -> Array1<f32> {
    use arr::math::f32::{exp, sin};
    let xs = slice1(&x);
    let mut out = vec![0.0f32; xs.len()];
    out.par_chunks_mut(CHUNK)
        .zip(xs.par_chunks(CHUNK))
        .for_each(|(o, x)| {
            for (o, &x) in o.iter_mut().zip(x) {
                *o = a * x + b * sin(x) * exp(-x * x);
            }
        });
    Array1::from_vec(out)
}

/// Workload 2: `sum((x - y) ** 2)`.
pub fn sqdist(x: ArrayView1<'_, f64>, y: ArrayView1<'_, f64>) -> f64 {
    let (xs, ys) = (slice1(&x), slice1(&y));
    assert_eq!(xs.len(), ys.len(), "x and y differ in length");
    xs.par_chunks(CHUNK)
        .zip(ys.par_chunks(CHUNK))
        .map(|(x, y)| {
            let mut acc = [0.0f64; 8];
            let mut xi = x.chunks_exact(8);
            let mut yi = y.chunks_exact(8);
            for (a, b) in (&mut xi).zip(&mut yi) {
                for l in 0..8 {
                    let d = a[l] - b[l];
                    acc[l] += d * d;
                }
            }
            let mut s = acc.iter().sum::<f64>();
            for (a, b) in xi.remainder().iter().zip(yi.remainder()) {
                s += (a - b) * (a - b);
            }
            s
        })
        .sum()
}

/// Workload 3: Row softmax: max, exp and sum, divide; one row per task.
pub fn softmax(x: ArrayView2<'_, f32>) -> Array2<f32> {
    use arr::math::f32::exp;
    let x = std2(x);
    let (n, m) = x.dim();
    let xs = x.as_slice().expect("standard layout");
    let mut out = vec![0.0f32; n * m];
    if m > 0 {
        out.par_chunks_mut(m)
            .zip(xs.par_chunks(m))
            .for_each(|(o, row)| {
                // Max with 8 lanes (a plain fold over f32::max does not vectorize).
                let mut mx = [f32::NEG_INFINITY; 8];
                let mut it = row.chunks_exact(8);
                for c in &mut it {
                    for l in 0..8 {
                        mx[l] = if c[l] > mx[l] { c[l] } else { mx[l] };
                    }
                }
                let mut rmax = mx.iter().fold(f32::NEG_INFINITY, |a, &b| a.max(b));
                for &v in it.remainder() {
                    rmax = rmax.max(v);
                }
                for (o, &v) in o.iter_mut().zip(row) {
                    *o = exp(v - rmax);
                }
                let s = sum8_f32(o);
                for o in o.iter_mut() {
                    *o /= s;
                }
            });
    }
    Array2::from_shape_vec((n, m), out).expect("shape")
}

/// Column sums of an `n x m` row-major matrix (f32 accumulators): blocks of rows in
/// parallel, each adding `add(acc, row)` for its rows into a private vector.
fn column_sums_f32(xs: &[f32], m: usize, add: impl Fn(&mut [f32], &[f32]) + Sync) -> Vec<f32> {
    const ROWS: usize = 64;
    if m == 0 {
        return Vec::new();
    }
    xs.par_chunks(ROWS * m)
        .map(|blk| {
            let mut acc = vec![0.0f32; m];
            for row in blk.chunks_exact(m) {
                add(&mut acc, row);
            }
            acc
        })
        .reduce(
            || vec![0.0f32; m],
            |mut a, b| {
                for (a, b) in a.iter_mut().zip(&b) {
                    *a += b;
                }
                a
            },
        )
}

/// Workload 4: Column mean and population variance (two passes, like NumPy's `var`).
pub fn colstats(x: ArrayView2<'_, f32>) -> (Array1<f32>, Array1<f32>) {
    let x = std2(x);
    let (n, m) = x.dim();
    let xs = x.as_slice().expect("standard layout");
    let nf = n as f32;
    let mu: Vec<f32> = column_sums_f32(xs, m, |acc, row| {
        for (a, &v) in acc.iter_mut().zip(row) {
            *a += v;
        }
    })
    .into_iter()
    .map(|s| s / nf)
    .collect();
    let var: Vec<f32> = column_sums_f32(xs, m, |acc, row| {
        for ((a, &v), &mu) in acc.iter_mut().zip(row).zip(&mu) {
            let d = v - mu;
            *a += d * d;
        }
    })
    .into_iter()
    .map(|s| s / nf)
    .collect();
    (Array1::from_vec(mu), Array1::from_vec(var))
}

/// One Jacobi sweep `dst[1:-1, 1:-1] = 0.2 * (five points of src)`, rows in parallel.
fn jacobi_sweep(src: &[f64], dst: &mut [f64], n: usize) {
    dst.par_chunks_mut(n)
        .enumerate()
        .skip(1)
        .take(n - 2)
        .for_each(|(i, row)| {
            let up = &src[(i - 1) * n..i * n];
            let mid = &src[i * n..(i + 1) * n];
            let down = &src[(i + 1) * n..(i + 2) * n];
            let w = n - 2;
            let (c, l, r) = (&mid[1..1 + w], &mid[..w], &mid[2..2 + w]);
            let (d, u) = (&down[1..1 + w], &up[1..1 + w]);
            let o = &mut row[1..1 + w];
            for j in 0..w {
                // Same order of additions as the NumPy/Arr expression.
                o[j] = 0.2 * (c[j] + l[j] + r[j] + d[j] + u[j]);
            }
        });
}

/// Workload 5: Jacobi 2-D, `steps` double sweeps ping-ponging between two buffers.
pub fn jacobi_2d(steps: i64, a0: ArrayView2<'_, f64>) -> Array2<f64> {
    let (n, m) = a0.dim();
    assert_eq!(n, m, "square grid");
    let mut a = a0.as_standard_layout().into_owned();
    if n < 3 {
        return a;
    }
    let mut b = a.clone();
    {
        let av = a.as_slice_mut().expect("standard layout");
        let bv = b.as_slice_mut().expect("standard layout");
        for _ in 0..steps.max(0) {
            jacobi_sweep(av, bv, n);
            jacobi_sweep(bv, av, n);
        }
    }
    a
}

/// One heat-3d sweep over the interior, one `i` plane per task.
fn heat_sweep(src: &[f64], dst: &mut [f64], n: usize) {
    let p = n * n;
    dst.par_chunks_mut(p)
        .enumerate()
        .skip(1)
        .take(n - 2)
        .for_each(|(i, plane)| {
            let w = n - 2;
            for j in 1..n - 1 {
                let row = |di: usize, dj: usize| {
                    let s = (i + di - 1) * p + (j + dj - 1) * n;
                    &src[s..s + n]
                };
                let (c, ip, im, jp, jm) = (row(1, 1), row(2, 1), row(0, 1), row(1, 2), row(1, 0));
                let (cc, ck, kp, km) = (&c[1..1 + w], &c[1..1 + w], &c[2..2 + w], &c[..w]);
                let (ip, im, jp, jm) = (&ip[1..1 + w], &im[1..1 + w], &jp[1..1 + w], &jm[1..1 + w]);
                let o = &mut plane[j * n + 1..j * n + 1 + w];
                for k in 0..w {
                    let a = cc[k];
                    o[k] = 0.125 * (ip[k] - 2.0 * a + im[k])
                        + 0.125 * (jp[k] - 2.0 * a + jm[k])
                        + 0.125 * (kp[k] - 2.0 * a + km[k])
                        + ck[k];
                }
            }
        });
}

/// Workload 6: Heat equation 3-D, `steps` double sweeps.
pub fn heat_3d(steps: i64, a0: ArrayView3<'_, f64>) -> Array3<f64> {
    let n = a0.dim().0;
    assert_eq!(a0.dim(), (n, n, n), "cubic grid");
    let mut a = a0.as_standard_layout().into_owned();
    if n < 3 {
        return a;
    }
    let mut b = a.clone();
    {
        let av = a.as_slice_mut().expect("standard layout");
        let bv = b.as_slice_mut().expect("standard layout");
        for _ in 0..steps.max(0) {
            heat_sweep(av, bv, n);
            heat_sweep(bv, av, n);
        }
    }
    a
}

/// Workload 7: hdiff, fused: one output plane `p` per task. The task computes the three planes
/// of the Laplacian it needs into a private buffer, then fluxes, limiter and update
/// point by point along the contiguous `k` axis (no full-size temporaries).
pub fn hdiff(infield: ArrayView3<'_, f64>, coeff: ArrayView3<'_, f64>) -> Array3<f64> {
    let (ni, nj, nk) = coeff.dim();
    assert_eq!(
        infield.dim(),
        (ni + 4, nj + 4, nk),
        "infield is coeff + halo of 2"
    );
    let inf = infield.as_standard_layout();
    let co = coeff.as_standard_layout();
    let inf = inf.as_slice().expect("standard layout");
    let co = co.as_slice().expect("standard layout");
    let (ij, jj) = (nj + 4, nj + 2); // row counts of infield and lap planes
    let at = |p: usize, q: usize| {
        let s = (p * ij + q) * nk;
        &inf[s..s + nk]
    };
    let mut out = vec![0.0f64; ni * nj * nk];
    if nk == 0 || nj == 0 {
        return Array3::from_shape_vec((ni, nj, nk), out).expect("shape");
    }
    out.par_chunks_mut(nj * nk).enumerate().for_each_init(
        || vec![0.0f64; 3 * jj * nk],
        |lap, (p, oplane)| {
            // lap[r][q] = lap at (p + r, q), r = 0..3, centred on infield (p + r + 1, q + 1).
            for r in 0..3 {
                for q in 0..jj {
                    let (c, n, s, e, w) = (
                        at(p + r + 1, q + 1),
                        at(p + r + 2, q + 1),
                        at(p + r, q + 1),
                        at(p + r + 1, q + 2),
                        at(p + r + 1, q),
                    );
                    let l = &mut lap[(r * jj + q) * nk..(r * jj + q + 1) * nk];
                    for k in 0..nk {
                        l[k] = 4.0 * c[k] - (n[k] + s[k] + e[k] + w[k]);
                    }
                }
            }
            let lp = |r: usize, q: usize| &lap[(r * jj + q) * nk..(r * jj + q + 1) * nk];
            for q in 0..nj {
                let (l00, l10, l20) = (lp(0, q + 1), lp(1, q + 1), lp(2, q + 1));
                let (l1m, l1p) = (lp(1, q), lp(1, q + 2));
                let (c, ip, im, jp, jm) = (
                    at(p + 2, q + 2),
                    at(p + 3, q + 2),
                    at(p + 1, q + 2),
                    at(p + 2, q + 3),
                    at(p + 2, q + 1),
                );
                let cf = &co[(p * nj + q) * nk..(p * nj + q + 1) * nk];
                let o = &mut oplane[q * nk..(q + 1) * nk];
                let lim = |r: f64, d: f64| if r * d > 0.0 { 0.0 } else { r };
                for k in 0..nk {
                    let flx1 = lim(l20[k] - l10[k], ip[k] - c[k]);
                    let flx0 = lim(l10[k] - l00[k], c[k] - im[k]);
                    let fly1 = lim(l1p[k] - l10[k], jp[k] - c[k]);
                    let fly0 = lim(l10[k] - l1m[k], c[k] - jm[k]);
                    o[k] = c[k] - cf[k] * (flx1 - flx0 + fly1 - fly0);
                }
            }
        },
    );
    Array3::from_shape_vec((ni, nj, nk), out).expect("shape")
}

/// Workload 8: Haversine distance between corresponding points, in km.
pub fn haversine(
    lat1: ArrayView1<'_, f64>,
    lon1: ArrayView1<'_, f64>,
    lat2: ArrayView1<'_, f64>,
    lon2: ArrayView1<'_, f64>,
) -> Array1<f64> {
    use arr::math::f64::{asin, cos, sin};
    const R: f64 = 6371.0;
    const DEG: f64 = 0.017453292519943295;
    let (a1, o1, a2, o2) = (slice1(&lat1), slice1(&lon1), slice1(&lat2), slice1(&lon2));
    let n = a1.len();
    assert!(
        o1.len() == n && a2.len() == n && o2.len() == n,
        "lengths differ"
    );
    let mut out = vec![0.0f64; n];
    out.par_chunks_mut(CHUNK).enumerate().for_each(|(c, o)| {
        let s = c * CHUNK;
        let e = s + o.len();
        let (a1, o1, a2, o2) = (&a1[s..e], &o1[s..e], &a2[s..e], &o2[s..e]);
        for i in 0..o.len() {
            let dlat = (a2[i] - a1[i]) * DEG;
            let dlon = (o2[i] - o1[i]) * DEG;
            let sa = sin(dlat / 2.0);
            let so = sin(dlon / 2.0);
            let h = sa * sa + cos(a1[i] * DEG) * cos(a2[i] * DEG) * (so * so);
            o[i] = 2.0 * R * asin(h.sqrt());
        }
    });
    Array1::from_vec(out)
}

/// `c = a @ b` (+ optional `relu(c + bias)` epilogue), f32, row-major: blocks of 16 rows
/// of `c` in parallel; within a block the `k` axis is cut into panels of 128 so that the
/// panel of `b` (128 rows) stays in cache while each row of `c` is updated with
/// `c[i, :] += a[i, k] * b[k, :]` (a vectorized axpy over contiguous slices).
fn gemm_f32(a: ArrayView2<'_, f32>, b: ArrayView2<'_, f32>, bias: Option<&[f32]>) -> Array2<f32> {
    const ROWS: usize = 16;
    const KB: usize = 128;
    let (n, k) = a.dim();
    let (k2, m) = b.dim();
    assert_eq!(k, k2, "inner dimensions differ");
    let (a, b) = (std2(a), std2(b));
    let (av, bv) = (a.as_slice().expect("std"), b.as_slice().expect("std"));
    let mut c = vec![0.0f32; n * m];
    if m > 0 {
        c.par_chunks_mut(ROWS * m)
            .enumerate()
            .for_each(|(blk, cblk)| {
                for k0 in (0..k).step_by(KB) {
                    let k1 = (k0 + KB).min(k);
                    for (r, crow) in cblk.chunks_exact_mut(m).enumerate() {
                        let i = blk * ROWS + r;
                        let arow = &av[i * k..(i + 1) * k];
                        for kk in k0..k1 {
                            let aik = arow[kk];
                            let brow = &bv[kk * m..(kk + 1) * m];
                            for (c, &bv) in crow.iter_mut().zip(brow) {
                                *c += aik * bv;
                            }
                        }
                    }
                }
                if let Some(bias) = bias {
                    for crow in cblk.chunks_exact_mut(m) {
                        for (c, &bb) in crow.iter_mut().zip(bias) {
                            let v = *c + bb;
                            *c = if v > 0.0 { v } else { 0.0 };
                        }
                    }
                }
            });
    }
    Array2::from_shape_vec((n, m), c).expect("shape")
}

/// Workload 9a: Matrix product.
pub fn matmul(a: ArrayView2<'_, f32>, b: ArrayView2<'_, f32>) -> Array2<f32> {
    gemm_f32(a, b, None)
}

/// Workload 9b: One MLP layer `relu(x @ w + bias)`.
pub fn mlp_layer(
    x: ArrayView2<'_, f32>,
    w: ArrayView2<'_, f32>,
    bias: ArrayView1<'_, f32>,
) -> Array2<f32> {
    let bias = slice1(&bias);
    assert_eq!(bias.len(), w.dim().1, "bias length");
    gemm_f32(x, w, Some(&bias))
}

/// Workload 10: Covariance of the columns: column means (rows in parallel), the centred data
/// transposed so each variable is a contiguous row, then the upper triangle of
/// `Xc^T Xc / (n - 1)` as dot products (one output row per task), mirrored.
pub fn covariance(x: ArrayView2<'_, f64>) -> Array2<f64> {
    let x = std2(x);
    let (n, m) = x.dim();
    let xs = x.as_slice().expect("standard layout");
    let mut cov = vec![0.0f64; m * m];
    if m == 0 {
        return Array2::from_shape_vec((m, m), cov).expect("shape");
    }
    let sums = xs
        .par_chunks(64 * m)
        .map(|blk| {
            let mut acc = vec![0.0f64; m];
            for row in blk.chunks_exact(m) {
                for (a, &v) in acc.iter_mut().zip(row) {
                    *a += v;
                }
            }
            acc
        })
        .reduce(
            || vec![0.0f64; m],
            |mut a, b| {
                for (a, b) in a.iter_mut().zip(&b) {
                    *a += b;
                }
                a
            },
        );
    let mean: Vec<f64> = sums.iter().map(|s| s / n as f64).collect();
    let mut xt = vec![0.0f64; m * n];
    xt.par_chunks_mut(n.max(1))
        .enumerate()
        .for_each(|(j, col)| {
            for (i, c) in col.iter_mut().enumerate() {
                *c = xs[i * m + j] - mean[j];
            }
        });
    let denom = (n as f64) - 1.0;
    cov.par_chunks_mut(m).enumerate().for_each(|(i, row)| {
        let xi = &xt[i * n..(i + 1) * n];
        for (j, c) in row.iter_mut().enumerate().skip(i) {
            *c = dot8_f64(xi, &xt[j * n..(j + 1) * n]) / denom;
        }
    });
    for i in 0..m {
        for j in 0..i {
            cov[i * m + j] = cov[j * m + i];
        }
    }
    Array2::from_shape_vec((m, m), cov).expect("shape")
}

/// Sum of a slice (exported for the probes).
pub fn sum_f64(x: &[f64]) -> f64 {
    x.par_chunks(CHUNK).map(sum8_f64).sum()
}
