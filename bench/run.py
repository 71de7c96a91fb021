#!/usr/bin/env python3
"""The Arr benchmark suite, end to end: `python3 bench/run.py`.

Generates inputs with NumPy (fixed seeds), builds the Rust benchmark binary twice
(`-Ctarget-cpu=native` and without flags), runs every workload with NumPy, Numba, Arr
and hand-written Rust (interleaved per workload), checks every result against Arr's,
and writes bench/RESULTS.md and bench/results.svg. See bench/README.md.

Options: --smoke (tiny sizes), --reps N, --only NAME[,NAME], --no-numba, --no-venv,
--skip-startup (no arrc start-up timings), --skip-cold-deps (no empty-cache arrc run),
--data DIR (scratch, default bench/.data), --results PATH, --svg PATH.
"""
import argparse
import datetime
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
VENV = os.path.join(HERE, ".venv")
VENV_PY = os.path.join(VENV, "bin", "python")

# OpenBLAS variables that this workplace may set for old OpenBLAS builds slow a current
# NumPy down: drop them (before NumPy is imported) and say so in the report.
BLAS_ENV_DROPPED = {k: os.environ.pop(k) for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE") if k in os.environ}


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--smoke", action="store_true", help="tiny sizes, 2 reps: checks the pipeline in a minute")
    p.add_argument("--reps", type=int, default=None, help="timed calls per implementation (default 5, smoke 2)")
    p.add_argument("--only", default=None, help="comma-separated workload names")
    p.add_argument("--no-numba", action="store_true", help="skip Numba")
    p.add_argument("--no-venv", action="store_true", help="do not create or use bench/.venv")
    p.add_argument("--skip-startup", action="store_true", help="skip the arrc build/run start-up timings")
    p.add_argument("--skip-cold-deps", action="store_true",
                   help="skip the arrc run with an empty cache (compiles the runtime's dependencies)")
    p.add_argument("--data", default=os.path.join(HERE, ".data"), help="scratch directory")
    p.add_argument("--results", default=None,
                   help="default bench/RESULTS.md (--smoke or --only: DATA/RESULTS-{smoke,partial}.md)")
    p.add_argument("--svg", default=None, help="default bench/results.svg (--smoke or --only: under DATA)")
    a = p.parse_args()
    # Only a full run (all workloads, full sizes) replaces bench/RESULTS.md by default.
    tag = "smoke" if a.smoke else ("partial" if a.only else None)
    if a.results is None:
        a.results = os.path.join(a.data, f"RESULTS-{tag}.md") if tag else os.path.join(HERE, "RESULTS.md")
    if a.svg is None:
        a.svg = os.path.join(a.data, f"results-{tag}.svg") if tag else os.path.join(HERE, "results.svg")
    return a


# --------------------------------------------------------------------------- venv

def ensure_venv(args):
    """Re-executes in bench/.venv (NumPy pinned to the system's version, Numba,
    matplotlib), creating it on first use. Returns a note for the report."""
    if args.no_venv:
        return "not used (--no-venv)"
    if os.path.realpath(sys.prefix) == os.path.realpath(VENV):
        return "bench/.venv"
    if os.environ.get("ARR_BENCH_IN_VENV"):
        return "re-exec into bench/.venv failed; using " + sys.executable
    if not os.path.exists(VENV_PY):
        try:
            import numpy
            np_version = numpy.__version__
        except ImportError:
            return "cannot create bench/.venv: NumPy is not installed for " + sys.executable
        print(f"[run.py] creating bench/.venv (numpy=={np_version}, numba, matplotlib)", flush=True)
        try:
            subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
            subprocess.run([VENV_PY, "-m", "pip", "install", "-q", f"numpy=={np_version}", "numba", "matplotlib"],
                           check=True)
        except (subprocess.CalledProcessError, OSError) as e:
            shutil.rmtree(VENV, ignore_errors=True)
            return f"could not create bench/.venv ({e}); using {sys.executable}"
    env = dict(os.environ, ARR_BENCH_IN_VENV="1")
    if BLAS_ENV_DROPPED:
        env["ARR_BENCH_BLAS_DROPPED"] = json.dumps(BLAS_ENV_DROPPED)
    os.execve(VENV_PY, [VENV_PY, os.path.abspath(__file__)] + sys.argv[1:], env)


ARGS = parse_args()
VENV_NOTE = ensure_venv(ARGS)
if "ARR_BENCH_BLAS_DROPPED" in os.environ:
    BLAS_ENV_DROPPED.update(json.loads(os.environ["ARR_BENCH_BLAS_DROPPED"]))

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.join(HERE, "py"))
import numpy_peers  # noqa: E402

try:
    import numba  # noqa: E402
    import numba_peers  # noqa: E402
    NUMBA_NOTE = None
except Exception as e:  # ImportError, or numba refusing this NumPy
    numba_peers = None
    NUMBA_NOTE = f"{type(e).__name__}: {e}".splitlines()[0]

# --------------------------------------------------------------------------- workloads

# name -> sizes (full, smoke)
SIZES = {
    "wave": ({"n": 2 ** 25}, {"n": 10_007}),
    "sqdist": ({"n": 2 ** 25}, {"n": 10_007}),
    "softmax": ({"n": 4096, "m": 4096}, {"n": 33, "m": 65}),
    "colstats": ({"n": 8192, "m": 4096}, {"n": 129, "m": 70}),
    "jacobi_2d": ({"n": 4096, "steps": 10}, {"n": 40, "steps": 3}),
    "heat_3d": ({"n": 256, "steps": 4}, {"n": 12, "steps": 2}),
    "hdiff": ({"i": 256, "j": 256, "k": 256}, {"i": 10, "j": 12, "k": 7}),
    "haversine": ({"n": 2 ** 22}, {"n": 1001}),
    "matmul": ({"n": 2048}, {"n": 67}),
    "mlp": ({"s": 4096, "i": 1024, "h": 1024}, {"s": 37, "i": 29, "h": 31}),
    "covariance": ({"n": 2000, "m": 1000}, {"n": 41, "m": 13}),
}
NAMES = list(SIZES)

