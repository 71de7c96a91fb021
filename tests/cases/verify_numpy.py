#!/usr/bin/env python3
"""Checks the expected values of the spec-in-file test corpus against NumPy.

Every `// == run ENTRY` block of every `tests/cases/*.arr` file carries a `// numpy:`
expression (optionally preceded by `// py:` statements) that computes the expected
results from the block's `// arg` values, bound as NumPy arrays (or NumPy scalars for
scalar parameters) under the parameter names. This script evaluates it and checks that
it matches the block's `// out:` lines: same number of results, same dtype, same shape,
integers and bools exactly, floats within the block's tolerance (NaN equals NaN).

    python3 tests/cases/verify_numpy.py            # check; exit 1 on any mismatch
    python3 tests/cases/verify_numpy.py --fill     # rewrite the `out:` lines from NumPy
    python3 tests/cases/verify_numpy.py FILE...    # only these files

The format is described in tests/cases/README.md. Expected values never come from
running Arr: they are authored with `--fill` (or by hand) and checked here.
"""
import math
import os
import re
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))

DTYPES = {
    "f32": np.float32,
    "f64": np.float64,
    "i32": np.int32,
    "i64": np.int64,
    "bool": np.bool_,
}
NAMES = {np.dtype(v): k for k, v in DTYPES.items()}
DEFAULT_TOL = {"f32": 1e-6, "f64": 1e-12}


# ---------------------------------------------------------------------------- parsing

class SpecError(Exception):
    pass


def parse_type(text):
    """`[2, 3]f64` -> ([2, 3], 'f64'); `i64` -> ([], 'i64')."""
    text = text.strip()
    m = re.fullmatch(r"\[([^\]]*)\]\s*(f32|f64|i32|i64|bool)", text)
    if m:
        dims = [d.strip() for d in m.group(1).split(",") if d.strip()]
        try:
            return [int(d) for d in dims], m.group(2)
        except ValueError:
            raise SpecError(f"type {text!r}: sizes must be integer literals")
    if text in DTYPES:
        return [], text
    raise SpecError(f"bad type {text!r}")


TOKEN = re.compile(r"\s*(\[|\]|,|-?inf|nan|true|false|[-+]?[0-9][0-9_]*(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|[-+]?\.[0-9]+(?:[eE][-+]?[0-9]+)?)")


def parse_value(text):
    """JSON-like nested lists of numbers, nan, inf, -inf, true, false.

    Numbers stay strings so that integers keep their exact value."""
    pos = 0
    toks = []
    text = text.strip()
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m:
            raise SpecError(f"bad value text at {text[pos:pos + 20]!r}")
        toks.append(m.group(1))
        pos = m.end()
        while pos < len(text) and text[pos].isspace():
            pos += 1
    i = 0

    def item():
        nonlocal i
        if i >= len(toks):
            raise SpecError("value ends early")
        t = toks[i]
        i += 1
        if t == "[":
            out = []
            if i < len(toks) and toks[i] == "]":
                i += 1
                return out
            while True:
                out.append(item())
                if i >= len(toks):
                    raise SpecError("unclosed [")
                if toks[i] == ",":
                    i += 1
                    continue
                if toks[i] == "]":
                    i += 1
                    return out
                raise SpecError(f"expected , or ] but found {toks[i]!r}")
        if t in ("]", ","):
            raise SpecError(f"unexpected {t!r}")
        return t

    v = item()
    if i != len(toks):
        raise SpecError("trailing text after value")
    return v


def scalar_of(tok, dtype):
    if dtype == "bool":
        if tok not in ("true", "false"):
            raise SpecError(f"bool value must be true/false, not {tok}")
        return tok == "true"
    if dtype in ("i32", "i64"):
        if not re.fullmatch(r"[-+]?[0-9_]+", tok):
            raise SpecError(f"integer value expected, not {tok}")
        return int(tok.replace("_", ""))
    if tok in ("true", "false"):
        raise SpecError(f"number expected, not {tok}")
    return float(tok)


