//! The fast paths of `arr::rt`'s loops (`zipN`, fused and unfused reductions) against
//! simple scalar reference loops: contiguous and broadcast operands, strided and
//! reversed views (the fallbacks), empty arrays, odd lengths, NaN propagation and
//! first-index ties, and results that do not depend on the number of threads.

use arr::ndarray::{s, Array, ArrayD, ArrayViewD, Axis, IxDyn, ShapeBuilder};
use arr::rt;

/// Deterministic pseudo-random values in [-1, 1).
fn vals(n: usize, seed: u64) -> Vec<f64> {
    let mut x = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    (0..n)
        .map(|_| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((x >> 11) as f64 / (1u64 << 53) as f64) * 2.0 - 1.0
        })
        .collect()
}

fn arr_f64(shape: &[usize], seed: u64) -> ArrayD<f64> {
    let n = shape.iter().product();
    ArrayD::from_shape_vec(IxDyn(shape), vals(n, seed)).unwrap()
}

fn arr_f32(shape: &[usize], seed: u64) -> ArrayD<f32> {
    arr_f64(shape, seed).mapv(|x| x as f32)
}

/// The reference: each element computed with ndarray's indexing.
fn ref_zip2<A: Copy, B: Copy, O: Copy + Default>(
    shape: &[usize],
    a: &ArrayViewD<'_, A>,
    b: &ArrayViewD<'_, B>,
    f: impl Fn(A, B) -> O,
) -> ArrayD<O> {
    let a = a.broadcast(IxDyn(shape)).unwrap();
    let b = b.broadcast(IxDyn(shape)).unwrap();
    let mut out = ArrayD::from_elem(IxDyn(shape), O::default());
    for (idx, o) in out.indexed_iter_mut() {
        *o = f(a[&idx], b[&idx]);
    }
    out
}

fn chain(x: f32, y: f32) -> f32 {
    1.5 * x + 0.5 * arr::math::f32::sin(x) * arr::math::f32::exp(-y * y)
}

fn same_f32(a: &ArrayD<f32>, b: &ArrayD<f32>) {
    assert_eq!(a.shape(), b.shape());
    for (x, y) in a.iter().zip(b.iter()) {
        assert!(x.to_bits() == y.to_bits(), "{x} != {y}");
    }
}

#[test]
fn zip_contiguous_and_odd_lengths() {
    for n in [
        0, 1, 7, 15, 16, 17, 1000, 1023, 1025, 40_000, 70_001, 300_007,
    ] {
        let x = arr_f32(&[n], 1);
        let y = arr_f32(&[n], 2);
        let got = rt::zip2(&[n], &x.view(), &y.view(), chain).unwrap();
        same_f32(&got, &ref_zip2(&[n], &x.view(), &y.view(), chain));
    }
    let x = arr_f32(&[37, 1029], 3);
    let y = arr_f32(&[37, 1029], 4);
    let got = rt::zip2(&[37, 1029], &x.view(), &y.view(), chain).unwrap();
    same_f32(&got, &ref_zip2(&[37, 1029], &x.view(), &y.view(), chain));
}

#[test]
fn zip_broadcasts() {
    // (a shape, b shape, result shape)
    let cases: &[(&[usize], &[usize], &[usize])] = &[
        (&[300, 517], &[300, 1], &[300, 517]), // a per-row scalar
        (&[300, 517], &[517], &[300, 517]),    // the same row every row
        (&[300, 1], &[1, 517], &[300, 517]),   // outer product
        (&[5, 40, 70], &[40, 1], &[5, 40, 70]),
        (&[5, 40, 70], &[5, 1, 70], &[5, 40, 70]),
        (&[3, 1, 4000], &[1, 7, 1], &[3, 7, 4000]),
        (&[200_000], &[], &[200_000]), // a 0-d operand
        (&[], &[], &[]),
        (&[0, 5], &[5], &[0, 5]),
        (&[4, 0], &[4, 1], &[4, 0]),
        (&[1000, 3], &[3], &[1000, 3]), // small inner extent: the generic loop
    ];
    for &(sa, sb, so) in cases {
        let a = arr_f32(sa, 5);
        let b = arr_f32(sb, 6);
        let got = rt::zip2(so, &a.view(), &b.view(), |x, y| x / (y + 3.0)).unwrap();
        let want = ref_zip2(so, &a.view(), &b.view(), |x, y| x / (y + 3.0));
        same_f32(&got, &want);
    }
}

#[test]
fn zip_strided_and_reversed_views() {
    let a = arr_f32(&[64, 300], 7);
    let b = arr_f32(&[300, 64], 8);
    let bt = b.view().reversed_axes(); // transposed: inner stride 64, the fallback
    let got = rt::zip2(&[64, 300], &a.view(), &bt, chain).unwrap();
    same_f32(&got, &ref_zip2(&[64, 300], &a.view(), &bt, chain));
    // Every other column, and a reversed row order (negative outer stride).
    let c = arr_f32(&[64, 600], 9);
    let cs = c.slice(s![..;-1, ..;2]).into_dyn();
    let got = rt::zip2(&[64, 300], &a.view(), &cs, chain).unwrap();
    same_f32(&got, &ref_zip2(&[64, 300], &a.view(), &cs, chain));
    // A column slice: rows of stride 600, inner stride 1.
    let cc = c.slice(s![.., 100..400]).into_dyn();
    let got = rt::zip2(&[64, 300], &a.view(), &cc, chain).unwrap();
    same_f32(&got, &ref_zip2(&[64, 300], &a.view(), &cc, chain));
    // Reversed inner axes (`flip`, inner stride -1), rows longer than a block, against
    // a forward operand and one reversed on both axes; then two reversed ones.
    let d = arr_f32(&[5, 2500], 10);
    let e = arr_f32(&[5, 2500], 11);
    let dr = d.slice(s![.., ..;-1]).into_dyn();
    let er = e.slice(s![..;-1, ..;-1]).into_dyn();
    for (x, y) in [(&dr, &e.view()), (&d.view(), &er), (&dr, &er)] {
        let got = rt::zip2(&[5, 2500], x, y, chain).unwrap();
        same_f32(&got, &ref_zip2(&[5, 2500], x, y, chain));
    }
}

#[test]
fn zip_many_inputs_and_types() {
    let a = arr_f64(&[33, 70], 10);
    let b = arr_f64(&[70], 11);
    let c = arr_f64(&[33, 1], 12);
    let d = ArrayD::from_shape_fn(IxDyn(&[33, 70]), |i| (i[0] * 70 + i[1]) as i64);
    let e = ArrayD::from_shape_fn(IxDyn(&[33, 70]), |i| i[1] % 3 == 0);
    let got = rt::zip5(
        &[33, 70],
        &a.view(),
        &b.view(),
        &c.view(),
        &d.view(),
        &e.view(),
        |a, b, c, d, e| if e { a * b + c } else { d as f64 },
    )
    .unwrap();
    for ((i, j), _) in Array::from_elem((33, 70), 0).indexed_iter() {
        let want = if e[[i, j]] {
            a[[i, j]] * b[[j]] + c[[i, 0]]
        } else {
            d[[i, j]] as f64
        };
        assert_eq!(got[[i, j]].to_bits(), want.to_bits());
    }
}

/// Runs `f` in pools of 1 and 3 threads and checks both results are bit-identical.
fn same_across_threads<T: PartialEq + std::fmt::Debug + Send>(f: impl Fn() -> T + Sync) -> T {
    let p1 = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let p3 = rayon::ThreadPoolBuilder::new()
        .num_threads(3)
        .build()
        .unwrap();
    let a = p1.install(&f);
    let b = p3.install(&f);
    assert_eq!(a, b);
    a
}

fn close(got: f64, want: f64, tol: f64) {
    assert!(
        (got - want).abs() <= tol * (1.0 + want.abs()),
        "{got} vs {want}"
    );
}

