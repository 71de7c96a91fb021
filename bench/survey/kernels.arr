// The NumPy-kernel survey (bench/survey/survey.py): small NumPy-style kernels, many
// from npbench (atax, bicg, gemver, fdtd_2d, seidel_2d, lu, ...), each timed against
// its NumPy version. Sizes and the NumPy code are in survey.py.

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
