// The NumPy-kernel survey (bench/survey/survey.py): small NumPy-style kernels, many
// from npbench (atax, bicg, gemver, fdtd_2d, seidel_2d, lu, cavity_flow, vadv, adi, ...),
// each timed against its NumPy version. Sizes and the NumPy code are in survey.py.

fn atax(a: [m, n]f64, x: [n]f64) -> [n]f64 { (a @ x) @ a }
fn bicg(a: [m, n]f64, p: [n]f64, r: [m]f64) -> ([n]f64, [m]f64) { (r @ a, a @ p) }
fn gesummv(alpha: f64, beta: f64, a: [n, n]f64, b: [n, n]f64, x: [n]f64) -> [n]f64 { alpha * (a @ x) + beta * (b @ x) }
fn mvt(x1: [n]f64, x2: [n]f64, y1: [n]f64, y2: [n]f64, a: [n, n]f64) -> ([n]f64, [n]f64) { (x1 + a @ y1, x2 + y2 @ a) }
fn gemver(alpha: f64, beta: f64, a0: [n, n]f64, u1: [n]f64, v1: [n]f64, u2: [n]f64, v2: [n]f64, w0: [n]f64, x0: [n]f64, y: [n]f64, z: [n]f64) -> [n]f64 {
    let a = a0 + outer(u1, v1) + outer(u2, v2);
    let x = x0 + beta * (y @ a) + z;
    w0 + alpha * (a @ x)
}
fn go_fast(a: [n, n]f64) -> [n, n]f64 {
    let mut trace = 0.0;
    for i in 0..n { trace += tanh(a[i, i]); }
    a + trace
}
fn jacobi_1d(steps: i64, a0: [n]f64) -> [n]f64 {
    let mut a = a0; let mut b = a0;
    for t in 0..steps {
        b[1:-1] = 0.33333 * (a[:-2] + a[1:-1] + a[2:]);
        a[1:-1] = 0.33333 * (b[:-2] + b[1:-1] + b[2:]);
    }
    a
}
fn fdtd(steps: i64, ex0: [n, m]f64, ey0: [n, m]f64, hz0: [n, m]f64, fict: [t]f64) -> [n, m]f64 {
    let mut ex = ex0; let mut ey = ey0; let mut hz = hz0;
    for s in 0..steps {
        ey[0, :] = fict[s];
        ey[1:, :] -= 0.5 * (hz[1:, :] - hz[:-1, :]);
        ex[:, 1:] -= 0.5 * (hz[:, 1:] - hz[:, :-1]);
        hz[:-1, :-1] -= 0.7 * (ex[:-1, 1:] - ex[:-1, :-1] + ey[1:, :-1] - ey[:-1, :-1]);
    }
    hz
}
fn compute(a1: [n, m]i64, a2: [n, m]i64, a: i64, b: i64, c: i64) -> [n, m]i64 { clip(a1, 2, 10) * a + a2 * b + c }
fn correlation(data: [m, n]f64) -> [n, n]f64 {
    let fm = f64(m);
    let mu = mean(data, axis=0);
    let sd = sqrt(mean((data - mu) ** 2, axis=0));
    let sd2 = where(sd <= 0.1, 1.0, sd);
    let d = (data - mu) / (sqrt(fm) * sd2);
    d.T @ d
}
fn l2norm(x: [n, m]f64) -> [n, m]f64 { x / sqrt(sum(x * x, axis=1))[:, newaxis] }
fn nbody_acc(px: [n]f64, py: [n]f64, pz: [n]f64, mass: [n]f64) -> [n]f64 {
    let dx = px[newaxis, :] - px[:, newaxis];
    let dy = py[newaxis, :] - py[:, newaxis];
    let dz = pz[newaxis, :] - pz[:, newaxis];
    let inv = (dx ** 2 + dy ** 2 + dz ** 2 + 0.01) ** (-1.5);
    (dx * inv) @ mass
}
fn cumsum_rows(x: [n, m]f64) -> [n, m]f64 { cumsum(x, axis=1) }
fn cumsum_cols(x: [n, m]f64) -> [n, m]f64 { cumsum(x, axis=0) }
fn flip_last(x: [n, m]f64) -> [n, m]f64 { flip(x, axis=1) }
fn flip_first(x: [n, m]f64) -> [n, m]f64 { flip(x, axis=0) }
fn sum_t(x: [n, m]f64) -> f64 { sum(x.T * 2.0) }
fn transpose_copy(x: [n, m]f64) -> [m, n]f64 { x.T * 1.0 }
fn concat1(a: [n]f64, b: [n]f64) -> [2 * n]f64 { concat([a, b], axis=0) }
fn concat0(a: [n, m]f64, b: [n, m]f64) -> [2 * n, m]f64 { concat([a, b], axis=0) }
fn stack1(a: [n, m]f64, b: [n, m]f64) -> [n, m, 2]f64 { stack([a, b], axis=2) }
fn gather(x: [n]f64, idx: [k]i64) -> [k]f64 { x[idx] }
fn argmax_rows(x: [n, m]f64) -> [n]i64 { argmax(x, axis=1) }
fn std_all(x: [n]f64) -> f64 { sqrt(mean((x - mean(x)) ** 2)) }
fn conv2d(img: [n, m]f64, k: [3, 3]f64) -> [n - 2, m - 2]f64 {
    let mut out = zeros([n - 2, m - 2], f64);
    for i in 0..3 { for j in 0..3 { out += k[i, j] * img[i:n - 2 + i, j:m - 2 + j]; } }
    out
}
fn syrk(alpha: f64, beta: f64, c: [n, n]f64, a: [n, k]f64) -> [n, n]f64 { beta * c + alpha * (a @ a.T) }
fn mandel(cr: [n]f64, ci: [n]f64) -> [n]i64 {
    let mut zr = zeros([n], f64); let mut zi = zeros([n], f64); let mut cnt = zeros([n], i64);
    for it in 0..50 {
        let inside = zr * zr + zi * zi <= 4.0;
        let nzr = where(inside, zr * zr - zi * zi + cr, zr);
        zi = where(inside, 2.0 * zr * zi + ci, zi);
        zr = nzr;
        cnt = cnt + where(inside, 1, 0);
    }
    cnt
}
fn seidel(steps: i64, a0: [n, n]f64) -> [n, n]f64 {
    let mut a = a0;
    for t in 0..steps {
        for i in 1..n - 1 {
            for j in 1..n - 1 {
                a[i, j] = (a[i - 1, j - 1] + a[i - 1, j] + a[i - 1, j + 1] + a[i, j - 1] + a[i, j] + a[i, j + 1] + a[i + 1, j - 1] + a[i + 1, j] + a[i + 1, j + 1]) / 9.0;
            }
        }
    }
    a
}
fn floyd(p0: [n, n]f64) -> [n, n]f64 {
    let mut p = p0;
    for k in 0..n {
        p = minimum(p, p[:, k][:, newaxis] + p[k, :][newaxis, :]);
    }
    p
}
fn trisolv(l: [n, n]f64, b: [n]f64) -> [n]f64 {
    let mut x = b;
    for i in 0..n {
        x[i] = (b[i] - l[i, :i] @ x[:i]) / l[i, i];
    }
    x
}
fn lu(a0: [n, n]f64) -> [n, n]f64 {
    let mut a = a0;
    for i in 0..n {
        for j in 0..i {
            a[i, j] = (a[i, j] - a[i, :j] @ a[:j, j]) / a[j, j];
        }
        for j in i..n {
            a[i, j] = a[i, j] - a[i, :i] @ a[:i, j];
        }
    }
    a
}
fn nussinov(seq: [n]i64) -> [n, n]i64 {
    let mut t = zeros([n, n], i64);
    for ii in 0..n {
        let i = n - 1 - ii;
        for j in i + 1..n {
            if j - 1 >= 0 { t[i, j] = maximum(t[i, j], t[i, j - 1]); }
            if i + 1 < n { t[i, j] = maximum(t[i, j], t[i + 1, j]); }
            if j - 1 >= 0 && i + 1 < n {
                if i < j - 1 {
                    t[i, j] = maximum(t[i, j], t[i + 1, j - 1] + where(seq[i] + seq[j] == 3, 1, 0));
                } else {
                    t[i, j] = maximum(t[i, j], t[i + 1, j - 1]);
                }
            }
            for k in i + 1..j {
                t[i, j] = maximum(t[i, j], t[i, k] + t[k + 1, j]);
            }
        }
    }
    t
}

