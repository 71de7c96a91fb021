//! The workloads: their inputs, how Arr and the hand-written peer are called, and the
//! tolerance their results are compared with.

use crate::{hand, kernels};
use arr::ndarray::{Array0, Array1, Array2, Array3, ArrayD};
use ndarray_npy::{ReadNpyExt, WritableElement, WriteNpyExt};
use std::path::Path;

/// Every workload, in the order the report lists them.
pub const NAMES: [&str; 11] = [
    "wave",
    "sqdist",
    "softmax",
    "colstats",
    "jacobi_2d",
    "heat_3d",
    "hdiff",
    "haversine",
    "matmul",
    "mlp",
    "covariance",
];

/// One result of a workload.
#[derive(Debug, Clone)]
pub enum Out {
    F32(ArrayD<f32>),
    F64(ArrayD<f64>),
}

impl From<f64> for Out {
    fn from(v: f64) -> Out {
        Out::F64(Array0::from_elem((), v).into_dyn())
    }
}
impl From<Array1<f32>> for Out {
    fn from(v: Array1<f32>) -> Out {
        Out::F32(v.into_dyn())
    }
}
impl From<Array2<f32>> for Out {
    fn from(v: Array2<f32>) -> Out {
        Out::F32(v.into_dyn())
    }
}
impl From<Array1<f64>> for Out {
    fn from(v: Array1<f64>) -> Out {
        Out::F64(v.into_dyn())
    }
}
impl From<Array2<f64>> for Out {
    fn from(v: Array2<f64>) -> Out {
        Out::F64(v.into_dyn())
    }
}
impl From<Array3<f64>> for Out {
    fn from(v: Array3<f64>) -> Out {
        Out::F64(v.into_dyn())
    }
}

impl Out {
    /// An array of zeros of this one's type and shape.
    pub fn zeroed(&self) -> Out {
        match self {
            Out::F32(a) => Out::F32(ArrayD::zeros(a.raw_dim())),
            Out::F64(a) => Out::F64(ArrayD::zeros(a.raw_dim())),
        }
    }
    pub fn shape(&self) -> &[usize] {
        match self {
            Out::F32(a) => a.shape(),
            Out::F64(a) => a.shape(),
        }
    }

    fn values(&self) -> Box<dyn Iterator<Item = f64> + '_> {
        match self {
            Out::F32(a) => Box::new(a.iter().map(|&v| v as f64)),
            Out::F64(a) => Box::new(a.iter().copied()),
        }
    }

    pub fn write_npy(&self, path: &Path) -> Result<(), String> {
        fn w<T: WritableElement>(a: &ArrayD<T>, path: &Path) -> Result<(), String> {
            let f = std::fs::File::create(path).map_err(|e| format!("{}: {e}", path.display()))?;
            a.write_npy(std::io::BufWriter::new(f))
                .map_err(|e| format!("{}: {e}", path.display()))
        }
        match self {
            Out::F32(a) => w(a, path),
            Out::F64(a) => w(a, path),
        }
    }
}

/// How two results compare: NumPy's `allclose(got, want, rtol, atol)` and the largest
/// errors seen.
#[derive(Debug, Clone, Copy)]
pub struct Compare {
    pub ok: bool,
    pub max_abs: f64,
    pub max_rel: f64,
    /// The largest `|got - want| / (atol + rtol * |want|)`: at most 1 where `ok`.
    pub max_ratio: f64,
}

/// `|got - want| <= atol + rtol * |want|` elementwise (NaN equal to NaN), shapes equal.
pub fn compare(got: &Out, want: &Out, rtol: f64, atol: f64) -> Compare {
    if got.shape() != want.shape() {
        return Compare {
            ok: false,
            max_abs: f64::INFINITY,
            max_rel: f64::INFINITY,
            max_ratio: f64::INFINITY,
        };
    }
    let mut c = Compare {
        ok: true,
        max_abs: 0.0,
        max_rel: 0.0,
        max_ratio: 0.0,
    };
    for (g, w) in got.values().zip(want.values()) {
        if g.is_nan() && w.is_nan() {
            continue;
        }
        let d = (g - w).abs();
        let bound = atol + rtol * w.abs();
        if d.is_nan() || d > bound {
            c.ok = false;
        }
        let q = if bound > 0.0 {
            d / bound
        } else if d == 0.0 {
            0.0
        } else {
            f64::INFINITY
        };
        if q.is_nan() || q > c.max_ratio {
            c.max_ratio = q;
        }
        if d.is_nan() || d > c.max_abs {
            c.max_abs = d;
        }
        let r = if w != 0.0 { d / w.abs() } else { d };
        if r.is_nan() || r > c.max_rel {
            c.max_rel = r;
        }
    }
    c
}