#[test]
fn full_sums() {
    for n in [0, 1, 15, 17, 1023, 1025, 16_385, 100_003, 1 << 20] {
        let x = arr_f64(&[n], 20);
        let y = arr_f64(&[n], 21);
        let want: f64 = x.iter().zip(&y).map(|(a, b)| (a - b) * (a - b)).sum();
        let got = same_across_threads(|| {
            rt::reduce_zip2(
                &[n],
                &x.view(),
                &y.view(),
                rt::SumF::<f64>::new(),
                |a, b| (a - b) * (a - b),
            )
            .unwrap()
            .to_bits()
        });
        close(f64::from_bits(got), want, 1e-12);
        let xs = x.mapv(|v| v as f32);
        let want32: f64 = xs.iter().map(|&v| v as f64).sum();
        let got = same_across_threads(|| rt::sum_all(xs.view()).to_bits());
        close(f32::from_bits(got) as f64, want32, 1e-6);
        let m = same_across_threads(|| rt::mean_all(x.view()).to_bits());
        if n > 0 {
            close(f64::from_bits(m), x.sum() / n as f64, 1e-12);
        } else {
            assert!(f64::from_bits(m).is_nan());
        }
    }
    // Integer sums wrap, and are exact.
    let xi = ArrayD::from_shape_fn(IxDyn(&[3, 50_001]), |i| (i[0] * 7 + i[1] * 13) as i64);
    let want: i64 = xi.iter().sum();
    assert_eq!(rt::sum_all(xi.view()), want);
    let xi = ArrayD::from_elem(IxDyn(&[70_000]), i32::MAX);
    let want = xi.iter().fold(0i32, |a, &b| a.wrapping_add(b));
    assert_eq!(rt::sum_all(xi.view()), want);
}

#[test]
fn fused_sums_equal_sums_of_the_materialized_values() {
    // A float sum adds each computed value straight into its partial sums; the stored
    // array summed by `sum_all` / `sum_axis` goes through the same blocks, so the bits
    // must agree, for every length (whole blocks, tails, one chunk, several).
    for n in [
        0, 1, 15, 16, 17, 255, 256, 257, 1023, 1024, 1025, 16_385, 100_003,
    ] {
        let x = arr_f64(&[n], 30);
        let y = arr_f64(&[n], 31);
        let f = |a: f64, b: f64| (a - b) * (a - b);
        let z = ndarray::Zip::from(&x).and(&y).map_collect(|&a, &b| f(a, b));
        let fused = rt::reduce_zip2(&[n], &x.view(), &y.view(), rt::SumF::<f64>::new(), f);
        assert_eq!(
            fused.unwrap().to_bits(),
            rt::sum_all(z.view()).to_bits(),
            "n = {n}"
        );
        // f32 values, rounded to f32 before the f64 accumulation, and a mean.
        let (xs, ys) = (x.mapv(|v| v as f32), y.mapv(|v| v as f32));
        let g = |a: f32, b: f32| a * b + 0.5;
        let z = ndarray::Zip::from(&xs)
            .and(&ys)
            .map_collect(|&a, &b| g(a, b));
        let fused = rt::reduce_zip2(&[n], &xs.view(), &ys.view(), rt::MeanF::<f32>::new(), g);
        let want = rt::mean_all(z.view());
        assert_eq!(fused.unwrap().to_bits(), want.to_bits(), "n = {n}");
    }
    // Along the last axis: lanes of 1 to 3000 elements (blocks of 1024 and a tail).
    for m in [1, 17, 1024, 1500, 3000] {
        let x = arr_f64(&[5, m], 32);
        let y = arr_f64(&[5, m], 33);
        let f = |a: f64, b: f64| (a - b).abs();
        let z = ndarray::Zip::from(&x).and(&y).map_collect(|&a, &b| f(a, b));
        let fused = rt::reduce_axis_zip2(
            &[5, m],
            1,
            false,
            &x.view(),
            &y.view(),
            rt::SumF::<f64>::new(),
            f,
        )
        .unwrap();
        let want = rt::sum_axis(z.view(), 1, false).unwrap();
        let bits = |a: &ArrayD<f64>| a.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&fused), bits(&want), "m = {m}");
    }
}

#[test]
fn full_sums_walk_transposed_operands_in_memory_order() {
    // A sum does not depend on the order of its elements (up to rounding), so a
    // transposed operand is summed in its memory order: `sum(x.T)` is `sum(x)` bit for
    // bit, as is a fused `sum(x.T * 2.0)` against `sum(x * 2.0)`.
    let x = arr_f64(&[300, 517], 22);
    let xt = x.t().into_dyn();
    let a = same_across_threads(|| rt::sum_all(xt.view()).to_bits());
    assert_eq!(a, rt::sum_all(x.view()).to_bits());
    let want: f64 = x.iter().sum();
    let bound = x.len() as f64 * f64::EPSILON * x.iter().map(|v| v.abs()).sum::<f64>();
    assert!((f64::from_bits(a) - want).abs() <= bound);
    let twice = |v: &ArrayViewD<'_, f64>| {
        rt::reduce_zip1(v.shape(), v, rt::SumF::<f64>::new(), |e| e * 2.0).unwrap()
    };
    assert_eq!(twice(&xt).to_bits(), twice(&x.view()).to_bits());
    // A Fortran-order input is summed in its memory order: as its transpose's C-order
    // copy is in row-major order.
    let xt_c = xt.as_standard_layout().into_owned();
    let xf =
        ArrayD::from_shape_vec(IxDyn(&[300, 517]).f(), xt_c.iter().copied().collect()).unwrap();
    assert_eq!(xf, x);
    let f = rt::sum_all(xf.view());
    assert_eq!(f.to_bits(), rt::sum_all(xt_c.view()).to_bits());
    assert!((f - want).abs() <= bound);
    let m = rt::mean_all(xf.view());
    assert!((m - want / x.len() as f64).abs() <= bound / x.len() as f64);
    // Positions stay row-major: argmax of the transposed view is its flat row-major
    // index, not the memory position.
    for is_max in [true, false] {
        let (wi, _) = ref_extreme(xt_c.as_slice().unwrap(), is_max);
        assert_eq!(rt::arg_all(xt.view(), is_max).unwrap(), wi as i64);
    }
}

fn ref_extreme(xs: &[f64], is_max: bool) -> (usize, f64) {
    let mut best = (0, xs[0]);
    if xs[0].is_nan() {
        return best;
    }
    for (i, &x) in xs.iter().enumerate().skip(1) {
        if x.is_nan() {
            return (i, x);
        }
        if (is_max && x > best.1) || (!is_max && x < best.1) {
            best = (i, x);
        }
    }
    best
}

#[test]
fn row_arg_extremes_find_the_first_position_across_blocks() {
    // Rows of 3000 span several reduction blocks: the extreme's position is found in the
    // block that first holds it, and a later block that only ties it changes nothing.
    let (rows, n) = (7, 3000);
    let mut x = ArrayD::from_shape_vec(IxDyn(&[rows, n]), vals(rows * n, 31)).unwrap();
    let mut row = |r: usize, f: &dyn Fn(usize, &mut f64)| {
        for (i, v) in x.index_axis_mut(ndarray::Axis(0), r).iter_mut().enumerate() {
            f(i, v);
        }
    };
    // Ties of both extremes in blocks 1 and 3.
    row(0, &|i, v| {
        if i == 300 || i == 2500 {
            *v = 2.0;
        } else if i == 270 || i == 2990 {
            *v = -2.0;
        }
    });
    // NaNs after the extremes: the first NaN wins.
    row(1, &|i, v| {
        if i == 1700 || i == 2900 {
            *v = f64::NAN;
        } else if i == 20 {
            *v = 5.0;
        }
    });
    // Signed zeros as the maximum: the first zero, whatever its sign.
    row(2, &|i, v| {
        *v = match i {
            1100 => 0.0,
            1300 | 2999 => -0.0,
            _ => -1.0,
        }
    });
    // A NaN first, larger values later.
    row(3, &|i, v| {
        if i == 5 {
            *v = f64::NAN;
        } else if i == 2600 {
            *v = 9.0;
        }
    });
    row(4, &|i, v| *v = -(i as f64));
    row(5, &|i, v| *v = i as f64);
    row(6, &|_, v| *v = 1.5);
    for is_max in [true, false] {
        let got = same_across_threads(|| rt::arg_axis(x.view(), 1, false, is_max).unwrap());
        let want = ref_axis(&x, 1, |l| ref_extreme(l, is_max).0 as f64);
        assert_eq!(got.mapv(|v| v as f64), want, "is_max {is_max}");
        let vals = rt::extreme_axis(x.view(), 1, false, is_max).unwrap();
        for (r, (&g, &w)) in vals.iter().zip(want.iter()).enumerate() {
            let e = x[[r, w as usize]];
            assert!(
                g.to_bits() == e.to_bits() || (g.is_nan() && e.is_nan()),
                "row {r}"
            );
        }
    }
    // The rows as i32: ties and a maximum in the last block.
    let xi = x.mapv(|v| {
        if v.is_nan() {
            0
        } else {
            (v * 3.0).round() as i32
        }
    });
    let flat = xi.mapv(|v| v as f64);
    for is_max in [true, false] {
        let got = rt::arg_axis(xi.view(), 1, false, is_max).unwrap();
        let want = ref_axis(&flat, 1, |l| ref_extreme(l, is_max).0 as f64);
        assert_eq!(got.mapv(|v| v as f64), want);
    }
}

