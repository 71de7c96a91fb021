//! Matrix products against a naive triple loop: shapes (empty, 1×1, non-square, larger
//! than the kernels' blocks), layouts (C, F, strided, reversed, broadcast), every class of
//! alpha/beta, thread counts, integer wrapping and shape errors.

use arr::linalg::{
    dot, matmul, matmul_map, matmul_map_with, matmul_with, matvec, matvec_with, vecmat,
    vecmat_with, Epilogue, Gemm,
};
use arr::ndarray::{s, Array1, Array2, ArrayView2, ArrayViewMut2, ShapeBuilder};
use arr::Error;

/// SplitMix64: a small deterministic generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform in [-1, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 52) as f64 - 1.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }
}

/// Element types under test, with conversions to the f64 reference.
trait El: Gemm {
    fn from_f64(x: f64) -> Self;
    fn to_f64(self) -> f64;
    fn random(rng: &mut Rng) -> Self;
    /// Relative precision, or 0 for exact (wrapping integer) arithmetic.
    const EPS: f64;
}

impl El for f32 {
    fn from_f64(x: f64) -> Self {
        x as f32
    }
    fn to_f64(self) -> f64 {
        self as f64
    }
    fn random(rng: &mut Rng) -> Self {
        rng.unit() as f32
    }
    const EPS: f64 = f32::EPSILON as f64;
}

impl El for f64 {
    fn from_f64(x: f64) -> Self {
        x
    }
    fn to_f64(self) -> f64 {
        self
    }
    fn random(rng: &mut Rng) -> Self {
        rng.unit()
    }
    const EPS: f64 = f64::EPSILON;
}

impl El for i32 {
    fn from_f64(x: f64) -> Self {
        x as i32
    }
    fn to_f64(self) -> f64 {
        self as f64
    }
    fn random(rng: &mut Rng) -> Self {
        // Mostly full-range values so that products wrap, some small ones.
        if rng.below(4) == 0 {
            rng.below(7) as i32 - 3
        } else {
            rng.next() as i32
        }
    }
    const EPS: f64 = 0.0;
}

impl El for i64 {
    fn from_f64(x: f64) -> Self {
        x as i64
    }
    fn to_f64(self) -> f64 {
        self as f64
    }
    fn random(rng: &mut Rng) -> Self {
        if rng.below(4) == 0 {
            rng.below(7) as i64 - 3
        } else {
            rng.next() as i64
        }
    }
    const EPS: f64 = 0.0;
}

fn random_matrix<T: El>(rng: &mut Rng, m: usize, n: usize) -> Array2<T> {
    Array2::from_shape_fn((m, n), |_| T::random(rng))
}

/// How a logical matrix is laid out in memory.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Layout {
    C,
    F,
    /// Every 2nd row and 3rd column of a larger C array.
    Strided,
    /// Both axes reversed: negative strides.
    Reversed,
    /// Fortran order with the rows reversed.
    RevRowsF,
    /// The transpose of a strided C array (column stride larger than 1, row stride large).
    StridedT,
}

const LAYOUTS: [Layout; 6] = [
    Layout::C,
    Layout::F,
    Layout::Strided,
    Layout::Reversed,
    Layout::RevRowsF,
    Layout::StridedT,
];

/// A matrix stored in some layout: the storage plus how to view it.
struct Laid<T> {
    base: Array2<T>,
    layout: Layout,
}

impl<T: El> Laid<T> {
    fn new(x: &Array2<T>, layout: Layout) -> Self {
        let (m, n) = x.dim();
        let base = match layout {
            Layout::C => x.as_standard_layout().into_owned(),
            Layout::F | Layout::RevRowsF => {
                let mut f = Array2::from_elem((m, n).f(), T::ZERO);
                if layout == Layout::F {
                    f.assign(x);
                } else {
                    f.slice_mut(s![..;-1, ..]).assign(x);
                }
                f
            }
            Layout::Strided => {
                let mut b = Array2::from_elem((2 * m + 1, 3 * n), T::from_f64(7.0));
                b.slice_mut(s![1..2 * m + 1;2, 0..3 * n;3]).assign(x);
                b
            }
            Layout::Reversed => x.slice(s![..;-1, ..;-1]).as_standard_layout().into_owned(),
            Layout::StridedT => {
                let mut b = Array2::from_elem((3 * n, 2 * m), T::from_f64(7.0));
                b.slice_mut(s![0..3 * n;3, 0..2 * m;2]).assign(&x.t());
                b
            }
        };
        let laid = Self { base, layout };
        assert_eq!(laid.view(), x.view());
        laid
    }

