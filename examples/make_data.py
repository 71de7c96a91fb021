#!/usr/bin/env python3
"""Writes the inputs and expected outputs of the bundled examples.

For every example `examples/NAME.arr` this script makes small inputs with NumPy (fixed
seeds), computes the expected results with a NumPy implementation of the same kernel
(written here, independently of Arr), and writes

    examples/data/NAME/ARG.npy        one per array parameter
    examples/data/NAME/out0.npy ...   one per result (scalars as 0-d arrays)
    examples/data/NAME/run.json       {"entry": ..., "args": {param: "file.npy" | scalar}, "tol": ...}

`compiler/tests/examples.rs` runs each example with these inputs and compares.
Run from anywhere: `python3 examples/make_data.py`.
"""
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data")


def write(name, entry, args, outs, tol):
    d = os.path.join(DATA, name)
    os.makedirs(d, exist_ok=True)
    for f in os.listdir(d):
        os.remove(os.path.join(d, f))
    spec = {}
    for pname, v in args.items():
        if isinstance(v, np.ndarray):
            np.save(os.path.join(d, f"{pname}.npy"), v)
            spec[pname] = f"{pname}.npy"
        else:
            spec[pname] = v.item() if isinstance(v, np.generic) else v
    if not isinstance(outs, tuple):
        outs = (outs,)
    for k, o in enumerate(outs):
        o = np.asarray(o)
        np.save(os.path.join(d, f"out{k}.npy"), o)
    with open(os.path.join(d, "run.json"), "w") as fh:
        json.dump({"entry": entry, "args": spec, "tol": tol}, fh, indent=2)
        fh.write("\n")
    for f in os.listdir(d):
        size = os.path.getsize(os.path.join(d, f))
        assert size < 100_000, f"{name}/{f} is {size} bytes"


def softmax():
    rng = np.random.default_rng(1)
    x = (rng.standard_normal((8, 16)) * 3).astype(np.float32)
    e = np.exp(x - np.max(x, axis=1, keepdims=True))
    out = (e / np.sum(e, axis=1, keepdims=True)).astype(np.float32)
    write("softmax", "softmax", {"x": x}, out, 1e-5)


def jacobi_2d():
    rng = np.random.default_rng(2)
    a0 = rng.random((16, 16))
    steps = 10
    a, b = a0.copy(), a0.copy()
    for _ in range(steps):
        b[1:-1, 1:-1] = 0.2 * (a[1:-1, 1:-1] + a[1:-1, :-2] + a[1:-1, 2:] + a[2:, 1:-1] + a[:-2, 1:-1])
        a[1:-1, 1:-1] = 0.2 * (b[1:-1, 1:-1] + b[1:-1, :-2] + b[1:-1, 2:] + b[2:, 1:-1] + b[:-2, 1:-1])
    write("jacobi_2d", "jacobi_2d", {"steps": steps, "a0": a0}, a, 1e-12)


def covariance():
    rng = np.random.default_rng(3)
    x = rng.standard_normal((50, 4)) @ rng.standard_normal((4, 4)) + np.array([1.0, -2.0, 0.5, 10.0])
    write("covariance", "covariance", {"x": x}, np.cov(x, rowvar=False), 1e-10)


def moments():
    rng = np.random.default_rng(4)
    x = rng.gamma(2.0, 1.5, 200)
    mu = np.mean(x)
    var = np.mean((x - mu) ** 2)
    skew = np.mean((x - mu) ** 3) / var ** 1.5
    kurt = np.mean((x - mu) ** 4) / var ** 2 - 3.0
    write("moments", "moments", {"x": x}, (mu, var, skew, kurt), 1e-10)


def fir_filter():
    rng = np.random.default_rng(5)
    x = np.sin(np.linspace(0.0, 8.0 * np.pi, 64)) + 0.3 * rng.standard_normal(64)
    h = np.array([0.1, 0.2, 0.4, 0.2, 0.1])
    write("fir_filter", "fir_filter", {"x": x, "h": h}, np.convolve(x, h)[:64], 1e-12)


def newton_sqrt():
    rng = np.random.default_rng(6)
    x = 10.0 ** rng.uniform(-3.0, 4.0, 32)
    tol = 1e-12
    y = np.where(x > 1.0, x, 1.0)
    it = 0
    while np.any(np.abs(y * y - x) > tol * x) and it < 100:
        y = 0.5 * (y + x / y)
        it += 1
    assert np.allclose(y, np.sqrt(x))
    write("newton_sqrt", "newton_sqrt", {"x": x, "tol": tol}, (y, np.int64(it)), 1e-12)


def embedding_bag():
    rng = np.random.default_rng(7)
    table = rng.standard_normal((50, 8)).astype(np.float32)
    ids = rng.integers(-50, 50, 12).astype(np.int64)
    weights = rng.random(12).astype(np.float32)
    bag = np.sum(table[ids] * weights[:, None], axis=0)
    out = (bag / np.sqrt(np.sum(bag * bag))).astype(np.float32)
    write("embedding_bag", "embedding_bag", {"table": table, "ids": ids, "weights": weights}, out, 1e-5)