DESCRIPTION = {
    "wave": "a*x + b*sin(x)*exp(-x*x), f32",
    "sqdist": "sum((x - y)**2), f64",
    "softmax": "row softmax, f32",
    "colstats": "column mean and variance, f32",
    "jacobi_2d": "5-point Jacobi 2-D, f64",
    "heat_3d": "7-point heat equation 3-D, f64",
    "hdiff": "horizontal diffusion (COSMO), f64",
    "haversine": "haversine distance of point pairs, f64",
    "matmul": "a @ b, f32",
    "mlp": "relu(x @ w + b), f32",
    "covariance": "covariance matrix (npbench), f64",
}


def size_text(name, s):
    if name in ("wave", "sqdist", "haversine"):
        return f"n = 2^{int(math.log2(s['n']))}" if s["n"] & (s["n"] - 1) == 0 else f"n = {s['n']}"
    if name in ("softmax", "colstats", "covariance"):
        return f"{s['n']} x {s['m']}"
    if name == "jacobi_2d":
        return f"{s['n']}^2, {s['steps']} steps"
    if name == "heat_3d":
        return f"{s['n']}^3, {s['steps']} steps"
    if name == "hdiff":
        return f"{s['i']} x {s['j']} x {s['k']} (+ halo)"
    if name == "matmul":
        return f"{s['n']}^2 x {s['n']}^2"
    if name == "mlp":
        return f"x {s['s']} x {s['i']}, w {s['i']} x {s['h']}"
    return str(s)


def work(name, s):
    """(kind, bytes, flops, dtype): the compulsory memory traffic (inputs read once,
    outputs written once, per sweep for stencils) and the useful flops. kind says which
    limit applies: 'mem' (bandwidth) or 'flop' (peak FMA rate)."""
    if name == "wave":
        return "mem", 8 * s["n"], 0, "f32"
    if name == "sqdist":
        return "mem-read", 16 * s["n"], 3 * s["n"], "f64"
    if name == "softmax":
        return "mem", 8 * s["n"] * s["m"], 0, "f32"
    if name == "colstats":
        return "mem-read", 4 * s["n"] * s["m"], 0, "f32"
    if name == "jacobi_2d":
        return "mem", 2 * s["steps"] * 16 * s["n"] ** 2, 2 * s["steps"] * 5 * s["n"] ** 2, "f64"
    if name == "heat_3d":
        return "mem", 2 * s["steps"] * 16 * s["n"] ** 3, 2 * s["steps"] * 15 * s["n"] ** 3, "f64"
    if name == "hdiff":
        i, j, k = s["i"], s["j"], s["k"]
        return "mem", 8 * ((i + 4) * (j + 4) * k + 2 * i * j * k), 0, "f64"
    if name == "haversine":
        return "mem", 40 * s["n"], 0, "f64"
    if name == "matmul":
        return "flop", 0, 2 * s["n"] ** 3, "f32"
    if name == "mlp":
        return "flop", 0, 2 * s["s"] * s["i"] * s["h"], "f32"
    if name == "covariance":
        # the symmetric half: m(m+1)/2 dot products of length n
        return "flop", 0, s["n"] * s["m"] * (s["m"] + 1), "f64"
    raise KeyError(name)


def make_inputs(name, s, rng):
    f32, f64 = np.float32, np.float64
    if name == "wave":
        return {"a": f32(1.5), "b": f32(-0.75), "x": rng.uniform(-3, 3, s["n"]).astype(f32)}
    if name == "sqdist":
        return {"x": rng.standard_normal(s["n"]), "y": rng.standard_normal(s["n"])}
    if name == "softmax":
        return {"x": (rng.standard_normal((s["n"], s["m"]), dtype=f32) * 3)}
    if name == "colstats":
        return {"x": (rng.standard_normal((s["n"], s["m"]), dtype=f32) * 2 + 1)}
    if name == "jacobi_2d":
        return {"steps": np.int64(s["steps"]), "a0": rng.random((s["n"], s["n"]))}
    if name == "heat_3d":
        return {"steps": np.int64(s["steps"]), "a0": rng.random((s["n"],) * 3)}
    if name == "hdiff":
        i, j, k = s["i"], s["j"], s["k"]
        return {"infield": rng.random((i + 4, j + 4, k)), "coeff": rng.random((i, j, k))}
    if name == "haversine":
        n = s["n"]
        return {"lat1": rng.uniform(-90, 90, n), "lon1": rng.uniform(-180, 180, n),
                "lat2": rng.uniform(-90, 90, n), "lon2": rng.uniform(-180, 180, n)}
    if name == "matmul":
        n = s["n"]
        return {"a": rng.standard_normal((n, n), dtype=f32), "b": rng.standard_normal((n, n), dtype=f32)}
    if name == "mlp":
        return {"x": rng.standard_normal((s["s"], s["i"]), dtype=f32),
                "w": rng.standard_normal((s["i"], s["h"]), dtype=f32) / np.float32(math.sqrt(s["i"])),
                "bias": rng.standard_normal(s["h"], dtype=f32) * np.float32(0.1)}
    if name == "covariance":
        return {"x": rng.random((s["n"], s["m"]))}
    raise KeyError(name)