#[test]
fn extremes_nan_and_first_index() {
    for n in [1, 2, 15, 16, 17, 1000, 1024, 1025, 5000, 70_001] {
        let mut x: Vec<f64> = vals(n, 30).iter().map(|v| (v * 8.0).round()).collect();
        for is_max in [true, false] {
            let a = ArrayD::from_shape_vec(IxDyn(&[n]), x.clone()).unwrap();
            let (wi, wv) = ref_extreme(&x, is_max);
            assert_eq!(rt::arg_all(a.view(), is_max).unwrap(), wi as i64);
            assert_eq!(rt::extreme_all(a.view(), is_max).unwrap(), wv);
        }
        // Signed zeros tie: the first is kept.
        if n >= 20 {
            x.iter_mut().for_each(|v| *v = -1.0);
            x[3] = -0.0;
            x[n - 1] = 0.0;
            x[17] = 0.0;
            let a = ArrayD::from_shape_vec(IxDyn(&[n]), x.clone()).unwrap();
            assert_eq!(rt::arg_all(a.view(), true).unwrap(), 3);
            assert!(rt::extreme_all(a.view(), true).unwrap().is_sign_negative());
        }
        // NaN wins, the first one.
        if n >= 3 {
            x[n / 2] = f64::NAN;
            x[n - 1] = f64::NAN;
            let a = ArrayD::from_shape_vec(IxDyn(&[n]), x.clone()).unwrap();
            for is_max in [true, false] {
                assert_eq!(rt::arg_all(a.view(), is_max).unwrap(), (n / 2) as i64);
                assert!(rt::extreme_all(a.view(), is_max).unwrap().is_nan());
            }
        }
    }
    let e = ArrayD::<f32>::zeros(IxDyn(&[0]));
    assert!(rt::extreme_all(e.view(), true).is_err());
    assert!(rt::arg_all(e.view(), false).is_err());
    // Integers.
    let xi = ArrayD::from_shape_fn(IxDyn(&[4, 999]), |i| ((i[0] * 31 + i[1] * 17) % 101) as i32);
    let flat: Vec<f64> = xi.iter().map(|&v| v as f64).collect();
    assert_eq!(
        rt::arg_all(xi.view(), true).unwrap(),
        ref_extreme(&flat, true).0 as i64
    );
    assert_eq!(
        rt::arg_all(xi.view(), false).unwrap(),
        ref_extreme(&flat, false).0 as i64
    );
}

#[test]
fn row_extremes_match_the_scalar_loop() {
    // `rt::row_max`/`row_min` (row groups) and the fused `max`/`min` find the value
    // without positions; a zero extreme keeps the first of -0.0 and 0.0, a NaN wins.
    for n in [1, 5, 16, 17, 33, 100, 1023, 4096] {
        for case in 0..4 {
            let mut x: Vec<f64> = vals(n, 50 + case)
                .iter()
                .map(|v| (v * 5.0).round())
                .collect();
            match case {
                1 => {
                    x.iter_mut().for_each(|v| *v = -(v.abs()) - 1.0);
                    x[n / 2] = -0.0;
                    x[n - 1] = 0.0;
                }
                2 => x[n - 1] = f64::NAN,
                3 => x.iter_mut().for_each(|v| *v = v.abs()),
                _ => {}
            }
            for is_max in [true, false] {
                let (_, want) = ref_extreme(&x, is_max);
                let got = if is_max {
                    rt::row_max(&x)
                } else {
                    rt::row_min(&x)
                }
                .unwrap();
                let got32 = {
                    let x32: Vec<f32> = x.iter().map(|&v| v as f32).collect();
                    if is_max {
                        rt::row_max(&x32)
                    } else {
                        rt::row_min(&x32)
                    }
                    .unwrap()
                };
                for g in [got, got32 as f64] {
                    assert!(
                        g.to_bits() == want.to_bits() || (g.is_nan() && want.is_nan()),
                        "n {n} case {case} max {is_max}: {g} vs {want}"
                    );
                }
            }
        }
    }
    assert!(rt::row_max::<f64>(&[]).is_err());
}

/// Reference axis reductions: each lane with a scalar loop.
fn ref_axis(a: &ArrayD<f64>, axis: usize, f: impl Fn(&[f64]) -> f64) -> ArrayD<f64> {
    let lanes = a.lanes(Axis(axis));
    let out_shape: Vec<usize> = (0..a.ndim())
        .filter(|&k| k != axis)
        .map(|k| a.shape()[k])
        .collect();
    let data: Vec<f64> = lanes.into_iter().map(|l| f(&l.to_vec())).collect();
    ArrayD::from_shape_vec(IxDyn(&out_shape), data).unwrap()
}

#[test]
fn axis_reductions_rows_and_columns() {
    let shapes: &[&[usize]] = &[
        &[1, 1],
        &[7, 1],
        &[1, 7],
        &[300, 517],
        &[517, 300],
        &[3, 2000, 5],
        &[2, 3, 4097],
        &[5000, 3],
        &[3, 5000],
        &[20_000, 20],
        // More columns than one block of column accumulators.
        &[40, 70_000],
        &[0, 4],
        &[4, 0],
    ];
    for &shape in shapes {
        let mut x = arr_f64(shape, 40);
        if x.len() > 10 {
            // A few NaNs and ties for max/argmax.
            x.iter_mut()
                .step_by(7)
                .for_each(|v| *v = (*v * 4.0).round());
            let n = x.len();
            x.as_slice_mut().unwrap()[n / 3] = f64::NAN;
        }
        for axis in 0..shape.len() {
            let sums = same_across_threads(|| {
                rt::sum_axis(x.view(), axis, false)
                    .unwrap()
                    .mapv(f64::to_bits)
            })
            .mapv(f64::from_bits);
            let want = ref_axis(&x, axis, |l| l.iter().sum());
            // The summation error bound, len * eps * sum |x| (either order may err).
            let bound = ref_axis(&x, axis, |l| {
                l.len() as f64 * f64::EPSILON * l.iter().map(|v| v.abs()).sum::<f64>()
            });
            assert_eq!(sums.shape(), want.shape());
            for ((g, w), b) in sums.iter().zip(want.iter()).zip(bound.iter()) {
                if w.is_nan() {
                    assert!(g.is_nan());
                } else {
                    assert!((g - w).abs() <= b + 1e-300, "{g} vs {w}");
                }
            }
            let means = rt::mean_axis(x.view(), axis, true).unwrap();
            let mut w_shape = shape.to_vec();
            w_shape[axis] = 1;
            assert_eq!(means.shape(), &w_shape[..]);
            let want = ref_axis(&x, axis, |l| l.iter().sum::<f64>() / l.len() as f64);
            for ((g, w), b) in means.iter().zip(want.iter()).zip(bound.iter()) {
                if w.is_nan() {
                    assert!(g.is_nan());
                } else {
                    let len = shape[axis] as f64;
                    assert!((g - w).abs() <= b / len + 1e-300, "{g} vs {w}");
                }
            }
            if shape[axis] == 0 {
                assert!(rt::extreme_axis(x.view(), axis, false, true).is_err());
                continue;
            }
            for is_max in [true, false] {
                let got = same_across_threads(|| {
                    rt::extreme_axis(x.view(), axis, false, is_max)
                        .unwrap()
                        .mapv(f64::to_bits)
                });
                let want = ref_axis(&x, axis, |l| ref_extreme(l, is_max).1);
                assert_eq!(got, want.mapv(f64::to_bits));
                let got = rt::arg_axis(x.view(), axis, false, is_max).unwrap();
                let want = ref_axis(&x, axis, |l| ref_extreme(l, is_max).0 as f64);
                assert_eq!(got.mapv(|v| v as f64), want);
            }
        }
    }
}

