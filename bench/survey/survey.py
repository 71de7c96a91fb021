#!/usr/bin/env python3
"""The NumPy-kernel survey: `python3 bench/survey/survey.py [NAME ...]`.

Small NumPy-style kernels (many from npbench: atax, bicg, mvt, gemver, gesummv, fdtd_2d,
jacobi_1d, correlation, syrk, seidel_2d, lu, floyd_warshall, cavity_flow, vadv, doitgen,
adi, deriche, ...) and common library operations (cumsum, flip, concat, stack, gather,
argmax), each written in `kernels.arr` and here in NumPy. For each: inputs from fixed
seeds, then three rounds of `arrc run --time` (median of 5 calls in one process)
alternating with NumPy (median of 5 calls); the table reports the best round of each,
the ratio, and whether Arr's results equal NumPy's (`allclose`, rtol 1e-6). Unlike
`bench/run.py` this times Arr through `arrc run` (its own process, the default build),
so it measures what a user of the command line sees, and covers breadth rather than the
machine's limits.

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
def cavity_flow(nt, nit, u0, v0, p0, dt, dx, dy, rho, nu):
    u = u0.copy(); v = v0.copy(); p = p0.copy()
    b = np.zeros_like(u)
    for n in range(nt):
        un = u.copy(); vn = v.copy()
        b[1:-1, 1:-1] = (rho * (1 / dt * ((u[1:-1, 2:] - u[1:-1, 0:-2]) / (2 * dx) + (v[2:, 1:-1] - v[0:-2, 1:-1]) / (2 * dy))
                         - ((u[1:-1, 2:] - u[1:-1, 0:-2]) / (2 * dx))**2
                         - 2 * ((u[2:, 1:-1] - u[0:-2, 1:-1]) / (2 * dy) * (v[1:-1, 2:] - v[1:-1, 0:-2]) / (2 * dx))
                         - ((v[2:, 1:-1] - v[0:-2, 1:-1]) / (2 * dy))**2))
        for q in range(nit):
            pn = p.copy()
            p[1:-1, 1:-1] = (((pn[1:-1, 2:] + pn[1:-1, 0:-2]) * dy**2 + (pn[2:, 1:-1] + pn[0:-2, 1:-1]) * dx**2)
                             / (2 * (dx**2 + dy**2)) - dx**2 * dy**2 / (2 * (dx**2 + dy**2)) * b[1:-1, 1:-1])
            p[:, -1] = p[:, -2]; p[0, :] = p[1, :]; p[:, 0] = p[:, 1]; p[-1, :] = 0
        u[1:-1, 1:-1] = (un[1:-1, 1:-1] - un[1:-1, 1:-1] * dt / dx * (un[1:-1, 1:-1] - un[1:-1, 0:-2])
                         - vn[1:-1, 1:-1] * dt / dy * (un[1:-1, 1:-1] - un[0:-2, 1:-1])
                         - dt / (2 * rho * dx) * (p[1:-1, 2:] - p[1:-1, 0:-2])
                         + nu * (dt / dx**2 * (un[1:-1, 2:] - 2 * un[1:-1, 1:-1] + un[1:-1, 0:-2])
                                 + dt / dy**2 * (un[2:, 1:-1] - 2 * un[1:-1, 1:-1] + un[0:-2, 1:-1])))
        v[1:-1, 1:-1] = (vn[1:-1, 1:-1] - un[1:-1, 1:-1] * dt / dx * (vn[1:-1, 1:-1] - vn[1:-1, 0:-2])
                         - vn[1:-1, 1:-1] * dt / dy * (vn[1:-1, 1:-1] - vn[0:-2, 1:-1])
                         - dt / (2 * rho * dy) * (p[2:, 1:-1] - p[0:-2, 1:-1])
                         + nu * (dt / dx**2 * (vn[1:-1, 2:] - 2 * vn[1:-1, 1:-1] + vn[1:-1, 0:-2])
                                 + dt / dy**2 * (vn[2:, 1:-1] - 2 * vn[1:-1, 1:-1] + vn[0:-2, 1:-1])))
        u[0, :] = 0; u[:, 0] = 0; u[:, -1] = 0; u[-1, :] = 1
        v[0, :] = 0; v[-1, :] = 0; v[:, 0] = 0; v[:, -1] = 0
    return u, v, p
z = np.zeros((256, 256))
case("cavity_flow", dict(nt=5, nit=50, u0=z, v0=z, p0=z, dt=0.1 / 255**2, dx=2 / 255, dy=2 / 255, rho=1.0, nu=0.1), cavity_flow)
def vadv(utens_stage0, u_stage, wcon, u_pos, utens, dtr_stage):
    BET_M = 0.5; BET_P = 0.5
    utens_stage = utens_stage0.copy()
    I, J, K = utens_stage.shape
    ccol = np.ndarray((I, J, K)); dcol = np.ndarray((I, J, K)); data_col = np.ndarray((I, J))
    for k in range(1):
        gcv = 0.25 * (wcon[1:, :, k + 1] + wcon[:-1, :, k + 1])
        cs = gcv * BET_M
        ccol[:, :, k] = gcv * BET_P
        bcol = dtr_stage - ccol[:, :, k]
        correction_term = -cs * (u_stage[:, :, k + 1] - u_stage[:, :, k])
        dcol[:, :, k] = dtr_stage * u_pos[:, :, k] + utens[:, :, k] + utens_stage[:, :, k] + correction_term
        divided = 1.0 / bcol
        ccol[:, :, k] = ccol[:, :, k] * divided
        dcol[:, :, k] = dcol[:, :, k] * divided
    for k in range(1, K - 1):
        gav = -0.25 * (wcon[1:, :, k] + wcon[:-1, :, k])
        gcv = 0.25 * (wcon[1:, :, k + 1] + wcon[:-1, :, k + 1])
        as_ = gav * BET_M; cs = gcv * BET_M
        acol = gav * BET_P
        ccol[:, :, k] = gcv * BET_P
        bcol = dtr_stage - acol - ccol[:, :, k]
        correction_term = -as_ * (u_stage[:, :, k - 1] - u_stage[:, :, k]) - cs * (u_stage[:, :, k + 1] - u_stage[:, :, k])
        dcol[:, :, k] = dtr_stage * u_pos[:, :, k] + utens[:, :, k] + utens_stage[:, :, k] + correction_term
        divided = 1.0 / (bcol - ccol[:, :, k - 1] * acol)
        ccol[:, :, k] = ccol[:, :, k] * divided
        dcol[:, :, k] = (dcol[:, :, k] - dcol[:, :, k - 1] * acol) * divided
    for k in range(K - 1, K):
        gav = -0.25 * (wcon[1:, :, k] + wcon[:-1, :, k])
        as_ = gav * BET_M
        acol = gav * BET_P
        bcol = dtr_stage - acol
        correction_term = -as_ * (u_stage[:, :, k - 1] - u_stage[:, :, k])
        dcol[:, :, k] = dtr_stage * u_pos[:, :, k] + utens[:, :, k] + utens_stage[:, :, k] + correction_term
        divided = 1.0 / (bcol - ccol[:, :, k - 1] * acol)
        dcol[:, :, k] = (dcol[:, :, k] - dcol[:, :, k - 1] * acol) * divided
    for k in range(K - 1, K - 2, -1):
        datacol = dcol[:, :, k]
        data_col[:] = datacol
        utens_stage[:, :, k] = dtr_stage * (datacol - u_pos[:, :, k])
    for k in range(K - 2, -1, -1):
        datacol = dcol[:, :, k] - ccol[:, :, k] * data_col[:, :]
        data_col[:] = datacol
        utens_stage[:, :, k] = dtr_stage * (datacol - u_pos[:, :, k])
    return utens_stage
case("vadv", dict(utens_stage0=r(128, 128, 80), u_stage=r(128, 128, 80), wcon=r(129, 128, 80), u_pos=r(128, 128, 80),
                  utens=r(128, 128, 80), dtr_stage=3.0 / 20.0), vadv)
def doitgen(a, c4):
    nr, nq, np_ = a.shape
    return np.reshape(np.reshape(a, (nr, nq, 1, np_)) @ c4, (nr, nq, np_))
case("doitgen", dict(a=r(256, 128, 128), c4=r(128, 128)), doitgen)
case("k2mm", dict(alpha=1.5, beta=1.2, a=r(800, 900), b=r(900, 1000), c=r(1000, 1100), d=r(800, 1100)),
     lambda alpha, beta, a, b, c, d: alpha * a @ b @ c + beta * d)
case("k3mm", dict(a=r(800, 900), b=r(900, 1000), c=r(1000, 1100), d=r(1100, 1200)), lambda a, b, c, d: a @ b @ c @ d)
def gramschmidt(a0):
    a = a0.copy()
    q = np.zeros_like(a); r = np.zeros((a.shape[1], a.shape[1]))
    for k in range(a.shape[1]):
        nrm = np.dot(a[:, k], a[:, k])
        r[k, k] = np.sqrt(nrm)
        q[:, k] = a[:, k] / r[k, k]
        for j in range(k + 1, a.shape[1]):
            r[k, j] = np.dot(q[:, k], a[:, j])
            a[:, j] -= q[:, k] * r[k, j]
    return q, r
case("gramschmidt", dict(a0=r(400, 200)), gramschmidt)
def durbin(r):
    y = np.empty_like(r)
    alpha = -r[0]; beta = 1.0
    y[0] = -r[0]
    for k in range(1, r.shape[0]):
        beta *= 1.0 - alpha * alpha
        alpha = -(r[k] + np.dot(np.flip(r[:k]), y[:k])) / beta
        y[:k] += alpha * np.flip(y[:k])
        y[k] = alpha
    return y
sig = rng.standard_normal(400000)  # autocorrelation of a signal: a positive definite Toeplitz system
ac = np.array([sig[:len(sig) - k] @ sig[k:] for k in range(4001)])
case("durbin", dict(r=ac[1:] / ac[0]), durbin)
def adi(tsteps, u0):
    u = u0.copy(); N = u.shape[0]
    v = np.zeros_like(u); p = np.zeros_like(u); q = np.zeros_like(u)
    DX = 1.0 / N; DY = 1.0 / N; DT = 1.0 / tsteps
    B1 = 2.0; B2 = 1.0
    mul1 = B1 * DT / (DX * DX); mul2 = B2 * DT / (DY * DY)
    a = -mul1 / 2.0; b = 1.0 + mul2; c = a
    d = -mul2 / 2.0; e = 1.0 + mul2; f = d
    for t in range(1, tsteps + 1):
        v[0, 1:N - 1] = 1.0
        p[1:N - 1, 0] = 0.0
        q[1:N - 1, 0] = v[0, 1:N - 1]
        for j in range(1, N - 1):
            p[1:N - 1, j] = -c / (a * p[1:N - 1, j - 1] + b)
            q[1:N - 1, j] = (-d * u[j, 0:N - 2] + (1.0 + 2.0 * d) * u[j, 1:N - 1] - f * u[j, 2:N]
                             - a * q[1:N - 1, j - 1]) / (a * p[1:N - 1, j - 1] + b)
        v[N - 1, 1:N - 1] = 1.0
        for j in range(N - 2, 0, -1):
            v[j, 1:N - 1] = p[1:N - 1, j] * v[j + 1, 1:N - 1] + q[1:N - 1, j]
        u[1:N - 1, 0] = 1.0
        p[1:N - 1, 0] = 0.0
        q[1:N - 1, 0] = u[1:N - 1, 0]
        for j in range(1, N - 1):
            p[1:N - 1, j] = -f / (d * p[1:N - 1, j - 1] + e)
            q[1:N - 1, j] = (-a * v[0:N - 2, j] + (1.0 + 2.0 * a) * v[1:N - 1, j] - c * v[2:N, j]
                             - d * q[1:N - 1, j - 1]) / (d * p[1:N - 1, j - 1] + e)
        u[1:N - 1, N - 1] = 1.0
        for j in range(N - 2, 0, -1):
            u[1:N - 1, j] = p[1:N - 1, j] * u[1:N - 1, j + 1] + q[1:N - 1, j]
    return u
case("adi", dict(tsteps=5, u0=np.fromfunction(lambda i, j: (i + 500 - j) / 500, (500, 500))), adi)
def cholesky(a0):
    a = a0.copy()
    a[0, 0] = np.sqrt(a[0, 0])
    for i in range(1, a.shape[0]):
        for j in range(i):
            a[i, j] -= np.dot(a[i, :j], a[j, :j])
            a[i, j] /= a[j, j]
        a[i, i] -= np.dot(a[i, :i], a[i, :i])
        a[i, i] = np.sqrt(a[i, i])
    return a
spd = r(300, 300)
case("cholesky", dict(a0=spd @ spd.T + 300 * np.eye(300)), cholesky)
def syr2k(alpha, beta, c0, a, b):
    c = c0.copy()
    for i in range(a.shape[0]):
        c[i, :i + 1] *= beta
        for k in range(a.shape[1]):
            c[i, :i + 1] += a[:i + 1, k] * alpha * b[i, k] + b[:i + 1, k] * alpha * a[i, k]
    return c
case("syr2k", dict(alpha=1.5, beta=1.2, c0=r(240, 240), a=r(240, 200), b=r(240, 200)), syr2k)
def trmm(alpha, a, b0):
    b = b0.copy()
    for i in range(b.shape[0]):
        for j in range(b.shape[1]):
            b[i, j] += np.dot(a[i + 1:, i], b[i + 1:, j])
    b *= alpha
    return b
case("trmm", dict(alpha=1.5, a=r(200, 200), b0=r(200, 240)), trmm)
def softmax(x):
    tmp_max = np.max(x, axis=-1, keepdims=True)
    tmp_out = np.exp(x - tmp_max)
    tmp_sum = np.sum(tmp_out, axis=-1, keepdims=True)
    return tmp_out / tmp_sum
case("softmax", dict(x=r(64, 128, 512)), softmax)
def conv2d_bias(input, weights, bias):
    K = weights.shape[0]
    N, H, W, _ = input.shape
    out = np.empty((N, H - K + 1, W - K + 1, weights.shape[3]))
    for i in range(H - K + 1):
        for j in range(W - K + 1):
            out[:, i, j, :] = np.sum(input[:, i:i + K, j:j + K, :, np.newaxis] * weights[np.newaxis, :, :, :], axis=(1, 2, 3))
    return np.maximum(out + bias, 0.0)
case("conv2d_bias", dict(input=r(8, 48, 48, 16), weights=r(3, 3, 16, 16), bias=r(16) - 0.5), conv2d_bias)
def arc_distance(theta_1, phi_1, theta_2, phi_2):
    temp = np.sin((theta_2 - theta_1) / 2)**2 + np.cos(theta_1) * np.cos(theta_2) * np.sin((phi_2 - phi_1) / 2)**2
    return 2 * np.arctan2(np.sqrt(temp), np.sqrt(1 - temp))
case("arc_distance", dict(theta_1=r(1 << 22), phi_1=r(1 << 22), theta_2=r(1 << 22), phi_2=r(1 << 22)), arc_distance)
def azimint_naive(data, radius, npt):
    rmax = radius.max()
    res = np.zeros(npt)
    for i in range(npt):
        r1 = rmax * i / npt
        r2 = rmax * (i + 1) / npt
        mask_r12 = np.logical_and(r1 <= radius, radius < r2)
        res[i] = data[mask_r12].mean()
    return res
case("azimint_naive", dict(data=r(400000), radius=r(400000), npt=100), azimint_naive)
def deriche(alpha, img_in):
    k = (1.0 - np.exp(-alpha)) * (1.0 - np.exp(-alpha)) / (1.0 + alpha * np.exp(-alpha) - np.exp(2.0 * alpha))
    a1 = a5 = k
    a2 = a6 = k * np.exp(-alpha) * (alpha - 1.0)
    a3 = a7 = k * np.exp(-alpha) * (alpha + 1.0)
    a4 = a8 = -k * np.exp(-2.0 * alpha)
    b1 = 2.0**(-alpha)
    b2 = -np.exp(-2.0 * alpha)
    c1 = c2 = 1
    y1 = np.empty_like(img_in)
    y1[:, 0] = a1 * img_in[:, 0]
    y1[:, 1] = a1 * img_in[:, 1] + a2 * img_in[:, 0] + b1 * y1[:, 0]
    for j in range(2, img_in.shape[1]):
        y1[:, j] = a1 * img_in[:, j] + a2 * img_in[:, j - 1] + b1 * y1[:, j - 1] + b2 * y1[:, j - 2]
    y2 = np.empty_like(img_in)
    y2[:, -1] = 0.0
    y2[:, -2] = a3 * img_in[:, -1]
    for j in range(img_in.shape[1] - 3, -1, -1):
        y2[:, j] = a3 * img_in[:, j + 1] + a4 * img_in[:, j + 2] + b1 * y2[:, j + 1] + b2 * y2[:, j + 2]
    img_out = c1 * (y1 + y2)
    y1[0, :] = a5 * img_out[0, :]
    y1[1, :] = a5 * img_out[1, :] + a6 * img_out[0, :] + b1 * y1[0, :]
    for i in range(2, img_in.shape[0]):
        y1[i, :] = a5 * img_out[i, :] + a6 * img_out[i - 1, :] + b1 * y1[i - 1, :] + b2 * y1[i - 2, :]
    y2[-1, :] = 0.0
    y2[-2, :] = a7 * img_out[-1, :]
    for i in range(img_in.shape[0] - 3, -1, -1):
        y2[i, :] = a7 * img_out[i + 1, :] + a8 * img_out[i + 2, :] + b1 * y2[i + 1, :] + b2 * y2[i + 2, :]
    img_out[:] = c2 * (y1 + y2)
    return img_out
case("deriche", dict(alpha=0.25, img_in=r(1500, 2000)), deriche)



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
