// Slice pushdown (plan pass 0, `plan::stencil`): a `let` read only through shifted
// slices is recomputed in its consumer's loop, with the slices pushed into its leaves,
// instead of being stored. The programs here are the shapes it handles (hdiff's fluxes,
// chains of differences, scalar-indexed leaves) and those it must leave alone: inputs
// or scalars written between the definition and the reads, reads inside a loop, and a
// slice that is out of range, which must still fail.
// == run hdiff
// arg infield: [6, 7, 2]f64 = [[[1.22, 1.232], [0.061, -0.857], [-1.784, -0.467], [-0.366, -1.819], [-1.805, 1.997], [0.609, -1.062], [-0.26, 1.897]], [[1.591, 1.377], [-0.43, -0.028], [0.707, -1.757], [0.222, -0.914], [1.519, -1.743], [0.717, 1.48], [-1.091, 1.582]], [[1.489, -1.926], [0.83, -1.995], [0.013, -0.253], [-1.187, -0.7], [1.225, -0.734], [-1.404, 0.794], [-0.206, 1.196]], [[-1.058, -0.721], [1.2, 0.028], [0.026, -1.055], [-1.942, 1.733], [-1.657, 1.38], [-0.528, 1.804], [-0.402, 1.746]], [[0.225, -1.039], [0.966, 0.698], [0.737, -0.145], [-1.112, 0.564], [-1.572, 0.769], [0.542, -0.494], [1.194, -1.224]], [[-0.438, 1.192], [-0.478, 0.853], [0.45, 1.764], [1.967, 0.895], [1.235, -1.389], [0.852, 1.39], [-0.395, 0.213]]]
// arg coeff: [2, 3, 2]f64 = [[[0.479, 0.959], [0.317, 0.402], [0.001, 0.42]], [[0.631, 0.935], [0.924, 0.327], [0.989, 0.188]]]
// out: [2, 3, 2]f64 = [[[0.013, -0.253], [-1.3226760000000004, -2.7079899999999997], [1.226912, -0.734]], [[0.026, -1.055], [-1.5465279999999992, 1.733], [-0.1883349999999997, 1.179404]]]
// numpy: (lambda lap: (lambda flx, fly: infield[2:-2, 2:-2, :] - coeff * (flx[1:] - flx[:-1] + fly[:, 1:] - fly[:, :-1]))(np.where((lap[1:, 1:-1] - lap[:-1, 1:-1]) * (infield[2:-1, 2:-2] - infield[1:-2, 2:-2]) > 0, 0.0, lap[1:, 1:-1] - lap[:-1, 1:-1]), np.where((lap[1:-1, 1:] - lap[1:-1, :-1]) * (infield[2:-2, 2:-1] - infield[2:-2, 1:-2]) > 0, 0.0, lap[1:-1, 1:] - lap[1:-1, :-1])))(4.0 * infield[1:-1, 1:-1] - (infield[2:, 1:-1] + infield[:-2, 1:-1] + infield[1:-1, 2:] + infield[1:-1, :-2]))
// == run hdiff32
// arg infield: [6, 7, 2]f32 = [[[1.22, 1.232], [0.061, -0.857], [-1.784, -0.467], [-0.366, -1.819], [-1.805, 1.997], [0.609, -1.062], [-0.26, 1.897]], [[1.591, 1.377], [-0.43, -0.028], [0.707, -1.757], [0.222, -0.914], [1.519, -1.743], [0.717, 1.48], [-1.091, 1.582]], [[1.489, -1.926], [0.83, -1.995], [0.013, -0.253], [-1.187, -0.7], [1.225, -0.734], [-1.404, 0.794], [-0.206, 1.196]], [[-1.058, -0.721], [1.2, 0.028], [0.026, -1.055], [-1.942, 1.733], [-1.657, 1.38], [-0.528, 1.804], [-0.402, 1.746]], [[0.225, -1.039], [0.966, 0.698], [0.737, -0.145], [-1.112, 0.564], [-1.572, 0.769], [0.542, -0.494], [1.194, -1.224]], [[-0.438, 1.192], [-0.478, 0.853], [0.45, 1.764], [1.967, 0.895], [1.235, -1.389], [0.852, 1.39], [-0.395, 0.213]]]
// arg coeff: [2, 3, 2]f32 = [[[0.479, 0.959], [0.317, 0.402], [0.001, 0.42]], [[0.631, 0.935], [0.924, 0.327], [0.989, 0.188]]]
// out: [2, 3, 2]f32 = [[[0.013, -0.253], [-1.3226761, -2.7079902], [1.226912, -0.734]], [[0.026, -1.055], [-1.5465281, 1.733], [-0.18833482, 1.179404]]]
// numpy: (lambda lap: (lambda flx, fly: infield[2:-2, 2:-2, :] - coeff * (flx[1:] - flx[:-1] + fly[:, 1:] - fly[:, :-1]))(np.where((lap[1:, 1:-1] - lap[:-1, 1:-1]) * (infield[2:-1, 2:-2] - infield[1:-2, 2:-2]) > 0, 0.0, lap[1:, 1:-1] - lap[:-1, 1:-1]), np.where((lap[1:-1, 1:] - lap[1:-1, :-1]) * (infield[2:-2, 2:-1] - infield[2:-2, 1:-2]) > 0, 0.0, lap[1:-1, 1:] - lap[1:-1, :-1])))(4.0 * infield[1:-1, 1:-1] - (infield[2:, 1:-1] + infield[:-2, 1:-1] + infield[1:-1, 2:] + infield[1:-1, :-2]))
// == run chain
// arg x: [9]f64 = [1.94, -2.056, -0.569, -2.559, 2.148, 1.973, -2.161, 0.163, -1.451]
// out: [7]f64 = [-9.482, -15.506, -11.078, 3.420000000000001, -8.618, -8.372, -10.572000000000001]
// py: a = x * 2.0 - 1.0; b = a[1:] + a[:-1]
// numpy: b[1:] - np.abs(b[:-1])
// == run chain
// arg x: [2]f64 = [1, 5]
// out: [0]f64 = []
// numpy: np.zeros(0)
// == run laplace
// arg u: [5, 6]f64 = [[-0.016, 0.106, -0.787, 0.729, -0.443, -0.106], [-0.885, -0.995, -0.61, -0.317, 0.856, 0.779], [-0.039, -0.09, 0.334, 0.718, -0.325, 0.587], [-0.202, 0.188, 0.475, 0.003, 0.382, 0.395], [-0.989, -0.922, -0.702, -0.573, -0.594, -0.902]]
// out: [3, 4]f64 = [[2.501, 0.6749999999999998, 2.9610000000000003, -3.73], [-0.1519999999999999, -0.8430000000000001, -3.1769999999999996, 3.843], [-1.491, -2.077, 0.99, -2.0490000000000004]]
// py: gx = u[:, 1:] - u[:, :-1]; gy = u[1:, :] - u[:-1, :]
// numpy: gx[1:-1, 1:] - gx[1:-1, :-1] + gy[1:, 1:-1] - gy[:-1, 1:-1]
// == run timestep
// arg u: [3, 7]f64 = [[-0.566, 0.202, 0.772, -0.301, -0.267, -0.167, 0.361], [0.571, 0.882, -0.249, 0.414, -0.317, 0.648, -0.539], [0.742, 0.01, 0.451, 0.07, -0.368, -0.011, -0.899]]
// arg t: i64 = 1
// out: [5]f64 = [-1.4420000000000002, 1.631, -1.2309999999999999, 1.2309999999999999, -1.687]
// py: g = np.minimum(u[t, 1:] - u[t, :-1], 0.5)
// numpy: g[1:] - g[:-1]
// == run clobbered
// arg x: [6]f64 = [1, 4, 9, 16, 25, 36]
// out: [4]f64 = [12, 112, 32, 45]
// py: y = x.copy(); d = y[1:] - y[:-1]; y[2] = 100.0
// numpy: d[1:] + d[:-1] + y[1:-1]
// == run scalar_changed
// arg x: [6]f64 = [1, 4, 9, 16, 25, 36]
// out: [4]f64 = [36, 52, 68, 84]
// py: d = (x[1:] - x[:-1]) * 2.0
// numpy: d[1:] * 3.0 + d[:-1]
// == run in_loop
// arg x: [6]f64 = [1, 4, 9, 16, 25, 36]
// arg n: i64 = 3
// out: [4]f64 = [6, 6, 6, 6]
// py: d = x[1:] - x[:-1]; acc = np.zeros(4)
// py: for i in range(3): acc = acc + (d[1:] - d[:-1]) * i
// numpy: acc
// == runerror chain
// arg x: [1]f64 = [3]
// message: slice