#[test]
fn fused_axis_reductions_with_broadcasts_and_strides() {
    // sum((x - mu[newaxis, :])**2, axis=0) with x transposed (non-contiguous).
    let xt = arr_f64(&[400, 300], 50);
    let x = xt.t().into_dyn(); // [300, 400], strides (1, 300)
    let mu = arr_f64(&[400], 51);
    for axis in [0, 1] {
        let got = same_across_threads(|| {
            rt::reduce_axis_zip2(
                &[300, 400],
                axis,
                false,
                &x,
                &mu.view(),
                rt::SumF::<f64>::new(),
                |a, m| (a - m) * (a - m),
            )
            .unwrap()
            .mapv(f64::to_bits)
        });
        let d = ArrayD::from_shape_fn(IxDyn(&[300, 400]), |i| {
            let v = x[[i[0], i[1]]] - mu[[i[1]]];
            v * v
        });
        let want = ref_axis(&d, axis, |l| l.iter().sum());
        for (g, w) in got.iter().zip(want.iter()) {
            close(f64::from_bits(*g), *w, 1e-12);
        }
    }
    // argmax along a middle axis of a 3-d broadcast expression.
    let a = arr_f64(&[6, 50, 70], 52);
    let b = arr_f64(&[50, 1], 53);
    let got = rt::reduce_axis_zip2(
        &[6, 50, 70],
        1,
        true,
        &a.view(),
        &b.view(),
        rt::ArgMax::<f64>::new(),
        |a, b| (a * b * 4.0).round(),
    )
    .unwrap();
    assert_eq!(got.shape(), &[6, 1, 70]);
    for i in 0..6 {
        for k in 0..70 {
            let lane: Vec<f64> = (0..50)
                .map(|j| (a[[i, j, k]] * b[[j, 0]] * 4.0).round())
                .collect();
            assert_eq!(got[[i, 0, k]], ref_extreme(&lane, true).0 as i64);
        }
    }
}

#[test]
fn isa_levels_agree() {
    // Whatever level runs, results are those of the scalar code (checked above); here
    // the level is at most what the CPU has.
    assert!(rt::isa::level() <= rt::isa::detected());
}

fn sl(start: Option<i64>, stop: Option<i64>, step: i64) -> rt::Idx<'static> {
    rt::Idx::Slice { start, stop, step }
}

/// The reference of an in-place assignment: the region computed with ndarray's slicing
/// and indexing, element by element.
fn ref_assign3(
    target: &ArrayD<f64>,
    region: &[arr::ndarray::SliceInfoElem],
    a: &ArrayViewD<'_, f64>,
    b: &ArrayViewD<'_, f64>,
    c: &ArrayViewD<'_, f64>,
    f: impl Fn(f64, f64, f64) -> f64,
) -> ArrayD<f64> {
    let mut out = target.clone();
    let mut r = out.slice_mut(region);
    let shape = r.shape().to_vec();
    let (a, b, c) = (
        a.broadcast(IxDyn(&shape)).unwrap(),
        b.broadcast(IxDyn(&shape)).unwrap(),
        c.broadcast(IxDyn(&shape)).unwrap(),
    );
    for (idx, o) in r.indexed_iter_mut() {
        *o = f(a[&idx], b[&idx], c[&idx]);
    }
    out
}

#[test]
fn assign_in_place_fast_and_general_paths() {
    use arr::ndarray::SliceInfoElem as E;
    let f = |x: f64, y: f64, z: f64| 0.125 * (x - 2.0 * y) + z * z;
    let full = E::Slice {
        start: 0,
        end: None,
        step: 1,
    };
    let inner = E::Slice {
        start: 1,
        end: Some(-1),
        step: 1,
    };
    // Interior of 3-D grids (rows of the region are pieces of the target's rows), with
    // short rows (< 32: generic path) and long ones; 2-D rows written with a step (inner
    // stride 2: generic path) and reversed; a 1-D region; sizes big enough to run chunks
    // in parallel.
    for &(n, m, k) in &[
        (5usize, 6usize, 7usize),
        (10, 12, 40),
        (40, 50, 66),
        (3, 3, 3),
    ] {
        let t = arr_f64(&[n, m, k], 30);
        let x = arr_f64(&[n, m, k], 31); // a strided view of it is read
        let xs = x
            .slice(s![1.., 1..m as isize - 1, 1..k as isize - 1])
            .into_dyn();
        let y = arr_f64(&[k - 2], 32); // broadcast along two axes
        let z = arr_f64(&[n - 2, 1, k - 2], 33); // broadcast along one axis
        let want = ref_assign3(
            &t,
            &[inner, inner, inner],
            &xs.slice(s![..-1, .., ..]).into_dyn(),
            &y.view(),
            &z.view(),
            f,
        );
        let got = same_across_threads(|| {
            let mut got = t.clone();
            let items = [
                sl(Some(1), Some(-1), 1),
                sl(Some(1), Some(-1), 1),
                sl(Some(1), Some(-1), 1),
            ];
            let region = [n - 2, m - 2, k - 2];
            rt::assign_zip3(
                &mut got,
                &items,
                &region,
                &xs.slice(s![..-1, .., ..]).into_dyn(),
                &y.view(),
                &z.view(),
                f,
            )
            .unwrap();
            got.iter().map(|v| v.to_bits()).collect::<Vec<u64>>()
        });
        let want_bits: Vec<u64> = want.iter().map(|v| v.to_bits()).collect();
        assert_eq!(got, want_bits, "interior of {n}x{m}x{k}");
    }
    let a = arr_f64(&[70, 45], 41);
    let b = arr_f64(&[1, 45], 42);
    for (rows, items, region) in [
        // Every other column: inner stride 2 (generic path).
        (
            70,
            [sl(None, None, 1), sl(None, None, 2)],
            [
                full,
                E::Slice {
                    start: 0,
                    end: None,
                    step: 2,
                },
            ],
        ),
        // Every other row, right half: contiguous rows (fast path).
        (
            140,
            [sl(None, None, 2), sl(Some(45), None, 1)],
            [
                E::Slice {
                    start: 0,
                    end: None,
                    step: 2,
                },
                E::Slice {
                    start: 45,
                    end: None,
                    step: 1,
                },
            ],
        ),
    ] {
        let t = arr_f64(&[rows, 90], 40);
        let want = ref_assign3(&t, &region, &a.view(), &b.view(), &a.view(), f);
        let mut got = t.clone();
        rt::assign_zip3(
            &mut got,
            &items,
            &[70, 45],
            &a.view(),
            &b.view(),
            &a.view(),
            f,
        )
        .unwrap();
        assert_eq!(got, want);
    }
    // A reversed source (`t[1:, :] = flip(a, axis=1) ...`): inner stride -1, rows longer
    // than a block, written in place.
    let a = arr_f64(&[69, 3000], 43);
    let ar = a.slice(s![.., ..;-1]).into_dyn();
    let b = arr_f64(&[3000], 44);
    let t = arr_f64(&[70, 3000], 45);
    let region = [
        E::Slice {
            start: 1,
            end: None,
            step: 1,
        },
        full,
    ];
    let want = ref_assign3(&t, &region, &ar, &b.view(), &ar, f);
    let mut got = t.clone();
    let items = [sl(Some(1), None, 1), sl(None, None, 1)];
    rt::assign_zip3(&mut got, &items, &[69, 3000], &ar, &b.view(), &ar, f).unwrap();
    assert_eq!(got, want);
    // 1-D, long enough for several parallel chunks.
    let n = 300_001;
    let t = arr_f64(&[n], 50);
    let a = arr_f64(&[n - 1], 51);
    let want = ref_assign3(
        &t,
        &[E::Slice {
            start: 1,
            end: None,
            step: 1,
        }],
        &a.view(),
        &a.view(),
        &a.view(),
        f,
    );
    let mut got = t.clone();
    rt::assign_zip3(
        &mut got,
        &[sl(Some(1), None, 1)],
        &[n - 1],
        &a.view(),
        &a.view(),
        &a.view(),
        f,
    )
    .unwrap();
    assert_eq!(got, want);
    // Empty regions write nothing; a wrong value shape is an error, target untouched.
    let mut e = t.clone();
    rt::assign_zip1(
        &mut e,
        &[sl(Some(5), Some(5), 1)],
        &[0],
        &a.slice(s![..0]).into_dyn(),
        |x| x,
    )
    .unwrap();
    assert_eq!(e, t);
    let err = rt::assign_zip1(
        &mut e,
        &[sl(Some(1), None, 1)],
        &[7],
        &a.slice(s![..7]).into_dyn(),
        |x| x,
    );
    assert!(err.is_err());
    assert_eq!(e, t);
}