    fn view(&self) -> ArrayView2<'_, T> {
        let (bm, bn) = self.base.dim();
        match self.layout {
            Layout::C | Layout::F => self.base.view(),
            Layout::RevRowsF | Layout::Reversed => {
                let v = self.base.view();
                if self.layout == Layout::RevRowsF {
                    v.slice_move(s![..;-1, ..])
                } else {
                    v.slice_move(s![..;-1, ..;-1])
                }
            }
            Layout::Strided => self.base.slice(s![1..bm;2, 0..bn;3]),
            Layout::StridedT => self.base.slice(s![0..bm;3, 0..bn;2]).reversed_axes(),
        }
    }

    fn view_mut(&mut self) -> ArrayViewMut2<'_, T> {
        let (bm, bn) = self.base.dim();
        match self.layout {
            Layout::C | Layout::F => self.base.view_mut(),
            Layout::RevRowsF => self.base.slice_mut(s![..;-1, ..]),
            Layout::Reversed => self.base.slice_mut(s![..;-1, ..;-1]),
            Layout::Strided => self.base.slice_mut(s![1..bm;2, 0..bn;3]),
            Layout::StridedT => self.base.slice_mut(s![0..bm;3, 0..bn;2]).reversed_axes(),
        }
    }
}

/// `alpha * (a @ b) + beta * out` by the triple loop, in f64 (floats) with the bound on
/// the rounding error of each element; for integers, exact with wrapping.
fn reference<T: El>(
    a: &Array2<T>,
    b: &Array2<T>,
    out: &Array2<T>,
    alpha: T,
    beta: T,
) -> (Array2<f64>, Array2<f64>) {
    let (m, k) = a.dim();
    let n = b.ncols();
    let mut want = Array2::zeros((m, n));
    let mut bound = Array2::zeros((m, n));
    for i in 0..m {
        for j in 0..n {
            if T::EPS == 0.0 {
                let mut acc = T::ZERO;
                for p in 0..k {
                    acc = acc.add(a[[i, p]].mul(b[[p, j]]));
                }
                let mut v = alpha.mul(acc);
                if beta != T::ZERO {
                    v = v.add(beta.mul(out[[i, j]]));
                }
                want[[i, j]] = v.to_f64();
            } else {
                let (mut acc, mut abs) = (0.0, 0.0);
                for p in 0..k {
                    let t = a[[i, p]].to_f64() * b[[p, j]].to_f64();
                    acc += t;
                    abs += t.abs();
                }
                let (al, be) = (alpha.to_f64(), beta.to_f64());
                let mut v = al * acc;
                let mut e = al.abs() * abs;
                if be != 0.0 {
                    v += be * out[[i, j]].to_f64();
                    e += (be * out[[i, j]].to_f64()).abs();
                }
                want[[i, j]] = v;
                // Each of the k + 2 roundings costs at most EPS of the running magnitude.
                bound[[i, j]] = 2.0 * T::EPS * (k as f64 + 3.0) * e + f64::MIN_POSITIVE;
            }
        }
    }
    (want, bound)
}

fn assert_close<T: El>(got: ArrayView2<'_, T>, want: &Array2<f64>, bound: &Array2<f64>, ctx: &str) {
    assert_eq!(got.dim(), want.dim(), "{ctx}");
    for ((i, j), &w) in want.indexed_iter() {
        let g = got[[i, j]].to_f64();
        let err = (g - w).abs();
        assert!(
            err <= bound[[i, j]],
            "{ctx}: at ({i}, {j}) got {g}, want {w} (error {err} > bound {})",
            bound[[i, j]]
        );
    }
}

const ALPHAS: [f64; 4] = [0.0, 1.0, -1.0, 2.0];
const BETAS: [f64; 4] = [0.0, 1.0, -1.0, 3.0];

/// One product with the given shapes, layouts, scalars and thread count, checked.
#[allow(clippy::too_many_arguments)]
fn check_one<T: El>(
    rng: &mut Rng,
    (m, k, n): (usize, usize, usize),
    layouts: [Layout; 3],
    alpha: T,
    beta: T,
    threads: usize,
) {
    let a = random_matrix::<T>(rng, m, k);
    let b = random_matrix::<T>(rng, k, n);
    let out0 = random_matrix::<T>(rng, m, n);
    let la = Laid::new(&a, layouts[0]);
    let lb = Laid::new(&b, layouts[1]);
    let mut lo = Laid::new(&out0, layouts[2]);
    let ctx = format!(
        "{} ({m}x{k}) @ ({k}x{n}), layouts {layouts:?}, alpha {alpha:?}, beta {beta:?}, threads {threads}",
        std::any::type_name::<T>()
    );
    matmul_with(
        la.view(),
        lb.view(),
        lo.view_mut(),
        Epilogue::new(alpha, beta),
        threads,
    )
    .unwrap_or_else(|e| panic!("{ctx}: {e}"));
    let (want, bound) = reference(&a, &b, &out0, alpha, beta);
    assert_close(lo.view(), &want, &bound, &ctx);
}