// NPBench's hdiff: `flx` and `fly` (and `resx`, `resy` through them) are pushed into the
// update; `lap`, read at eight points, stays stored.
fn hdiff(infield: [i + 4, j + 4, k]f64, coeff: [i, j, k]f64) -> [i, j, k]f64 {
    let lap = 4.0 * infield[1:-1, 1:-1, :]
        - (infield[2:, 1:-1, :] + infield[:-2, 1:-1, :] + infield[1:-1, 2:, :] + infield[1:-1, :-2, :]);
    let resx = lap[1:, 1:-1, :] - lap[:-1, 1:-1, :];
    let flx = where(resx * (infield[2:-1, 2:-2, :] - infield[1:-2, 2:-2, :]) > 0.0, 0.0, resx);
    let resy = lap[1:-1, 1:, :] - lap[1:-1, :-1, :];
    let fly = where(resy * (infield[2:-2, 2:-1, :] - infield[2:-2, 1:-2, :]) > 0.0, 0.0, resy);
    infield[2:-2, 2:-2, :] - coeff * (flx[1:, :, :] - flx[:-1, :, :] + fly[:, 1:, :] - fly[:, :-1, :])
}

fn hdiff32(infield: [i + 4, j + 4, k]f32, coeff: [i, j, k]f32) -> [i, j, k]f32 {
    let lap = 4.0 * infield[1:-1, 1:-1, :]
        - (infield[2:, 1:-1, :] + infield[:-2, 1:-1, :] + infield[1:-1, 2:, :] + infield[1:-1, :-2, :]);
    let resx = lap[1:, 1:-1, :] - lap[:-1, 1:-1, :];
    let flx = where(resx * (infield[2:-1, 2:-2, :] - infield[1:-2, 2:-2, :]) > 0.0, 0.0, resx);
    let resy = lap[1:-1, 1:, :] - lap[1:-1, :-1, :];
    let fly = where(resy * (infield[2:-2, 2:-1, :] - infield[2:-2, 1:-2, :]) > 0.0, 0.0, resy);
    infield[2:-2, 2:-2, :] - coeff * (flx[1:, :, :] - flx[:-1, :, :] + fly[:, 1:, :] - fly[:, :-1, :])
}