/// Relative and absolute tolerance for comparing any implementation with Arr.
pub fn tolerance(name: &str) -> (f64, f64) {
    match name {
        // f32 elementwise with polynomial vs libm transcendentals: a few ulp.
        "wave" => (1e-5, 1e-6),
        // f64 sum of 2^25 terms in different orders.
        "sqdist" => (1e-9, 0.0),
        "softmax" => (1e-5, 1e-9),
        // f32 sums of 8192 rows in different orders.
        "colstats" => (1e-4, 1e-5),
        // Same operations in the same order as NumPy: should be exact or nearly.
        "jacobi_2d" | "heat_3d" | "hdiff" => (1e-12, 1e-12),
        "haversine" => (1e-12, 1e-9),
        // f32 dot products of length 1024..2048 in different orders.
        "matmul" | "mlp" => (1e-3, 1e-3),
        "covariance" => (1e-9, 1e-12),
        _ => (1e-9, 1e-12),
    }
}

/// A workload with its inputs loaded.
pub trait Case: Send + Sync {
    fn arr(&self) -> Vec<Out>;
    fn hand(&self) -> Vec<Out>;
    /// Arr's generated `f_into`, writing the (single) result into `out`, a buffer of the
    /// result's shape that the caller reuses from call to call. Only for the workloads
    /// whose `f_into` computes the result in place (the others copy `f`'s result, which
    /// shows nothing new); `false` for the rest.
    fn arr_into(&self, _out: &mut Out) -> bool {
        false
    }
}

/// `out`'s array as a fixed-rank mutable view of element type `$t` (`Out::$v`).
macro_rules! out_view {
    ($out:expr, $v:ident) => {
        match $out {
            Out::$v(a) => a
                .view_mut()
                .into_dimensionality()
                .expect("the result's rank"),
            _ => panic!("`out` has the wrong element type"),
        }
    };
}

fn read<T: ndarray_npy::ReadableElement>(dir: &Path, name: &str) -> Result<ArrayD<T>, String> {
    let p = dir.join(format!("{name}.npy"));
    let f = std::fs::File::open(&p).map_err(|e| format!("{}: {e}", p.display()))?;
    ArrayD::<T>::read_npy(std::io::BufReader::new(f)).map_err(|e| format!("{}: {e}", p.display()))
}

fn read_n<T: ndarray_npy::ReadableElement, D: arr::ndarray::Dimension>(
    dir: &Path,
    name: &str,
) -> Result<arr::ndarray::Array<T, D>, String> {
    read::<T>(dir, name)?
        .into_dimensionality::<D>()
        .map_err(|e| format!("{name}.npy: {e}"))
}

fn scalar<T: ndarray_npy::ReadableElement + Copy>(dir: &Path, name: &str) -> Result<T, String> {
    let a = read::<T>(dir, name)?;
    a.iter()
        .next()
        .copied()
        .filter(|_| a.len() == 1)
        .ok_or_else(|| format!("{name}.npy: expected one value"))
}

macro_rules! ok {
    ($e:expr) => {
        $e.expect("valid inputs")
    };
}

pub struct Wave {
    pub a: f32,
    pub b: f32,
    pub x: Array1<f32>,
}
impl Case for Wave {
    fn arr(&self) -> Vec<Out> {
        vec![ok!(kernels::wave::wave(self.a, self.b, self.x.view())).into()]
    }
    fn hand(&self) -> Vec<Out> {
        vec![hand::wave(self.a, self.b, self.x.view()).into()]
    }
    fn arr_into(&self, out: &mut Out) -> bool {
        ok!(kernels::wave::wave_into(
            self.a,
            self.b,
            self.x.view(),
            out_view!(out, F32)
        ));
        true
    }
}