const DIMS: [usize; 12] = [0, 1, 2, 3, 4, 7, 8, 16, 17, 33, 64, 65];

fn random_products<T: El>(seed: u64, count: usize) {
    let mut rng = Rng(seed);
    for c in 0..count {
        let shape = (rng.pick(&DIMS), rng.pick(&DIMS), rng.pick(&DIMS));
        let layouts = [rng.pick(&LAYOUTS), rng.pick(&LAYOUTS), rng.pick(&LAYOUTS)];
        let alpha = T::from_f64(ALPHAS[c % 4]);
        let beta = T::from_f64(BETAS[(c / 4) % 4]);
        let threads = rng.pick(&[0, 1, 2, 3]);
        check_one(&mut rng, shape, layouts, alpha, beta, threads);
    }
}

#[test]
fn f32_random_shapes_layouts_scalars() {
    random_products::<f32>(1, 400);
}

#[test]
fn f64_random_shapes_layouts_scalars() {
    random_products::<f64>(2, 400);
}

#[test]
fn i32_random_shapes_layouts_scalars_wrapping() {
    random_products::<i32>(3, 300);
}

#[test]
fn i64_random_shapes_layouts_scalars_wrapping() {
    random_products::<i64>(4, 300);
}

/// Every layout of every operand, and every alpha/beta class, on small non-square shapes.
fn all_layouts_and_scalars<T: El>(seed: u64) {
    let mut rng = Rng(seed);
    for &la in &LAYOUTS {
        for &lb in &LAYOUTS {
            for &lo in &LAYOUTS {
                for (ai, &alpha) in ALPHAS.iter().enumerate() {
                    let beta = BETAS[(ai + rng.below(4)) % 4];
                    check_one(
                        &mut rng,
                        (5, 3, 4),
                        [la, lb, lo],
                        T::from_f64(alpha),
                        T::from_f64(beta),
                        1,
                    );
                }
            }
        }
    }
    for &alpha in &ALPHAS {
        for &beta in &BETAS {
            for shape in [
                (1, 1, 1),
                (3, 1, 2),
                (1, 5, 1),
                (2, 0, 3),
                (0, 3, 2),
                (2, 3, 0),
            ] {
                check_one(
                    &mut rng,
                    shape,
                    [Layout::C; 3],
                    T::from_f64(alpha),
                    T::from_f64(beta),
                    0,
                );
            }
        }
    }
}

#[test]
fn f32_every_layout_and_scalar_class() {
    all_layouts_and_scalars::<f32>(5);
}

#[test]
fn f64_every_layout_and_scalar_class() {
    all_layouts_and_scalars::<f64>(6);
}

#[test]
fn i32_every_layout_and_scalar_class() {
    all_layouts_and_scalars::<i32>(7);
}

#[test]
fn i64_every_layout_and_scalar_class() {
    all_layouts_and_scalars::<i64>(8);
}

/// Shapes past the kernels' blocks (faer's packed GEMM, the integer kernel's KC/NC/MB
/// tiles) and the parallel paths.
#[test]
fn larger_products_all_types() {
    let mut rng = Rng(9);
    let shape = (150, 290, 270);
    for threads in [1, 2, 0] {
        let layouts = [Layout::C, Layout::F, Layout::C];
        check_one::<f32>(&mut rng, shape, layouts, 1.0, 0.0, threads);
        check_one::<f64>(&mut rng, shape, layouts, -1.0, 3.0, threads);
        check_one::<i32>(&mut rng, shape, layouts, 1, 0, threads);
        check_one::<i64>(&mut rng, shape, layouts, 2, -1, threads);
    }
    let layouts = [Layout::Strided, Layout::Reversed, Layout::RevRowsF];
    check_one::<f32>(&mut rng, (130, 70, 260), layouts, 2.0, 1.0, 2);
    check_one::<i32>(&mut rng, (130, 140, 260), layouts, 3, 1, 2);
}

#[test]
fn inside_a_custom_thread_pool() {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(3)
        .build()
        .unwrap();
    pool.install(|| {
        let mut rng = Rng(10);
        check_one::<f64>(&mut rng, (200, 100, 150), [Layout::C; 3], 1.0, 0.0, 0);
        check_one::<i64>(&mut rng, (200, 100, 150), [Layout::C; 3], 1, 0, 0);
    });
}

