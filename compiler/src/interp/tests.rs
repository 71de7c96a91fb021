//! Unit tests on hand-built IR (independent of the parser and checker).

use super::run;
use crate::ir::{
    BinaryOp, Block, DType, Expr, ExprId, FuncId, Function, Index, Local, LocalId, MathFn, Module,
    Param, ReduceOp, Scalar, SizeBinding, SizeSource, SizeVarInfo, SizeVarKind, Stmt, Ty, Type,
};
use crate::size::{Size, SizeVar};
use crate::span::Span;
use crate::value::Value;
use ndarray::{ArrayD, IxDyn};

/// A tiny builder of one IR function.
struct FB {
    f: Function,
}

fn ty(dtype: DType, shape: Vec<Size>) -> Type {
    Type { dtype, shape }
}

fn c(k: i64) -> Size {
    Size::constant(k)
}

impl FB {
    fn new(name: &str) -> FB {
        FB {
            f: Function {
                name: name.to_string(),
                span: Span::default(),
                params: vec![],
                results: vec![],
                result_is_tuple: false,
                size_vars: vec![],
                size_bindings: vec![],
                locals: vec![],
                exprs: vec![],
                spans: vec![],
                types: vec![],
                body: Block::default(),
            },
        }
    }

    fn size_var(&mut self, name: &str, kind: SizeVarKind) -> Size {
        self.f.size_vars.push(SizeVarInfo {
            name: name.to_string(),
            kind,
        });
        Size::var(SizeVar(self.f.size_vars.len() as u32 - 1))
    }

    /// A parameter size variable bound from `param` axis `axis` (`dim = scale * v + offset`).
    fn bound(&mut self, name: &str, param: usize, axis: usize, scale: i64, offset: i64) -> Size {
        let s = self.size_var(name, SizeVarKind::Param);
        let var = s.as_var().unwrap();
        self.f.size_bindings.push(SizeBinding {
            var,
            source: SizeSource::Axis {
                param,
                axis,
                scale,
                offset,
            },
        });
        s
    }

    fn dynamic(&mut self, name: &str) -> Size {
        self.size_var(name, SizeVarKind::Dynamic)
    }

    fn param(&mut self, name: &str, t: Type) -> LocalId {
        let l = self.local(name, t.clone());
        self.f.params.push(Param {
            name: name.to_string(),
            local: l,
            ty: t,
            span: Span::default(),
        });
        l
    }

    fn local(&mut self, name: &str, t: Type) -> LocalId {
        self.f.locals.push(Local {
            name: name.to_string(),
            ty: t,
            mutable: true,
            span: Span::default(),
        });
        LocalId(self.f.locals.len() as u32 - 1)
    }

    fn e(&mut self, e: Expr) -> ExprId {
        self.f.exprs.push(e);
        self.f.spans.push(Span::default());
        self.f.types.push(Ty::Unit);
        ExprId(self.f.exprs.len() as u32 - 1)
    }

    fn l(&mut self, l: LocalId) -> ExprId {
        self.e(Expr::Local(l))
    }

    fn i(&mut self, v: i64) -> ExprId {
        self.e(Expr::Const(Scalar::I64(v)))
    }

    fn f64(&mut self, v: f64) -> ExprId {
        self.e(Expr::Const(Scalar::F64(v)))
    }

    fn bin(&mut self, op: BinaryOp, a: ExprId, b: ExprId) -> ExprId {
        self.e(Expr::Binary { op, lhs: a, rhs: b })
    }

    fn slice(&mut self, start: Option<i64>, stop: Option<i64>, step: i64) -> Index {
        let start = start.map(|v| self.i(v));
        let stop = stop.map(|v| self.i(v));
        Index::Slice { start, stop, step }
    }

    fn finish(mut self, results: Vec<Type>, stmts: Vec<Stmt>, value: Option<ExprId>) -> Function {
        self.f.result_is_tuple = results.len() != 1;
        self.f.results = results;
        self.f.body = Block { stmts, value };
        self.f
    }
}

fn module(fs: Vec<Function>) -> Module {
    Module { functions: fs }
}

fn f64s(shape: &[usize], data: &[f64]) -> Value {
    Value::F64(ArrayD::from_shape_vec(IxDyn(shape), data.to_vec()).unwrap())
}

fn i64s(shape: &[usize], data: &[i64]) -> Value {
    Value::I64(ArrayD::from_shape_vec(IxDyn(shape), data.to_vec()).unwrap())
}

fn run1(m: &Module, args: &[Value]) -> Result<Value, arr::Error> {
    let name = m.functions.last().unwrap().name.clone();
    let mut r = run(m, &name, args)?;
    assert_eq!(r.len(), 1);
    Ok(r.remove(0))
}

fn as_f64(v: &Value) -> (Vec<usize>, Vec<f64>) {
    match v {
        Value::F64(a) => (a.shape().to_vec(), a.iter().copied().collect()),
        _ => panic!("not f64: {v:?}"),
    }
}

fn as_i64(v: &Value) -> (Vec<usize>, Vec<i64>) {
    match v {
        Value::I64(a) => (a.shape().to_vec(), a.iter().copied().collect()),
        _ => panic!("not i64: {v:?}"),
    }
}