# Parameter order of each peer function.
PARAMS = {
    "wave": ["a", "b", "x"], "sqdist": ["x", "y"], "softmax": ["x"], "colstats": ["x"],
    "jacobi_2d": ["steps", "a0"], "heat_3d": ["steps", "a0"], "hdiff": ["infield", "coeff"],
    "haversine": ["lat1", "lon1", "lat2", "lon2"], "matmul": ["a", "b"], "mlp": ["x", "w", "bias"],
    "covariance": ["x"],
}


def inputs_dir(name):
    return os.path.join(ARGS.data, "smoke" if ARGS.smoke else "full", "inputs", name)


def ensure_inputs(name, s, seed):
    d = inputs_dir(name)
    stamp = os.path.join(d, "sizes.json")
    want = json.dumps({"sizes": s, "seed": seed, "version": 1}, sort_keys=True)
    if os.path.exists(stamp) and open(stamp).read() == want:
        return d
    os.makedirs(d, exist_ok=True)
    t = time.perf_counter()
    arrays = make_inputs(name, s, np.random.default_rng(seed))
    for k, v in arrays.items():
        np.save(os.path.join(d, f"{k}.npy"), np.asarray(v))
    with open(stamp, "w") as f:
        f.write(want)
    print(f"[run.py] inputs for {name}: {time.perf_counter() - t:.1f} s", flush=True)
    return d


def load_inputs(name):
    d = inputs_dir(name)
    out = []
    for p in PARAMS[name]:
        a = np.load(os.path.join(d, f"{p}.npy"))
        out.append(a[()] if a.ndim == 0 else a)
    return out


# --------------------------------------------------------------------------- running

def sh(cmd, **kw):
    return subprocess.run(cmd, text=True, capture_output=True, **kw)


def build_binaries():
    """Builds arr-bench (default flags and native) and release arrc. Returns
    {label: path or None}, {label: note}."""
    env_default = {k: v for k, v in os.environ.items() if k not in ("RUSTFLAGS", "CARGO_ENCODED_RUSTFLAGS")}
    default_target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    native_target = os.path.join(ROOT, "target", "bench-native")
    builds = {
        "default": (env_default, default_target),
        "native": (dict(env_default, RUSTFLAGS="-Ctarget-cpu=native", CARGO_TARGET_DIR=native_target), native_target),
    }
    paths, notes = {}, {}
    for label, (env, target) in builds.items():
        print(f"[run.py] cargo build --release -p arr-bench ({label})", flush=True)
        t = time.perf_counter()
        r = sh(["cargo", "build", "--release", "-p", "arr-bench", "--bin", "arr-bench"], cwd=ROOT, env=env)
        exe = os.path.join(target, "release", "arr-bench")
        if r.returncode != 0 or not os.path.exists(exe):
            paths[label] = None
            notes[label] = "build failed: " + r.stderr.strip().splitlines()[-1] if r.stderr.strip() else "build failed"
            print(r.stderr[-3000:], file=sys.stderr)
        else:
            paths[label] = exe
            notes[label] = f"built in {time.perf_counter() - t:.0f} s"
    if not ARGS.skip_startup:
        print("[run.py] cargo build --release --bin arrc", flush=True)
        r = sh(["cargo", "build", "--release", "--bin", "arrc"], cwd=ROOT, env=env_default)
        exe = os.path.join(default_target, "release", "arrc")
        paths["arrc"] = exe if r.returncode == 0 and os.path.exists(exe) else None
        if paths["arrc"] is None:
            notes["arrc"] = "build failed"
    return paths, notes


def run_binary(exe, extra):
    r = sh([exe] + extra)
    if r.returncode != 0:
        raise RuntimeError(f"{os.path.basename(exe)} exited {r.returncode}: {r.stderr.strip()[-500:]}")
    return json.loads(r.stdout)


def as_tuple(r):
    if isinstance(r, tuple):
        return tuple(np.asarray(x) for x in r)
    return (np.asarray(r),)


def time_python(fn, args, reps, compile_first=False):
    """Warm-up call (for Numba: the compiling call, timed separately), then `reps`
    timed calls. Returns (times_ms, first_call_ms, result)."""
    t = time.perf_counter()
    res = fn(*args)
    first = (time.perf_counter() - t) * 1e3
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        r = fn(*args)
        times.append((time.perf_counter() - t) * 1e3)
        del r
    return times, first, as_tuple(res)


def compare(got, want, rtol, atol):
    if len(got) != len(want):
        return {"ok": False, "why": f"{len(got)} results, Arr has {len(want)}"}
    ok, max_rel, max_abs, max_ratio = True, 0.0, 0.0, 0.0
    for g, w in zip(got, want):
        g = np.asarray(g, dtype=np.float64)
        w = np.asarray(w, dtype=np.float64)
        if g.shape != w.shape:
            return {"ok": False, "why": f"shape {g.shape} vs Arr's {w.shape}"}
        ok &= bool(np.allclose(g, w, rtol=rtol, atol=atol, equal_nan=True))
        d = np.abs(g - w)
        if d.size:
            max_abs = max(max_abs, float(np.nanmax(d)))
            with np.errstate(divide="ignore", invalid="ignore"):
                rel = np.where(w != 0, d / np.abs(w), d)
            max_rel = max(max_rel, float(np.nanmax(rel)))
            bound = atol + rtol * np.abs(w)
            with np.errstate(divide="ignore", invalid="ignore"):
                q = np.where(bound > 0, d / bound, np.where(d == 0, 0.0, np.inf))
            max_ratio = max(max_ratio, float(np.nanmax(q)))
    return {"ok": ok, "max_abs": max_abs, "max_rel": max_rel, "max_ratio": max_ratio}