#[test]
fn zero_inner_size_gives_beta_times_out() {
    for beta in [0.0f64, 1.0, -2.0] {
        let a = Array2::<f64>::zeros((3, 0));
        let b = Array2::<f64>::zeros((0, 4));
        let mut out = Array2::from_shape_fn((3, 4), |(i, j)| (i * 4 + j) as f64);
        let before = out.clone();
        matmul(a.view(), b.view(), out.view_mut(), Epilogue::new(5.0, beta)).unwrap();
        assert_eq!(out, before.mapv(|x| beta * x), "beta {beta}");
    }
    let a = Array2::<i32>::zeros((2, 0));
    let b = Array2::<i32>::zeros((0, 2));
    let mut out = Array2::from_elem((2, 2), i32::MAX);
    matmul(a.view(), b.view(), out.view_mut(), Epilogue::new(1, 2)).unwrap();
    assert_eq!(out, Array2::from_elem((2, 2), i32::MAX.wrapping_mul(2)));
}

#[test]
fn empty_outputs_are_fine() {
    let a = Array2::<f32>::zeros((0, 3));
    let b = Array2::<f32>::ones((3, 4));
    let mut out = Array2::<f32>::zeros((0, 4));
    matmul(a.view(), b.view(), out.view_mut(), Epilogue::default()).unwrap();
    let a = Array2::<f32>::ones((3, 3));
    let b0 = Array2::<f32>::zeros((3, 0));
    let mut out = Array2::<f32>::zeros((3, 0));
    matmul(a.view(), b0.view(), out.view_mut(), Epilogue::default()).unwrap();
}

#[test]
fn beta_zero_does_not_read_out() {
    let a = Array2::from_elem((4, 5), 1.0f64);
    let b = Array2::from_elem((5, 6), 2.0f64);
    let mut out = Array2::from_elem((4, 6), f64::NAN);
    matmul(a.view(), b.view(), out.view_mut(), Epilogue::overwrite()).unwrap();
    assert_eq!(out, Array2::from_elem((4, 6), 10.0));
    // k = 0 and alpha = 0 overwrite with zeros too.
    let mut out = Array2::from_elem((4, 6), f64::NAN);
    matmul(a.view(), b.view(), out.view_mut(), Epilogue::new(0.0, 0.0)).unwrap();
    assert_eq!(out, Array2::zeros((4, 6)));
}

#[test]
fn broadcast_inputs_with_zero_strides() {
    let mut rng = Rng(11);
    let row = random_matrix::<f64>(&mut rng, 1, 6);
    let col = random_matrix::<f64>(&mut rng, 6, 1);
    let a = row.broadcast((5, 6)).unwrap();
    let b = col.broadcast((6, 7)).unwrap();
    assert_eq!(a.strides()[0], 0);
    assert_eq!(b.strides()[1], 0);
    let (a_own, b_own) = (a.to_owned(), b.to_owned());
    for threads in [1, 2] {
        let mut out = Array2::zeros((5, 7));
        matmul_with(a, b, out.view_mut(), Epilogue::overwrite(), threads).unwrap();
        let (want, bound) = reference(&a_own, &b_own, &Array2::zeros((5, 7)), 1.0, 0.0);
        assert_close(out.view(), &want, &bound, "broadcast");
    }
    // A broadcast integer matrix.
    let r = Array2::from_shape_fn((1, 3), |(_, j)| j as i32 + 1);
    let a = r.broadcast((2, 3)).unwrap();
    let b = Array2::from_shape_fn((3, 2), |(i, j)| (i + j) as i32);
    let mut out = Array2::zeros((2, 2));
    matmul(a, b.view(), out.view_mut(), Epilogue::overwrite()).unwrap();
    assert_eq!(out, arr::ndarray::array![[8, 14], [8, 14]]);
}

#[test]
fn integer_products_wrap() {
    let a = arr::ndarray::array![[i32::MAX, 2], [i32::MIN, -1]];
    let b = arr::ndarray::array![[2, 1], [i32::MAX, 0]];
    let mut out = Array2::zeros((2, 2));
    matmul(a.view(), b.view(), out.view_mut(), Epilogue::overwrite()).unwrap();
    let w = |x: i32, y: i32, z: i32, t: i32| x.wrapping_mul(y).wrapping_add(z.wrapping_mul(t));
    assert_eq!(
        out,
        arr::ndarray::array![
            [w(i32::MAX, 2, 2, i32::MAX), i32::MAX],
            [w(i32::MIN, 2, -1, i32::MAX), i32::MIN]
        ]
    );
    let x = Array1::from_elem(3, i64::MAX);
    assert_eq!(
        dot(x.view(), x.view()).unwrap(),
        i64::MAX.wrapping_mul(i64::MAX).wrapping_mul(3)
    );
}

