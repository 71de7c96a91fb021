#!/usr/bin/env python3
"""The NumPy-kernel survey: `python3 bench/survey/survey.py [NAME ...]`.

Small NumPy-style kernels (many from npbench: atax, bicg, mvt, gemver, gesummv,
fdtd_2d, jacobi_1d, correlation, syrk, seidel_2d, lu, floyd_warshall, ...) and common
library operations (cumsum, flip, concat, stack, gather, argmax), each written in
`kernels.arr` and here in NumPy. For each: inputs from fixed seeds, then three rounds of
`arrc run --time` (median of 5 calls in one process) alternating with NumPy (median of 5
calls); the table reports the best round of each, the ratio, and whether Arr's results
equal NumPy's (`allclose`, rtol 1e-6). Unlike `bench/run.py` this times Arr through
`arrc run` (its own process, the default build), so it measures what a user of the
command line sees, and covers breadth rather than the machine's limits.

Writes the table to stdout and to bench/SURVEY.md (bench/.data/survey/SURVEY-partial.md
when only some kernels are named). Exits 1 if any result differs from NumPy's.
"""
import os
import re
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DATA = os.path.join(ROOT, "bench", ".data", "survey")
KERNELS = os.path.join(HERE, "kernels.arr")
rng = np.random.default_rng(0)


def r(*s):
    return rng.random(s)


