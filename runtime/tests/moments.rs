//! `arr::rt::moments_axis` and `moments_all` (the one-pass mean and squared deviations
//! along an axis, or over all elements) against the two-pass definition computed element by element in f64: every axis of
//! rank-2 and rank-3 arrays, shapes that split the reduced axis into several parts and
//! the columns into several strips, non-contiguous views, empty axes, ill-conditioned
//! data (a large mean, a small spread), NaN, and independence from the thread count.

use arr::ndarray::{s, ArrayD, ArrayViewD, Axis, IxDyn};
use arr::rt;

/// Deterministic pseudo-random values in [-1, 1).
fn vals(n: usize, seed: u64) -> Vec<f64> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            ((x >> 11) as f64 / (1u64 << 53) as f64) * 2.0 - 1.0
        })
        .collect()
}

fn arr_f64(shape: &[usize], seed: u64, offset: f64, scale: f64) -> ArrayD<f64> {
    let n = shape.iter().product();
    let v = vals(n, seed)
        .into_iter()
        .map(|x| offset + scale * x)
        .collect();
    ArrayD::from_shape_vec(IxDyn(shape), v).unwrap()
}

/// The two-pass mean and sum of squared deviations along `axis`, in f64 from the
/// elements' f64 values, each with a correction pass (the mean's rounding error, which
/// is large next to a small spread, taken out by the mean of the deviations).
fn reference(x: &ArrayViewD<'_, f64>, axis: usize) -> (ArrayD<f64>, ArrayD<f64>) {
    let n = x.shape()[axis] as f64;
    let mean0 = x.sum_axis(Axis(axis)) / n;
    let dev0 = x - &mean0.view().insert_axis(Axis(axis));
    let mean = &mean0 + &(dev0.sum_axis(Axis(axis)) / n);
    let dev = x - &mean.view().insert_axis(Axis(axis));
    let m2 = dev.mapv(|d| d * d).sum_axis(Axis(axis));
    (mean, m2)
}

fn close(got: f64, want: f64, rtol: f64, scale: f64) -> bool {
    (got.is_nan() && want.is_nan()) || (got - want).abs() <= rtol * (want.abs() + scale)
}

/// Checks f64 and f32 inputs of `x` along every axis, both second moments and both
/// `keepdims`.
fn check(x: &ArrayViewD<'_, f64>, what: &str) {
    let nd = x.ndim();
    for axis in 0..nd {
        let (mean, m2) = reference(x, axis);
        let n = x.shape()[axis] as f64;
        let var = &m2 / n;
        // Relative to the spread, not only to the result: the mean of a column of
        // equal large values has no spread at all.
        let spread = var.iter().fold(0.0f64, |a, &v| a.max(v));
        let big = x.iter().fold(0.0f64, |a, &v| a.max(v.abs()));
        for keep in [false, true] {
            let (gm, gv) = rt::moments_axis(x.view(), axis, [keep, !keep], true).unwrap();
            let (gm0, gs) = rt::moments_axis(x.view(), axis, [false, false], false).unwrap();
            let mut want_shape = x.shape().to_vec();
            want_shape.remove(axis);
            let mut keep_shape = x.shape().to_vec();
            keep_shape[axis] = 1;
            let (ms, vs) = if keep {
                (&keep_shape, &want_shape)
            } else {
                (&want_shape, &keep_shape)
            };
            assert_eq!(gm.shape(), &ms[..], "{what} axis {axis}");
            assert_eq!(gv.shape(), &vs[..], "{what} axis {axis}");
            for ((g, w), g0) in gm.iter().zip(mean.iter()).zip(gm0.iter()) {
                assert!(
                    close(*g, *w, 1e-14, big),
                    "{what} axis {axis}: mean {g} vs {w}"
                );
                assert_eq!(
                    g.to_bits(),
                    g0.to_bits(),
                    "{what}: the mean is the same either way"
                );
            }
            for (g, w) in gv.iter().zip(var.iter()) {
                assert!(
                    close(*g, *w, 1e-12, spread * 1e-12),
                    "{what} axis {axis}: var {g} vs {w}"
                );
            }
            for (g, w) in gs.iter().zip(m2.iter()) {
                assert!(
                    close(*g, *w, 1e-12, spread * n * 1e-12),
                    "{what} axis {axis}: m2 {g} vs {w}"
                );
            }
        }
        // f32 input: accumulated in f64, so the results are the f64 reference (of the
        // f32 values) rounded to f32.
        let x32 = x.mapv(|v| v as f32);
        let x32d = x32.mapv(|v| v as f64);
        let (mean, m2) = reference(&x32d.view(), axis);
        let (gm, gv) = rt::moments_axis(x32.view(), axis, [false, false], true).unwrap();
        for (g, w) in gm.iter().zip(mean.iter()) {
            assert!(
                close(*g as f64, *w, 1e-7, big),
                "{what} f32 axis {axis}: mean {g} vs {w}"
            );
        }
        for (g, w) in gv.iter().zip(m2.iter()) {
            let w = w / n;
            assert!(
                close(*g as f64, w, 1e-7, spread * 1e-7),
                "{what} f32 axis {axis}: var {g} vs {w}"
            );
        }
    }
}