/// `fn f(x: [n]T) -> [n]T { op(x) }`-style unary test function over a 1-D parameter
/// whose result is given by `body` (which gets the parameter's expression).
fn vec_fn(
    dt: DType,
    out: DType,
    out_shape: Option<Vec<Size>>,
    body: impl FnOnce(&mut FB, ExprId) -> ExprId,
) -> Module {
    let mut b = FB::new("f");
    let n = b.bound("n", 0, 0, 1, 0);
    let x = b.param("x", ty(dt, vec![n.clone()]));
    let xe = b.l(x);
    let r = body(&mut b, xe);
    let shape = out_shape.unwrap_or(vec![n]);
    module(vec![b.finish(vec![ty(out, shape)], vec![], Some(r))])
}

#[test]
fn broadcast_outer_sum() {
    let mut b = FB::new("f");
    let n = b.bound("n", 0, 0, 1, 0);
    let m = b.bound("m", 1, 0, 1, 0);
    let x = b.param("x", ty(DType::F64, vec![n.clone(), c(1)]));
    let y = b.param("y", ty(DType::F64, vec![m.clone()]));
    let (xe, ye) = (b.l(x), b.l(y));
    let s = b.bin(BinaryOp::Add, xe, ye);
    let m = module(vec![b.finish(
        vec![ty(DType::F64, vec![n, m])],
        vec![],
        Some(s),
    )]);
    let r = run1(
        &m,
        &[f64s(&[2, 1], &[10.0, 20.0]), f64s(&[3], &[1.0, 2.0, 3.0])],
    )
    .unwrap();
    assert_eq!(
        as_f64(&r),
        (vec![2, 3], vec![11.0, 12.0, 13.0, 21.0, 22.0, 23.0])
    );
}

#[test]
fn broadcast_mismatch_is_an_error() {
    let mut b = FB::new("f");
    let n = b.bound("n", 0, 0, 1, 0);
    let m = b.bound("m", 1, 0, 1, 0);
    let x = b.param("x", ty(DType::F64, vec![n.clone()]));
    let y = b.param("y", ty(DType::F64, vec![m]));
    let (xe, ye) = (b.l(x), b.l(y));
    let s = b.bin(BinaryOp::Mul, xe, ye);
    let m = module(vec![b.finish(
        vec![ty(DType::F64, vec![n])],
        vec![],
        Some(s),
    )]);
    let e = run1(&m, &[f64s(&[3], &[1.0; 3]), f64s(&[4], &[1.0; 4])]).unwrap_err();
    assert!(matches!(e, arr::Error::ShapeMismatch(_)), "{e:?}");
    // Size 1 stretches.
    let r = run1(&m, &[f64s(&[3], &[1.0, 2.0, 3.0]), f64s(&[1], &[2.0])]).unwrap();
    assert_eq!(as_f64(&r).1, vec![2.0, 4.0, 6.0]);
}

#[test]
fn slice_assignment_shifts() {
    // let mut b = a; b[1:] = b[:-1]; b
    let mut fb = FB::new("f");
    let n = fb.bound("n", 0, 0, 1, 0);
    let a = fb.param("a", ty(DType::I64, vec![n.clone()]));
    let bl = fb.local("b", ty(DType::I64, vec![n.clone()]));
    let ae = fb.l(a);
    let be = fb.l(bl);
    let s = fb.slice(None, Some(-1), 1);
    let rhs = fb.e(Expr::Index {
        base: be,
        items: vec![s],
    });
    let target = fb.slice(Some(1), None, 1);
    let out = fb.l(bl);
    let stmts = vec![
        Stmt::Let {
            local: bl,
            value: ae,
        },
        Stmt::AssignIndex {
            local: bl,
            items: vec![target],
            value: rhs,
        },
    ];
    let m = module(vec![fb.finish(
        vec![ty(DType::I64, vec![n.clone()])],
        stmts,
        Some(out),
    )]);
    let input = i64s(&[4], &[1, 2, 3, 4]);
    let r = run1(&m, std::slice::from_ref(&input)).unwrap();
    assert_eq!(as_i64(&r).1, vec![1, 1, 2, 3]);
    // The argument (shared with `b` until the write) is unchanged.
    assert_eq!(as_i64(&input).1, vec![1, 2, 3, 4]);
}

#[test]
fn integer_division_truncates_and_wraps() {
    let mk = |op: BinaryOp| {
        let mut b = FB::new("f");
        let n = b.bound("n", 0, 0, 1, 0);
        let x = b.param("x", ty(DType::I64, vec![n.clone()]));
        let y = b.param("y", ty(DType::I64, vec![n.clone()]));
        let (xe, ye) = (b.l(x), b.l(y));
        let r = b.bin(op, xe, ye);
        module(vec![b.finish(
            vec![ty(DType::I64, vec![n])],
            vec![],
            Some(r),
        )])
    };
    let x = i64s(&[4], &[-7, 7, i64::MIN, i64::MAX]);
    let y = i64s(&[4], &[2, -2, -1, 2]);
    let r = run1(&mk(BinaryOp::Div), &[x.clone(), y.clone()]).unwrap();
    assert_eq!(as_i64(&r).1, vec![-3, -3, i64::MIN, i64::MAX / 2]);
    let r = run1(&mk(BinaryOp::Rem), &[x.clone(), y.clone()]).unwrap();
    assert_eq!(as_i64(&r).1, vec![-1, 1, 0, 1]);
    let r = run1(&mk(BinaryOp::Add), &[x.clone(), y.clone()]).unwrap();
    assert_eq!(as_i64(&r).1, vec![-5, 5, i64::MAX, i64::MIN + 1]);
    let r = run1(
        &mk(BinaryOp::Pow),
        &[i64s(&[3], &[2, 3, -2]), i64s(&[3], &[10, 64, 3])],
    )
    .unwrap();
    assert_eq!(as_i64(&r).1, vec![1024, 3i64.wrapping_pow(64), -8]);
    let e = run1(&mk(BinaryOp::Div), &[x.clone(), i64s(&[4], &[1, 0, 1, 1])]).unwrap_err();
    assert_eq!(e, arr::Error::DivisionByZero);
    let e = run1(&mk(BinaryOp::Rem), &[x, i64s(&[4], &[1, 0, 1, 1])]).unwrap_err();
    assert_eq!(e, arr::Error::DivisionByZero);
    let e = run1(&mk(BinaryOp::Pow), &[i64s(&[1], &[2]), i64s(&[1], &[-1])]).unwrap_err();
    assert!(matches!(e, arr::Error::Other(_)));
    // Floats: fmod keeps the sign of the dividend.
    let m = vec_fn(DType::F64, DType::F64, None, |b, x| {
        let k = b.f64(3.0);
        b.bin(BinaryOp::Rem, x, k)
    });
    let r = run1(&m, &[f64s(&[2], &[-7.5, 7.5])]).unwrap();
    assert_eq!(as_f64(&r).1, vec![-1.5, 1.5]);
}