def split_reps(reps):
    """The timed calls of each implementation, split over up to `ROUNDS` rounds."""
    rounds = max(1, min(ROUNDS, reps))
    return [reps // rounds + (1 if r < reps % rounds else 0) for r in range(rounds)]


def run_workload(name, s, bins, reps, outroot):
    """Times every implementation of workload `name` in rounds: each round runs NumPy,
    Numba, and the native and the default Rust binary (in alternating order) one after
    the other, a share of the timed calls each, so that a burst of load on the host, or
    the memory state one process leaves behind, falls on all of them alike rather than
    on whichever ran at that moment."""
    print(f"[run.py] {name} ({size_text(name, s)})", flush=True)
    res = {"name": name, "sizes": s, "impls": {}, "checks": {}, "notes": []}
    args = load_inputs(name)
    py = {}
    arr_out = {}
    if ARGS.no_numba:
        res["impls"]["Numba"] = {"na": "--no-numba"}
    elif numba_peers is None:
        res["impls"]["Numba"] = {"na": NUMBA_NOTE}

    def add_ms(key, times):
        res["impls"].setdefault(key, {"ms": []})["ms"].extend(times)

    def failed(key):
        return "na" in res["impls"].get(key, {})

    for rnd, k in enumerate(split_reps(reps)):
        # NumPy, then Numba (its first call compiles: timed separately).
        for label, mod in (("NumPy", numpy_peers), ("Numba", numba_peers)):
            if mod is None or failed(label):
                continue
            try:
                times, first, out = time_python(getattr(mod, name), args, k)
                add_ms(label, times)
                if rnd == 0:
                    py[label] = out
                    if label == "Numba":
                        res["impls"][label]["first_ms"] = first
            except Exception as e:  # a peer failing is reported, never fatal
                res["impls"][label] = {"na": f"{type(e).__name__}: {str(e).splitlines()[0][:200]}"}
        # Rust: the two builds take turns going first (a process that starts right after
        # another has freed its memory can fault its pages in more slowly on this host).
        for label in ("native", "default") if rnd % 2 == 0 else ("default", "native"):
            exe = bins.get(label)
            a_key, h_key = f"Arr ({label})", f"hand Rust ({label})"
            if failed(a_key):
                continue
            if exe is None:
                res["impls"][a_key] = res["impls"][h_key] = {"na": f"{label} build failed"}
                continue
            outdir = os.path.join(outroot, label)
            try:
                extra = ["--data", os.path.dirname(inputs_dir(name)), "--reps", str(k), "--only", name]
                if rnd == 0:
                    extra += ["--out", outdir]
                j = run_binary(exe, extra)
                w = j["workloads"][0]
                if "error" in w:
                    raise RuntimeError(w["error"])
                add_ms(a_key, w["arr_ms"])
                add_ms(h_key, w["hand_ms"])
                res["rtol"], res["atol"] = w["rtol"], w["atol"]
                if label == "native" and w.get("arr_into"):
                    add_ms(INTO, w["arr_into"]["ms"])
                    same = bool(w["arr_into"]["same_as_arr"]) and res["checks"].get(INTO, {}).get("ok", True)
                    res["checks"][INTO] = {"ok": same, "why": None if same else "differs from Arr (native)"}
                hv = w["hand_vs_arr"]
                # Worst over the rounds.
                prev = res["checks"].get(h_key, {"ok": True})
                res["checks"][h_key] = {"ok": prev["ok"] and hv["ok"]} | {
                    k: max([prev.get(k, 0.0)] + [o.get(k, 0) for o in hv["outputs"]])
                    for k in ("max_rel", "max_abs", "max_ratio")}
                if rnd == 0:
                    arr_out[label] = tuple(np.load(os.path.join(outdir, name, f"arr_out{q}.npy"))
                                           for q in range(w["outputs"]))
            except Exception as e:
                res["impls"][a_key] = res["impls"][h_key] = {"na": str(e)[:300]}
                if label == "native":
                    res["impls"].pop(INTO, None)
    if "first_ms" in res["impls"].get("Numba", {}):
        nb = res["impls"]["Numba"]
        nb["compile_ms"] = max(nb.pop("first_ms") - statistics.median(nb["ms"]), 0.0)
    del args
    ref = arr_out.get("native", arr_out.get("default"))
    if ref is None:
        res["notes"].append("no Arr result to check against")
        return res
    rtol, atol = res.get("rtol", 1e-6), res.get("atol", 1e-9)
    for label, out in py.items():
        res["checks"][label] = compare(out, ref, rtol, atol)
    if "native" in arr_out and "default" in arr_out:
        res["checks"]["Arr (default)"] = compare(arr_out["default"], arr_out["native"], rtol, atol)
    return res


# --------------------------------------------------------------------------- start-up

def example_runs():
    """(name, path, [--arg ...]) for every example with NumPy-made data."""
    out = []
    ex = os.path.join(ROOT, "examples")
    for f in sorted(os.listdir(ex)):
        if not f.endswith(".arr"):
            continue
        name = f[:-4]
        spec_path = os.path.join(ex, "data", name, "run.json")
        if not os.path.exists(spec_path):
            continue
        spec = json.load(open(spec_path))
        argv = ["--entry", spec["entry"]]
        for p, v in spec["args"].items():
            v = os.path.join(ex, "data", name, v) if isinstance(v, str) and v.endswith(".npy") else v
            if isinstance(v, bool):
                v = "true" if v else "false"
            argv += ["--arg", f"{p}={v}"]
        out.append((name, os.path.join(ex, f), argv))
    return out


def timed(cmd, env):
    t = time.perf_counter()
    r = subprocess.run(cmd, env=env, capture_output=True, text=True)
    return (time.perf_counter() - t) * 1e3, r


def startup(arrc):
    res = {"build": [], "run": [], "cold_deps": None, "notes": []}
    scratch = os.path.join(ARGS.data, "startup")
    os.makedirs(scratch, exist_ok=True)
    examples = example_runs()
    if ARGS.smoke:
        examples = examples[:2]
    env = dict(os.environ)
    # arrc build: generating Rust is not cached, so every call is cold.
    for name, path, _ in examples:
        ms = []
        for _ in range(3):
            t, r = timed([arrc, "build", path, "--target", "rust", "-o", os.path.join(scratch, name + ".rs")], env)
            if r.returncode != 0:
                res["notes"].append(f"arrc build {name}: {r.stderr.strip()[-200:]}")
                break
            ms.append(t)
        if ms:
            res["build"].append({"name": name, "first_ms": ms[0], "median_ms": statistics.median(ms)})
    # arrc run with an empty cache: compiles the runtime's dependencies too.
    if not ARGS.skip_cold_deps and not ARGS.smoke and examples:
        cold = os.path.join(scratch, "cache-empty")
        shutil.rmtree(cold, ignore_errors=True)
        name, path, argv = examples[0]
        print(f"[run.py] arrc run {name} with an empty cache (compiles the runtime)", flush=True)
        t, r = timed([arrc, "run", path] + argv, dict(env, ARR_CACHE_DIR=cold))
        res["cold_deps"] = {"name": name, "ms": t, "ok": r.returncode == 0}
        shutil.rmtree(cold, ignore_errors=True)
    # Per program: cold (dependencies already built in this cache, program not) and cached.
    cache = os.path.join(scratch, "cache")
    os.makedirs(cache, exist_ok=True)
    for name, path, argv in examples:
        for entry in os.listdir(cache):
            if entry != "target":
                shutil.rmtree(os.path.join(cache, entry), ignore_errors=True)
        e = dict(env, ARR_CACHE_DIR=cache)
        t_cold, r = timed([arrc, "run", path] + argv, e)
        if r.returncode != 0:
            res["notes"].append(f"arrc run {name}: {r.stderr.strip()[-300:]}")
            continue
        warm = [timed([arrc, "run", path] + argv, e)[0] for _ in range(5)]
        t_interp, r = timed([arrc, "run", path, "--interp"] + argv, e)
        res["run"].append({"name": name, "cold_ms": t_cold, "cached_ms": statistics.median(warm),
                           "interp_ms": t_interp if r.returncode == 0 else None})
    return res


# --------------------------------------------------------------------------- report

# Arr's generated `f_into`, writing into one output buffer reused by every call (only
# where `f_into` computes its result in place); not part of the summary's comparison.
INTO = "Arr (native, into a reused buffer)"
# Rounds each workload's timed calls are split into (see `run_workload`).
ROUNDS = 3
ORDER = ["NumPy", "Numba", "Arr (native)", INTO, "hand Rust (native)", "Arr (default)",
         "hand Rust (default)"]


def med(impl):
    return statistics.median(impl["ms"]) if "ms" in impl else None


def fastest(impl):
    return min(impl["ms"]) if impl.get("ms") else None


def ratio(a, b):
    return f"{a / b:.2f}" if a and b else "n/a"


def cpu_model():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def mem_gib():
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 2 ** 20:.0f} GiB"
    except OSError:
        pass
    return "?"