#[test]
fn matmul_map_fuses_bias_and_relu() {
    let mut rng = Rng(12);
    for (m, k, n, out_layout, threads) in [
        (3, 4, 5, Layout::C, 1),
        (200, 30, 210, Layout::C, 2),
        (210, 30, 200, Layout::F, 0),
        (64, 8, 600, Layout::Reversed, 2),
    ] {
        let x = random_matrix::<f32>(&mut rng, m, k);
        let w = random_matrix::<f32>(&mut rng, k, n);
        let bias: Vec<f32> = (0..n).map(|_| rng.unit() as f32).collect();
        let mut out = Laid::new(&Array2::zeros((m, n)), out_layout);
        matmul_map_with(
            x.view(),
            w.view(),
            out.view_mut(),
            Epilogue::overwrite(),
            threads,
            |_, j, acc| (acc + bias[j]).max(0.0),
        )
        .unwrap();
        let (prod, bound) = reference(&x, &w, &Array2::zeros((m, n)), 1.0, 0.0);
        for ((i, j), &p) in prod.indexed_iter() {
            let want = (p + bias[j] as f64).max(0.0);
            let got = out.view()[[i, j]] as f64;
            assert!(
                (got - want).abs() <= bound[[i, j]] + 1e-6,
                "({i}, {j}): {got} vs {want}"
            );
        }
    }
    // The row index reaches f too, and beta applies before it.
    let a = Array2::from_elem((3, 2), 1i64);
    let b = Array2::from_elem((2, 2), 1i64);
    let mut out = Array2::from_elem((3, 2), 10i64);
    matmul_map(
        a.view(),
        b.view(),
        out.view_mut(),
        Epilogue::new(1, 1),
        |i, j, acc| acc * 100 + (i * 10 + j) as i64,
    )
    .unwrap();
    assert_eq!(
        out,
        arr::ndarray::array![[1200, 1201], [1210, 1211], [1220, 1221]]
    );
}

#[test]
fn matvec_and_vecmat() {
    let mut rng = Rng(13);
    for (m, k) in [(0, 3), (3, 0), (1, 1), (7, 5), (70, 130)] {
        for layout in LAYOUTS {
            for (alpha, beta) in [(1.0, 0.0), (2.0, 1.0), (-1.0, 3.0), (0.0, -1.0)] {
                let a = random_matrix::<f64>(&mut rng, m, k);
                let la = Laid::new(&a, layout);
                // x with a negative stride, y strided.
                let xs = random_matrix::<f64>(&mut rng, k, 1);
                let mut ybase = random_matrix::<f64>(&mut rng, 2 * m, 1);
                let y0 = ybase.slice(s![..;2, ..]).to_owned();
                matvec_with(
                    la.view(),
                    xs.column(0).slice_move(s![..;-1]),
                    ybase.column_mut(0).slice_move(s![..;2]),
                    Epilogue::new(alpha, beta),
                    2,
                )
                .unwrap();
                let x_rev = xs.slice(s![..;-1, ..]).to_owned();
                let (want, bound) = reference(&a, &x_rev, &y0, alpha, beta);
                assert_close(ybase.slice(s![..;2, ..]), &want, &bound, "matvec");

                // vecmat with the same matrix: y (length k) = x (length m) @ a.
                let x = random_matrix::<f64>(&mut rng, 1, m);
                let mut y = random_matrix::<f64>(&mut rng, 1, k);
                let y0 = y.clone();
                let e = Epilogue::new(alpha, beta);
                if k % 2 == 0 {
                    vecmat(x.row(0), la.view(), y.row_mut(0), e).unwrap();
                } else {
                    vecmat_with(x.row(0), la.view(), y.row_mut(0), e, 1).unwrap();
                }
                let (want, bound) = reference(&x, &a, &y0, alpha, beta);
                assert_close(y.view(), &want, &bound, "vecmat");
            }
        }
    }
    let a = arr::ndarray::array![[1i32, 2], [3, 4], [5, 6]];
    let mut y = Array1::zeros(3);
    matvec(
        a.view(),
        arr::ndarray::array![1, -1].view(),
        y.view_mut(),
        Epilogue::overwrite(),
    )
    .unwrap();
    assert_eq!(y, arr::ndarray::array![-1, -1, -1]);
}