#[test]
fn matches_the_two_pass_definition() {
    for (k, shape) in [
        vec![1, 1],
        vec![1, 7],
        vec![7, 1],
        vec![5, 3],
        vec![17, 33],
        vec![16, 4],
        vec![100, 3],
        vec![3, 100],
        vec![37, 5000], // columns in two strips
        vec![3000, 40], // the reduced axis in several parts (parallel)
        vec![6, 7, 8],
        vec![40, 1, 9],
        vec![9, 300, 2],
    ]
    .into_iter()
    .enumerate()
    {
        let x = arr_f64(&shape, k as u64 + 1, 0.25, 1.0);
        check(&x.view(), &format!("{shape:?}"));
    }
}

#[test]
fn large_mean_small_spread_keeps_its_digits() {
    // The textbook failure of sum(x^2)/n - mean^2: a mean of 1e6, a spread of 1e-3.
    let x = arr_f64(&[2000, 24], 7, 1e6, 1e-3);
    check(&x.view(), "offset 1e6");
    let x = arr_f64(&[24, 2000], 8, -3e7, 2.0);
    check(&x.view(), "offset -3e7");
}

#[test]
fn outlying_first_rows_and_trends_keep_their_digits() {
    // Column sums are of deviations from a row of the input; the worst such row is an
    // outlier (it inflates the sum of squares the variance is taken from), at the start
    // of the lane and of later parallel parts.
    let mut x = arr_f64(&[3000, 40], 9, 0.0, 1.0);
    for i in (0..3000).step_by(97) {
        x.index_axis_mut(Axis(0), i).fill(1e4);
    }
    check(&x.view(), "outlying rows");
    // A trend: each part's first row is far from its mean.
    let x = ArrayD::from_shape_fn(IxDyn(&[3000, 40]), |ix| ix[0] as f64 * 1e3 + ix[1] as f64);
    check(&x.view(), "trend");
}

#[test]
fn views_that_are_not_contiguous() {
    let x = arr_f64(&[60, 50], 3, 0.0, 1.0);
    let t = x.view().reversed_axes();
    check(&t.into_dyn(), "transposed");
    let st = x.slice(s![..;3, 1..;2]).into_dyn();
    check(&st, "strided");
    let x3 = arr_f64(&[6, 20, 30], 4, 1.0, 1.0);
    let p = x3.view().permuted_axes(IxDyn(&[2, 0, 1]));
    check(&p, "permuted");
}

#[test]
fn empty_axes_and_nan() {
    // No elements along the axis: the mean and the variance are NaN (as `mean` of
    // nothing), the sum of squared deviations is 0.
    let x = ArrayD::<f64>::zeros(IxDyn(&[0, 3]));
    let (m, v) = rt::moments_axis(x.view(), 0, [false, false], true).unwrap();
    assert_eq!(m.shape(), &[3]);
    assert!(m.iter().chain(v.iter()).all(|x| x.is_nan()));
    let (_, q) = rt::moments_axis(x.view(), 0, [false, false], false).unwrap();
    assert!(q.iter().all(|&x| x == 0.0));
    // No columns: empty results.
    let (m, v) = rt::moments_axis(x.view(), 1, [false, true], true).unwrap();
    assert_eq!((m.shape(), v.shape()), (&[0][..], &[0, 1][..]));
    // A NaN poisons its own column only; an infinity makes the variance NaN.
    let mut x = arr_f64(&[40, 3], 5, 0.0, 1.0);
    x[[17, 1]] = f64::NAN;
    x[[3, 2]] = f64::INFINITY;
    let (m, v) = rt::moments_axis(x.view(), 0, [false, false], true).unwrap();
    assert!(m[[0]].is_finite() && v[[0]].is_finite());
    assert!(m[[1]].is_nan() && v[[1]].is_nan());
    assert!(m[[2]] == f64::INFINITY && v[[2]].is_nan());
    // An axis out of range is an error, not a panic.
    assert!(rt::moments_axis(x.view(), 2, [false, false], true).is_err());
}