#[test]
fn copies_are_c_order_and_exact() {
    let a = arr_f64(&[300, 500], 60);
    for v in [
        a.view(),
        a.t().into_dyn(),
        a.slice(s![..;-2, 3..]).into_dyn(),
    ] {
        let c = rt::copy(v.clone()).unwrap();
        assert_eq!(c, v);
        assert!(c.is_standard_layout());
    }
    let e = rt::copy(a.slice(s![..0, ..]).into_dyn()).unwrap();
    assert_eq!(e.shape(), &[0, 500]);
    // C-contiguous inputs: a contiguous range of rows (offset into the buffer), and
    // lengths around the parallel threshold that do not split evenly into chunks.
    let rows = a.slice(s![17..211, ..]).into_dyn();
    assert_eq!(rt::copy(rows.clone()).unwrap(), rows);
    for n in [1, 7, 32767, 32768, 32769, 100_003] {
        let x = arr_f64(&[n], n as u64);
        let c = rt::copy(x.view()).unwrap();
        assert_eq!(c, x);
        assert_ne!(c.as_ptr(), x.as_ptr());
    }
}

#[test]
fn library_ops_at_parallel_sizes() {
    use arr::ndarray::{concatenate, stack as nd_stack};
    // Gathers: rows of a C-order matrix (the row-copy path), elements of a vector, a
    // 2-d index array, and rows of a transposed view (the general path).
    let x = arr_f64(&[500, 300], 70);
    let idx: Vec<i64> = (0..700).map(|k| (k * 37 % 500) as i64 - 250).collect();
    let iv = ArrayD::from_shape_vec(IxDyn(&[700]), idx.clone()).unwrap();
    let norm: Vec<usize> = idx.iter().map(|&i| (i + 500) as usize % 500).collect();
    let all = || rt::Idx::Slice {
        start: None,
        stop: None,
        step: 1,
    };
    let got = rt::gather(x.view(), &[rt::Idx::Gather(iv.view()), all()]).unwrap();
    assert_eq!(got, x.select(Axis(0), &norm));
    let v = arr_f64(&[100_000], 71);
    let vi: Vec<i64> = (0..200_000).map(|k| (k * 7919 % 100_000) as i64).collect();
    let viv = ArrayD::from_shape_vec(IxDyn(&[400, 500]), vi.clone()).unwrap();
    let got = rt::gather(v.view(), &[rt::Idx::Gather(viv.view())]).unwrap();
    assert_eq!(got.shape(), &[400, 500]);
    assert!(got.iter().zip(&vi).all(|(g, &i)| *g == v[[i as usize]]));
    let xt = x.t().into_dyn();
    let ti = ArrayD::from_shape_vec(IxDyn(&[3]), vec![5i64, 0, 299]).unwrap();
    let got = rt::gather(xt.clone(), &[rt::Idx::Gather(ti.view()), all()]).unwrap();
    assert_eq!(got, xt.select(Axis(0), &[5, 0, 299]));
    let bad = ArrayD::from_shape_vec(IxDyn(&[1]), vec![500i64]).unwrap();
    assert!(rt::gather(x.view(), &[rt::Idx::Gather(bad.view()), all()]).is_err());
    // concat / stack along every axis, with a non-contiguous operand.
    let a = arr_f64(&[300, 200], 72);
    let b = arr_f64(&[200, 300], 73);
    let bt = b.t().into_dyn();
    for axis in 0..2 {
        let got = rt::concat(&[a.view(), bt.clone(), a.view()], axis).unwrap();
        assert_eq!(
            got,
            concatenate(Axis(axis), &[a.view(), bt.clone(), a.view()]).unwrap()
        );
    }
    for axis in 0..3 {
        let got = rt::stack(&[a.view(), bt.clone()], axis).unwrap();
        assert_eq!(got, nd_stack(Axis(axis), &[a.view(), bt.clone()]).unwrap());
    }
    // Long vectors (with an empty part and a reversed one), single rows (an outer axis
    // too short to cut), and 0-d arrays stacked.
    let p = arr_f64(&[90_000], 76);
    let q = arr_f64(&[50_001], 77);
    let e = arr_f64(&[0], 78);
    let qr = q.slice(s![..;-1]).into_dyn();
    let parts = [p.view(), e.view(), qr.clone(), p.view()];
    assert_eq!(
        rt::concat(&parts, 0).unwrap(),
        concatenate(Axis(0), &parts).unwrap()
    );
    let r1 = arr_f64(&[1, 70_000], 79);
    let parts = [r1.view(), r1.view()];
    assert_eq!(
        rt::concat(&parts, 0).unwrap(),
        concatenate(Axis(0), &parts).unwrap()
    );
    assert_eq!(
        rt::stack(&parts, 1).unwrap(),
        nd_stack(Axis(1), &parts).unwrap()
    );
    let s0 = arr_f64(&[], 80);
    let s1 = arr_f64(&[], 81);
    let got = rt::stack(&[s0.view(), s1.view()], 0).unwrap();
    assert_eq!(got.as_slice().unwrap(), &[s0[[]], s1[[]]]);
    // outer, dot, reshape.
    let u = arr_f64(&[400], 74);
    let w = arr_f64(&[300], 75);
    let got = rt::outer(u.view(), w.view()).unwrap();
    for ((i, j), g) in got
        .view()
        .into_dimensionality::<arr::ndarray::Ix2>()
        .unwrap()
        .indexed_iter()
    {
        assert_eq!(g.to_bits(), (u[[i]] * w[[j]]).to_bits());
    }
    let p = arr_f64(&[100_003], 76);
    let q = arr_f64(&[100_003], 77);
    let d = same_across_threads(|| rt::matmul(p.view(), q.view()).unwrap().mapv(f64::to_bits));
    let want: f64 = p.iter().zip(q.iter()).map(|(a, b)| a * b).sum();
    close(f64::from_bits(d[[]]), want, 1e-12);
    let ip = ArrayD::from_shape_fn(IxDyn(&[1000]), |i| i[0] as i64 - 300);
    let di = rt::matmul(ip.view(), ip.view()).unwrap();
    assert_eq!(di[[]], ip.iter().map(|x| x * x).sum::<i64>());
    let r = rt::reshape(bt.clone(), &[600, 100]).unwrap();
    let flat: Vec<f64> = bt.iter().copied().collect();
    assert_eq!(r.as_slice().unwrap(), &flat[..]);
    assert!(rt::reshape(bt, &[7, 7]).is_err());
}