def to_numpy(shape, dtype, value):
    def conv(v, depth):
        if depth == len(shape):
            if isinstance(v, list):
                raise SpecError("value nested deeper than its type")
            return scalar_of(v, dtype)
        if not isinstance(v, list) or len(v) != shape[depth]:
            raise SpecError(f"value does not have shape {shape}")
        return [conv(x, depth + 1) for x in v]

    data = conv(value, 0)
    if not shape:
        return DTYPES[dtype](data)
    arr = np.array(data, dtype=DTYPES[dtype])
    if list(arr.shape) != shape:  # e.g. an axis of size 0
        arr = arr.reshape(shape)
    return arr


class Block:
    def __init__(self, kind, rest, line):
        self.kind = kind  # run | error | runerror
        self.rest = rest
        self.line = line  # 0-based index of the `==` line
        self.args = []  # (name, shape, dtype, value_text)
        self.outs = []  # (line index, shape, dtype, value_text)
        self.tol = None
        self.numpy = None
        self.py = []
        self.message = None


def parse_spec(lines):
    """Returns the blocks of a file's header (its leading `//` lines)."""
    blocks = []
    for idx, raw in enumerate(lines):
        s = raw.strip()
        if not s:
            continue
        if not s.startswith("//"):
            for later, text in enumerate(lines[idx:], idx):
                if re.match(r"\s*//\s*==", text):
                    raise SpecError(f"line {later + 1}: spec block after the header")
            break
        body = s[2:]
        if body.startswith(" "):
            body = body[1:]
        if body.startswith("=="):
            parts = body[2:].split(None, 1)
            if not parts or parts[0] not in ("run", "error", "runerror"):
                raise SpecError(f"line {idx + 1}: unknown block kind")
            blocks.append(Block(parts[0], parts[1].strip() if len(parts) > 1 else "", idx))
            continue
        m = re.match(r"(arg|out|tol|numpy|py|message)\b\s*", body)
        if not m:
            continue  # free text
        if not blocks:
            raise SpecError(f"line {idx + 1}: `{m.group(1)}` before any `==` block")
        b = blocks[-1]
        key = m.group(1)
        rest = body[m.end():]
        if key == "arg":
            am = re.fullmatch(r"([A-Za-z_][A-Za-z0-9_]*)\s*:\s*(.*?)\s*=\s*(.*)", rest)
            if not am:
                raise SpecError(f"line {idx + 1}: bad arg line")
            shape, dt = parse_type(am.group(2))
            b.args.append((am.group(1), shape, dt, am.group(3)))
        elif key == "out":
            om = re.fullmatch(r":\s*(.*?)\s*=\s*(.*)", rest)
            if not om:
                raise SpecError(f"line {idx + 1}: bad out line")
            shape, dt = parse_type(om.group(1))
            b.outs.append((idx, shape, dt, om.group(2)))
        elif key == "tol":
            b.tol = float(rest.lstrip(":").strip())
        elif key == "numpy":
            b.numpy = rest.lstrip(":").strip()
        elif key == "py":
            r = rest[1:] if rest.startswith(":") else rest
            b.py.append(r[1:] if r.startswith(" ") else r)
        elif key == "message":
            b.message = rest.lstrip(":").strip()
    for b in blocks:
        if b.kind == "run" and not b.rest:
            raise SpecError(f"line {b.line + 1}: run block without entry")
        if b.kind == "error" and not re.fullmatch(r"E\d{4}( at \d+:\d+)?", b.rest):
            raise SpecError(f"line {b.line + 1}: error block must be `== error EXXXX [at L:C]`")
        if b.kind == "runerror" and not b.message:
            raise SpecError(f"line {b.line + 1}: runerror block without message")
        if b.message is not None:
            re.compile(b.message)
    return blocks


# ---------------------------------------------------------------------------- numpy

def tdiv(a, b):
    """Integer division truncating toward zero (Arr's `/` on integers)."""
    a = np.asarray(a)
    b = np.asarray(b)
    q = np.abs(a) // np.abs(b)
    return (np.where((a < 0) != (b < 0), -q, q)).astype(np.result_type(a, b))