pub struct Sqdist {
    pub x: Array1<f64>,
    pub y: Array1<f64>,
}
impl Case for Sqdist {
    fn arr(&self) -> Vec<Out> {
        vec![ok!(kernels::sqdist::sqdist(self.x.view(), self.y.view())).into()]
    }
    fn hand(&self) -> Vec<Out> {
        vec![hand::sqdist(self.x.view(), self.y.view()).into()]
    }
}

pub struct Softmax {
    pub x: Array2<f32>,
}
impl Case for Softmax {
    fn arr(&self) -> Vec<Out> {
        vec![ok!(kernels::softmax::softmax(self.x.view())).into()]
    }
    fn hand(&self) -> Vec<Out> {
        vec![hand::softmax(self.x.view()).into()]
    }
    fn arr_into(&self, out: &mut Out) -> bool {
        ok!(kernels::softmax::softmax_into(
            self.x.view(),
            out_view!(out, F32)
        ));
        true
    }
}

pub struct Colstats {
    pub x: Array2<f32>,
}
impl Case for Colstats {
    fn arr(&self) -> Vec<Out> {
        let (m, v) = ok!(kernels::colstats::colstats(self.x.view()));
        vec![m.into(), v.into()]
    }
    fn hand(&self) -> Vec<Out> {
        let (m, v) = hand::colstats(self.x.view());
        vec![m.into(), v.into()]
    }
}

pub struct Jacobi2d {
    pub steps: i64,
    pub a0: Array2<f64>,
}
impl Case for Jacobi2d {
    fn arr(&self) -> Vec<Out> {
        vec![ok!(kernels::jacobi_2d::jacobi_2d(self.steps, self.a0.view())).into()]
    }
    fn hand(&self) -> Vec<Out> {
        vec![hand::jacobi_2d(self.steps, self.a0.view()).into()]
    }
}

pub struct Heat3d {
    pub steps: i64,
    pub a0: Array3<f64>,
}
impl Case for Heat3d {
    fn arr(&self) -> Vec<Out> {
        vec![ok!(kernels::heat_3d::heat_3d(self.steps, self.a0.view())).into()]
    }
    fn hand(&self) -> Vec<Out> {
        vec![hand::heat_3d(self.steps, self.a0.view()).into()]
    }
}

pub struct Hdiff {
    pub infield: Array3<f64>,
    pub coeff: Array3<f64>,
}
impl Case for Hdiff {
    fn arr(&self) -> Vec<Out> {
        vec![ok!(kernels::hdiff::hdiff(
            self.infield.view(),
            self.coeff.view()
        ))
        .into()]
    }
    fn hand(&self) -> Vec<Out> {
        vec![hand::hdiff(self.infield.view(), self.coeff.view()).into()]
    }
    fn arr_into(&self, out: &mut Out) -> bool {
        ok!(kernels::hdiff::hdiff_into(
            self.infield.view(),
            self.coeff.view(),
            out_view!(out, F64)
        ));
        true
    }
}

pub struct Haversine {
    pub lat1: Array1<f64>,
    pub lon1: Array1<f64>,
    pub lat2: Array1<f64>,
    pub lon2: Array1<f64>,
}
impl Case for Haversine {
    fn arr(&self) -> Vec<Out> {
        vec![ok!(kernels::haversine::distances(
            self.lat1.view(),
            self.lon1.view(),
            self.lat2.view(),
            self.lon2.view()
        ))
        .into()]
    }
    fn hand(&self) -> Vec<Out> {
        vec![hand::haversine(
            self.lat1.view(),
            self.lon1.view(),
            self.lat2.view(),
            self.lon2.view(),
        )
        .into()]
    }
    fn arr_into(&self, out: &mut Out) -> bool {
        ok!(kernels::haversine::distances_into(
            self.lat1.view(),
            self.lon1.view(),
            self.lat2.view(),
            self.lon2.view(),
            out_view!(out, F64)
        ));
        true
    }
}