#[test]
fn zip_of_transposed_operands_keeps_their_memory_order() {
    let f = |x: f64, y: f64| 2.0 * x - y;
    // x.T with a broadcast column (stride 0 along the new inner axis) and a scalar:
    // the loop runs in x's memory order and the result is F-ordered like x.T.
    let x = arr_f64(&[300, 500], 80);
    let xt = x.t().into_dyn(); // [500, 300], strides (1, 500)
    let c = arr_f64(&[500, 1], 81);
    let got = rt::zip2(&[500, 300], &xt, &c.view(), f).unwrap();
    assert_eq!(got.strides(), &[1, 500]);
    let want = ref_zip2(&[500, 300], &xt, &c.view(), f);
    assert_eq!(got, want);
    // A 3-d permutation, and mixed layouts (no common inner axis: C order as before).
    let y = arr_f64(&[40, 50, 60], 82);
    let yp = y.view().permuted_axes(IxDyn(&[2, 0, 1])); // [60, 40, 50]
    let got = rt::zip2(&[60, 40, 50], &yp, &yp, f).unwrap();
    assert_eq!(got, ref_zip2(&[60, 40, 50], &yp, &yp, f));
    let z = arr_f64(&[500, 300], 83);
    let got = rt::zip2(&[500, 300], &xt, &z.view(), f).unwrap();
    assert!(got.is_standard_layout());
    assert_eq!(got, ref_zip2(&[500, 300], &xt, &z.view(), f));
    // Such results feed later loops, reductions and copies like any array.
    let s = rt::sum_axis(got.view(), 0, false).unwrap();
    let w = ref_axis(&got, 0, |l| l.iter().sum());
    for (g, w) in s.iter().zip(w.iter()) {
        close(*g, *w, 1e-12);
    }
    let t = rt::zip2(&[500, 300], &xt, &c.view(), f).unwrap();
    assert!(rt::copy(t.view()).unwrap().is_standard_layout());
    assert_eq!(rt::copy(t.view()).unwrap(), t);
}

#[test]
fn copies_of_reversed_and_sliced_views_are_c_order() {
    let a = arr_f64(&[300, 500], 90);
    for v in [
        a.slice(s![..;-1, ..]).into_dyn(),
        a.slice(s![.., ..;-1]).into_dyn(),
        a.slice(s![10..200;3, 7..]).into_dyn(),
    ] {
        let c = rt::copy(v.clone()).unwrap();
        assert!(c.is_standard_layout());
        assert_eq!(c, v);
    }
}

/// Recycled temporaries (`rt::recycle`, as generated code does for `let` locals at the
/// end of their block) are handed out again by the loops' allocations: results built in
/// a reused buffer hold exactly their own values, never the previous array's, for the
/// contiguous, transposed and gathered paths and a buffer a little larger than needed.
#[test]
fn recycled_buffers_hold_only_new_results() {
    let shape = [700usize, 1000]; // 5.6 MB of f64: above the cache's 4 MiB floor
    let x = arr_f64(&shape, 31);
    let y = arr_f64(&shape, 32);
    let mut reused = 0;
    for round in 0..3 {
        // A temporary filled with a marker, handed back.
        let junk = rt::alloc(&shape, f64::NAN, "a test array").unwrap();
        let p = junk.as_ptr();
        rt::recycle(junk);
        let got = rt::zip2(&shape, &x.view(), &y.view(), |a, b| a * 2.0 + b).unwrap();
        // (Other tests running at the same time may take it first, now and then.)
        reused += usize::from(got.as_ptr() == p);
        let want = ref_zip2(&shape, &x.view(), &y.view(), |a, b| a * 2.0 + b);
        assert_eq!(got, want, "round {round}: contiguous zip");
        rt::recycle(got);
        // Slightly fewer elements than the cached buffer.
        let small = [699usize, 1000];
        let xs = x.slice(s![..699, ..]).into_dyn();
        let got = rt::zip1(&small, &xs, |a| a - 1.0).unwrap();
        assert_eq!(got.shape(), &small);
        assert!(got.iter().zip(xs.iter()).all(|(g, a)| *g == a - 1.0));
        rt::recycle(got);
        // Transposed operands: the result keeps their memory order.
        let xt = x.t().into_dyn();
        let got = rt::zip1(xt.shape(), &xt, |a| a * 3.0).unwrap();
        assert_eq!(got, xt.mapv(|a| a * 3.0), "round {round}: transposed zip");
        rt::recycle(got);
        // A copy, and a gather of rows.
        let got = rt::copy(y.view()).unwrap();
        assert_eq!(got, y);
        rt::recycle(got);
        let idx = Array::from_iter((0..700i64).rev()).into_dyn();
        let all = rt::Idx::Slice {
            start: None,
            stop: None,
            step: 1,
        };
        let got = rt::gather(y.view(), &[rt::Idx::Gather(idx.view()), all]).unwrap();
        assert_eq!(
            got,
            y.slice(s![..;-1, ..]).into_dyn(),
            "round {round}: gather"
        );
        rt::recycle(got);
    }
    assert!(reused > 0, "no recycled buffer was handed out again");
    assert!(rt::buffer_cache_bytes() <= 1 << 30);
    rt::clear_buffer_cache();
    assert_eq!(rt::buffer_cache_bytes(), 0);
}

/// `cumsum`/`cumprod` along every axis of 3-D arrays large enough to run in parallel, of
/// C-order and transposed inputs, bit for bit against a lane-by-lane reference loop
/// (wrapping for integers), and equal for every thread count.
#[test]
fn scans_along_every_axis() {
    fn reference<T: Copy>(a: &ArrayD<T>, axis: usize, op: impl Fn(T, T) -> T) -> ArrayD<T> {
        let mut r = a.as_standard_layout().into_owned();
        for mut lane in r.lanes_mut(Axis(axis)) {
            for k in 1..lane.len() {
                lane[k] = op(lane[k - 1], lane[k]);
            }
        }
        r
    }
    let x = arr_f64(&[40, 30, 50], 90);
    let xt = x.view().reversed_axes().to_owned(); // [50, 30, 40], read through a view
    let ints: ArrayD<i64> = x.mapv(|v| (v * 1e6) as i64 * 1_000_003);
    for axis in 0..3 {
        let got = same_across_threads(|| rt::scan(x.view(), axis, false).unwrap());
        assert_eq!(got, reference(&x, axis, |p, q| p + q), "cumsum axis {axis}");
        let got = rt::scan(x.view(), axis, true).unwrap();
        assert_eq!(
            got,
            reference(&x, axis, |p, q| p * q),
            "cumprod axis {axis}"
        );
        let xtv = x.view().reversed_axes();
        let got = rt::scan(xtv, axis, false).unwrap();
        assert_eq!(
            got,
            reference(&xt, axis, |p, q| p + q),
            "transposed, axis {axis}"
        );
        let got = rt::scan(ints.view(), axis, true).unwrap();
        let want = reference(&ints, axis, |p: i64, q| p.wrapping_mul(q));
        assert_eq!(got, want, "wrapping cumprod axis {axis}");
    }
    // Few lanes side by side (outer size 1) and single long lanes.
    let w = arr_f64(&[3000, 20], 91);
    assert_eq!(
        rt::scan(w.view(), 0, false).unwrap(),
        reference(&w, 0, |p, q| p + q)
    );
    let v = arr_f64(&[100_000], 92);
    assert_eq!(
        rt::scan(v.view(), 0, false).unwrap(),
        reference(&v, 0, |p, q| p + q)
    );
}