// cavity_flow's build_up_b and pressure_poisson, as in npbench.
fn cavity_build_up_b(rho: f64, dt: f64, u: [ny, nx]f64, v: [ny, nx]f64, dx: f64, dy: f64) -> [ny - 2, nx - 2]f64 {
    rho * (1 / dt * ((u[1:-1, 2:] - u[1:-1, 0:-2]) / (2 * dx) + (v[2:, 1:-1] - v[0:-2, 1:-1]) / (2 * dy))
        - ((u[1:-1, 2:] - u[1:-1, 0:-2]) / (2 * dx)) ** 2
        - 2 * ((u[2:, 1:-1] - u[0:-2, 1:-1]) / (2 * dy) * (v[1:-1, 2:] - v[1:-1, 0:-2]) / (2 * dx))
        - ((v[2:, 1:-1] - v[0:-2, 1:-1]) / (2 * dy)) ** 2)
}
fn cavity_pressure_poisson(nit: i64, p0: [ny, nx]f64, dx: f64, dy: f64, b: [ny, nx]f64) -> [ny, nx]f64 {
    let mut p = p0;
    for q in 0..nit {
        let pn = p;
        p[1:-1, 1:-1] = ((pn[1:-1, 2:] + pn[1:-1, 0:-2]) * dy ** 2 + (pn[2:, 1:-1] + pn[0:-2, 1:-1]) * dx ** 2) / (2 * (dx ** 2 + dy ** 2))
            - dx ** 2 * dy ** 2 / (2 * (dx ** 2 + dy ** 2)) * b[1:-1, 1:-1];
        p[:, -1] = p[:, -2];
        p[0, :] = p[1, :];
        p[:, 0] = p[:, 1];
        p[-1, :] = 0.0;
    }
    p
}
fn cavity_flow(nt: i64, nit: i64, u0: [ny, nx]f64, v0: [ny, nx]f64, p0: [ny, nx]f64, dt: f64, dx: f64, dy: f64, rho: f64, nu: f64) -> ([ny, nx]f64, [ny, nx]f64, [ny, nx]f64) {
    let mut u = u0; let mut v = v0; let mut p = p0;
    let mut b = zeros([ny, nx], f64);
    for n in 0..nt {
        let un = u; let vn = v;
        b[1:-1, 1:-1] = cavity_build_up_b(rho, dt, u, v, dx, dy);
        p = cavity_pressure_poisson(nit, p, dx, dy, b);
        u[1:-1, 1:-1] = un[1:-1, 1:-1] - un[1:-1, 1:-1] * dt / dx * (un[1:-1, 1:-1] - un[1:-1, 0:-2])
            - vn[1:-1, 1:-1] * dt / dy * (un[1:-1, 1:-1] - un[0:-2, 1:-1])
            - dt / (2 * rho * dx) * (p[1:-1, 2:] - p[1:-1, 0:-2])
            + nu * (dt / dx ** 2 * (un[1:-1, 2:] - 2 * un[1:-1, 1:-1] + un[1:-1, 0:-2])
                + dt / dy ** 2 * (un[2:, 1:-1] - 2 * un[1:-1, 1:-1] + un[0:-2, 1:-1]));
        v[1:-1, 1:-1] = vn[1:-1, 1:-1] - un[1:-1, 1:-1] * dt / dx * (vn[1:-1, 1:-1] - vn[1:-1, 0:-2])
            - vn[1:-1, 1:-1] * dt / dy * (vn[1:-1, 1:-1] - vn[0:-2, 1:-1])
            - dt / (2 * rho * dy) * (p[2:, 1:-1] - p[0:-2, 1:-1])
            + nu * (dt / dx ** 2 * (vn[1:-1, 2:] - 2 * vn[1:-1, 1:-1] + vn[1:-1, 0:-2])
                + dt / dy ** 2 * (vn[2:, 1:-1] - 2 * vn[1:-1, 1:-1] + vn[0:-2, 1:-1]));
        u[0, :] = 0.0; u[:, 0] = 0.0; u[:, -1] = 0.0; u[-1, :] = 1.0;
        v[0, :] = 0.0; v[-1, :] = 0.0; v[:, 0] = 0.0; v[:, -1] = 0.0;
    }
    (u, v, p)
}
const BET_M: f64 = 0.5;
const BET_P: f64 = 0.5;
fn vadv(utens_stage0: [ni, nj, nk]f64, u_stage: [ni, nj, nk]f64, wcon: [ni + 1, nj, nk]f64, u_pos: [ni, nj, nk]f64, utens: [ni, nj, nk]f64, dtr_stage: f64) -> [ni, nj, nk]f64 {
    let mut utens_stage = utens_stage0;
    let mut ccol = zeros([ni, nj, nk], f64);
    let mut dcol = zeros([ni, nj, nk], f64);
    let mut data_col = zeros([ni, nj], f64);
    for k in 0..1 {
        let gcv = 0.25 * (wcon[1:, :, k + 1] + wcon[:-1, :, k + 1]);
        let cs = gcv * BET_M;
        ccol[:, :, k] = gcv * BET_P;
        let bcol = dtr_stage - ccol[:, :, k];
        let correction_term = -cs * (u_stage[:, :, k + 1] - u_stage[:, :, k]);
        dcol[:, :, k] = dtr_stage * u_pos[:, :, k] + utens[:, :, k] + utens_stage[:, :, k] + correction_term;
        let divided = 1.0 / bcol;
        ccol[:, :, k] = ccol[:, :, k] * divided;
        dcol[:, :, k] = dcol[:, :, k] * divided;
    }
    for k in 1..nk - 1 {
        let gav = -0.25 * (wcon[1:, :, k] + wcon[:-1, :, k]);
        let gcv = 0.25 * (wcon[1:, :, k + 1] + wcon[:-1, :, k + 1]);
        let as_ = gav * BET_M;
        let cs = gcv * BET_M;
        let acol = gav * BET_P;
        ccol[:, :, k] = gcv * BET_P;
        let bcol = dtr_stage - acol - ccol[:, :, k];
        let correction_term = -as_ * (u_stage[:, :, k - 1] - u_stage[:, :, k]) - cs * (u_stage[:, :, k + 1] - u_stage[:, :, k]);
        dcol[:, :, k] = dtr_stage * u_pos[:, :, k] + utens[:, :, k] + utens_stage[:, :, k] + correction_term;
        let divided = 1.0 / (bcol - ccol[:, :, k - 1] * acol);
        ccol[:, :, k] = ccol[:, :, k] * divided;
        dcol[:, :, k] = (dcol[:, :, k] - dcol[:, :, k - 1] * acol) * divided;
    }
    for k in nk - 1..nk {
        let gav = -0.25 * (wcon[1:, :, k] + wcon[:-1, :, k]);
        let as_ = gav * BET_M;
        let acol = gav * BET_P;
        let bcol = dtr_stage - acol;
        let correction_term = -as_ * (u_stage[:, :, k - 1] - u_stage[:, :, k]);
        dcol[:, :, k] = dtr_stage * u_pos[:, :, k] + utens[:, :, k] + utens_stage[:, :, k] + correction_term;
        let divided = 1.0 / (bcol - ccol[:, :, k - 1] * acol);
        dcol[:, :, k] = (dcol[:, :, k] - dcol[:, :, k - 1] * acol) * divided;
    }
    for k in nk - 1..nk {
        let datacol = dcol[:, :, k];
        data_col[:] = datacol;
        utens_stage[:, :, k] = dtr_stage * (datacol - u_pos[:, :, k]);
    }
    for kk in 0..nk - 1 {
        let k = nk - 2 - kk;
        let datacol = dcol[:, :, k] - ccol[:, :, k] * data_col[:, :];
        data_col[:] = datacol;
        utens_stage[:, :, k] = dtr_stage * (datacol - u_pos[:, :, k]);
    }
    utens_stage
}
fn doitgen(a: [nr, nq, np]f64, c4: [np, np]f64) -> [nr, nq, np]f64 {
    reshape(reshape(a, [nr * nq, np]) @ c4, [nr, nq, np])
}
fn k2mm(alpha: f64, beta: f64, a: [ni, nk]f64, b: [nk, nj]f64, c: [nj, nl]f64, d: [ni, nl]f64) -> [ni, nl]f64 { alpha * a @ b @ c + beta * d }
fn k3mm(a: [ni, nk]f64, b: [nk, nj]f64, c: [nj, nm]f64, d: [nm, nl]f64) -> [ni, nl]f64 { a @ b @ c @ d }
fn gramschmidt(a0: [m, n]f64) -> ([m, n]f64, [n, n]f64) {
    let mut a = a0;
    let mut q = zeros([m, n], f64);
    let mut r = zeros([n, n], f64);
    for k in 0..n {
        let nrm = dot(a[:, k], a[:, k]);
        r[k, k] = sqrt(nrm);
        q[:, k] = a[:, k] / r[k, k];
        for j in k + 1..n {
            r[k, j] = dot(q[:, k], a[:, j]);
            a[:, j] -= q[:, k] * r[k, j];
        }
    }
    (q, r)
}
fn durbin(r: [n]f64) -> [n]f64 {
    let mut y = zeros([n], f64);
    let mut alpha = -r[0];
    let mut beta = 1.0;
    y[0] = -r[0];
    for k in 1..n {
        beta *= 1.0 - alpha * alpha;
        alpha = -(r[k] + dot(flip(r[:k], axis=0), y[:k])) / beta;
        y[:k] += alpha * flip(y[:k], axis=0);
        y[k] = alpha;
    }
    y
}
fn adi(tsteps: i64, u0: [n, n]f64) -> [n, n]f64 {
    let mut u = u0;
    let mut v = zeros([n, n], f64);
    let mut p = zeros([n, n], f64);
    let mut q = zeros([n, n], f64);
    let dx = 1.0 / f64(n);
    let dy = 1.0 / f64(n);
    let dt = 1.0 / f64(tsteps);
    let b1 = 2.0;
    let b2 = 1.0;
    let mul1 = b1 * dt / (dx * dx);
    let mul2 = b2 * dt / (dy * dy);
    let a = -mul1 / 2.0;
    let b = 1.0 + mul2;
    let c = a;
    let d = -mul2 / 2.0;
    let e = 1.0 + mul2;
    let f = d;
    for t in 1..tsteps + 1 {
        v[0, 1:n - 1] = 1.0;
        p[1:n - 1, 0] = 0.0;
        q[1:n - 1, 0] = v[0, 1:n - 1];
        for j in 1..n - 1 {
            p[1:n - 1, j] = -c / (a * p[1:n - 1, j - 1] + b);
            q[1:n - 1, j] = (-d * u[j, 0:n - 2] + (1.0 + 2.0 * d) * u[j, 1:n - 1] - f * u[j, 2:n] - a * q[1:n - 1, j - 1]) / (a * p[1:n - 1, j - 1] + b);
        }
        v[n - 1, 1:n - 1] = 1.0;
        for jj in 0..n - 2 {
            let j = n - 2 - jj;
            v[j, 1:n - 1] = p[1:n - 1, j] * v[j + 1, 1:n - 1] + q[1:n - 1, j];
        }
        u[1:n - 1, 0] = 1.0;
        p[1:n - 1, 0] = 0.0;
        q[1:n - 1, 0] = u[1:n - 1, 0];
        for j in 1..n - 1 {
            p[1:n - 1, j] = -f / (d * p[1:n - 1, j - 1] + e);
            q[1:n - 1, j] = (-a * v[0:n - 2, j] + (1.0 + 2.0 * a) * v[1:n - 1, j] - c * v[2:n, j] - d * q[1:n - 1, j - 1]) / (d * p[1:n - 1, j - 1] + e);
        }
        u[1:n - 1, n - 1] = 1.0;
        for jj in 0..n - 2 {
            let j = n - 2 - jj;
            u[1:n - 1, j] = p[1:n - 1, j] * u[1:n - 1, j + 1] + q[1:n - 1, j];
        }
    }
    u
}
fn cholesky(a0: [n, n]f64) -> [n, n]f64 {
    let mut a = a0;
    a[0, 0] = sqrt(a[0, 0]);
    for i in 1..n {
        for j in 0..i {
            a[i, j] -= dot(a[i, :j], a[j, :j]);
            a[i, j] /= a[j, j];
        }
        a[i, i] -= dot(a[i, :i], a[i, :i]);
        a[i, i] = sqrt(a[i, i]);
    }
    a
}
fn syr2k(alpha: f64, beta: f64, c0: [n, n]f64, a: [n, m]f64, b: [n, m]f64) -> [n, n]f64 {
    let mut c = c0;
    for i in 0..n {
        c[i, :i + 1] *= beta;
        for k in 0..m {
            c[i, :i + 1] += a[:i + 1, k] * alpha * b[i, k] + b[:i + 1, k] * alpha * a[i, k];
        }
    }
    c
}
fn trmm(alpha: f64, a: [m, m]f64, b0: [m, n]f64) -> [m, n]f64 {
    let mut b = b0;
    for i in 0..m {
        for j in 0..n {
            b[i, j] += dot(a[i + 1:, i], b[i + 1:, j]);
        }
    }
    b *= alpha;
    b
}
fn softmax(x: [n, h, m]f64) -> [n, h, m]f64 {
    let tmp_max = max(x, axis=-1, keepdims=true);
    let tmp_out = exp(x - tmp_max);
    let tmp_sum = sum(tmp_out, axis=-1, keepdims=true);
    tmp_out / tmp_sum
}
fn conv2d_bias(input: [n, h, w, c]f64, weights: [k, k, c, co]f64, bias: [co]f64) -> [n, h - k + 1, w - k + 1, co]f64 {
    let mut output = zeros([n, h - k + 1, w - k + 1, co], f64);
    let wm = reshape(weights, [k * k * c, co]);
    for i in 0..h - k + 1 {
        for j in 0..w - k + 1 {
            output[:, i, j, :] = reshape(input[:, i:i + k, j:j + k, :], [n, k * k * c]) @ wm;
        }
    }
    maximum(output + bias, 0.0)
}
fn arc_distance(theta_1: [n]f64, phi_1: [n]f64, theta_2: [n]f64, phi_2: [n]f64) -> [n]f64 {
    let temp = sin((theta_2 - theta_1) / 2) ** 2 + cos(theta_1) * cos(theta_2) * sin((phi_2 - phi_1) / 2) ** 2;
    2 * atan2(sqrt(temp), sqrt(1 - temp))
}
fn azimint_naive(data: [n]f64, radius: [n]f64, npt: i64) -> [npt]f64 {
    let rmax = max(radius);
    let mut res = zeros([npt], f64);
    for i in 0..npt {
        let r1 = rmax * f64(i) / f64(npt);
        let r2 = rmax * f64(i + 1) / f64(npt);
        let mask_r12 = (r1 <= radius) && (radius < r2);
        res[i] = sum(where(mask_r12, data, 0.0)) / f64(sum(i64(mask_r12)));
    }
    res
}
fn deriche(alpha: f64, img_in: [h, w]f64) -> [h, w]f64 {
    let k = (1.0 - exp(-alpha)) * (1.0 - exp(-alpha)) / (1.0 + alpha * exp(-alpha) - exp(2.0 * alpha));
    let a1 = k; let a5 = k;
    let a2 = k * exp(-alpha) * (alpha - 1.0); let a6 = a2;
    let a3 = k * exp(-alpha) * (alpha + 1.0); let a7 = a3;
    let a4 = -k * exp(-2.0 * alpha); let a8 = a4;
    let b1 = 2.0 ** (-alpha);
    let b2 = -exp(-2.0 * alpha);
    let c1 = 1.0; let c2 = 1.0;
    let mut y1 = zeros([h, w], f64);
    y1[:, 0] = a1 * img_in[:, 0];
    y1[:, 1] = a1 * img_in[:, 1] + a2 * img_in[:, 0] + b1 * y1[:, 0];
    for j in 2..w {
        y1[:, j] = a1 * img_in[:, j] + a2 * img_in[:, j - 1] + b1 * y1[:, j - 1] + b2 * y1[:, j - 2];
    }
    let mut y2 = zeros([h, w], f64);
    y2[:, -1] = 0.0;
    y2[:, -2] = a3 * img_in[:, -1];
    for jj in 0..w - 2 {
        let j = w - 3 - jj;
        y2[:, j] = a3 * img_in[:, j + 1] + a4 * img_in[:, j + 2] + b1 * y2[:, j + 1] + b2 * y2[:, j + 2];
    }
    let mut img_out = c1 * (y1 + y2);
    y1[0, :] = a5 * img_out[0, :];
    y1[1, :] = a5 * img_out[1, :] + a6 * img_out[0, :] + b1 * y1[0, :];
    for i in 2..h {
        y1[i, :] = a5 * img_out[i, :] + a6 * img_out[i - 1, :] + b1 * y1[i - 1, :] + b2 * y1[i - 2, :];
    }
    y2[-1, :] = 0.0;
    y2[-2, :] = a7 * img_out[-1, :];
    for ii in 0..h - 2 {
        let i = h - 3 - ii;
        y2[i, :] = a7 * img_out[i + 1, :] + a8 * img_out[i + 2, :] + b1 * y2[i + 1, :] + b2 * y2[i + 2, :];
    }
    img_out[:] = c2 * (y1 + y2);
    img_out
}
