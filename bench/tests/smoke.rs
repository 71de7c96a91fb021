//! Smoke test of the benchmark suite: every Arr workload and its hand-written Rust peer
//! at tiny sizes, compared with each other (with the benchmark's tolerances), and a few
//! against values worked out by hand. Also runs the probes on tiny sizes.

use arr::ndarray::{array, Array1, Array2, Array3};
use arr_bench::workloads::{self, Case, Out};
use arr_bench::{hand, kernels, probe};

/// Deterministic pseudo-random numbers in [lo, hi) (a small LCG; no dependency).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, lo: f64, hi: f64) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        lo + (hi - lo) * ((self.0 >> 11) as f64 / (1u64 << 53) as f64)
    }
    fn v64(&mut self, n: usize, lo: f64, hi: f64) -> Array1<f64> {
        (0..n).map(|_| self.next(lo, hi)).collect()
    }
    fn v32(&mut self, n: usize, lo: f64, hi: f64) -> Array1<f32> {
        (0..n).map(|_| self.next(lo, hi) as f32).collect()
    }
    fn m64(&mut self, r: usize, c: usize) -> Array2<f64> {
        self.v64(r * c, -1.0, 1.0)
            .into_shape_with_order((r, c))
            .unwrap()
    }
    fn m32(&mut self, r: usize, c: usize) -> Array2<f32> {
        self.v32(r * c, -1.0, 1.0)
            .into_shape_with_order((r, c))
            .unwrap()
    }
    fn c64(&mut self, a: usize, b: usize, c: usize) -> Array3<f64> {
        self.v64(a * b * c, 0.0, 1.0)
            .into_shape_with_order((a, b, c))
            .unwrap()
    }
}

fn check(name: &str, case: &dyn Case) {
    let (rtol, atol) = workloads::tolerance(name);
    let want = case.arr();
    let got = case.hand();
    assert_eq!(want.len(), got.len(), "{name}: number of results");
    for (k, (g, w)) in got.iter().zip(&want).enumerate() {
        let c = workloads::compare(g, w, rtol, atol);
        assert!(
            c.ok,
            "{name} result {k}: hand-written Rust differs from Arr: max abs {} rel {}\nArr: {w:?}\nhand: {g:?}",
            c.max_abs, c.max_rel
        );
    }
    // `f_into`, where the bench times it, into a buffer of garbage: `f`'s result exactly.
    if want.len() == 1 {
        let mut out = want[0].zeroed();
        match &mut out {
            Out::F32(a) => a.fill(f32::NAN),
            Out::F64(a) => a.fill(-7.5),
        }
        if case.arr_into(&mut out) {
            let c = workloads::compare(&out, &want[0], 0.0, 0.0);
            assert!(c.ok, "{name}: f_into differs from f: max abs {}", c.max_abs);
        }
    }
}

/// Sizes chosen not to be multiples of the vector widths or chunk sizes, so the
/// remainder paths run too.
#[test]
fn every_workload_agrees_with_its_hand_written_peer() {
    let mut r = Lcg(42);
    check(
        "wave",
        &workloads::Wave {
            a: 1.5,
            b: -0.75,
            x: r.v32(40_003, -4.0, 4.0),
        },
    );
    check(
        "sqdist",
        &workloads::Sqdist {
            x: r.v64(40_003, -1.0, 1.0),
            y: r.v64(40_003, -1.0, 1.0),
        },
    );
    check("softmax", &workloads::Softmax { x: r.m32(7, 37) });
    check("colstats", &workloads::Colstats { x: r.m32(131, 19) });
    check(
        "jacobi_2d",
        &workloads::Jacobi2d {
            steps: 3,
            a0: r.m64(13, 13),
        },
    );
    check(
        "heat_3d",
        &workloads::Heat3d {
            steps: 2,
            a0: r.c64(9, 9, 9),
        },
    );
    check(
        "hdiff",
        &workloads::Hdiff {
            infield: r.c64(11, 10, 5),
            coeff: r.c64(7, 6, 5),
        },
    );
    check(
        "haversine",
        &workloads::Haversine {
            lat1: r.v64(1001, -90.0, 90.0),
            lon1: r.v64(1001, -180.0, 180.0),
            lat2: r.v64(1001, -90.0, 90.0),
            lon2: r.v64(1001, -180.0, 180.0),
        },
    );
    check(
        "matmul",
        &workloads::Matmul {
            a: r.m32(37, 300),
            b: r.m32(300, 23),
        },
    );
    check(
        "mlp",
        &workloads::Mlp {
            x: r.m32(21, 17),
            w: r.m32(17, 13),
            bias: r.v32(13, -0.5, 0.5),
        },
    );
    check("covariance", &workloads::Covariance { x: r.m64(23, 9) });
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * (1.0 + b.abs())
}