#[test]
fn scalar_integer_ops() {
    let mut b = FB::new("f");
    let x = b.param("x", ty(DType::I64, vec![]));
    let y = b.param("y", ty(DType::I64, vec![]));
    let (xe, ye) = (b.l(x), b.l(y));
    let r = b.bin(BinaryOp::Div, xe, ye);
    let m = module(vec![b.finish(
        vec![ty(DType::I64, vec![])],
        vec![],
        Some(r),
    )]);
    let s = |v: i64| Value::I64(ArrayD::from_elem(IxDyn(&[]), v));
    assert_eq!(
        as_i64(&run1(&m, &[s(-9), s(4)]).unwrap()),
        (vec![], vec![-2])
    );
    assert_eq!(
        run1(&m, &[s(1), s(0)]).unwrap_err(),
        arr::Error::DivisionByZero
    );
}

fn reduce_fn(op: ReduceOp, out: DType) -> Module {
    vec_fn(DType::F64, out, Some(vec![]), |b, x| {
        b.e(Expr::Reduce {
            op,
            arg: x,
            axis: None,
            keepdims: false,
        })
    })
}

#[test]
fn max_min_propagate_nan_and_argmax_ties() {
    let nan = f64::NAN;
    let r = run1(
        &reduce_fn(ReduceOp::Max, DType::F64),
        &[f64s(&[3], &[1.0, nan, 3.0])],
    )
    .unwrap();
    assert!(as_f64(&r).1[0].is_nan());
    let r = run1(
        &reduce_fn(ReduceOp::Min, DType::F64),
        &[f64s(&[3], &[1.0, 0.5, nan])],
    )
    .unwrap();
    assert!(as_f64(&r).1[0].is_nan());
    let r = run1(
        &reduce_fn(ReduceOp::Max, DType::F64),
        &[f64s(&[3], &[1.0, 5.0, 3.0])],
    )
    .unwrap();
    assert_eq!(as_f64(&r).1, vec![5.0]);
    let am = reduce_fn(ReduceOp::ArgMax, DType::I64);
    assert_eq!(
        as_i64(&run1(&am, &[f64s(&[4], &[1.0, 3.0, 3.0, 2.0])]).unwrap()).1,
        vec![1]
    );
    assert_eq!(
        as_i64(&run1(&am, &[f64s(&[4], &[1.0, nan, 9.0, nan])]).unwrap()).1,
        vec![1]
    );
    let an = reduce_fn(ReduceOp::ArgMin, DType::I64);
    assert_eq!(
        as_i64(&run1(&an, &[f64s(&[4], &[3.0, 1.0, 1.0, 2.0])]).unwrap()).1,
        vec![1]
    );
    // Empty: max raises like NumPy, sum is 0, mean is NaN.
    assert!(run1(&reduce_fn(ReduceOp::Max, DType::F64), &[f64s(&[0], &[])]).is_err());
    assert!(run1(&am, &[f64s(&[0], &[])]).is_err());
    let r = run1(&reduce_fn(ReduceOp::Sum, DType::F64), &[f64s(&[0], &[])]).unwrap();
    assert_eq!(as_f64(&r).1, vec![0.0]);
    let r = run1(&reduce_fn(ReduceOp::Mean, DType::F64), &[f64s(&[0], &[])]).unwrap();
    assert!(as_f64(&r).1[0].is_nan());
}

