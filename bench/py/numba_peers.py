"""The Numba peers: explicit loops with `@njit(parallel=True)` and `prange` over the
outermost independent axis, written by the book (no fastmath, no manual SIMD).

Numba's `np.dot`/`@` needs SciPy's BLAS bindings, which are not installed here; the
matrix products are therefore written as loops (i-k-j order, rows in parallel), which is
what Numba users write without SciPy.
"""
import math

import numpy as np
from numba import njit, prange


@njit(parallel=True)
def wave(a, b, x):
    out = np.empty_like(x)
    for i in prange(x.shape[0]):
        v = x[i]
        out[i] = a * v + b * np.sin(v) * np.exp(-v * v)
    return out


@njit(parallel=True)
def sqdist(x, y):
    s = 0.0
    for i in prange(x.shape[0]):
        d = x[i] - y[i]
        s += d * d
    return s


@njit(parallel=True)
def softmax(x):
    n, m = x.shape
    out = np.empty_like(x)
    for i in prange(n):
        mx = x[i, 0]
        for j in range(1, m):
            if x[i, j] > mx:
                mx = x[i, j]
        s = 0.0
        for j in range(m):
            e = np.exp(x[i, j] - mx)
            out[i, j] = e
            s += e
        for j in range(m):
            out[i, j] = out[i, j] / s
    return out


@njit(parallel=True)
def colstats(x):
    # Blocks of 64 columns in parallel; each block walks the rows (contiguous reads).
    n, m = x.shape
    B = 64
    mean = np.empty(m, np.float32)
    var = np.empty(m, np.float32)
    nb = (m + B - 1) // B
    for b in prange(nb):
        j0 = b * B
        j1 = min(j0 + B, m)
        acc = np.zeros(j1 - j0)
        for i in range(n):
            for j in range(j0, j1):
                acc[j - j0] += x[i, j]
        for j in range(j0, j1):
            mean[j] = acc[j - j0] / n
            acc[j - j0] = 0.0
        for i in range(n):
            for j in range(j0, j1):
                d = x[i, j] - mean[j]
                acc[j - j0] += d * d
        for j in range(j0, j1):
            var[j] = acc[j - j0] / n
    return mean, var


@njit(parallel=True)
def jacobi_2d(steps, a0):
    A = a0.copy()
    B = a0.copy()
    n = A.shape[0]
    for t in range(steps):
        for i in prange(1, n - 1):
            for j in range(1, n - 1):
                B[i, j] = 0.2 * (A[i, j] + A[i, j - 1] + A[i, j + 1] + A[i + 1, j] + A[i - 1, j])
        for i in prange(1, n - 1):
            for j in range(1, n - 1):
                A[i, j] = 0.2 * (B[i, j] + B[i, j - 1] + B[i, j + 1] + B[i + 1, j] + B[i - 1, j])
    return A


@njit(parallel=True)
def _heat_sweep(A, B):
    n = A.shape[0]
    for i in prange(1, n - 1):
        for j in range(1, n - 1):
            for k in range(1, n - 1):
                c = A[i, j, k]
                B[i, j, k] = (0.125 * (A[i + 1, j, k] - 2.0 * c + A[i - 1, j, k])
                              + 0.125 * (A[i, j + 1, k] - 2.0 * c + A[i, j - 1, k])
                              + 0.125 * (A[i, j, k + 1] - 2.0 * c + A[i, j, k - 1])
                              + c)


def heat_3d(steps, a0):
    A = a0.copy()
    B = a0.copy()
    for t in range(steps):
        _heat_sweep(A, B)
        _heat_sweep(B, A)
    return A


@njit(parallel=True)
def hdiff(inf, coeff):
    I, J, K = coeff.shape
    lap = np.empty((I + 2, J + 2, K))
    for p in prange(I + 2):
        for q in range(J + 2):
            for k in range(K):
                lap[p, q, k] = 4.0 * inf[p + 1, q + 1, k] - (
                    inf[p + 2, q + 1, k] + inf[p, q + 1, k] + inf[p + 1, q + 2, k] + inf[p + 1, q, k])
    flx = np.empty((I + 1, J, K))
    for p in prange(I + 1):
        for q in range(J):
            for k in range(K):
                r = lap[p + 1, q + 1, k] - lap[p, q + 1, k]
                flx[p, q, k] = 0.0 if r * (inf[p + 2, q + 2, k] - inf[p + 1, q + 2, k]) > 0 else r
    fly = np.empty((I, J + 1, K))
    for p in prange(I):
        for q in range(J + 1):
            for k in range(K):
                r = lap[p + 1, q + 1, k] - lap[p + 1, q, k]
                fly[p, q, k] = 0.0 if r * (inf[p + 2, q + 2, k] - inf[p + 2, q + 1, k]) > 0 else r
    out = np.empty((I, J, K))
    for p in prange(I):
        for q in range(J):
            for k in range(K):
                out[p, q, k] = inf[p + 2, q + 2, k] - coeff[p, q, k] * (
                    flx[p + 1, q, k] - flx[p, q, k] + fly[p, q + 1, k] - fly[p, q, k])
    return out


@njit(parallel=True)
def haversine(lat1, lon1, lat2, lon2):
    R = 6371.0
    DEG = 0.017453292519943295
    out = np.empty_like(lat1)
    for i in prange(lat1.shape[0]):
        dlat = (lat2[i] - lat1[i]) * DEG
        dlon = (lon2[i] - lon1[i]) * DEG
        a = math.sin(dlat / 2.0) ** 2 + math.cos(lat1[i] * DEG) * math.cos(lat2[i] * DEG) * math.sin(dlon / 2.0) ** 2
        out[i] = 2.0 * R * math.asin(math.sqrt(a))
    return out


@njit(parallel=True)
def matmul(a, b):
    n, k = a.shape
    m = b.shape[1]
    c = np.zeros((n, m), a.dtype)
    for i in prange(n):
        for kk in range(k):
            aik = a[i, kk]
            for j in range(m):
                c[i, j] += aik * b[kk, j]
    return c


@njit(parallel=True)
def mlp(x, w, bias):
    n, k = x.shape
    m = w.shape[1]
    c = np.zeros((n, m), x.dtype)
    for i in prange(n):
        for kk in range(k):
            xik = x[i, kk]
            for j in range(m):
                c[i, j] += xik * w[kk, j]
        for j in range(m):
            v = c[i, j] + bias[j]
            c[i, j] = v if v > 0 else 0
    return c


@njit(parallel=True)
def covariance(x):
    n, m = x.shape
    mean = np.zeros(m)
    for j in prange(m):
        s = 0.0
        for i in range(n):
            s += x[i, j]
        mean[j] = s / n
    dt = np.empty((m, n))
    for j in prange(m):
        for i in range(n):
            dt[j, i] = x[i, j] - mean[j]
    cov = np.empty((m, m))
    for i in prange(m):
        for j in range(i, m):
            s = 0.0
            for k in range(n):
                s += dt[i, k] * dt[j, k]
            cov[i, j] = s / (n - 1.0)
            cov[j, i] = cov[i, j]
    return cov
