// A `sum` or `mean` that one statement repeats is computed once (plan pass 0a,
// `plan::cse`): the z-score's `mean(x)`, the cosine similarity's `sum(x * y)`, a mean
// inside a loop body whose input changes every iteration, and a statement where `&&`
// may skip the second occurrence (left alone).
// == run zscore
// arg x: [3, 4]f64 = [[1, 2, 3, 4], [2, 4, 6, 8], [0, -1, 5, 1]]
// out: [3, 4]f64 = [[-0.7670929478598305, -0.36687054028078847, 0.03335186729825356, 0.4335742748772956], [-0.36687054028078847, 0.4335742748772956, 1.2340190900353798, 2.034463905193464], [-1.1673153554388727, -1.5675377630179146, 0.8337966824563376, -0.7670929478598305]]
// out: [3, 4]f64 = [[0, 0.1622214211307625, -1.3363062095621223, -0.11624763874381917], [1.224744871391589, 1.1355499479153375, 1.0690449676496974, 1.2787240261820123], [-1.224744871391589, -1.2977713690461004, 0.2672612419124242, -1.1624763874381927]]
// numpy: ((x - x.mean()) / x.std(), (x - x.mean(axis=0)) / x.std(axis=0))
// == run z32
// arg x: [6]f32 = [1.5, -2, 3, 4.25, 0, 10]
// out: [6]f32 = [-0.3400849, -1.2616053, 0.05485238, 0.38396677, -0.7350222, 1.897893]
// numpy: (x - x.mean()) / x.std()
// == run cosine
// arg x: [4]f64 = [1, 2, -3, 0.5]
// arg y: [4]f64 = [2, 0.5, 1, -4]
// out: f64 = -2.1149325642454975
// numpy: np.sum(x * y) / (np.sqrt(np.sum(x * x)) * np.sqrt(np.sum(y * y))) + np.sum(x * y)
// == run steps
// arg x: [5]f64 = [1, 2, 3, 4, 10]
// arg k: i64 = 3
// out: [5]f64 = [31.625, 31.75, 31.875, 32, 32.75]
// py: y = x.copy()
// py: for i in range(3): y = (y - y.mean()) * 0.5 + y.mean() * 2.0
// numpy: y
// == run guarded
// arg x: [4]f64 = [1, 2, 3, 4]
// out: bool = true
// numpy: np.bool_(x.sum() > 0.0 and x.sum() < 20.0)

fn zscore(x: [n, m]f64) -> ([n, m]f64, [n, m]f64) {
    (
        (x - mean(x)) / sqrt(mean((x - mean(x)) ** 2)),
        (x - mean(x, axis=0)) / sqrt(mean((x - mean(x, axis=0)) ** 2, axis=0)),
    )
}

fn z32(x: [n]f32) -> [n]f32 {
    (x - mean(x)) / sqrt(mean((x - mean(x)) ** 2))
}

fn cosine(x: [n]f64, y: [n]f64) -> f64 {
    sum(x * y) / (sqrt(sum(x * x)) * sqrt(sum(y * y))) + sum(x * y)
}

fn steps(x: [n]f64, k: i64) -> [n]f64 {
    let mut y = x;
    for i in 0..k {
        y = (y - mean(y)) * 0.5 + mean(y) * 2.0;
    }
    y
}

fn guarded(x: [n]f64) -> bool {
    sum(x) > 0.0 && sum(x) < 20.0
}