def med(f, reps=5):
    f()
    ts = []
    for _ in range(reps):
        t = time.perf_counter()
        f()
        ts.append(time.perf_counter() - t)
    return sorted(ts)[len(ts) // 2] * 1e3


cases = {}
def case(name, args, npf):
    cases[name]=(args,npf)
N=5000
a=r(N,N); x=r(N); y=r(N)
case("atax", dict(a=a,x=x), lambda a,x:(a@x)@a)
case("bicg", dict(a=a,p=x,r=y), lambda a,p,r:(r@a, a@p))
case("mvt", dict(x1=x,x2=y,y1=x,y2=y,a=a), lambda x1,x2,y1,y2,a:(x1+a@y1, x2+y2@a))
n=4000; b=r(n,n); c=r(n,n); v=r(n)
case("gesummv", dict(alpha=1.5,beta=1.2,a=b,b=c,x=v), lambda alpha,beta,a,b,x: alpha*(a@x)+beta*(b@x))
def gemver(alpha,beta,a0,u1,v1,u2,v2,w0,x0,y,z):
    a=a0+np.outer(u1,v1)+np.outer(u2,v2); x=x0+beta*(y@a)+z; return w0+alpha*(a@x)
case("gemver", dict(alpha=1.5,beta=1.2,a0=b,u1=v,v1=v,u2=v,v2=v,w0=v,x0=v,y=v,z=v), gemver)
def go_fast(a):
    return a+np.sum(np.tanh(np.diagonal(a)))
case("go_fast", dict(a=b), go_fast)
def jac1(steps,a0):
    a=a0.copy(); b=a0.copy()
    for t in range(steps):
        b[1:-1]=0.33333*(a[:-2]+a[1:-1]+a[2:]); a[1:-1]=0.33333*(b[:-2]+b[1:-1]+b[2:])
    return a
case("jacobi_1d", dict(steps=100,a0=r(1<<20)), jac1)
def fdtd(steps,ex0,ey0,hz0,fict):
    ex=ex0.copy();ey=ey0.copy();hz=hz0.copy()
    for s in range(steps):
        ey[0,:]=fict[s]; ey[1:,:]-=0.5*(hz[1:,:]-hz[:-1,:]); ex[:,1:]-=0.5*(hz[:,1:]-hz[:,:-1])
        hz[:-1,:-1]-=0.7*(ex[:-1,1:]-ex[:-1,:-1]+ey[1:,:-1]-ey[:-1,:-1])
    return hz
case("fdtd", dict(steps=20,ex0=r(2000,2000),ey0=r(2000,2000),hz0=r(2000,2000),fict=r(20)), fdtd)
case("compute", dict(a1=rng.integers(0,100,(4000,4000)),a2=rng.integers(0,100,(4000,4000)),a=4,b=3,c=9), lambda a1,a2,a,b,c: np.clip(a1,2,10)*a+a2*b+c)
def corr(data):
    m=data.shape[0]; mu=data.mean(0); sd=np.sqrt(((data-mu)**2).mean(0)); sd=np.where(sd<=0.1,1.0,sd)
    d=(data-mu)/(np.sqrt(float(m))*sd); return d.T@d
case("correlation", dict(data=r(2400,1200)), corr)
case("l2norm", dict(x=b), lambda x: x/np.sqrt(np.sum(x*x,axis=1))[:,None])
def nb(px,py,pz,mass):
    dx=px[None,:]-px[:,None]; dy=py[None,:]-py[:,None]; dz=pz[None,:]-pz[:,None]
    inv=(dx**2+dy**2+dz**2+0.01)**(-1.5); return (dx*inv)@mass
nn=2000
case("nbody_acc", dict(px=r(nn),py=r(nn),pz=r(nn),mass=r(nn)), nb)
case("cumsum_rows", dict(x=b), lambda x: np.cumsum(x,axis=1))
case("cumsum_cols", dict(x=b), lambda x: np.cumsum(x,axis=0))
case("flip_last", dict(x=b), lambda x: np.flip(x,axis=1).copy())
case("flip_first", dict(x=b), lambda x: np.flip(x,axis=0).copy())
case("sum_t", dict(x=b), lambda x: np.sum(x.T*2.0))
case("transpose_copy", dict(x=b), lambda x: x.T*1.0)
case("concat1", dict(a=r(1<<24),b=r(1<<24)), lambda a,b: np.concatenate([a,b]))
case("concat0", dict(a=r(2000,4000),b=r(2000,4000)), lambda a,b: np.concatenate([a,b],axis=0))
case("stack1", dict(a=r(2000,4000),b=r(2000,4000)), lambda a,b: np.stack([a,b],axis=2))
case("gather", dict(x=r(1<<24),idx=rng.integers(0,1<<24,1<<24)), lambda x,idx: x[idx])
case("argmax_rows", dict(x=b), lambda x: np.argmax(x,axis=1))
case("std_all", dict(x=r(1<<25)), lambda x: np.sqrt(np.mean((x-np.mean(x))**2)))
def conv(img,k):
    n,m=img.shape; out=np.zeros((n-2,m-2))
    for i in range(3):
        for j in range(3): out+=k[i,j]*img[i:n-2+i,j:m-2+j]
    return out
case("conv2d", dict(img=b,k=r(3,3)), conv)
case("syrk", dict(alpha=1.5,beta=1.2,c=r(2000,2000),a=r(2000,1500)), lambda alpha,beta,c,a: beta*c+alpha*(a@a.T))
def mandel(cr,ci):
    zr=np.zeros_like(cr); zi=np.zeros_like(cr); cnt=np.zeros(cr.shape,np.int64)
    for it in range(50):
        inside=zr*zr+zi*zi<=4.0; nzr=np.where(inside,zr*zr-zi*zi+cr,zr); zi=np.where(inside,2*zr*zi+ci,zi); zr=nzr; cnt=cnt+np.where(inside,1,0)
    return cnt
case("mandel", dict(cr=rng.random(1<<20)*3-2,ci=rng.random(1<<20)*2-1), mandel)
def seidel(steps, a0):
    a = a0.copy()
    n = a.shape[0]
    for t in range(steps):
        for i in range(1, n - 1):
            for j in range(1, n - 1):
                a[i, j] = (a[i - 1, j - 1] + a[i - 1, j] + a[i - 1, j + 1] + a[i, j - 1]
                           + a[i, j] + a[i, j + 1] + a[i + 1, j - 1] + a[i + 1, j]
                           + a[i + 1, j + 1]) / 9.0
    return a
case("seidel", dict(steps=1, a0=r(200, 200)), seidel)
def floyd(p0):
    p = p0.copy()
    for k in range(p.shape[0]):
        p = np.minimum(p, p[:, k][:, None] + p[k, :][None, :])
    return p
case("floyd", dict(p0=r(400, 400)), floyd)
def lu(a0):
    a = a0.copy()
    n = a.shape[0]
    for i in range(n):
        for j in range(i):
            a[i, j] = (a[i, j] - a[i, :j] @ a[:j, j]) / a[j, j]
        for j in range(i, n):
            a[i, j] = a[i, j] - a[i, :i] @ a[:i, j]
    return a
case("lu", dict(a0=r(300, 300) + np.eye(300) * 300), lu)
def trisolv(l, b):
    x = b.copy()
    for i in range(len(b)):
        x[i] = (b[i] - l[i, :i] @ x[:i]) / l[i, i]
    return x
case("trisolv", dict(l=np.tril(r(2000, 2000)) + np.eye(2000) * 2000, b=r(2000)), trisolv)



def arrc():
    exe = os.environ.get("ARRC") or os.path.join(ROOT, "target", "release", "arrc")
    if not os.environ.get("ARRC"):
        subprocess.run(["cargo", "build", "--release", "-q", "--bin", "arrc"], cwd=ROOT, check=True)
    return exe


def main():
    only = sys.argv[1:]
    os.makedirs(DATA, exist_ok=True)
    exe = arrc()
    rows = []
    for name, (args, npf) in cases.items():
        if only and name not in only:
            continue
        cl = []
        for k, v in args.items():
            if isinstance(v, np.ndarray):
                p = os.path.join(DATA, f"{name}_{k}.npy")
                np.save(p, v)
                cl += ["--arg", f"{k}={p}"]
            else:
                cl += ["--arg", f"{k}={v}"]
        outs = npf(**args)
        outs = outs if isinstance(outs, tuple) else (outs,)
        op = []
        for i in range(len(outs)):
            op += ["--out", os.path.join(DATA, f"{name}_out{i}.npy")]
        ats, nts = [], []
        for _ in range(3):
            pr = subprocess.run([exe, "run", KERNELS, "--entry", name, "--time"] + cl + op,
                                capture_output=True, text=True)
            m = re.search(r"time: ([0-9.]+) ms", pr.stderr)
            if pr.returncode != 0 or not m or "interpreter instead" in pr.stderr:
                print(f"{name}: arrc run failed:\n{pr.stderr[-1500:]}", file=sys.stderr)
                break
            ats.append(float(m.group(1)))
            nts.append(med(lambda: npf(**args)))
        if len(ats) < 3:
            rows.append((name, None, None, "arrc run failed"))
            continue
        ok = all(np.allclose(np.load(os.path.join(DATA, f"{name}_out{i}.npy")), o,
                             rtol=1e-6, atol=1e-6) for i, o in enumerate(outs))
        rows.append((name, min(nts), min(ats), "ok" if ok else "MISMATCH"))
        n, a = min(nts), min(ats)
        print(f"{name:15s} NumPy {n:9.2f} ms   Arr {a:9.2f} ms   {n / a:6.2f}x   "
              f"{'ok' if ok else 'MISMATCH'}", flush=True)
    lines = [
        f"# NumPy-kernel survey ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())})",
        "",
        "`python3 bench/survey/survey.py`: best of 3 rounds, each the median of 5 calls; "
        "Arr through `arrc run --time` (default build, all threads), NumPy in-process.",
        "",
        "| kernel | NumPy ms | Arr ms | vs NumPy | result |",
        "|---|---|---|---|---|",
    ]
    for name, n, a, st in rows:
        if n is None:
            lines.append(f"| {name} | | | | {st} |")
        else:
            lines.append(f"| {name} | {n:.2f} | {a:.2f} | {n / a:.2f}x | {st} |")
    path = (os.path.join(DATA, "SURVEY-partial.md") if only
            else os.path.join(ROOT, "bench", "SURVEY.md"))
    with open(path, "w") as fh:
        fh.write("\n".join(lines) + "\n")
    print(f"wrote {path}")
    if any(st != "ok" for *_, st in rows):
        sys.exit(1)


if __name__ == "__main__":
    main()