// Two levels: `b` is pushed first, then `a`, read through the composed slices.
fn chain(x: [n]f64) -> [n - 2]f64 {
    let a = x * 2.0 - 1.0;
    let b = a[1:] + a[:-1];
    b[1:] - abs(b[:-1])
}

fn laplace(u: [n + 2, m + 2]f64) -> [n, m]f64 {
    let gx = u[:, 1:] - u[:, :-1];
    let gy = u[1:, :] - u[:-1, :];
    gx[1:-1, 1:] - gx[1:-1, :-1] + gy[1:, 1:-1] - gy[:-1, 1:-1]
}

// A leaf indexed by a scalar keeps its index; the slices apply to the other axis.
fn timestep(u: [s, n]f64, t: i64) -> [n - 2]f64 {
    let g = minimum(u[t, 1:] - u[t, :-1], 0.5);
    g[1:] - g[:-1]
}

// `y` changes between the definition of `d` and its reads: `d` must hold the old values.
fn clobbered(x: [n]f64) -> [n - 2]f64 {
    let mut y = x;
    let d = y[1:] - y[:-1];
    y[2] = 100.0;
    d[1:] + d[:-1] + y[1:-1]
}

// Likewise a scalar the value reads.
fn scalar_changed(x: [n]f64) -> [n - 2]f64 {
    let mut s = 2.0;
    let d = (x[1:] - x[:-1]) * s;
    s = 3.0;
    d[1:] * s + d[:-1]
}

// Read inside a loop body: computed once, before the loop, as written.
fn in_loop(x: [n]f64, k: i64) -> [n - 2]f64 {
    let d = x[1:] - x[:-1];
    let mut acc = zeros(n - 2);
    for i in 0..k {
        acc = acc + (d[1:] - d[:-1]) * f64(i);
    }
    acc
}