#[test]
fn reduce_along_axis_with_keepdims() {
    let mk = |op: ReduceOp, axis: usize, keepdims: bool, out: DType| {
        let mut b = FB::new("f");
        let n = b.bound("n", 0, 0, 1, 0);
        let m = b.bound("m", 0, 1, 1, 0);
        let x = b.param("x", ty(DType::F64, vec![n.clone(), m.clone()]));
        let xe = b.l(x);
        let r = b.e(Expr::Reduce {
            op,
            arg: xe,
            axis: Some(axis),
            keepdims,
        });
        let mut shape = vec![n, m];
        if keepdims {
            shape[axis] = c(1);
        } else {
            shape.remove(axis);
        }
        module(vec![b.finish(vec![ty(out, shape)], vec![], Some(r))])
    };
    let x = f64s(&[2, 3], &[1.0, 5.0, 2.0, 7.0, 0.0, 7.0]);
    let r = run1(
        &mk(ReduceOp::Sum, 1, false, DType::F64),
        std::slice::from_ref(&x),
    )
    .unwrap();
    assert_eq!(as_f64(&r), (vec![2], vec![8.0, 14.0]));
    let r = run1(
        &mk(ReduceOp::Max, 0, true, DType::F64),
        std::slice::from_ref(&x),
    )
    .unwrap();
    assert_eq!(as_f64(&r), (vec![1, 3], vec![7.0, 5.0, 7.0]));
    let r = run1(
        &mk(ReduceOp::ArgMax, 1, false, DType::I64),
        std::slice::from_ref(&x),
    )
    .unwrap();
    assert_eq!(as_i64(&r), (vec![2], vec![1, 0]));
    let r = run1(&mk(ReduceOp::Mean, 0, false, DType::F64), &[x]).unwrap();
    assert_eq!(as_f64(&r), (vec![3], vec![4.0, 2.5, 4.5]));
    // max over an empty axis raises even when the result is empty (as NumPy).
    assert!(run1(
        &mk(ReduceOp::Max, 1, false, DType::F64),
        &[f64s(&[0, 0], &[])]
    )
    .is_err());
    let r = run1(
        &mk(ReduceOp::Max, 1, false, DType::F64),
        &[f64s(&[0, 2], &[])],
    )
    .unwrap();
    assert_eq!(as_f64(&r), (vec![0], vec![]));
}

#[test]
fn round_half_even_and_math() {
    let mk = |fun: MathFn| {
        vec_fn(DType::F64, DType::F64, None, |b, x| {
            b.e(Expr::Math { fun, args: vec![x] })
        })
    };
    let r = run1(
        &mk(MathFn::Round),
        &[f64s(&[6], &[0.5, 1.5, 2.5, -0.5, -1.5, 2.6])],
    )
    .unwrap();
    assert_eq!(as_f64(&r).1, vec![0.0, 2.0, 2.0, -0.0, -2.0, 3.0]);
    let r = run1(
        &mk(MathFn::Sign),
        &[f64s(&[4], &[-2.0, 0.0, 3.0, f64::NAN])],
    )
    .unwrap();
    let v = as_f64(&r).1;
    assert_eq!(&v[..3], &[-1.0, 0.0, 1.0]);
    assert!(v[3].is_nan());
    let r = run1(&mk(MathFn::Sqrt), &[f64s(&[2], &[4.0, 2.0])]).unwrap();
    assert_eq!(as_f64(&r).1, vec![2.0, 2f64.sqrt()]);
    // minimum/maximum/clip propagate NaN.
    let mk2 = |fun: MathFn, extra: usize| {
        vec_fn(DType::F64, DType::F64, None, |b, x| {
            let mut args = vec![x];
            for k in 0..extra {
                args.push(b.f64(k as f64));
            }
            b.e(Expr::Math { fun, args })
        })
    };
    let r = run1(
        &mk2(MathFn::Maximum, 1),
        &[f64s(&[3], &[-1.0, f64::NAN, 2.0])],
    )
    .unwrap();
    let v = as_f64(&r).1;
    assert_eq!((v[0], v[2]), (0.0, 2.0));
    assert!(v[1].is_nan());
    let r = run1(
        &mk2(MathFn::Clip, 2),
        &[f64s(&[4], &[-1.0, 0.5, 2.0, f64::NAN])],
    )
    .unwrap();
    let v = as_f64(&r).1;
    assert_eq!(&v[..3], &[0.0, 0.5, 1.0]);
    assert!(v[3].is_nan());
    // Integer abs wraps.
    let m = vec_fn(DType::I64, DType::I64, None, |b, x| {
        b.e(Expr::Math {
            fun: MathFn::Abs,
            args: vec![x],
        })
    });
    let r = run1(&m, &[i64s(&[3], &[-3, 4, i64::MIN])]).unwrap();
    assert_eq!(as_i64(&r).1, vec![3, 4, i64::MIN]);
}

#[test]
fn casts_truncate_and_saturate() {
    let m = vec_fn(DType::F64, DType::I32, None, |b, x| {
        b.e(Expr::Cast {
            to: DType::I32,
            arg: x,
        })
    });
    let r = run1(&m, &[f64s(&[5], &[-3.7, 3.7, f64::NAN, 1e20, -1e20])]).unwrap();
    match r {
        Value::I32(a) => assert_eq!(
            a.iter().copied().collect::<Vec<_>>(),
            vec![-3, 3, 0, i32::MAX, i32::MIN]
        ),
        _ => panic!(),
    }
    let m = vec_fn(DType::F64, DType::Bool, None, |b, x| {
        b.e(Expr::Cast {
            to: DType::Bool,
            arg: x,
        })
    });
    let r = run1(&m, &[f64s(&[3], &[0.0, -0.5, f64::NAN])]).unwrap();
    assert_eq!(
        r,
        Value::Bool(ArrayD::from_shape_vec(IxDyn(&[3]), vec![false, true, true]).unwrap())
    );
}

#[test]
fn linspace_like_numpy() {
    let mk = |n: i64| {
        let mut b = FB::new("f");
        let (s, t, k) = (b.f64(0.0), b.f64(1.0), b.i(n));
        let r = b.e(Expr::Linspace {
            start: s,
            stop: t,
            n: k,
        });
        module(vec![b.finish(
            vec![ty(DType::F64, vec![c(n.max(0))])],
            vec![],
            Some(r),
        )])
    };
    // np.linspace(0, 1, 7)
    let r = run1(&mk(7), &[]).unwrap();
    let want = [
        0.0,
        0.16666666666666666,
        0.3333333333333333,
        0.5,
        0.6666666666666666,
        0.8333333333333333,
        1.0,
    ];
    assert_eq!(as_f64(&r).1, want.to_vec());
    assert_eq!(as_f64(&run1(&mk(1), &[]).unwrap()).1, vec![0.0]);
    assert_eq!(as_f64(&run1(&mk(0), &[]).unwrap()).1, Vec::<f64>::new());
    assert!(matches!(
        run1(&mk(-1), &[]).unwrap_err(),
        arr::Error::InvalidSize { .. }
    ));
}