/// Products with one output row or column at sizes that take every path of the
/// matrix–vector loops: rows contiguous or columns contiguous, with the inner size cut
/// into slices or not, one thread or several. Each result is checked against the triple
/// loop once and must be bit-for-bit the same for every thread count.
fn large_matvec<T: El>(seed: u64, alpha: T, beta: T) {
    let mut rng = Rng(seed);
    // (rows, inner, layout of the matrix): C gives contiguous rows, F contiguous columns.
    let cases = [
        (200, 20_000, Layout::C),       // few long rows: inner size sliced
        (3000, 300, Layout::C),         // many rows
        (300, 3000, Layout::F),         // columns, inner size sliced
        (33_000, 260, Layout::F),       // too many rows to slice: blocks of rows
        (40_000, 2, Layout::F),         // short inner size
        (2500, 2500, Layout::StridedT), // neither axis contiguous: the GEMM kernel
    ];
    for (rows, k, layout) in cases {
        let a = random_matrix::<T>(&mut rng, rows, k);
        let x = random_matrix::<T>(&mut rng, k, 1);
        let y0 = random_matrix::<T>(&mut rng, rows, 1);
        let la = Laid::new(&a, layout);
        let ctx = format!("{} {rows}x{k} {layout:?}", std::any::type_name::<T>());
        let mut first: Option<Array2<T>> = None;
        for threads in [1, 2, 3, 0] {
            // a @ x, and the same product as (x.T @ a.T).T through vecmat.
            let mut y = y0.clone();
            let e = Epilogue::new(alpha, beta);
            matvec_with(la.view(), x.column(0), y.column_mut(0), e, threads).unwrap();
            let mut yt = y0.t().to_owned();
            vecmat_with(
                x.column(0),
                la.view().reversed_axes(),
                yt.row_mut(0),
                e,
                threads,
            )
            .unwrap();
            assert_eq!(
                y,
                yt.t(),
                "{ctx}: matvec and vecmat differ, threads {threads}"
            );
            match &first {
                None => {
                    let (want, bound) = reference(&a, &x, &y0, alpha, beta);
                    assert_close(y.view(), &want, &bound, &ctx);
                    first = Some(y);
                }
                Some(f) => assert_eq!(&y, f, "{ctx}: threads {threads} changed the result"),
            }
        }
    }
}

#[test]
fn large_matvec_every_path_all_types() {
    large_matvec::<f32>(21, 1.0, 0.0);
    large_matvec::<f64>(22, -2.0, 1.0);
    large_matvec::<i32>(23, 3, -1);
    large_matvec::<i64>(24, 1, 2);
}

/// `x @ x.T` and `x.T @ x` (one buffer as both factors) take a triangular path that
/// computes half the product and mirrors it: check it in every layout, with `beta` both
/// zero (written in place) and not (old contents not symmetric), against the triple loop.
fn gram_products<T: El>(seed: u64) {
    let mut rng = Rng(seed);
    for (m, k) in [(70, 33), (150, 260), (65, 1)] {
        for layout in LAYOUTS {
            for (alpha, beta) in [(1.0, 0.0), (-2.0, 1.0), (3.0, -1.0)] {
                let (alpha, beta) = (T::from_f64(alpha), T::from_f64(beta));
                let x = random_matrix::<T>(&mut rng, m, k);
                let lx = Laid::new(&x, layout);
                let ctx = format!("{} {m}x{k} {layout:?}", std::any::type_name::<T>());
                let out0 = random_matrix::<T>(&mut rng, m, m);
                let mut out = out0.clone();
                let (a, b) = (lx.view(), lx.view().reversed_axes());
                matmul_with(a, b, out.view_mut(), Epilogue::new(alpha, beta), 2).unwrap();
                let (want, bound) = reference(&x, &x.t().to_owned(), &out0, alpha, beta);
                assert_close(out.view(), &want, &bound, &format!("{ctx} x @ x.T"));
                let out0 = random_matrix::<T>(&mut rng, k, k);
                let mut out = out0.clone();
                let (a, b) = (lx.view().reversed_axes(), lx.view());
                matmul_with(a, b, out.view_mut(), Epilogue::new(alpha, beta), 0).unwrap();
                let (want, bound) = reference(&x.t().to_owned(), &x, &out0, alpha, beta);
                assert_close(out.view(), &want, &bound, &format!("{ctx} x.T @ x"));
            }
        }
    }
}

#[test]
fn gram_products_all_types() {
    gram_products::<f32>(31);
    gram_products::<f64>(32);
    gram_products::<i64>(33);
}

#[test]
fn dot_products() {
    let mut rng = Rng(14);
    for n in [0usize, 1, 15, 16, 17, 100, 1000] {
        let x: Array1<f32> = (0..n).map(|_| rng.unit() as f32).collect();
        let ybase: Array1<f32> = (0..2 * n).map(|_| rng.unit() as f32).collect();
        let y = ybase.slice(s![..;-2]);
        let want: f64 = x
            .iter()
            .zip(y.iter())
            .map(|(&p, &q)| p as f64 * q as f64)
            .sum();
        let abs: f64 = x
            .iter()
            .zip(y.iter())
            .map(|(&p, &q)| (p as f64 * q as f64).abs())
            .sum();
        let tol = 2.0 * f32::EPSILON as f64 * (n as f64 + 2.0) * abs + 1e-30;
        let got = dot(x.view(), y).unwrap() as f64;
        assert!((got - want).abs() <= tol, "n {n}: {got} vs {want}");
        let yc = y.to_owned();
        let got = dot(x.view(), yc.view()).unwrap() as f64;
        assert!(
            (got - want).abs() <= tol,
            "n {n} contiguous: {got} vs {want}"
        );
    }
    let x = arr::ndarray::array![1i64, 2, 3];
    assert_eq!(dot(x.view(), x.view()).unwrap(), 14);
    assert_eq!(
        dot(Array1::<f64>::zeros(0).view(), Array1::zeros(0).view()).unwrap(),
        0.0
    );
}