#[test]
fn hand_worked_values() {
    // wave: a*x + b*sin(x)*exp(-x*x) at x = 0 and x = 1.
    let x = array![0.0f32, 1.0];
    let w = kernels::wave::wave(2.0, 3.0, x.view()).unwrap();
    let h = hand::wave(2.0, 3.0, x.view());
    let want1 = 2.0 + 3.0 * 1f64.sin() * (-1f64).exp();
    for r in [&w, &h] {
        assert_eq!(r[0], 0.0);
        assert!(close(r[1] as f64, want1, 1e-6), "{r}");
    }

    // sqdist: (1-1)^2 + (2-0)^2 + (3-0)^2 = 13.
    let (x, y) = (array![1.0, 2.0, 3.0], array![1.0, 0.0, 0.0]);
    assert_eq!(kernels::sqdist::sqdist(x.view(), y.view()).unwrap(), 13.0);
    assert_eq!(hand::sqdist(x.view(), y.view()), 13.0);

    // softmax of a constant row is uniform; of [0, ln 3] it is [1/4, 3/4].
    let x = array![[5.0f32, 5.0, 5.0, 5.0], [0.0, 3f32.ln(), 0.0, 0.0]];
    for r in [
        kernels::softmax::softmax(x.view()).unwrap(),
        hand::softmax(x.view()),
    ] {
        assert!(r.row(0).iter().all(|&v| (v - 0.25).abs() < 1e-7), "{r}");
        assert!((r[[1, 1]] - 0.5).abs() < 1e-6, "{r}");
        assert!((r[[1, 0]] - 1.0 / 6.0).abs() < 1e-6, "{r}");
    }

    // colstats of [[1, 2], [3, 4]]: means [2, 3], variances [1, 1].
    let x = array![[1.0f32, 2.0], [3.0, 4.0]];
    let (m, v) = kernels::colstats::colstats(x.view()).unwrap();
    assert_eq!((m.to_vec(), v.to_vec()), (vec![2.0, 3.0], vec![1.0, 1.0]));
    let (m, v) = hand::colstats(x.view());
    assert_eq!((m.to_vec(), v.to_vec()), (vec![2.0, 3.0], vec![1.0, 1.0]));

    // jacobi: one double sweep of a 3x3 grid with a 5 in the middle and 0 elsewhere:
    // b[1,1] = 0.2 * 5 = 1, then a[1,1] = 0.2 * b[1,1] = 0.2 (neighbours are 0).
    let mut a0 = Array2::<f64>::zeros((3, 3));
    a0[[1, 1]] = 5.0;
    let r = kernels::jacobi_2d::jacobi_2d(1, a0.view()).unwrap();
    assert!((r[[1, 1]] - 0.2).abs() < 1e-15 && r[[0, 0]] == 0.0, "{r}");
    assert_eq!(hand::jacobi_2d(1, a0.view()), r);

    // heat_3d keeps a constant field constant.
    let a0 = Array3::<f64>::from_elem((5, 5, 5), 2.5);
    let r = kernels::heat_3d::heat_3d(3, a0.view()).unwrap();
    assert!(r.iter().all(|&v| v == 2.5));
    assert_eq!(hand::heat_3d(3, a0.view()), r);

    // hdiff of a constant field is the field's interior (all fluxes zero).
    let inf = Array3::<f64>::from_elem((6, 7, 2), 1.25);
    let co = Array3::<f64>::from_elem((2, 3, 2), 0.5);
    let r = kernels::hdiff::hdiff(inf.view(), co.view()).unwrap();
    assert!(r.iter().all(|&v| v == 1.25) && r.dim() == (2, 3, 2));
    assert_eq!(hand::hdiff(inf.view(), co.view()), r);

    // haversine: the same point is 0 km away; a quarter of the equator is pi/2 * R.
    let z = array![0.0, 10.0];
    let lon2 = array![90.0, 10.0];
    let q = std::f64::consts::FRAC_PI_2 * 6371.0;
    let a = kernels::haversine::distances(z.view(), z.view(), z.view(), lon2.view()).unwrap();
    let h = hand::haversine(z.view(), z.view(), z.view(), lon2.view());
    for r in [&a, &h] {
        assert!(close(r[0], q, 1e-12) && r[1].abs() < 1e-12, "{r}");
    }

    // matmul by hand; mlp: relu clips the negative entry.
    let a = array![[1.0f32, 2.0], [3.0, 4.0]];
    let b = array![[5.0f32, 6.0], [7.0, 8.0]];
    let want = array![[19.0f32, 22.0], [43.0, 50.0]];
    assert_eq!(kernels::matmul::matmul(a.view(), b.view()).unwrap(), want);
    assert_eq!(hand::matmul(a.view(), b.view()), want);
    let bias = array![-30.0f32, 0.0];
    let want = array![[0.0f32, 22.0], [13.0, 50.0]];
    let m = kernels::matmul::mlp_layer(a.view(), b.view(), bias.view()).unwrap();
    assert_eq!(m, want);
    assert_eq!(hand::mlp_layer(a.view(), b.view(), bias.view()), want);

    // covariance of [[1, 2], [3, 6], [5, 10]]: var(col0) = 4, var(col1) = 16, cov = 8.
    let x = array![[1.0, 2.0], [3.0, 6.0], [5.0, 10.0]];
    let want = array![[4.0, 8.0], [8.0, 16.0]];
    assert_eq!(kernels::covariance::covariance(x.view()).unwrap(), want);
    assert_eq!(hand::covariance(x.view()), want);
}