/// Element reads and writes (`a[i, j]` in scalar loops): negative indices count from the
/// end, on owned arrays and on views with reversed, strided and broadcast axes; an index
/// out of range on any axis is `IndexOutOfRange` naming that axis, and a failed write
/// leaves the array unchanged.
#[test]
fn element_get_and_set() {
    let a = arr_f64(&[4, 5, 6], 95);
    for (i, j, k) in [(0i64, 0i64, 0i64), (3, 4, 5), (-1, -5, -6), (2, -2, 3)] {
        let u = |x: i64, n: usize| {
            if x < 0 {
                (x + n as i64) as usize
            } else {
                x as usize
            }
        };
        let want = a[[u(i, 4), u(j, 5), u(k, 6)]];
        assert_eq!(rt::get(&a, &[i, j, k]).unwrap(), want);
        assert_eq!(rt::get(&a.view(), &[i, j, k]).unwrap(), want);
    }
    let v = a.slice(s![..;-1, 1..;2, ..]).into_dyn(); // [4, 2, 6]
    assert_eq!(rt::get(&v, &[0, 1, -1]).unwrap(), a[[3, 3, 5]]);
    let b = arr_f64(&[6], 96);
    let bb = b.broadcast(IxDyn(&[3, 6])).unwrap();
    assert_eq!(rt::get(&bb, &[2, 4]).unwrap(), b[[4]]);
    for (idx, axis) in [([4i64, 0, 0], 0usize), ([0, -6, 0], 1), ([0, 0, 6], 2)] {
        match rt::get(&a, &idx) {
            Err(arr::Error::IndexOutOfRange { axis: ax, .. }) => assert_eq!(ax, axis),
            other => panic!("{idx:?}: {other:?}"),
        }
    }
    assert!(rt::get(&a, &[0, 0]).is_err()); // wrong rank: an error, not a panic
    let mut m = a.clone();
    rt::set(&mut m, &[-1, 0, 2], 7.5).unwrap();
    assert_eq!(m[[3, 0, 2]], 7.5);
    m[[3, 0, 2]] = a[[3, 0, 2]];
    assert_eq!(m, a);
    assert!(rt::set(&mut m, &[0, 5, 0], 1.0).is_err());
    assert_eq!(m, a);
}

/// `rt::dot` (vector @ vector, the scalar itself) equals `matmul`'s 0-d result bit for
/// bit: lengths around the block and chunk sizes, contiguous and strided operands,
/// floats (summed in f64) and wrapping integers; a length mismatch is an error.
#[test]
fn dot_equals_matmul_scalar() {
    for n in [
        0usize,
        1,
        255,
        256,
        257,
        1000,
        rt::CHUNK,
        rt::CHUNK + 1,
        40_000,
    ] {
        let x = arr_f64(&[2 * n + 1], 100 + n as u64);
        let y = arr_f64(&[n], 200 + n as u64);
        let xs = x.slice(s![1..;2]).into_dyn(); // strided
        for a in [x.slice(s![..n]).into_dyn(), xs.clone()] {
            let want = rt::scalar_of(&rt::matmul(a.clone(), y.view()).unwrap());
            let got = rt::dot(a.clone(), y.view()).unwrap();
            assert_eq!(got.to_bits(), want.to_bits(), "f64 length {n}");
        }
        let xf: ArrayD<f32> = xs.mapv(|v| v as f32);
        let yf: ArrayD<f32> = y.mapv(|v| v as f32);
        let want = rt::scalar_of(&rt::matmul(xf.view(), yf.view()).unwrap());
        assert_eq!(
            rt::dot(xf.view(), yf.view()).unwrap().to_bits(),
            want.to_bits()
        );
        let xi: ArrayD<i64> = xs.mapv(|v| (v * 1e9) as i64 * 1_000_003);
        let yi: ArrayD<i64> = y.mapv(|v| (v * 1e9) as i64);
        let want = rt::scalar_of(&rt::matmul(xi.view(), yi.view()).unwrap());
        assert_eq!(
            rt::dot(xi.view(), yi.view()).unwrap(),
            want,
            "i64 length {n}"
        );
    }
    let (p, q) = (arr_f64(&[3], 1), arr_f64(&[4], 2));
    assert!(matches!(
        rt::dot(p.view(), q.view()),
        Err(arr::Error::ShapeMismatch(_))
    ));
}

/// A long gather (indices normalized in parallel): negative indices count from the end,
/// and with several indices out of range the error names the first of them in order.
#[test]
fn long_gathers_and_their_first_bad_index() {
    let v = arr_f64(&[1000], 110);
    let n = 300_000usize;
    let idx: Vec<i64> = (0..n as i64).map(|k| (k * 7919 % 2000) - 1000).collect();
    let iv = ArrayD::from_shape_vec(IxDyn(&[n]), idx.clone()).unwrap();
    let got = rt::gather(v.view(), &[rt::Idx::Gather(iv.view())]).unwrap();
    for (g, &i) in got.iter().zip(&idx) {
        assert_eq!(*g, v[[(i + 1000) as usize % 1000]]);
    }
    let mut bad = idx;
    bad[100_001] = 1_000_000_000;
    bad[250_000] = -1_000_000_000;
    let bv = ArrayD::from_shape_vec(IxDyn(&[n]), bad).unwrap();
    match rt::gather(v.view(), &[rt::Idx::Gather(bv.view())]) {
        Err(arr::Error::IndexOutOfRange { index, axis, size }) => {
            assert_eq!((index, axis, size), (1_000_000_000, 0, 1000));
        }
        other => panic!("{other:?}"),
    }
}

/// In-place updates (`x[s] = f(x[s], ...)`): the blocked path (contiguous region rows,
/// rows longer than a block, broadcast and reversed inputs) and the general one (a region
/// with an inner step), each element getting its own old value; equal to computing the
/// right side first, bit for bit, for every thread count.
#[test]
fn updates_read_each_old_value_where_they_write() {
    let f = |old: f64, a: f64, b: f64| old * 0.5 + a * a - b;
    let t = arr_f64(&[40, 2600], 120);
    let a = arr_f64(&[2598], 121); // broadcast over rows
    let b = arr_f64(&[39, 2598], 122);
    let br = b.slice(s![.., ..;-1]).into_dyn(); // reversed inner axis
    for (items, region, step) in [
        (
            [sl(Some(1), None, 1), sl(Some(1), Some(-1), 1)],
            s![1.., 1..2599],
            1usize,
        ),
        (
            [sl(Some(1), None, 1), sl(Some(1), Some(-1), 2)],
            s![1.., 1..2599;2],
            2,
        ),
    ] {
        let a_v = a.slice(s![..;step]).into_dyn();
        let b_v = br.slice(s![.., ..;step]).into_dyn();
        let mut want = t.clone();
        let old = want.slice(region).to_owned();
        let new = arr::ndarray::Zip::from(&old)
            .and(&a_v.broadcast(old.raw_dim()).unwrap())
            .and(&b_v.view().into_dimensionality().unwrap())
            .map_collect(|&o, &x, &y| f(o, x, y));
        want.slice_mut(region).assign(&new);
        let shape = new.shape().to_vec();
        let got = same_across_threads(|| {
            let mut got = t.clone();
            rt::update_zip2(&mut got, &items, &shape, &a_v, &b_v, f).unwrap();
            got.iter().map(|v| v.to_bits()).collect::<Vec<u64>>()
        });
        let want_bits: Vec<u64> = want.iter().map(|v| v.to_bits()).collect();
        assert_eq!(got, want_bits, "region step {step}");
    }
    // No inputs besides the old values; a wrong value shape is an error, nothing written.
    let mut g = t.clone();
    rt::update_zip0(
        &mut g,
        &[sl(None, None, 1), sl(None, None, 1)],
        &[40, 2600],
        |o| o * 2.0,
    )
    .unwrap();
    assert_eq!(g, t.mapv(|v| v * 2.0));
    let mut g = t.clone();
    assert!(rt::update_zip0(
        &mut g,
        &[sl(None, None, 1), sl(None, None, 1)],
        &[3, 1],
        |o| o
    )
    .is_err());
    assert_eq!(g, t);
}