fn shape_message(e: Error) -> String {
    match e {
        Error::ShapeMismatch(msg) => msg,
        other => panic!("expected a shape mismatch, got {other:?}"),
    }
}

#[test]
fn shape_errors_are_reported_not_panicked() {
    let a = Array2::<f64>::zeros((2, 3));
    let b = Array2::<f64>::zeros((4, 5));
    let mut out = Array2::<f64>::from_elem((2, 5), 9.0);
    let e = matmul(a.view(), b.view(), out.view_mut(), Epilogue::default()).unwrap_err();
    assert_eq!(
        shape_message(e),
        "matmul of shapes [2, 3] and [4, 5]: inner sizes 3 and 4 differ"
    );
    // Nothing was written.
    assert_eq!(out, Array2::from_elem((2, 5), 9.0));

    let b = Array2::<f64>::zeros((3, 5));
    for bad in [(2, 4), (3, 5), (5, 2), (0, 0)] {
        let mut out = Array2::<f64>::zeros(bad);
        let e = matmul(a.view(), b.view(), out.view_mut(), Epilogue::default()).unwrap_err();
        assert_eq!(
            shape_message(e),
            format!(
                "matmul of shapes [2, 3] and [3, 5] gives shape [2, 5], but the output has shape {}",
                Error::shape_str(&[bad.0, bad.1])
            )
        );
    }
    let mut out = Array2::<f64>::zeros((2, 5));
    let e = matmul_map(
        a.view(),
        a.view(),
        out.view_mut(),
        Epilogue::default(),
        |_, _, x| x,
    )
    .unwrap_err();
    assert!(shape_message(e).contains("inner sizes 3 and 2 differ"));

    let x = Array1::<f64>::zeros(4);
    let mut y = Array1::<f64>::zeros(2);
    let e = matvec(a.view(), x.view(), y.view_mut(), Epilogue::default()).unwrap_err();
    assert_eq!(
        shape_message(e),
        "matvec of shapes [2, 3] and [4]: inner sizes 3 and 4 differ"
    );
    let x = Array1::<f64>::zeros(3);
    let mut y3 = Array1::<f64>::zeros(3);
    let e = matvec(a.view(), x.view(), y3.view_mut(), Epilogue::default()).unwrap_err();
    assert_eq!(
        shape_message(e),
        "matvec of shapes [2, 3] and [3] gives shape [2], but the output has shape [3]"
    );
    let e = vecmat(x.view(), a.view(), y3.view_mut(), Epilogue::default()).unwrap_err();
    assert_eq!(
        shape_message(e),
        "vecmat of shapes [3] and [2, 3]: inner sizes 3 and 2 differ"
    );
    let x2 = Array1::<f64>::zeros(2);
    let e = vecmat(x2.view(), a.view(), y.view_mut(), Epilogue::default()).unwrap_err();
    assert_eq!(
        shape_message(e),
        "vecmat of shapes [2] and [2, 3] gives shape [3], but the output has shape [2]"
    );
    let e = dot(x.view(), x2.view()).unwrap_err();
    assert_eq!(
        shape_message(e),
        "dot of shapes [3] and [2]: inner sizes 3 and 2 differ"
    );
    let xi = Array1::<i32>::zeros(3);
    let yi = Array1::<i32>::zeros(1);
    assert!(dot(xi.view(), yi.view()).is_err());
}

#[test]
fn transposed_views_of_one_array() {
    // a @ a.T with both operands views of the same storage.
    let mut rng = Rng(15);
    let a = random_matrix::<f64>(&mut rng, 9, 40);
    let mut out = Array2::zeros((9, 9));
    matmul(a.view(), a.t(), out.view_mut(), Epilogue::overwrite()).unwrap();
    let at = a.t().to_owned();
    let (want, bound) = reference(&a, &at, &Array2::zeros((9, 9)), 1.0, 0.0);
    assert_close(out.view(), &want, &bound, "a @ a.T");
    // Into a transposed output.
    let mut out_t = Array2::zeros((9, 9));
    matmul(
        a.view(),
        a.t(),
        out_t.view_mut().reversed_axes(),
        Epilogue::overwrite(),
    )
    .unwrap();
    assert_close(out_t.t(), &want, &bound, "a @ a.T into out.T");
}

