//! End-to-end tests of the reference interpreter: Arr source compiled by
//! `arr_compiler::compile`, run by `interp::run`, and compared with values computed by
//! hand or with NumPy (the NumPy expression is noted next to each expected value).

use arr_compiler::{compile, interp, Value};
use ndarray::{ArrayD, IxDyn};

fn run(src: &str, entry: &str, args: &[Value]) -> Result<Vec<Value>, arr::Error> {
    let m = match compile(src) {
        Ok(m) => m,
        Err(d) => panic!("compile failed: {d:?}"),
    };
    interp::run(&m, entry, args)
}

fn run_ok(src: &str, entry: &str, args: &[Value]) -> Vec<Value> {
    match run(src, entry, args) {
        Ok(v) => v,
        Err(e) => panic!("run failed: {e}"),
    }
}

fn f64s(shape: &[usize], data: &[f64]) -> Value {
    Value::F64(ArrayD::from_shape_vec(IxDyn(shape), data.to_vec()).unwrap())
}

fn f32s(shape: &[usize], data: &[f32]) -> Value {
    Value::F32(ArrayD::from_shape_vec(IxDyn(shape), data.to_vec()).unwrap())
}

fn i64s(shape: &[usize], data: &[i64]) -> Value {
    Value::I64(ArrayD::from_shape_vec(IxDyn(shape), data.to_vec()).unwrap())
}

fn f(v: f64) -> Value {
    f64s(&[], &[v])
}

fn i(v: i64) -> Value {
    i64s(&[], &[v])
}

fn get_f64(v: &Value) -> (Vec<usize>, Vec<f64>) {
    match v {
        Value::F64(a) => (a.shape().to_vec(), a.iter().copied().collect()),
        _ => panic!("not f64: {v:?}"),
    }
}

fn get_i64(v: &Value) -> (Vec<usize>, Vec<i64>) {
    match v {
        Value::I64(a) => (a.shape().to_vec(), a.iter().copied().collect()),
        _ => panic!("not i64: {v:?}"),
    }
}

fn assert_close(got: &[f64], want: &[f64], tol: f64) {
    assert_eq!(got.len(), want.len(), "{got:?} vs {want:?}");
    for (g, w) in got.iter().zip(want) {
        assert!(
            (g - w).abs() <= tol * (1.0 + w.abs()),
            "{got:?} vs {want:?}"
        );
    }
}

#[test]
fn saxpy_and_entry_size_mismatch() {
    let src = "fn saxpy(a: f64, x: [n]f64, y: [n]f64) -> [n]f64 { a * x + y }";
    let r = run_ok(
        src,
        "saxpy",
        &[
            f(2.0),
            f64s(&[3], &[1.0, 2.0, 3.0]),
            f64s(&[3], &[1.0, 1.0, 1.0]),
        ],
    );
    assert_eq!(get_f64(&r[0]), (vec![3], vec![3.0, 5.0, 7.0]));
    let e = run(
        src,
        "saxpy",
        &[f(2.0), f64s(&[3], &[0.0; 3]), f64s(&[4], &[0.0; 4])],
    )
    .unwrap_err();
    assert_eq!(
        e,
        arr::Error::SizeMismatch {
            size: "n".into(),
            first: 3,
            first_source: "`x` axis 0".into(),
            second: 4,
            second_source: "`y` axis 0".into()
        }
    );
    let e = run(
        src,
        "saxpy",
        &[f(2.0), i64s(&[3], &[0; 3]), f64s(&[3], &[0.0; 3])],
    )
    .unwrap_err();
    assert!(matches!(e, arr::Error::BadArgument { .. }), "{e:?}");
    assert_eq!(
        run(src, "nope", &[]).unwrap_err(),
        arr::Error::NoSuchFunction("nope".into())
    );
}