/// Loops of six or more inputs (beyond ndarray's `Zip`) over layouts the contiguous
/// blocked path does not take — columns of a 3-D array (inner stride k), short rows,
/// reversed axes — computed by the blocked kernel on the views' own nest (strided
/// gathers, a strided destination): fresh results, assignments into a strided region,
/// and updates of one, against element-by-element references, 1 and 3 threads.
#[test]
fn wide_loops_over_strided_layouts() {
    let f6 = |a: f64, b: f64, c: f64, d: f64, e: f64, g: f64| a - 2.0 * b + c * d - e / (1.5 + g);
    let (n, m, k) = (40usize, 37usize, 30usize);
    let x = arr_f64(&[n, m, k], 50);
    let y = arr_f64(&[n, m, k], 51);
    fn col(a: &ArrayD<f64>, j: usize) -> ArrayViewD<'_, f64> {
        a.slice(s![.., .., j]).into_dyn()
    }
    // Fresh result of six strided columns, one of them reversed along axis 0.
    let flipped = x.slice(s![..;-1, .., 4]).into_dyn();
    let ins = [
        col(&x, 0),
        col(&x, 1),
        col(&y, 2),
        col(&y, 3),
        flipped,
        col(&x, 5),
    ];
    // The reference: element (i, j) of the six columns, element by element.
    let want_at = |i: usize, j: usize| {
        f6(
            x[[i, j, 0]],
            x[[i, j, 1]],
            y[[i, j, 2]],
            y[[i, j, 3]],
            x[[n - 1 - i, j, 4]],
            x[[i, j, 5]],
        )
    };
    let got = same_across_threads(|| {
        rt::zip6(
            &[n, m],
            &ins[0],
            &ins[1],
            &ins[2],
            &ins[3],
            &ins[4],
            &ins[5],
            f6,
        )
        .unwrap()
    });
    for i in 0..n {
        for j in 0..m {
            let want = want_at(i, j);
            assert_eq!(got[[i, j]].to_bits(), want.to_bits(), "zip6 at {i},{j}");
        }
    }
    // Short rows (inner extent 3 < 32) of contiguous operands.
    let sm = arr_f64(&[500, 3], 52);
    let got = rt::zip6(
        &[500, 3],
        &sm.view(),
        &sm.view(),
        &sm.view(),
        &sm.view(),
        &sm.view(),
        &sm.view(),
        f6,
    )
    .unwrap();
    for (g, &v) in got.iter().zip(sm.iter()) {
        assert_eq!(g.to_bits(), f6(v, v, v, v, v, v).to_bits());
    }
    // `t[:, :, 7] = f(columns...)` and `t[:, :, 7] = g(t[:, :, 7], columns...)`.
    let items = [sl(None, None, 1), sl(None, None, 1), rt::Idx::At(7)];
    let t0 = arr_f64(&[n, m, k], 53);
    let got = same_across_threads(|| {
        let mut t = t0.clone();
        rt::assign_zip6(
            &mut t,
            &items,
            &[n, m],
            &ins[0],
            &ins[1],
            &ins[2],
            &ins[3],
            &ins[4],
            &ins[5],
            f6,
        )
        .unwrap();
        t
    });
    let upd = same_across_threads(|| {
        let mut t = t0.clone();
        rt::update_zip6(
            &mut t,
            &items,
            &[n, m],
            &ins[0],
            &ins[1],
            &ins[2],
            &ins[3],
            &ins[4],
            &ins[5],
            |o: f64, a, b, c, d, e, g| 0.5 * o + f6(a, b, c, d, e, g),
        )
        .unwrap();
        t
    });
    for i in 0..n {
        for j in 0..m {
            let v = want_at(i, j);
            for kk in 0..k {
                let (want, want_u) = if kk == 7 {
                    (v, 0.5 * t0[[i, j, 7]] + v)
                } else {
                    (t0[[i, j, kk]], t0[[i, j, kk]])
                };
                assert_eq!(
                    got[[i, j, kk]].to_bits(),
                    want.to_bits(),
                    "assign at {i},{j},{kk}"
                );
                assert_eq!(
                    upd[[i, j, kk]].to_bits(),
                    want_u.to_bits(),
                    "update at {i},{j},{kk}"
                );
            }
        }
    }
}

#[test]
fn write_into_fills_outputs_of_any_layout() {
    // Large enough to be split over the cores; the `f_into` epilogue must write every
    // element to its place whatever `out`'s strides, and touch nothing else.
    let r = arr_f64(&[300, 517], 40)
        .into_dimensionality::<arr::ndarray::Ix2>()
        .unwrap();
    // C order.
    let mut c = Array::<f64, _>::zeros((300, 517));
    rt::write_into(&r, c.view_mut()).unwrap();
    assert_eq!(c, r);
    // Fortran order (a transposed C array).
    let mut f = Array::<f64, _>::zeros((517, 300));
    rt::write_into(&r, f.view_mut().reversed_axes()).unwrap();
    assert_eq!(f.t(), r);
    // Every second column of a wider array, rows reversed: the other columns stay 0.
    let mut w = Array::<f64, _>::zeros((300, 1034));
    rt::write_into(&r, w.slice_mut(s![..;-1, ..;2])).unwrap();
    assert_eq!(w.slice(s![..;-1, ..;2]), r);
    assert!(w.slice(s![.., 1..;2]).iter().all(|&v| v == 0.0));
    // A wrong shape is an error, and `out` is left as it was.
    let mut bad = Array::<f64, _>::zeros((517, 300));
    let e = rt::write_into(&r, bad.view_mut()).unwrap_err();
    assert!(e.to_string().contains("shape"), "{e}");
    assert!(bad.iter().all(|&v| v == 0.0));
}

#[test]
fn large_destinations_written_with_streaming_stores_are_exact() {
    // Destinations of at least `STREAM_MIN_BYTES` take streaming stores from the first
    // cache-line-aligned element of each long row segment on; the elements before it
    // and the tail take normal stores. Rows here are long (over 512 elements) and start
    // at every alignment, and the element sizes are 8 and 4 bytes.
    let min = rt::STREAM_MIN_BYTES;
    // A fresh C-order result of f64 (one flat segment split into parallel chunks).
    let (n, m) = (min / 8 / 1031 + 3, 1031);
    let a = arr_f64(&[n, m + 1], 80);
    let b = arr_f64(&[n, m], 81);
    let av = a.slice(s![.., 1..]).into_dyn();
    let got = rt::zip2(&[n, m], &av, &b.view(), |x: f64, y: f64| x * 3.0 - y).unwrap();
    assert!(got.len() * 8 >= min);
    assert_eq!(got, ref_zip2(&[n, m], &av, &b.view(), |x, y| x * 3.0 - y));
    // A fresh f32 result from a transposed operand (rows follow the operand's order).
    let (n4, m4) = (min / 4 / 997 + 1, 997);
    let x = arr_f32(&[m4, n4], 82);
    let xt = x.t().into_dyn();
    let got = rt::zip1(&[n4, m4], &xt, |v: f32| v * 0.5 + 1.0).unwrap();
    assert!(got.len() * 4 >= min);
    assert_eq!(got, xt.mapv(|v| v * 0.5 + 1.0));
    // In place into a region whose rows start at odd offsets (`t[1:-1, 3:]`); the
    // elements outside the region keep their values.
    let (r, c) = (min / 8 / 1030 + 5, 1030);
    let t0 = arr_f64(&[r, c], 83);
    let mut t = t0.clone();
    let v = arr_f64(&[r - 2, c - 3], 84);
    let items = [sl(Some(1), Some(-1), 1), sl(Some(3), None, 1)];
    let old = t0.slice(s![1..r - 1, 3..]).into_dyn();
    rt::assign_zip2(
        &mut t,
        &items,
        v.shape(),
        &v.view(),
        &old,
        |p: f64, q: f64| p + 2.0 * q,
    )
    .unwrap();
    assert!(t.len() * 8 >= min);
    for ((i, j), &got) in t
        .view()
        .into_dimensionality::<arr::ndarray::Ix2>()
        .unwrap()
        .indexed_iter()
    {
        let want = if i >= 1 && i < r - 1 && j >= 3 {
            v[[i - 1, j - 3]] + 2.0 * t0[[i, j]]
        } else {
            t0[[i, j]]
        };
        assert_eq!(got, want, "at [{i}, {j}]");
    }
}