/// `rt::matvec_pair` gives, bit for bit, what `rt::matmul` gives for each product alone,
/// on the one-pass route and on every fallback (few rows, a very long row, one column,
/// non-contiguous rows, reversed rows), on 1 and 3 threads; a shape error is the one
/// the first product in program order meets.
fn pair_matches_matmul<T: El + arr::rt::Num>(seed: u64) {
    use arr::ndarray::Axis;
    use arr::rt;
    let mut rng = Rng(seed);
    for &(m, n) in &[
        (300, 500),
        (1027, 33),
        (256, 5),
        (300, 2),
        (5, 100),
        (256, 16_384),
        (300, 1),
    ] {
        let base = random_matrix::<T>(&mut rng, m, n);
        let x = Array1::from_shape_fn(n, |_| T::random(&mut rng)).into_dyn();
        let y = Array1::from_shape_fn(m, |_| T::random(&mut rng)).into_dyn();
        let fortran = {
            let mut f = Array2::from_elem((m, n).f(), <T as Gemm>::ZERO);
            f.assign(&base);
            f
        };
        let mut flipped = base.clone();
        flipped.invert_axis(Axis(0));
        for (what, a) in [
            ("C", base.view()),
            ("F", fortran.view()),
            ("reversed rows", flipped.view()),
        ] {
            let a = a.into_dyn();
            let want_ax = rt::matmul(a.view(), x.view()).unwrap();
            let want_ya = rt::matmul(y.view(), a.view()).unwrap();
            for threads in [1, 3] {
                let pool = rayon::ThreadPoolBuilder::new()
                    .num_threads(threads)
                    .build()
                    .unwrap();
                for x_first in [true, false] {
                    let (ax, ya) = pool
                        .install(|| rt::matvec_pair(a.view(), x.view(), y.view(), x_first))
                        .unwrap();
                    let ctx = format!("{m}x{n} {what}, {threads} threads");
                    // (Debug text tells every two values apart, -0.0 from 0.0 too.)
                    let bits = |v: &arr::ndarray::ArrayD<T>| {
                        v.iter().map(|e| format!("{e:?}")).collect::<Vec<_>>()
                    };
                    assert_eq!(ax.shape(), &[m], "{ctx}");
                    assert_eq!(ya.shape(), &[n], "{ctx}");
                    assert_eq!(bits(&ax), bits(&want_ax), "a @ x, {ctx}");
                    assert_eq!(bits(&ya), bits(&want_ya), "y @ a, {ctx}");
                }
            }
        }
        // Against the naive loop too (an oracle independent of both routes; integer
        // products wrap, which the bit comparison with `matmul` covers).
        if T::EPS > 0.0 {
            let (ax, ya) =
                rt::matvec_pair(base.view().into_dyn(), x.view(), y.view(), true).unwrap();
            let close = |got: T, terms: &[f64], ctx: String| {
                let want: f64 = terms.iter().sum();
                let scale: f64 = terms.iter().map(|t| t.abs()).sum();
                let tol = T::EPS * 4.0 * terms.len() as f64 * scale;
                assert!((got.to_f64() - want).abs() <= tol + 1e-300, "{ctx}");
            };
            for i in 0..m {
                let terms: Vec<f64> = (0..n)
                    .map(|j| base[[i, j]].to_f64() * x[[j]].to_f64())
                    .collect();
                close(ax[[i]], &terms, format!("a @ x row {i}"));
            }
            for j in 0..n {
                let terms: Vec<f64> = (0..m)
                    .map(|i| y[[i]].to_f64() * base[[i, j]].to_f64())
                    .collect();
                close(ya[[j]], &terms, format!("y @ a column {j}"));
            }
        }
    }
    // Shape errors: the product the program computes first reports.
    let a = Array2::from_elem((300, 40), <T as Gemm>::ONE).into_dyn();
    let (x, y) = (
        Array1::from_elem(41, <T as Gemm>::ONE).into_dyn(),
        Array1::from_elem(299, <T as Gemm>::ONE).into_dyn(),
    );
    let first = rt::matvec_pair(a.view(), x.view(), y.view(), true).unwrap_err();
    assert_eq!(
        first.to_string(),
        rt::matmul(a.view(), x.view()).unwrap_err().to_string()
    );
    let first = rt::matvec_pair(a.view(), x.view(), y.view(), false).unwrap_err();
    assert_eq!(
        first.to_string(),
        rt::matmul(y.view(), a.view()).unwrap_err().to_string()
    );
}

#[test]
fn matvec_pairs_match_the_single_products() {
    pair_matches_matmul::<f64>(71);
    pair_matches_matmul::<f32>(72);
    pair_matches_matmul::<i64>(73);
}