def trem(a, b):
    """Integer remainder with the sign of the dividend (Arr's `%` on integers)."""
    return np.fmod(a, b)


def evaluate(block):
    ns = {"np": np, "tdiv": tdiv, "trem": trem, "math": math}
    for name, shape, dt, text in block.args:
        ns[name] = to_numpy(shape, dt, parse_value(text))
    if block.py:
        exec("\n".join(block.py), ns)
    with np.errstate(all="ignore"):
        res = eval(block.numpy, ns)
    if not isinstance(res, tuple):
        res = (res,)
    return [np.asarray(r) for r in res]


def dtype_name(arr):
    return NAMES.get(arr.dtype)


def compare(expected, got, dt, tol):
    if dt in ("f32", "f64"):
        e = np.asarray(expected, dtype=np.float64)
        g = np.asarray(got, dtype=np.float64)
        both_nan = np.isnan(e) & np.isnan(g)
        same = e == g  # infinities
        with np.errstate(all="ignore"):
            close = np.abs(e - g) <= tol + tol * np.abs(e)
        return bool(np.all(both_nan | same | close))
    return bool(np.array_equal(np.asarray(expected), np.asarray(got)))


def fmt_scalar(v, dt):
    if dt == "bool":
        return "true" if bool(v) else "false"
    if dt in ("i32", "i64"):
        return str(int(v))
    if dt == "f32":
        f = np.float32(v)
        if np.isnan(f):
            return "nan"
        if np.isinf(f):
            return "inf" if f > 0 else "-inf"
        s = str(f)
        if s.endswith(".0"):
            s = s[:-2]
        return s
    f = float(v)
    if math.isnan(f):
        return "nan"
    if math.isinf(f):
        return "inf" if f > 0 else "-inf"
    s = repr(f)
    if s.endswith(".0"):
        s = s[:-2]
    return s


def fmt_value(arr, dt):
    if arr.ndim == 0:
        return fmt_scalar(arr[()], dt)
    return "[" + ", ".join(fmt_value(x, dt) for x in arr) + "]"


def fmt_type(arr, dt):
    if arr.ndim == 0:
        return dt
    return "[" + ", ".join(str(d) for d in arr.shape) + "]" + dt


# ---------------------------------------------------------------------------- signatures

def split_top(text, sep=","):
    parts, depth, cur = [], 0, ""
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        if ch == sep and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return [p.strip() for p in parts if p.strip()]


def declared_results(src, entry):
    """The declared result types of `fn ENTRY` as (dims text list, dtype) pairs."""
    m = re.search(r"\bfn\s+" + re.escape(entry) + r"\s*\(", src)
    if not m:
        return None
    i, depth = m.end(), 1
    while depth:
        depth += {"(": 1, ")": -1}.get(src[i], 0)
        i += 1
    m2 = re.match(r"\s*->\s*([^{]*)\{", src[i:])
    if not m2:
        return None
    ret = m2.group(1).strip()
    elems = split_top(ret[1:-1]) if ret.startswith("(") else [ret]
    out = []
    for e in elems:
        tm = re.fullmatch(r"(?:\[(.*)\])?\s*(f32|f64|i32|i64|bool)", e, re.S)
        if not tm:
            return None
        dims = split_top(tm.group(1)) if tm.group(1) is not None else []
        out.append((dims, tm.group(2)))
    return out


def check_signature(src, block, results):
    """Problems where NumPy's results disagree with the Arr signature: dtype, rank, literal sizes."""
    decl = declared_results(src, block.rest)
    if decl is None:
        return [f"cannot find the signature of `fn {block.rest}`"]
    if len(decl) != len(results):
        return [f"`fn {block.rest}` declares {len(decl)} results, numpy gives {len(results)}"]
    probs = []
    for k, ((dims, dt), r) in enumerate(zip(decl, results)):
        if dtype_name(r) != dt:
            probs.append(f"out {k}: declared {dt}, numpy gives {r.dtype}")
        elif len(dims) != r.ndim:
            probs.append(f"out {k}: declared rank {len(dims)}, numpy gives rank {r.ndim}")
        else:
            for d, n in zip(dims, r.shape):
                if d.isdigit() and int(d) != n:
                    probs.append(f"out {k}: declared size {d}, numpy gives {n}")
    return probs