#[test]
fn gather_read_and_write() {
    // x[idx] with x: [n, 2], idx: [2, 2]
    let mut b = FB::new("f");
    let n = b.bound("n", 0, 0, 1, 0);
    let x = b.param("x", ty(DType::F64, vec![n.clone(), c(2)]));
    let idx = b.param("idx", ty(DType::I64, vec![c(2), c(2)]));
    let (xe, ie) = (b.l(x), b.l(idx));
    let full = b.slice(None, None, 1);
    let r = b.e(Expr::Index {
        base: xe,
        items: vec![Index::Gather(ie), full],
    });
    let m = module(vec![b.finish(
        vec![ty(DType::F64, vec![c(2), c(2), c(2)])],
        vec![],
        Some(r),
    )]);
    let xv = f64s(&[3, 2], &[0.0, 1.0, 10.0, 11.0, 20.0, 21.0]);
    let r = run1(&m, &[xv.clone(), i64s(&[2, 2], &[2, -3, 1, 1])]).unwrap();
    assert_eq!(
        as_f64(&r),
        (
            vec![2, 2, 2],
            vec![20.0, 21.0, 0.0, 1.0, 10.0, 11.0, 10.0, 11.0]
        )
    );
    let e = run1(&m, &[xv.clone(), i64s(&[2, 2], &[0, 3, 1, 1])]).unwrap_err();
    assert_eq!(
        e,
        arr::Error::IndexOutOfRange {
            index: 3,
            axis: 0,
            size: 3
        }
    );

    // let mut y = x; y[idx] = v; y  (later duplicates win)
    let mut b = FB::new("g");
    let n = b.bound("n", 0, 0, 1, 0);
    let x = b.param("x", ty(DType::F64, vec![n.clone(), c(2)]));
    let idx = b.param("idx", ty(DType::I64, vec![c(3)]));
    let v = b.param("v", ty(DType::F64, vec![c(3), c(1)]));
    let y = b.local("y", ty(DType::F64, vec![n.clone(), c(2)]));
    let (xe, ie, ve, ye) = (b.l(x), b.l(idx), b.l(v), b.l(y));
    let full = b.slice(None, None, 1);
    let stmts = vec![
        Stmt::Let {
            local: y,
            value: xe,
        },
        Stmt::AssignIndex {
            local: y,
            items: vec![Index::Gather(ie), full],
            value: ve,
        },
    ];
    let m = module(vec![b.finish(
        vec![ty(DType::F64, vec![n, c(2)])],
        stmts,
        Some(ye),
    )]);
    let r = run1(
        &m,
        &[xv, i64s(&[3], &[2, 0, -1]), f64s(&[3, 1], &[5.0, 6.0, 7.0])],
    )
    .unwrap();
    assert_eq!(as_f64(&r).1, vec![6.0, 6.0, 10.0, 11.0, 7.0, 7.0]);
}

#[test]
fn invalid_slices_are_errors() {
    let mk = |start: Option<i64>, stop: Option<i64>, step: i64| {
        let mut b = FB::new("f");
        let n = b.bound("n", 0, 0, 1, 0);
        let d = b.dynamic("len");
        let x = b.param("x", ty(DType::F64, vec![n]));
        let xe = b.l(x);
        let s = b.slice(start, stop, step);
        let r = b.e(Expr::Index {
            base: xe,
            items: vec![s],
        });
        module(vec![b.finish(
            vec![ty(DType::F64, vec![d])],
            vec![],
            Some(r),
        )])
    };
    let x = f64s(&[5], &[0.0, 1.0, 2.0, 3.0, 4.0]);
    let e = run1(&mk(Some(3), Some(1), 1), std::slice::from_ref(&x)).unwrap_err();
    assert_eq!(
        e,
        arr::Error::InvalidSlice {
            slice: "3:1".into(),
            axis: 0,
            size: 5
        }
    );
    assert!(matches!(
        run1(&mk(None, Some(6), 1), std::slice::from_ref(&x)),
        Err(arr::Error::InvalidSlice { .. })
    ));
    assert!(matches!(
        run1(&mk(Some(-6), None, 1), std::slice::from_ref(&x)),
        Err(arr::Error::InvalidSlice { .. })
    ));
    assert_eq!(
        as_f64(&run1(&mk(Some(2), Some(2), 1), std::slice::from_ref(&x)).unwrap()).1,
        Vec::<f64>::new()
    );
    assert_eq!(
        as_f64(&run1(&mk(Some(-4), Some(-1), 1), std::slice::from_ref(&x)).unwrap()).1,
        vec![1.0, 2.0, 3.0]
    );
    assert_eq!(
        as_f64(&run1(&mk(Some(1), None, 2), std::slice::from_ref(&x)).unwrap()).1,
        vec![1.0, 3.0]
    );
    assert_eq!(
        as_f64(&run1(&mk(None, None, 3), &[x]).unwrap()).1,
        vec![0.0, 3.0]
    );
}