#[test]
fn softmax_f32() {
    let src = "
        // Row-wise softmax.
        fn softmax(x: [n, m]f32) -> [n, m]f32 {
            let e = exp(x - max(x, axis=1)[:, newaxis]);
            e / sum(e, axis=1)[:, newaxis]
        }";
    let r = run_ok(
        src,
        "softmax",
        &[f32s(&[2, 3], &[1.0, 2.0, 3.0, 0.5, -1.0, 4.0])],
    );
    let Value::F32(a) = &r[0] else { panic!() };
    let got: Vec<f64> = a.iter().map(|x| *x as f64).collect();
    // e = np.exp(x - x.max(axis=1)[:, None]); e / e.sum(axis=1)[:, None]  (float32)
    let want = [
        0.09003057330846786,
        0.2447284609079361,
        0.6652409434318542,
        0.02912176214158535,
        0.006497942842543125,
        0.9643803238868713,
    ];
    assert_close(&got, &want, 1e-6);
}

#[test]
fn jacobi_2d_slices() {
    let src = "
        fn jacobi_2d(steps: i64, a0: [n, n]f64) -> [n, n]f64 {
            let mut a = a0;
            let mut b = a0;
            for t in 0..steps {
                b[1:-1, 1:-1] = 0.2 * (a[1:-1, 1:-1] + a[1:-1, :-2] + a[1:-1, 2:] + a[2:, 1:-1] + a[:-2, 1:-1]);
                a[1:-1, 1:-1] = 0.2 * (b[1:-1, 1:-1] + b[1:-1, :-2] + b[1:-1, 2:] + b[2:, 1:-1] + b[:-2, 1:-1]);
            }
            a
        }";
    // a0 = np.arange(25.0).reshape(5, 5) ** 1.5 / 7.0
    let a0: Vec<f64> = (0..25).map(|k| (k as f64).powf(1.5) / 7.0).collect();
    let r = run_ok(src, "jacobi_2d", &[i(3), f64s(&[5, 5], &a0)]);
    let want = [
        0.0,
        0.14285714285714285,
        0.4040610178208843,
        0.7423074889580903,
        1.1428571428571428,
        1.5971914124998499,
        2.6926535592236664,
        3.340418602201905,
        3.769776287015497,
        3.857142857142857,
        4.5175395145262565,
        5.819059279036691,
        6.676567687524688,
        7.267098899254326,
        7.483314773547883,
        8.299250027587322,
        9.568383882972723,
        10.531865688028958,
        11.316166850031856,
        11.831297132467542,
        12.777531299998799,
        13.74772708486752,
        14.741306673730778,
        15.757732148027506,
        16.796501093370363,
    ];
    let (shape, got) = get_f64(&r[0]);
    assert_eq!(shape, vec![5, 5]);
    assert_close(&got, &want, 1e-12);
}

#[test]
fn moments_tuple() {
    let src = "
        fn moments(x: [n]f64) -> (f64, f64) {
            let mu = mean(x);
            (mu, mean((x - mu) ** 2))
        }";
    let r = run_ok(src, "moments", &[f64s(&[4], &[1.0, 2.0, 4.0, 7.0])]);
    assert_eq!(r.len(), 2);
    assert_eq!(get_f64(&r[0]), (vec![], vec![3.5]));
    assert_eq!(get_f64(&r[1]), (vec![], vec![5.25]));
}

#[test]
fn cholesky_scalar_loops() {
    let src = "
        fn cholesky(a: [n, n]f64) -> [n, n]f64 {
            let mut l = zeros([n, n], f64);
            for j in 0..n {
                let mut s = a[j, j];
                for k in 0..j {
                    s = s - l[j, k] * l[j, k];
                }
                l[j, j] = sqrt(s);
                for i in j + 1..n {
                    let mut t = a[i, j];
                    for k in 0..j {
                        t -= l[i, k] * l[j, k];
                    }
                    l[i, j] = t / l[j, j];
                }
            }
            l
        }";
    let a = f64s(
        &[3, 3],
        &[4.0, 12.0, -16.0, 12.0, 37.0, -43.0, -16.0, -43.0, 98.0],
    );
    let r = run_ok(src, "cholesky", &[a]);
    // np.linalg.cholesky(a)
    assert_eq!(
        get_f64(&r[0]),
        (
            vec![3, 3],
            vec![2.0, 0.0, 0.0, 6.0, 1.0, 0.0, -8.0, 5.0, 3.0]
        )
    );
}