#[test]
fn compare_flags_differences_and_shapes() {
    let a = Out::F64(array![1.0, 2.0].into_dyn());
    let b = Out::F64(array![1.0, 2.1].into_dyn());
    assert!(workloads::compare(&a, &a, 0.0, 0.0).ok);
    assert!(!workloads::compare(&a, &b, 1e-3, 0.0).ok);
    assert!(workloads::compare(&a, &b, 0.1, 0.0).ok);
    let c = Out::F64(array![1.0].into_dyn());
    assert!(!workloads::compare(&a, &c, 1.0, 1.0).ok);
}

#[test]
fn probes_run_on_tiny_sizes() {
    let s = probe::stream(1 << 12, 1);
    assert!(s.copy > 0.0 && s.triad > 0.0 && s.sum > 0.0);
    let p = probe::peak(1000);
    assert!(p.f32_gflops > 0.0 && p.f64_gflops > 0.0);
    assert!(probe::last_level_cache_bytes() > 0);
}

/// The workloads whose generated `f_into` computes in place are timed through it (and so
/// checked against `f` by `check` above).
#[test]
fn in_place_companions_are_timed() {
    let mut r = Lcg(7);
    let wave = workloads::Wave {
        a: 0.5,
        b: 2.0,
        x: r.v32(100, -2.0, 2.0),
    };
    let softmax = workloads::Softmax { x: r.m32(5, 9) };
    let cases: [(&str, &dyn Case); 2] = [("wave", &wave), ("softmax", &softmax)];
    for (name, case) in cases {
        let mut out = case.arr()[0].zeroed();
        assert!(case.arr_into(&mut out), "{name}: f_into not timed");
    }
}