#[test]
fn entry_checks() {
    let mut b = FB::new("f");
    let n = b.bound("n", 0, 0, 1, 0);
    let x = b.param("x", ty(DType::F64, vec![n.clone()]));
    let y = b.param("y", ty(DType::F64, vec![n.clone()]));
    let (xe, ye) = (b.l(x), b.l(y));
    let r = b.bin(BinaryOp::Add, xe, ye);
    let m = module(vec![b.finish(
        vec![ty(DType::F64, vec![n])],
        vec![],
        Some(r),
    )]);
    let e = run1(&m, &[f64s(&[3], &[0.0; 3]), f64s(&[4], &[0.0; 4])]).unwrap_err();
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
    let e = run1(&m, &[f64s(&[3], &[0.0; 3]), i64s(&[3], &[0; 3])]).unwrap_err();
    assert_eq!(
        e,
        arr::Error::BadArgument {
            param: "y".into(),
            expected: "[n]f64".into(),
            got: "[3]i64".into()
        }
    );
    let e = run1(&m, &[f64s(&[3], &[0.0; 3]), f64s(&[3, 1], &[0.0; 3])]).unwrap_err();
    assert!(matches!(e, arr::Error::BadArgument { .. }));
    assert_eq!(
        run1(&m, &[f64s(&[3], &[0.0; 3])]).unwrap_err(),
        arr::Error::MissingArgument("y".into())
    );
    assert_eq!(
        run(&m, "nope", &[]).unwrap_err(),
        arr::Error::NoSuchFunction("nope".into())
    );

    // x: [2 * n + 1]f64 given 4 elements.
    let mut b = FB::new("g");
    let n = b.bound("n", 0, 0, 2, 1);
    let two_n1 = c(2).checked_mul(&n).expect("small").add(&c(1));
    let x = b.param("x", ty(DType::F64, vec![two_n1.clone()]));
    let xe = b.l(x);
    let m = module(vec![b.finish(
        vec![ty(DType::F64, vec![two_n1])],
        vec![],
        Some(xe),
    )]);
    assert!(matches!(
        run1(&m, &[f64s(&[4], &[0.0; 4])]),
        Err(arr::Error::InvalidSize { value: 4, .. })
    ));
    assert!(run1(&m, &[f64s(&[5], &[0.0; 5])]).is_ok());

    // Result shape check: fn h(x: [n]f64) -> [n]f64 { x[1:] }
    let mut b = FB::new("h");
    let n = b.bound("n", 0, 0, 1, 0);
    let x = b.param("x", ty(DType::F64, vec![n.clone()]));
    let xe = b.l(x);
    let s = b.slice(Some(1), None, 1);
    let r = b.e(Expr::Index {
        base: xe,
        items: vec![s],
    });
    let m = module(vec![b.finish(
        vec![ty(DType::F64, vec![n])],
        vec![],
        Some(r),
    )]);
    assert!(matches!(
        run1(&m, &[f64s(&[3], &[0.0; 3])]),
        Err(arr::Error::ShapeMismatch(_))
    ));
}

#[test]
fn scalar_loops_and_return() {
    // fn f(x: [n]f64) -> f64 { let mut x2 = x; for i in 0..n { x2[i] = x2[i] * 2.0; }
    //   let mut s = 0.0; for i in 0..n { if x2[i] > 5.0 { return s; } s = s + x2[i]; } s }
    let mut b = FB::new("f");
    let n = b.bound("n", 0, 0, 1, 0);
    let x = b.param("x", ty(DType::F64, vec![n.clone()]));
    let x2 = b.local("x2", ty(DType::F64, vec![n.clone()]));
    let i = b.local("i", ty(DType::I64, vec![]));
    let s = b.local("s", ty(DType::F64, vec![]));
    let xe = b.l(x);
    let lo = b.i(0);
    let hi = b.e(Expr::SizeValue(n));
    let ie = b.l(i);
    let x2e = b.l(x2);
    let rd = b.e(Expr::Index {
        base: x2e,
        items: vec![Index::At(ie)],
    });
    let two = b.f64(2.0);
    let dbl = b.bin(BinaryOp::Mul, rd, two);
    let loop1 = Stmt::For {
        var: i,
        lo,
        hi,
        body: Block {
            stmts: vec![Stmt::AssignIndex {
                local: x2,
                items: vec![Index::At(ie)],
                value: dbl,
            }],
            value: None,
        },
    };
    let zero = b.f64(0.0);
    let x2e = b.l(x2);
    let rd = b.e(Expr::Index {
        base: x2e,
        items: vec![Index::At(ie)],
    });
    let five = b.f64(5.0);
    let cond = b.bin(BinaryOp::Gt, rd, five);
    let se = b.l(s);
    let iff = b.e(Expr::If {
        cond,
        then: Block {
            stmts: vec![Stmt::Return(se)],
            value: None,
        },
        els: Block::default(),
    });
    let add = b.bin(BinaryOp::Add, se, rd);
    let loop2 = Stmt::For {
        var: i,
        lo,
        hi,
        body: Block {
            stmts: vec![
                Stmt::Eval(iff),
                Stmt::Assign {
                    local: s,
                    value: add,
                },
            ],
            value: None,
        },
    };
    let stmts = vec![
        Stmt::Let {
            local: x2,
            value: xe,
        },
        loop1,
        Stmt::Let {
            local: s,
            value: zero,
        },
        loop2,
    ];
    let m = module(vec![b.finish(
        vec![ty(DType::F64, vec![])],
        stmts,
        Some(se),
    )]);
    let r = run1(&m, &[f64s(&[4], &[1.0, 2.0, 3.0, 0.5])]).unwrap();
    assert_eq!(as_f64(&r).1, vec![6.0]);
    let r = run1(&m, &[f64s(&[3], &[1.0, 2.0, 0.5])]).unwrap();
    assert_eq!(as_f64(&r).1, vec![7.0]);
    let e = run1(&m, &[f64s(&[0], &[])]).unwrap();
    assert_eq!(as_f64(&e).1, vec![0.0]);
}