# ---------------------------------------------------------------------------- main

def main(argv):
    fill = "--fill" in argv
    files = [a for a in argv if not a.startswith("--")]
    if not files:
        files = sorted(
            os.path.join(HERE, f) for f in os.listdir(HERE) if f.endswith(".arr")
        )
    passed = failed = skipped = 0
    problems = []
    for path in files:
        name = os.path.basename(path)
        with open(path) as fh:
            lines = fh.read().split("\n")
        try:
            blocks = parse_spec(lines)
        except (SpecError, re.error) as e:
            failed += 1
            problems.append(f"{name}: spec: {e}")
            continue
        if not blocks:
            failed += 1
            problems.append(f"{name}: no spec block")
            continue
        changed = False
        # Process from the bottom so that inserted lines do not shift earlier blocks.
        for b in reversed(blocks):
            if b.kind != "run":
                continue
            where = f"{name}:{b.line + 1} ({b.rest})"
            if b.numpy is None:
                skipped += 1
                continue
            try:
                res = evaluate(b)
            except Exception as e:  # noqa: BLE001
                failed += 1
                problems.append(f"{where}: numpy expression raised {type(e).__name__}: {e}")
                continue
            sig = check_signature("\n".join(lines), b, res)
            if sig:
                failed += 1
                problems.append(f"{where}: " + "; ".join(sig))
                continue
            if fill:
                new = []
                for r in res:
                    dt = dtype_name(r)
                    if dt is None:
                        raise SystemExit(f"{where}: numpy result has dtype {r.dtype}, not an Arr dtype")
                    new.append(f"// out: {fmt_type(r, dt)} = {fmt_value(r, dt)}")
                if b.outs:
                    first = b.outs[0][0]
                    for (li, *_rest) in reversed(b.outs):
                        del lines[li]
                    lines[first:first] = new
                else:
                    # Insert after the last arg line (or the `==` line).
                    at = b.line + 1
                    while at < len(lines) and re.match(r"\s*//\s*arg\b", lines[at]):
                        at += 1
                    lines[at:at] = new
                changed = True
                passed += 1
                continue
            ok = True
            msgs = []
            if len(res) != len(b.outs):
                ok = False
                msgs.append(f"numpy gives {len(res)} results, spec has {len(b.outs)} out lines")
            else:
                for k, (r, (_li, shape, dt, text)) in enumerate(zip(res, b.outs)):
                    got_dt = dtype_name(r)
                    if got_dt != dt:
                        ok = False
                        msgs.append(f"out {k}: numpy dtype {r.dtype} but declared {dt}")
                        continue
                    if list(r.shape) != shape:
                        ok = False
                        msgs.append(f"out {k}: numpy shape {list(r.shape)} but declared {shape}")
                        continue
                    try:
                        exp = to_numpy(shape, dt, parse_value(text))
                    except SpecError as e:
                        ok = False
                        msgs.append(f"out {k}: {e}")
                        continue
                    tol = b.tol if b.tol is not None else DEFAULT_TOL.get(dt, 0.0)
                    if not compare(exp, r, dt, tol):
                        ok = False
                        msgs.append(f"out {k}: numpy gives {fmt_value(r, dt)}")
            if ok:
                passed += 1
            else:
                failed += 1
                problems.append(f"{where}: " + "; ".join(msgs))
        if fill and changed:
            with open(path, "w") as fh:
                fh.write("\n".join(lines))
    for p in problems:
        print("FAIL", p)
    print(f"{passed} passed, {failed} failed" + (f", {skipped} without numpy" if skipped else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
