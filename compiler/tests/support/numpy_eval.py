#!/usr/bin/env python3
"""The NumPy side of compiler/tests/differential.rs.

    python3 numpy_eval.py CASES.json   # writes the results as JSON to stdout

CASES.json is {"cases": [{"id", "sizes": {name: int}, "params": [{"name", "dtype",
"shape", "data"}], "code"}]}: `data` is the flat row-major list of elements, `dtype`
one of f32 f64 i32 i64 bool. Each case's `code` runs with its parameters bound as NumPy
arrays (a scalar parameter as a NumPy scalar), its size variables as np.int64, and the
helpers below; it assigns a tuple of results to `__result`.

The output is {"results": [{"id", "values": [{"dtype", "shape", "data"}]} or
{"id", "error"}]}, with non-finite floats written as the strings "nan", "inf", "-inf"
and f32 values widened exactly to f64.
"""
import json
import sys
import traceback

import numpy as np

DTYPES = {
    "f32": np.float32,
    "f64": np.float64,
    "i32": np.int32,
    "i64": np.int64,
    "bool": np.bool_,
}
NAMES = {np.dtype(v): k for k, v in DTYPES.items()}


def tdiv(a, b):
    """Integer division truncating toward zero (Arr's `/` on integers)."""
    a = np.asarray(a)
    b = np.asarray(b, dtype=a.dtype)
    q = np.abs(a) // np.abs(b)
    return np.where((a < 0) != (b < 0), -q, q).astype(a.dtype)[()]


def trem(a, b):
    """Integer remainder with the sign of the dividend (Arr's `%` on integers)."""
    a = np.asarray(a)
    return np.fmod(a, np.asarray(b, dtype=a.dtype))[()]


def cast(x, dtype):
    """Arr's f32()/f64()/i64(): elementwise conversion (float to int truncates)."""
    return np.asarray(x).astype(dtype)[()]


def reshape_rev(x):
    """Arr's `reshape(x, [p, q])` of an `[q, p]` array."""
    return np.reshape(x, np.shape(x)[::-1])


def encode(x):
    arr = np.asarray(x)
    name = NAMES.get(arr.dtype)
    if name is None:
        raise TypeError(f"result has dtype {arr.dtype}, not an Arr dtype")
    flat = arr.ravel().tolist()
    if name in ("f32", "f64"):
        flat = [v if np.isfinite(v) else ("nan" if v != v else ("inf" if v > 0 else "-inf"))
                for v in flat]
    return {"dtype": name, "shape": list(arr.shape), "data": flat}


def run_case(case):
    ns = {"np": np, "tdiv": tdiv, "trem": trem, "cast": cast, "reshape_rev": reshape_rev}
    for name, value in case["sizes"].items():
        ns[name] = np.int64(value)
    for p in case["params"]:
        dt = DTYPES[p["dtype"]]
        arr = np.array(p["data"], dtype=dt).reshape(p["shape"])
        ns[p["name"]] = arr[()] if not p["shape"] else arr
    with np.errstate(all="ignore"):
        exec(case["code"], ns)
    return [encode(r) for r in ns["__result"]]


def main(argv):
    with open(argv[1]) as fh:
        cases = json.load(fh)["cases"]
    out = []
    for case in cases:
        try:
            out.append({"id": case["id"], "values": run_case(case)})
        except Exception as e:  # noqa: BLE001
            out.append({"id": case["id"],
                        "error": f"{type(e).__name__}: {e}\n{traceback.format_exc(limit=2)}"})
    json.dump({"results": out}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