#[test]
fn results_do_not_depend_on_the_thread_count() {
    let x = arr_f64(&[5000, 70], 9, 3.0, 2.0);
    let run = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| rt::moments_axis(x.view(), 0, [false, false], true).unwrap())
    };
    let (m1, v1) = run(1);
    let (m3, v3) = run(3);
    assert!(m1
        .iter()
        .zip(m3.iter())
        .all(|(a, b)| a.to_bits() == b.to_bits()));
    assert!(v1
        .iter()
        .zip(v3.iter())
        .all(|(a, b)| a.to_bits() == b.to_bits()));
}

#[test]
fn all_elements_match_the_two_pass_definition() {
    for (k, (shape, offset, scale)) in [
        (vec![1], 0.0, 1.0),
        (vec![7], 0.5, 1.0),
        (vec![65_536], 0.0, 1.0),     // one chunk exactly
        (vec![65_537], 1.0, 3.0),     // and one element more
        (vec![300, 1000], 0.25, 1.0), // several chunks, in parallel
        (vec![500, 700], 1e6, 1e-3),  // a large mean, a small spread
        (vec![3, 5, 7], -2.0, 10.0),
    ]
    .into_iter()
    .enumerate()
    {
        let x = arr_f64(&shape, 100 + k as u64, offset, scale);
        let flat =
            ArrayD::from_shape_vec(IxDyn(&[1, x.len()]), x.iter().copied().collect()).unwrap();
        let (mean, m2) = reference(&flat.view(), 1);
        let (mean, m2) = (mean[[0]], m2[[0]]);
        let n = x.len() as f64;
        let big = x.iter().fold(0.0f64, |a, &v| a.max(v.abs()));
        let (gm, gv) = rt::moments_all(x.view(), true);
        let (_, gs) = rt::moments_all(x.view(), false);
        assert!(
            close(gm, mean, 1e-14, big),
            "{shape:?}: mean {gm} vs {mean}"
        );
        assert!(
            close(gv, m2 / n, 1e-11, 0.0),
            "{shape:?}: var {gv} vs {}",
            m2 / n
        );
        assert!(close(gs, m2, 1e-11, 0.0), "{shape:?}: m2 {gs} vs {m2}");
        // Any layout gives the same: a transposed view.
        if x.ndim() == 2 {
            let t = x.t().as_standard_layout().into_owned();
            let (tm, tv) = rt::moments_all(t.t().into_dyn(), true);
            assert_eq!((tm.to_bits(), tv.to_bits()), (gm.to_bits(), gv.to_bits()));
        }
        // f32: the f64 result of the f32 values, rounded.
        let x32 = x.mapv(|v| v as f32);
        let f32d = ArrayD::from_shape_vec(
            IxDyn(&[1, x.len()]),
            x32.iter().map(|&v| v as f64).collect(),
        )
        .unwrap();
        let (mean, m2) = reference(&f32d.view(), 1);
        let (gm, gv) = rt::moments_all(x32.view(), true);
        assert!(
            close(gm as f64, mean[[0]], 1e-7, big),
            "{shape:?} f32: mean {gm} vs {}",
            mean[[0]]
        );
        assert!(
            close(gv as f64, m2[[0]] / n, 1e-6, 0.0),
            "{shape:?} f32: var {gv} vs {}",
            m2[[0]] / n
        );
    }
    // No elements; an infinity; a NaN.
    let e = ArrayD::<f64>::zeros(IxDyn(&[0, 4]));
    let (m, v) = rt::moments_all(e.view(), true);
    assert!(m.is_nan() && v.is_nan());
    assert_eq!(rt::moments_all(e.view(), false).1, 0.0);
    let mut x = arr_f64(&[100_000], 5, 0.0, 1.0);
    x[[0]] = f64::INFINITY;
    let (m, v) = rt::moments_all(x.view(), true);
    assert!(m == f64::INFINITY && v.is_nan());
    x[[0]] = 1.0;
    x[[99_999]] = f64::NAN;
    let (m, v) = rt::moments_all(x.view(), true);
    assert!(m.is_nan() && v.is_nan());
}