#[test]
fn matmul_outer_and_shapes() {
    let mut b = FB::new("f");
    let n = b.bound("n", 0, 0, 1, 0);
    let k = b.bound("k", 0, 1, 1, 0);
    let m_ = b.bound("m", 1, 1, 1, 0);
    let a = b.param("a", ty(DType::I64, vec![n.clone(), k.clone()]));
    let bb = b.param("b", ty(DType::I64, vec![k, m_.clone()]));
    let (ae, be) = (b.l(a), b.l(bb));
    let r = b.e(Expr::MatMul { lhs: ae, rhs: be });
    let m = module(vec![b.finish(
        vec![ty(DType::I64, vec![n, m_])],
        vec![],
        Some(r),
    )]);
    let r = run1(
        &m,
        &[
            i64s(&[2, 3], &[1, 2, 3, 4, 5, 6]),
            i64s(&[3, 1], &[1, 0, -1]),
        ],
    )
    .unwrap();
    assert_eq!(as_i64(&r), (vec![2, 1], vec![-2, -2]));
    assert!(matches!(
        run1(&m, &[i64s(&[2, 3], &[0; 6]), i64s(&[2, 1], &[0; 2])]),
        Err(arr::Error::SizeMismatch { .. })
    ));
    // vector . vector is a scalar; float path.
    let mut b = FB::new("g");
    let n = b.bound("n", 0, 0, 1, 0);
    let x = b.param("x", ty(DType::F64, vec![n.clone()]));
    let y = b.param("y", ty(DType::F64, vec![n.clone()]));
    let (xe, ye) = (b.l(x), b.l(y));
    let d = b.e(Expr::MatMul { lhs: xe, rhs: ye });
    // outer(x, y), as the checker writes it: x[:, newaxis] * y[newaxis, :].
    let full = b.slice(None, None, 1);
    let col = b.e(Expr::Index {
        base: xe,
        items: vec![full.clone(), Index::NewAxis],
    });
    let row = b.e(Expr::Index {
        base: ye,
        items: vec![Index::NewAxis, full],
    });
    let o = b.bin(BinaryOp::Mul, col, row);
    let t = b.e(Expr::Tuple(vec![d, o]));
    let m = module(vec![b.finish(
        vec![ty(DType::F64, vec![]), ty(DType::F64, vec![n.clone(), n])],
        vec![],
        Some(t),
    )]);
    let r = run(&m, "g", &[f64s(&[2], &[1.0, 2.0]), f64s(&[2], &[3.0, 4.0])]).unwrap();
    assert_eq!(as_f64(&r[0]), (vec![], vec![11.0]));
    assert_eq!(as_f64(&r[1]), (vec![2, 2], vec![3.0, 4.0, 6.0, 8.0]));
}

#[test]
fn shape_ops() {
    // reshape(x, [2, 3]) then transpose, flip, concat and stack.
    let mut b = FB::new("f");
    let x = b.param("x", ty(DType::I64, vec![c(6)]));
    let xe = b.l(x);
    let (k2, k3) = (b.i(2), b.i(3));
    let r = b.e(Expr::Reshape {
        arg: xe,
        shape: vec![k2, k3],
    });
    let t = b.e(Expr::Transpose {
        arg: r,
        perm: vec![1, 0],
    });
    let f = b.e(Expr::Flip {
        arg: r,
        axis: Some(1),
    });
    let cc = b.e(Expr::Concat {
        args: vec![r, f],
        axis: 0,
    });
    let st = b.e(Expr::Stack {
        args: vec![r, f],
        axis: 2,
    });
    let cs = b.e(Expr::Scan {
        op: crate::ir::ScanOp::CumSum,
        arg: r,
        axis: 1,
    });
    let tup = b.e(Expr::Tuple(vec![t, cc, st, cs]));
    let m = module(vec![b.finish(
        vec![
            ty(DType::I64, vec![c(3), c(2)]),
            ty(DType::I64, vec![c(4), c(3)]),
            ty(DType::I64, vec![c(2), c(3), c(2)]),
            ty(DType::I64, vec![c(2), c(3)]),
        ],
        vec![],
        Some(tup),
    )]);
    let r = run(&m, "f", &[i64s(&[6], &[0, 1, 2, 3, 4, 5])]).unwrap();
    assert_eq!(as_i64(&r[0]), (vec![3, 2], vec![0, 3, 1, 4, 2, 5]));
    assert_eq!(
        as_i64(&r[1]),
        (vec![4, 3], vec![0, 1, 2, 3, 4, 5, 2, 1, 0, 5, 4, 3])
    );
    assert_eq!(
        as_i64(&r[2]),
        (vec![2, 3, 2], vec![0, 2, 1, 1, 2, 0, 3, 5, 4, 4, 5, 3])
    );
    assert_eq!(as_i64(&r[3]), (vec![2, 3], vec![0, 1, 3, 3, 7, 12]));

    let mut b = FB::new("g");
    let x = b.param("x", ty(DType::I64, vec![c(6)]));
    let xe = b.l(x);
    let (k4, k2) = (b.i(4), b.i(2));
    let r = b.e(Expr::Reshape {
        arg: xe,
        shape: vec![k4, k2],
    });
    let m = module(vec![b.finish(
        vec![ty(DType::I64, vec![c(4), c(2)])],
        vec![],
        Some(r),
    )]);
    assert_eq!(
        run(&m, "g", &[i64s(&[6], &[0; 6])]).unwrap_err(),
        arr::Error::BadReshape {
            from: 6,
            to: "[4, 2]".into()
        }
    );
}