def fmt_ms(v):
    if v is None:
        return "–"
    return f"{v:.3g}" if v < 100 else f"{v:.0f}"


def rate(name, s, ms, probe):
    kind, nbytes, flops, dtype = work(name, s)
    if ms is None or ms <= 0:
        return "–", "–"
    sec = ms / 1e3
    if kind == "flop":
        g = flops / sec / 1e9
        peak = probe.get(f"peak_{dtype}_gflops") if probe else None
        return f"{g:.1f} GFLOP/s", (f"{100 * g / peak:.0f}% of {dtype} peak" if peak else "–")
    g = nbytes / sec / 1e9
    lim_key = "sum_gbs" if kind == "mem-read" else "triad_gbs"
    lim = probe.get(lim_key) if probe else None
    return f"{g:.1f} GB/s", (f"{100 * g / lim:.0f}% of {lim_key[:-4]}" if lim else "–")


def geomean(xs):
    xs = [x for x in xs if x and x > 0]
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else None


def write_report(results, probe, bins, notes, start, reps, sizes_mode, elapsed):
    L = []
    w = L.append
    w("# Arr benchmark results\n")
    w(f"Generated by `python3 bench/run.py{' --smoke' if ARGS.smoke else ''}` on "
      f"{datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')} "
      f"({elapsed / 60:.1f} min). Sizes: {sizes_mode}; {reps} timed calls per implementation, split "
      f"over {len(split_reps(reps))} rounds: each round runs NumPy, Numba, the native and the default "
      "Rust build in turn (the two builds alternating which goes first), each after a warm-up call. Times are wall-clock per call, inputs already in memory.\n")
    if ARGS.smoke:
        w("**Smoke run: tiny sizes that stay in cache; the numbers say nothing about speed.**\n")
    w("## Machine\n")
    w(f"- CPU: {cpu_model()}, {os.cpu_count()} logical CPUs; memory {mem_gib()}")
    w(f"- OS: {platform.platform()}")
    rustc = sh(["rustc", "--version"]).stdout.strip()
    w(f"- {rustc}; Python {platform.python_version()}, NumPy {np.__version__}, "
      f"Numba {numba.__version__ if numba_peers else 'n/a (' + str(NUMBA_NOTE) + ')'} (interpreter: {VENV_NOTE})")
    threads = probe.get("threads") if probe else None
    w(f"- Threads: rayon {threads or '?'} (all CPUs), Numba {os.environ.get('NUMBA_NUM_THREADS', 'default (all CPUs)')}; "
      "NumPy is single-threaded except inside BLAS (`@`).")
    if BLAS_ENV_DROPPED:
        w(f"- Unset for this run (they slow a current OpenBLAS): {', '.join(BLAS_ENV_DROPPED)}")
    w(f"- Builds: native = `RUSTFLAGS=-Ctarget-cpu=native` ({notes.get('native', '')}); "
      f"default = no flags ({notes.get('default', '')}).")
    w("")
    w("## Machine limits\n")
    if probe and "copy_gbs" in probe:
        w("STREAM-style probe on all threads, arrays of "
          f"{probe['stream_array_bytes'] / 2 ** 20:.0f} MiB (last-level cache {probe['llc_bytes'] / 2 ** 20:.0f} MiB), "
          f"best of 5 in each of {probe.get('probes', 1)} probe runs (before the workloads and after each; "
          "noise only lowers a limit), STREAM byte counting (write-allocate traffic not counted); peak FMA probe with "
          f"{probe['peak_isa']} (chosen at run time), all threads, an FMA = 2 flops.\n")
        w("| copy GB/s | triad GB/s | read-only sum GB/s | peak f32 GFLOP/s | peak f64 GFLOP/s |")
        w("|---|---|---|---|---|")
        w(f"| {probe['copy_gbs']:.1f} | {probe['triad_gbs']:.1f} | {probe['sum_gbs']:.1f} | "
          f"{probe['peak_f32_gflops']:.0f} | {probe['peak_f64_gflops']:.0f} |\n")
        w("Memory-bound workloads are rated against triad (read-only ones against the sum), "
          "compute-bound ones (`matmul`, `mlp`, `covariance`) against the peak FMA rate.\n")
    else:
        w("n/a (probe failed)\n")

    # Summary
    w("## Summary: speed-up over NumPy (median time of NumPy / median time)\n")
    cols = ["Numba", "Arr (native)", "hand Rust (native)", "Arr (default)", "hand Rust (default)"]
    w("| workload | size | NumPy ms | " + " | ".join(cols) + " | checks |")
    w("|---|---|---|" + "---|" * len(cols) + "---|")
    per_col = {c: [] for c in cols}
    for r in results:
        npm = med(r["impls"].get("NumPy", {}))
        cells = []
        for c in cols:
            m = med(r["impls"].get(c, {}))
            if npm and m:
                per_col[c].append(npm / m)
                cells.append(f"{npm / m:.2f}x")
            else:
                cells.append("n/a")
        bad = [k for k, v in r["checks"].items() if not v.get("ok")]
        chk = "all ok" if r["checks"] and not bad else ("FAIL: " + ", ".join(bad) if bad else "–")
        w(f"| {r['name']} | {size_text(r['name'], r['sizes'])} | {fmt_ms(npm)} | " + " | ".join(cells) + f" | {chk} |")
    gm = [geomean(per_col[c]) for c in cols]
    w("| **geometric mean** | | | " + " | ".join(f"**{g:.2f}x**" if g else "n/a" for g in gm) + " | |")
    w("")

    # f_into
    into = [r for r in results if "ms" in r["impls"].get(INTO, {})]
    if into:
        w("## Results written into a reused buffer (`f_into`)\n")
        w("Every call above returns a fresh result, as NumPy's and the hand-written peer's do. The kernel "
          "backs a fresh array with pages it zeroes first, which costs about as much as writing the array "
          "once. A program that calls a function again and again (time steps, batches) can keep one output "
          "and call the generated `f_into`, which computes the result straight into it (where the result is "
          "the value of the function's last fused loop or row group). Measured in the same process, "
          "interleaved with the calls above; the outputs are identical.\n")
        w("| workload | Arr (native) ms | into a reused buffer ms | speed-up | vs NumPy | rate | % of limit |")
        w("|---|---|---|---|---|---|---|")
        for r in into:
            im = r["impls"]
            a, b = med(im.get("Arr (native)", {})), med(im[INTO])
            npm = med(im.get("NumPy", {}))
            rt, pct = rate(r["name"], r["sizes"], b, probe)
            w(f"| {r['name']} | {fmt_ms(a)} | {fmt_ms(b)} | {ratio(a, b)}x | "
              f"{f'{npm / b:.2f}x' if npm and b else 'n/a'} | {rt} | {pct} |")
        w("")

    # No-target-cpu vs native
    w("## Default build vs `-Ctarget-cpu=native`\n")
    w("How much a user loses by building without `-Ctarget-cpu=native` (the default for a Rust user): "
      "median time of the default build / median time of the native build (above 1 = native is faster). "
      "The two builds take turns, in rounds, but a burst of load on the shared host can still move one median more than the other; "
      "*fastest* compares the fastest call of each build, which such noise moves least.\n")
    w("| workload | Arr default ms | Arr native ms | Arr default/native | Arr default/native, fastest | "
      "hand default ms | hand native ms | hand default/native |")
    w("|---|---|---|---|---|---|---|---|")
    for r in results:
        im = r["impls"]
        ad, an = med(im.get("Arr (default)", {})), med(im.get("Arr (native)", {}))
        af, anf = fastest(im.get("Arr (default)", {})), fastest(im.get("Arr (native)", {}))
        hd, hn = med(im.get("hand Rust (default)", {})), med(im.get("hand Rust (native)", {}))
        w(f"| {r['name']} | {fmt_ms(ad)} | {fmt_ms(an)} | {ratio(ad, an)} | {ratio(af, anf)} | "
          f"{fmt_ms(hd)} | {fmt_ms(hn)} | {ratio(hd, hn)} |")
    w("")

    # Per workload
    w("## Per workload\n")
    w("Columns: median and min–max of the timed calls (ms); *vs NumPy* = NumPy's median / this median "
      "(above 1 = faster than NumPy); *vs best peer* = the fastest non-Arr implementation's median / this "
      "median (above 1 = faster than every peer); the effective rate (compulsory bytes or useful flops / "
      "median time) and its share of the machine limit; the check of the result against Arr's (native "
      "build) with `allclose(rtol, atol)`: *err/tol* is the largest |got − Arr| / (atol + rtol·|Arr|) "
      "(at most 1 passes).\n")
    for r in results:
        kind, nbytes, flops, dtype = work(r["name"], r["sizes"])
        w(f"### {r['name']} — {DESCRIPTION[r['name']]}, {size_text(r['name'], r['sizes'])}\n")
        what = (f"{nbytes / 1e6:.0f} MB compulsory traffic" if kind != "flop" else f"{flops / 1e9:.2f} GFLOP")
        w(f"Work per call: {what}. Tolerance vs Arr: rtol {r.get('rtol', '?')}, atol {r.get('atol', '?')}.\n")
        im = r["impls"]
        npm = med(im.get("NumPy", {}))
        peers = [med(im[k]) for k in im if not k.startswith("Arr") and med(im[k])]
        best = min(peers) if peers else None
        w("| implementation | median ms | min–max ms | vs NumPy | vs best peer | rate | % of limit | check |")
        w("|---|---|---|---|---|---|---|---|")
        for k in ORDER:
            v = im.get(k)
            if v is None:
                continue
            if "na" in v:
                w(f"| {k} | n/a ({v['na']}) | | | | | | |")
                continue
            m = med(v)
            rt, pct = rate(r["name"], r["sizes"], m, probe)
            c = r["checks"].get(k)
            if k == "Arr (native)":
                chk = "reference"
            elif c is None:
                chk = "–"
            elif k == INTO:
                chk = "identical to Arr (native)" if c["ok"] else f"FAIL ({c['why']})"
            elif "why" in c:
                chk = f"FAIL ({c['why']})"
            else:
                chk = (f"{'ok' if c['ok'] else 'FAIL'} (err/tol {c.get('max_ratio', float('nan')):.2g}, "
                       f"max abs {c.get('max_abs', float('nan')):.1e})")
            extra = f"; compile {v['compile_ms'] / 1e3:.2f} s" if "compile_ms" in v else ""
            w(f"| {k} | {fmt_ms(m)} | {fmt_ms(min(v['ms']))}–{fmt_ms(max(v['ms']))} | "
              f"{f'{npm / m:.2f}x' if npm else 'n/a'} | {f'{best / m:.2f}x' if best else 'n/a'} | {rt} | {pct} | {chk}{extra} |")
        for n in r["notes"]:
            w(f"\nNote: {n}")
        w("")
        w("<details><summary>every call (ms)</summary>\n")
        for k in ORDER:
            v = im.get(k)
            if v and "ms" in v:
                w(f"- {k}: " + ", ".join(f"{t:.2f}" for t in v["ms"]))
        w("\n</details>\n")

    # Numba compile
    nb = [(r["name"], r["impls"]["Numba"]["compile_ms"]) for r in results if "compile_ms" in r["impls"].get("Numba", {})]
    if nb:
        w("## Numba compile time (excluded above)\n")
        w("First call minus the median of the timed calls.\n")
        w("| workload | compile s |")
        w("|---|---|")
        for n, c in nb:
            w(f"| {n} | {c / 1e3:.2f} |")
        w("")

    # Start-up
    st = start
    w("## `arrc` start-up (release `arrc`)\n")
    if st is None:
        w("Skipped (--skip-startup).\n")
    elif "error" in st:
        w(f"n/a ({st['error']})\n")
    else:
        w("`arrc build FILE --target rust` (parse, check, generate Rust; nothing is cached, so every call is "
          "cold): first call and median of 3. `arrc run`: *cold* = the program is not in the cache "
          "(`ARR_CACHE_DIR` a scratch directory whose runtime dependencies are already compiled: checks, "
          "generates, runs `cargo build --release` on the program's crate, then runs it), *cached* = median of "
          "5 later runs (hash + process start + .npy I/O), *interp* = `--interp`. All include process start and "
          "the examples' small inputs.\n")
        if st.get("cold_deps"):
            c = st["cold_deps"]
            w(f"With an empty cache (also compiles the runtime's dependencies: ndarray, faer, rayon): "
              f"`arrc run {c['name']}` took {c['ms'] / 1e3:.1f} s{'' if c['ok'] else ' (FAILED)'}.\n")
        runs = {x["name"]: x for x in st["run"]}
        w("| example | build first ms | build median ms | run cold ms | run cached ms | run --interp ms |")
        w("|---|---|---|---|---|---|")
        for b in st["build"]:
            x = runs.get(b["name"], {})
            w(f"| {b['name']} | {b['first_ms']:.1f} | {b['median_ms']:.1f} | {fmt_ms(x.get('cold_ms'))} | "
              f"{fmt_ms(x.get('cached_ms'))} | {fmt_ms(x.get('interp_ms'))} |")
        for n in st["notes"]:
            w(f"\nNote: {n}")
        w("")
    w("## How to read and reproduce\n")
    w("See `bench/README.md`. Re-run with `python3 bench/run.py` (`--smoke` for a quick pipeline check, "
      "`--only NAME`, `--reps N`). The chart `bench/results.svg` shows the speed-ups over NumPy.\n")
    with open(ARGS.results, "w") as f:
        f.write("\n".join(L))
    print(f"[run.py] wrote {os.path.relpath(ARGS.results, ROOT)}", flush=True)