def haversine():
    # Ten cities: latitude and longitude in degrees.
    lat = np.array([51.5074, 48.8566, 40.7128, 35.6762, -33.8688, 55.7558, -22.9068, 1.3521, 64.1466, -41.2865])
    lon = np.array([-0.1278, 2.3522, -74.0060, 139.6503, 151.2093, 37.6173, -43.1729, 103.8198, -21.9426, 174.7762])
    deg = 0.017453292519943295
    la1, lo1, la2, lo2 = lat[:, None], lon[:, None], lat[None, :], lon[None, :]
    a = np.sin((la2 - la1) * deg / 2.0) ** 2 + np.cos(la1 * deg) * np.cos(la2 * deg) * np.sin((lo2 - lo1) * deg / 2.0) ** 2
    d = 2.0 * 6371.0 * np.arcsin(np.sqrt(a))
    write("haversine", "pairwise", {"lat": lat, "lon": lon}, d, 1e-9)


def mlp():
    rng = np.random.default_rng(8)
    f = np.float32
    x = rng.standard_normal((16, 10)).astype(f)
    w1 = (rng.standard_normal((10, 32)) / np.sqrt(10)).astype(f)
    b1 = (0.1 * rng.standard_normal(32)).astype(f)
    w2 = (rng.standard_normal((32, 4)) / np.sqrt(32)).astype(f)
    b2 = (0.1 * rng.standard_normal(4)).astype(f)
    hidden = np.maximum(x @ w1 + b1, f(0))
    logits = hidden @ w2 + b2
    shifted = logits - np.max(logits, axis=1, keepdims=True)
    out = (shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))).astype(f)
    write("mlp", "mlp", {"x": x, "w1": w1, "b1": b1, "w2": w2, "b2": b2}, out, 1e-4)


def collatz():
    x = np.arange(1, 65, dtype=np.int64)

    def steps(n):
        c = 0
        while n != 1:
            n = n // 2 if n % 2 == 0 else 3 * n + 1
            c += 1
        return c

    s = np.array([steps(int(v)) for v in x], dtype=np.int64)
    write("collatz", "collatz", {"x": x}, (s, np.cumsum(s), x[np.argmax(s)]), 0.0)


def heat_3d():
    rng = np.random.default_rng(9)
    a0 = rng.random((10, 10, 10))
    steps = 5
    a, b = a0.copy(), a0.copy()

    def step(src, dst):
        c = src[1:-1, 1:-1, 1:-1]
        dst[1:-1, 1:-1, 1:-1] = (
            0.125 * (src[2:, 1:-1, 1:-1] - 2.0 * c + src[:-2, 1:-1, 1:-1])
            + 0.125 * (src[1:-1, 2:, 1:-1] - 2.0 * c + src[1:-1, :-2, 1:-1])
            + 0.125 * (src[1:-1, 1:-1, 2:] - 2.0 * c + src[1:-1, 1:-1, :-2])
            + c
        )

    for _ in range(steps):
        step(a, b)
        step(b, a)
    write("heat_3d", "heat_3d", {"steps": steps, "a0": a0}, a, 1e-12)


def hdiff():
    rng = np.random.default_rng(10)
    I, J, K = 12, 12, 5
    inf = rng.random((I + 4, J + 4, K))
    coeff = rng.random((I, J, K))
    # NPBench's hdiff, verbatim in its index arithmetic.
    lap = 4.0 * inf[1:I + 3, 1:J + 3, :] - (
        inf[2:I + 4, 1:J + 3, :] + inf[0:I + 2, 1:J + 3, :] + inf[1:I + 3, 2:J + 4, :] + inf[1:I + 3, 0:J + 2, :]
    )
    res = lap[1:, 1:J + 1, :] - lap[:-1, 1:J + 1, :]
    flx = np.where((res * (inf[2:I + 3, 2:J + 2, :] - inf[1:I + 2, 2:J + 2, :])) > 0, 0, res)
    res = lap[1:I + 1, 1:, :] - lap[1:I + 1, :-1, :]
    fly = np.where((res * (inf[2:I + 2, 2:J + 3, :] - inf[2:I + 2, 1:J + 2, :])) > 0, 0, res)
    out = inf[2:I + 2, 2:J + 2, :] - coeff * (flx[1:, :, :] - flx[:-1, :, :] + fly[:, 1:, :] - fly[:, :-1, :])
    write("hdiff", "hdiff", {"infield": inf, "coeff": coeff}, out, 1e-12)


ALL = [softmax, jacobi_2d, covariance, moments, fir_filter, newton_sqrt, embedding_bag,
       haversine, mlp, collatz, heat_3d, hdiff]

if __name__ == "__main__":
    for f in ALL:
        f()
    names = sorted(f[:-4] for f in os.listdir(HERE) if f.endswith(".arr"))
    assert names == sorted(f.__name__ for f in ALL), names
    print(f"wrote data for {len(ALL)} examples")