#[test]
fn map_and_call() {
    // fn sq(a: f64, k: i64) -> f64 { a * f64(k) }  fn f(x: [n]f64, ks: [m]i64) -> [m, n]f64 { sq(x, ks[:, newaxis]) }
    let mut s = FB::new("sq");
    let a = s.param("a", ty(DType::F64, vec![]));
    let k = s.param("k", ty(DType::I64, vec![]));
    let (ae, ke) = (s.l(a), s.l(k));
    let kf = s.e(Expr::Cast {
        to: DType::F64,
        arg: ke,
    });
    let r = s.bin(BinaryOp::Mul, ae, kf);
    let sq = s.finish(vec![ty(DType::F64, vec![])], vec![], Some(r));

    let mut b = FB::new("f");
    let n = b.bound("n", 0, 0, 1, 0);
    let m_ = b.bound("m", 1, 0, 1, 0);
    let x = b.param("x", ty(DType::F64, vec![n.clone()]));
    let ks = b.param("ks", ty(DType::I64, vec![m_.clone()]));
    let (xe, kse) = (b.l(x), b.l(ks));
    let full = b.slice(None, None, 1);
    let col = b.e(Expr::Index {
        base: kse,
        items: vec![full, Index::NewAxis],
    });
    let r = b.e(Expr::Map {
        func: FuncId(0),
        args: vec![xe, col],
    });
    let first = b.i(0);
    let x0 = b.e(Expr::Index {
        base: xe,
        items: vec![Index::At(first)],
    });
    let three = b.i(3);
    let called = b.e(Expr::Call {
        func: FuncId(0),
        args: vec![x0, three],
    });
    let tup = b.e(Expr::Tuple(vec![r, called]));
    let f = b.finish(
        vec![ty(DType::F64, vec![m_, n]), ty(DType::F64, vec![])],
        vec![],
        Some(tup),
    );
    let m = module(vec![sq, f]);
    let r = run(&m, "f", &[f64s(&[2], &[1.0, 2.0]), i64s(&[3], &[1, 2, 3])]).unwrap();
    assert_eq!(
        as_f64(&r[0]),
        (vec![3, 2], vec![1.0, 2.0, 2.0, 4.0, 3.0, 6.0])
    );
    assert_eq!(as_f64(&r[1]), (vec![], vec![3.0]));
}

#[test]
fn fill_arange_eye_and_where() {
    let mut b = FB::new("f");
    let (k2, k3) = (b.i(2), b.i(3));
    let one = b.f64(1.5);
    let fl = b.e(Expr::Fill {
        shape: vec![k2, k3],
        value: one,
    });
    let ar = b.e(Expr::Arange { n: k3 });
    let ey = b.e(Expr::Eye {
        n: k2,
        dtype: DType::I64,
    });
    let t = b.e(Expr::Const(Scalar::Bool(true)));
    let zero = b.f64(0.0);
    let eyf = b.e(Expr::Cast {
        to: DType::Bool,
        arg: ey,
    });
    let wh = b.e(Expr::Math {
        fun: MathFn::Where,
        args: vec![eyf, one, zero],
    });
    let any = b.e(Expr::Reduce {
        op: ReduceOp::All,
        arg: t,
        axis: None,
        keepdims: false,
    });
    let tup = b.e(Expr::Tuple(vec![fl, ar, ey, wh, any]));
    let m = module(vec![b.finish(
        vec![
            ty(DType::F64, vec![c(2), c(3)]),
            ty(DType::I64, vec![c(3)]),
            ty(DType::I64, vec![c(2), c(2)]),
            ty(DType::F64, vec![c(2), c(2)]),
            ty(DType::Bool, vec![]),
        ],
        vec![],
        Some(tup),
    )]);
    let r = run(&m, "f", &[]).unwrap();
    assert_eq!(as_f64(&r[0]), (vec![2, 3], vec![1.5; 6]));
    assert_eq!(as_i64(&r[1]), (vec![3], vec![0, 1, 2]));
    assert_eq!(as_i64(&r[2]), (vec![2, 2], vec![1, 0, 0, 1]));
    assert_eq!(as_f64(&r[3]), (vec![2, 2], vec![1.5, 0.0, 0.0, 1.5]));

    let mut b = FB::new("g");
    let k = b.param("k", ty(DType::I64, vec![]));
    let ke = b.l(k);
    let z = b.f64(0.0);
    let fl = b.e(Expr::Fill {
        shape: vec![ke, ke],
        value: z,
    });
    let d = b.dynamic("k");
    let m = module(vec![b.finish(
        vec![ty(DType::F64, vec![d.clone(), d])],
        vec![],
        Some(fl),
    )]);
    let s = |v: i64| Value::I64(ArrayD::from_elem(IxDyn(&[]), v));
    assert!(matches!(
        run(&m, "g", &[s(-1)]),
        Err(arr::Error::InvalidSize { value: -1, .. })
    ));
    assert!(matches!(
        run(&m, "g", &[s(i64::MAX)]),
        Err(arr::Error::InvalidSize { .. })
    ));
}