def write_svg(results):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as e:
        return f"no chart: {e}"
    cols = ["Numba", "Arr (native)", "hand Rust (native)", "Arr (default)"]
    names = [r["name"] for r in results]
    fig, ax = plt.subplots(figsize=(max(6, 1.1 * len(names) + 2), 4.5))
    width = 0.8 / len(cols)
    for ci, c in enumerate(cols):
        vals = []
        for r in results:
            npm, m = med(r["impls"].get("NumPy", {})), med(r["impls"].get(c, {}))
            vals.append(npm / m if npm and m else 0.0)
        xs = [i + (ci - (len(cols) - 1) / 2) * width for i in range(len(names))]
        ax.bar(xs, vals, width, label=c)
    ax.axhline(1.0, color="black", linewidth=0.8)
    ax.set_yscale("log")
    ax.set_xticks(range(len(names)))
    ax.set_xticklabels(names, rotation=30, ha="right")
    ax.set_ylabel("speed-up over NumPy (log scale)")
    ax.set_title("Arr benchmark: median time of NumPy / median time" + (" (smoke sizes)" if ARGS.smoke else ""))
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(ARGS.svg)
    plt.close(fig)
    print(f"[run.py] wrote {os.path.relpath(ARGS.svg, ROOT)}", flush=True)
    return None