#[test]
fn slice_assignment_reads_before_writing() {
    let src = "
        fn shift(a: [n]i64) -> [n]i64 {
            let mut b = a;
            b[1:] = b[:-1];
            b
        }
        fn bump(x: [n, m]f64) -> [n, m]f64 {
            let mut y = x;
            y[1:-1, :] += 1.0;
            y[0] = 7.0;
            y[-1, 1:] = y[0, :-1] * 2.0;
            y
        }";
    let r = run_ok(src, "shift", &[i64s(&[5], &[1, 2, 3, 4, 5])]);
    assert_eq!(get_i64(&r[0]).1, vec![1, 1, 2, 3, 4]);
    let x = f64s(&[3, 3], &[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]);
    let r = run_ok(src, "bump", &[x]);
    assert_eq!(
        get_f64(&r[0]).1,
        vec![7.0, 7.0, 7.0, 4.0, 5.0, 6.0, 6.0, 14.0, 14.0]
    );
}

#[test]
fn integer_division_and_errors() {
    let src = "
        fn idiv(a: [n]i64, b: [n]i64) -> ([n]i64, [n]i64) { (a / b, a % b) }
        fn ipow(a: i64, b: i64) -> i64 { a ** b }";
    let r = run_ok(
        src,
        "idiv",
        &[i64s(&[3], &[-7, 7, -7]), i64s(&[3], &[2, -2, -2])],
    );
    assert_eq!(get_i64(&r[0]).1, vec![-3, -3, 3]);
    assert_eq!(get_i64(&r[1]).1, vec![-1, 1, -1]);
    let e = run(src, "idiv", &[i64s(&[2], &[1, 2]), i64s(&[2], &[1, 0])]).unwrap_err();
    assert_eq!(e, arr::Error::DivisionByZero);
    assert_eq!(get_i64(&run_ok(src, "ipow", &[i(3), i(4)])[0]).1, vec![81]);
    assert!(run(src, "ipow", &[i(3), i(-1)]).is_err());
}

#[test]
fn reductions_and_scans() {
    let src = "
        fn stats(x: [n, m]f64) -> ([m]f64, [n, 1]f64, i64, [n]i64, [n, m]f64, [n]f64) {
            (sum(x, axis=0), max(x, axis=1, keepdims=true), argmax(x), argmin(x, axis=-1),
             cumsum(x, axis=1), mean(x, axis=1))
        }
        fn top(x: [n]f64) -> (f64, i64) { (max(x), argmax(x)) }";
    let x = f64s(
        &[4, 3],
        &[3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0, 3.0, 5.0, 8.0],
    );
    let r = run_ok(src, "stats", &[x]);
    assert_eq!(get_f64(&r[0]), (vec![3], vec![9.0, 17.0, 26.0]));
    assert_eq!(get_f64(&r[1]), (vec![4, 1], vec![4.0, 9.0, 6.0, 8.0]));
    assert_eq!(get_i64(&r[2]), (vec![], vec![5]));
    assert_eq!(get_i64(&r[3]), (vec![4], vec![1, 0, 0, 0]));
    assert_eq!(
        get_f64(&r[4]).1,
        vec![3.0, 4.0, 8.0, 1.0, 6.0, 15.0, 2.0, 8.0, 13.0, 3.0, 8.0, 16.0]
    );
    assert_close(
        &get_f64(&r[5]).1,
        &[
            2.6666666666666665,
            5.0,
            4.333333333333333,
            5.333333333333333,
        ],
        1e-15,
    );
    // NaN propagates through max; argmax points at the first NaN; ties take the first.
    let r = run_ok(src, "top", &[f64s(&[4], &[1.0, f64::NAN, 3.0, f64::NAN])]);
    assert!(get_f64(&r[0]).1[0].is_nan());
    assert_eq!(get_i64(&r[1]).1, vec![1]);
    let r = run_ok(src, "top", &[f64s(&[4], &[1.0, 3.0, 3.0, 2.0])]);
    assert_eq!(get_i64(&r[1]).1, vec![1]);
    assert!(run(src, "top", &[f64s(&[0], &[])]).is_err());
}