pub struct Matmul {
    pub a: Array2<f32>,
    pub b: Array2<f32>,
}
impl Case for Matmul {
    fn arr(&self) -> Vec<Out> {
        vec![ok!(kernels::matmul::matmul(self.a.view(), self.b.view())).into()]
    }
    fn hand(&self) -> Vec<Out> {
        vec![hand::matmul(self.a.view(), self.b.view()).into()]
    }
}

pub struct Mlp {
    pub x: Array2<f32>,
    pub w: Array2<f32>,
    pub bias: Array1<f32>,
}
impl Case for Mlp {
    fn arr(&self) -> Vec<Out> {
        vec![ok!(kernels::matmul::mlp_layer(
            self.x.view(),
            self.w.view(),
            self.bias.view()
        ))
        .into()]
    }
    fn hand(&self) -> Vec<Out> {
        vec![hand::mlp_layer(self.x.view(), self.w.view(), self.bias.view()).into()]
    }
    fn arr_into(&self, out: &mut Out) -> bool {
        ok!(kernels::matmul::mlp_layer_into(
            self.x.view(),
            self.w.view(),
            self.bias.view(),
            out_view!(out, F32)
        ));
        true
    }
}

pub struct Covariance {
    pub x: Array2<f64>,
}
impl Case for Covariance {
    fn arr(&self) -> Vec<Out> {
        vec![ok!(kernels::covariance::covariance(self.x.view())).into()]
    }
    fn hand(&self) -> Vec<Out> {
        vec![hand::covariance(self.x.view()).into()]
    }
    fn arr_into(&self, out: &mut Out) -> bool {
        ok!(kernels::covariance::covariance_into(
            self.x.view(),
            out_view!(out, F64)
        ));
        true
    }
}

/// Loads workload `name`'s inputs from `dir` (one `.npy` per parameter; scalars as
/// 0-d arrays), as `run.py` writes them.
pub fn load(name: &str, dir: &Path) -> Result<Box<dyn Case>, String> {
    use arr::ndarray::{Ix1, Ix2, Ix3};
    Ok(match name {
        "wave" => Box::new(Wave {
            a: scalar(dir, "a")?,
            b: scalar(dir, "b")?,
            x: read_n::<f32, Ix1>(dir, "x")?,
        }),
        "sqdist" => Box::new(Sqdist {
            x: read_n::<f64, Ix1>(dir, "x")?,
            y: read_n::<f64, Ix1>(dir, "y")?,
        }),
        "softmax" => Box::new(Softmax {
            x: read_n::<f32, Ix2>(dir, "x")?,
        }),
        "colstats" => Box::new(Colstats {
            x: read_n::<f32, Ix2>(dir, "x")?,
        }),
        "jacobi_2d" => Box::new(Jacobi2d {
            steps: scalar(dir, "steps")?,
            a0: read_n::<f64, Ix2>(dir, "a0")?,
        }),
        "heat_3d" => Box::new(Heat3d {
            steps: scalar(dir, "steps")?,
            a0: read_n::<f64, Ix3>(dir, "a0")?,
        }),
        "hdiff" => Box::new(Hdiff {
            infield: read_n::<f64, Ix3>(dir, "infield")?,
            coeff: read_n::<f64, Ix3>(dir, "coeff")?,
        }),
        "haversine" => Box::new(Haversine {
            lat1: read_n::<f64, Ix1>(dir, "lat1")?,
            lon1: read_n::<f64, Ix1>(dir, "lon1")?,
            lat2: read_n::<f64, Ix1>(dir, "lat2")?,
            lon2: read_n::<f64, Ix1>(dir, "lon2")?,
        }),
        "matmul" => Box::new(Matmul {
            a: read_n::<f32, Ix2>(dir, "a")?,
            b: read_n::<f32, Ix2>(dir, "b")?,
        }),
        "mlp" => Box::new(Mlp {
            x: read_n::<f32, Ix2>(dir, "x")?,
            w: read_n::<f32, Ix2>(dir, "w")?,
            bias: read_n::<f32, Ix1>(dir, "bias")?,
        }),
        "covariance" => Box::new(Covariance {
            x: read_n::<f64, Ix2>(dir, "x")?,
        }),
        _ => return Err(format!("unknown workload `{name}`")),
    })
}