PROBE_RATES = ("copy_gbs", "triad_gbs", "sum_gbs", "peak_f32_gflops", "peak_f64_gflops")


def run_probe(pexe, best):
    """Runs the machine-limit probe; returns `best` with each rate raised to this run's
    where it is higher (`best` unchanged if the probe fails)."""
    if not pexe:
        return best
    try:
        extra = ["--stream-mib", "8"] if ARGS.smoke else []
        j = run_binary(pexe, ["--probe"] + extra)
        p = dict(j["probe"], threads=j["threads"])
    except Exception as e:
        print(f"[run.py] probe failed: {e}", file=sys.stderr)
        return best
    if not best:
        return dict(p, probes=1)
    out = dict(best, probes=best.get("probes", 1) + 1)
    for k in PROBE_RATES:
        if isinstance(p.get(k), (int, float)) and p[k] > out.get(k, 0):
            out[k] = p[k]
            if k.startswith("peak_"):
                out["peak_isa"] = p.get("peak_isa", out.get("peak_isa"))
    return out


def main():
    t0 = time.perf_counter()
    reps = ARGS.reps or (2 if ARGS.smoke else 5)
    names = NAMES if not ARGS.only else [n.strip() for n in ARGS.only.split(",")]
    for n in names:
        if n not in SIZES:
            sys.exit(f"unknown workload {n!r}; known: {', '.join(NAMES)}")
    mode = 1 if ARGS.smoke else 0
    sizes = {n: SIZES[n][mode] for n in names}
    for i, n in enumerate(names):
        ensure_inputs(n, sizes[n], seed=1000 + NAMES.index(n))
    bins, notes = build_binaries()
    pexe = bins.get("native") or bins.get("default")
    probe = run_probe(pexe, {})
    outroot = os.path.join(ARGS.data, "smoke" if ARGS.smoke else "full", "outputs")
    results = []
    for n in names:
        try:
            results.append(run_workload(n, sizes[n], bins, reps, outroot))
        except Exception as e:  # never lose the whole report to one workload
            results.append({"name": n, "sizes": sizes[n], "impls": {}, "checks": {},
                            "notes": [f"failed: {type(e).__name__}: {e}"]})
        # The limits are maxima that a burst of load on the shared host only lowers,
        # and the host's memory bandwidth drifts over minutes (one run read 35 GB/s in
        # both probes and 50 GB/s in a workload between them): probe again after every
        # workload and keep the highest figure.
        probe = run_probe(pexe, probe)
    start = None
    if not ARGS.skip_startup:
        if bins.get("arrc"):
            try:
                start = startup(bins["arrc"])
            except Exception as e:
                start = {"error": f"{type(e).__name__}: {e}"}
        else:
            start = {"error": "release arrc did not build"}
    with open(os.path.join(ARGS.data, "last-run.json"), "w") as f:
        json.dump({"results": results, "probe": probe, "startup": start}, f, indent=1)
    write_report(results, probe, bins, notes, start, reps, "smoke" if ARGS.smoke else "full",
                 time.perf_counter() - t0)
    svg_note = write_svg(results)
    if svg_note:
        print(f"[run.py] {svg_note}", flush=True)
    failed = [r["name"] for r in results if any(not v.get("ok") for v in r["checks"].values())]
    if failed:
        print(f"[run.py] result checks FAILED for: {', '.join(failed)}", flush=True)


if __name__ == "__main__":
    main()