#[test]
fn linear_algebra() {
    let src = "
        fn mm(a: [n, k]f64, b: [k, m]f64, v: [m]f64) -> ([n, m]f64, [n]f64, f64, [m, m]f64) {
            (a @ b, a @ b @ v, dot(v, v), outer(v, v))
        }";
    let a = f64s(&[3, 2], &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    let b = f64s(&[2, 3], &[1.0, 0.5, -1.0, 2.0, 1.0, 0.0]);
    let v = f64s(&[3], &[1.0, 2.0, 3.0]);
    let r = run_ok(src, "mm", &[a, b, v]);
    assert_eq!(
        get_f64(&r[0]).1,
        vec![5.0, 2.5, -1.0, 11.0, 5.5, -3.0, 17.0, 8.5, -5.0]
    );
    assert_eq!(get_f64(&r[1]).1, vec![7.0, 13.0, 19.0]);
    assert_eq!(get_f64(&r[2]), (vec![], vec![14.0]));
    assert_eq!(
        get_f64(&r[3]).1,
        vec![1.0, 2.0, 3.0, 2.0, 4.0, 6.0, 3.0, 6.0, 9.0]
    );
}

#[test]
fn gather_read_and_write() {
    let src = "
        fn rows(x: [n, m]f64, idx: [k]i64) -> [k, m]f64 { x[idx] }
        fn cols(x: [n, m]f64, idx: [k]i64) -> [n, k]f64 { x[:, idx] }
        fn put(x: [n]f64, idx: [k]i64, v: [k]f64) -> [n]f64 {
            let mut y = x;
            y[idx] = v;
            y
        }";
    let x = f64s(&[2, 3], &[0.0, 1.0, 2.0, 10.0, 11.0, 12.0]);
    let r = run_ok(src, "rows", &[x.clone(), i64s(&[3], &[1, -2, 1])]);
    assert_eq!(
        get_f64(&r[0]),
        (
            vec![3, 3],
            vec![10.0, 11.0, 12.0, 0.0, 1.0, 2.0, 10.0, 11.0, 12.0]
        )
    );
    let r = run_ok(src, "cols", &[x.clone(), i64s(&[2], &[2, 0])]);
    assert_eq!(get_f64(&r[0]), (vec![2, 2], vec![2.0, 0.0, 12.0, 10.0]));
    let e = run(src, "rows", &[x, i64s(&[1], &[2])]).unwrap_err();
    assert_eq!(
        e,
        arr::Error::IndexOutOfRange {
            index: 2,
            axis: 0,
            size: 2
        }
    );
    // x[idx] = v with a duplicate index: the later write wins (NumPy).
    let r = run_ok(
        src,
        "put",
        &[
            f64s(&[4], &[0.0; 4]),
            i64s(&[3], &[1, 3, 1]),
            f64s(&[3], &[5.0, 6.0, 7.0]),
        ],
    );
    assert_eq!(get_f64(&r[0]).1, vec![0.0, 7.0, 0.0, 6.0]);
}

#[test]
fn runtime_slice_and_index_errors() {
    let src = "
        fn tail(x: [n]f64, i: i64) -> f64 { sum(x[i:]) }
        fn at(x: [n]f64, i: i64) -> f64 { x[i] }";
    let x = f64s(&[5], &[1.0, 2.0, 3.0, 4.0, 5.0]);
    assert_eq!(
        get_f64(&run_ok(src, "tail", &[x.clone(), i(3)])[0]).1,
        vec![9.0]
    );
    assert_eq!(
        get_f64(&run_ok(src, "tail", &[x.clone(), i(-2)])[0]).1,
        vec![9.0]
    );
    assert_eq!(
        get_f64(&run_ok(src, "tail", &[x.clone(), i(5)])[0]).1,
        vec![0.0]
    );
    let e = run(src, "tail", &[x.clone(), i(6)]).unwrap_err();
    assert!(
        matches!(
            e,
            arr::Error::InvalidSlice {
                axis: 0,
                size: 5,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(matches!(
        run(src, "tail", &[x.clone(), i(-6)]),
        Err(arr::Error::InvalidSlice { .. })
    ));
    assert_eq!(
        get_f64(&run_ok(src, "at", &[x.clone(), i(-1)])[0]).1,
        vec![5.0]
    );
    let e = run(src, "at", &[x, i(5)]).unwrap_err();
    assert_eq!(
        e,
        arr::Error::IndexOutOfRange {
            index: 5,
            axis: 0,
            size: 5
        }
    );
}

#[test]
fn control_flow() {
    let src = "
        fn collatz(n0: i64) -> i64 {
            let mut n = n0;
            let mut steps = 0;
            while n != 1 {
                if n % 2 == 0 { n = n / 2; } else { n = 3 * n + 1; }
                steps += 1;
            }
            steps
        }
        fn find(x: [n]f64, t: f64) -> i64 {
            let mut i = 0;
            while i < n && x[i] != t { i += 1; }
            i
        }
        fn first_neg(x: [n]f64) -> i64 {
            for i in 0..n {
                if x[i] < 0.0 { return i; }
            }
            -1
        }";
    assert_eq!(get_i64(&run_ok(src, "collatz", &[i(27)])[0]).1, vec![111]);
    let x = f64s(&[3], &[1.0, -2.0, 3.0]);
    assert_eq!(
        get_i64(&run_ok(src, "find", &[x.clone(), f(3.0)])[0]).1,
        vec![2]
    );
    // `&&` short-circuits: `x[3]` is never read.
    assert_eq!(
        get_i64(&run_ok(src, "find", &[x.clone(), f(9.0)])[0]).1,
        vec![3]
    );
    assert_eq!(get_i64(&run_ok(src, "first_neg", &[x])[0]).1, vec![1]);
    assert_eq!(
        get_i64(&run_ok(src, "first_neg", &[f64s(&[2], &[1.0, 2.0])])[0]).1,
        vec![-1]
    );
}

#[test]
fn calls_and_ufuncs() {
    let src = "
        fn relu(v: f64) -> f64 { if v > 0.0 { v } else { 0.0 } }
        fn apply(x: [n, m]f64) -> [n, m]f64 { relu(x - 1.0) }
        fn inner(x: [n]f64) -> [n - 2]f64 { x[1:-1] }
        fn outer2(y: [m]f64) -> [m - 2]f64 { inner(y) * 2.0 }";
    let r = run_ok(src, "apply", &[f64s(&[2, 2], &[0.0, 1.5, 3.0, -1.0])]);
    assert_eq!(get_f64(&r[0]), (vec![2, 2], vec![0.0, 0.5, 2.0, 0.0]));
    let r = run_ok(src, "outer2", &[f64s(&[4], &[1.0, 2.0, 3.0, 4.0])]);
    assert_eq!(get_f64(&r[0]), (vec![2], vec![4.0, 6.0]));
    let e = run(src, "inner", &[f64s(&[1], &[1.0])]).unwrap_err();
    assert!(
        matches!(
            e,
            arr::Error::InvalidSize { .. } | arr::Error::InvalidSlice { .. }
        ),
        "{e:?}"
    );
}

#[test]
fn builders_and_shapes() {
    let src = "
        fn ramp(n: i64) -> [n]f32 { f32(arange(n)) }
        fn ls() -> [6]f64 { linspace(-1.0, 2.0, 6) }
        fn rnd() -> [11]f64 { round(linspace(0.0, 5.0, 11)) }
        fn w(n: i64) -> [n, n]f64 { where(eye(n, bool), 1.5, f64(arange(n))) }
        fn sh(x: [6]i64) -> ([2, 3]i64, [3, 2]i64, [12]i64, [2, 6]i64, [6]i64) {
            let r = reshape(x, [2, 3]);
            (r, r.T, concat([x, x], axis=0), stack([x, x], axis=0), flip(x, axis=0))
        }
        fn lit() -> [2, 2]i64 { [[1, 2], [3, 4]] }";
    let r = run_ok(src, "ramp", &[i(3)]);
    assert_eq!(
        r[0],
        Value::F32(ArrayD::from_shape_vec(IxDyn(&[3]), vec![0.0, 1.0, 2.0]).unwrap())
    );
    assert!(matches!(
        run(src, "ramp", &[i(-1)]),
        Err(arr::Error::InvalidSize { value: -1, .. })
    ));
    // np.linspace(-1.0, 2.0, 6)
    let want = [
        -1.0,
        -0.4,
        0.19999999999999996,
        0.7999999999999998,
        1.4,
        2.0,
    ];
    assert_eq!(get_f64(&run_ok(src, "ls", &[])[0]).1, want.to_vec());
    // np.round(np.linspace(0.0, 5.0, 11)): half to even
    let want = [0.0, 0.0, 1.0, 2.0, 2.0, 2.0, 3.0, 4.0, 4.0, 4.0, 5.0];
    assert_eq!(get_f64(&run_ok(src, "rnd", &[])[0]).1, want.to_vec());
    let r = run_ok(src, "w", &[i(3)]);
    assert_eq!(
        get_f64(&r[0]).1,
        vec![1.5, 1.0, 2.0, 0.0, 1.5, 2.0, 0.0, 1.0, 1.5]
    );
    let r = run_ok(src, "sh", &[i64s(&[6], &[0, 1, 2, 3, 4, 5])]);
    assert_eq!(get_i64(&r[0]), (vec![2, 3], vec![0, 1, 2, 3, 4, 5]));
    assert_eq!(get_i64(&r[1]), (vec![3, 2], vec![0, 3, 1, 4, 2, 5]));
    assert_eq!(
        get_i64(&r[2]),
        (vec![12], vec![0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5])
    );
    assert_eq!(
        get_i64(&r[3]),
        (vec![2, 6], vec![0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5])
    );
    assert_eq!(get_i64(&r[4]), (vec![6], vec![5, 4, 3, 2, 1, 0]));
    assert_eq!(
        get_i64(&run_ok(src, "lit", &[])[0]),
        (vec![2, 2], vec![1, 2, 3, 4])
    );
}

#[test]
fn casts_and_math() {
    let src = "
        fn toi(x: [n]f64) -> [n]i32 { i32(x) }
        fn at2(y: [n]f64, x: [n]f64) -> [n]f64 { atan2(y, x) }
        fn cl(x: [n]f64) -> [n]f64 { clip(x, 0.0, 1.0) }";
    let r = run_ok(
        src,
        "toi",
        &[f64s(&[5], &[-3.9, 3.9, 2.5e9, -2.5e9, f64::NAN])],
    );
    // Rust `as`: truncation toward zero, saturation, NaN -> 0.
    assert_eq!(
        r[0],
        Value::I32(
            ArrayD::from_shape_vec(IxDyn(&[5]), vec![-3, 3, i32::MAX, i32::MIN, 0]).unwrap()
        )
    );
    let r = run_ok(
        src,
        "at2",
        &[
            f64s(&[3], &[1.0, -1.0, 0.0]),
            f64s(&[3], &[-1.0, -1.0, -2.0]),
        ],
    );
    // np.arctan2(y, x)
    assert_close(
        &get_f64(&r[0]).1,
        &[
            3.0 * std::f64::consts::FRAC_PI_4,
            -3.0 * std::f64::consts::FRAC_PI_4,
            std::f64::consts::PI,
        ],
        1e-15,
    );
    let r = run_ok(src, "cl", &[f64s(&[4], &[-1.0, 0.25, 3.0, f64::NAN])]);
    let v = get_f64(&r[0]).1;
    assert_eq!(&v[..3], &[0.0, 0.25, 1.0]);
    assert!(v[3].is_nan());
}
