// A mean and the squared deviations from it along the same axis (NumPy's mean and var):
// the native backend computes each such pair in one pass over the input (plan pass 4,
// `arr::rt::moments_axis` and `moments_all`). The forms it recognizes, and one it must
// not (the input changes between the two reductions).
// == run cols
// arg x: [5, 3]f32 = [[1, 2, 3], [4, 0.5, -6], [7, 8, 9], [-1, 2.5, 0], [3, 3, 3]]
// out: [3]f32 = [2.8, 3.2, 1.8]
// out: [3]f32 = [7.3599997, 6.4600005, 23.759998]
// out: [3]f32 = [7.3599997, 6.4600005, 23.759998]
// out: [3]f32 = [36.8, 32.300003, 118.799995]
// numpy: (x.mean(axis=0), x.var(axis=0), x.var(axis=0), ((x - x.mean(axis=0)) ** 2).sum(axis=0))
// == run cols
// arg x: [1, 2]f32 = [[5, -2]]
// out: [2]f32 = [5, -2]
// out: [2]f32 = [0, 0]
// out: [2]f32 = [0, 0]
// out: [2]f32 = [0, 0]
// numpy: (x.mean(axis=0), x.var(axis=0), x.var(axis=0), ((x - x.mean(axis=0)) ** 2).sum(axis=0))
// == run rows3
// arg x: [2, 4, 3]f64 = [[[1, 2, 3], [4, 5, 6], [7, 8, 10], [0, -1, 2]], [[1e8, 1, 0], [1e8, 2, 0], [1e8, 3, 0], [1e8, 4, 0]]]
// out: [2, 1, 3]f64 = [[[3, 3.5, 5.25]], [[100000000, 2.5, 0]]]
// out: [2, 1, 3]f64 = [[[7.5, 11.25, 9.6875]], [[0, 1.25, 0]]]
// numpy: (x.mean(axis=1, keepdims=True), x.var(axis=1, keepdims=True))
// == run last
// arg x: [3, 4]f64 = [[1, 2, 3, 4], [2, 4, 6, 8], [0, -1, 5, 1]]
// out: [3]f64 = [1.118033988749895, 2.23606797749979, 2.277608394786075]
// numpy: np.sqrt(x.var(axis=1))
// == run nan_inf
// arg x: [3, 3]f64 = [[1, nan, inf], [2, 0, 1], [3, 1, 2]]
// out: [3]f64 = [2, nan, inf]
// out: [3]f64 = [0.6666666666666666, nan, nan]
// numpy: (x.mean(axis=0), x.var(axis=0))
// == run inline
// arg x: [4, 3]f64 = [[1, 2, 3], [4, 0.5, -6], [7, 8, 9], [-1, 2.5, 1e3]]
// out: [3]f64 = [9.1875, 8.0625, 186779.25]
// out: [4, 1]f64 = [[0.6666666666666666], [17.166666666666668], [0.6666666666666666], [221891.0555555556]]
// out: f64 = 275.6596885452947
// out: f64 = 911859.1666666666
// numpy: (x.var(axis=0), x.var(axis=1, keepdims=True), x.std(), ((x - x.mean()) ** 2).sum())
// == run inline
// arg x: [1, 1]f64 = [[3]]
// out: [1]f64 = [0]
// out: [1, 1]f64 = [[0]]
// out: f64 = 0
// out: f64 = 0
// numpy: (x.var(axis=0), x.var(axis=1, keepdims=True), x.std(), ((x - x.mean()) ** 2).sum())
// == run all_let
// arg x: [5]f32 = [1, 2, 3, 4, 100]
// out: f32 = 22
// out: f32 = 1522
// numpy: (x.mean(), x.var())
// == run zscore
// arg x: [3, 4]f64 = [[1, 2, 3, 4], [2, 4, 6, 8], [0, -1, 5, 1]]
// out: [3, 4]f64 = [[-0.7670929478598305, -0.36687054028078847, 0.03335186729825356, 0.4335742748772956], [-0.36687054028078847, 0.4335742748772956, 1.2340190900353798, 2.034463905193464], [-1.1673153554388727, -1.5675377630179146, 0.8337966824563376, -0.7670929478598305]]
// out: [3, 4]f64 = [[0, 0.1622214211307625, -1.3363062095621223, -0.11624763874381917], [1.224744871391589, 1.1355499479153375, 1.0690449676496974, 1.2787240261820123], [-1.224744871391589, -1.2977713690461004, 0.2672612419124242, -1.1624763874381927]]
// numpy: ((x - x.mean()) / x.std(), (x - x.mean(axis=0)) / x.std(axis=0))
// == run changed
// arg x: [3, 2]f64 = [[1, 2], [3, 4], [5, 6]]
// out: [2]f64 = [3137.6666666666665, 2.6666666666666665]
// py: y = x.copy(); mu = y.mean(axis=0); y[0, 0] = 100.0
// numpy: ((y - mu) ** 2).mean(axis=0)
fn cols(x: [n, m]f32) -> ([m]f32, [m]f32, [m]f32, [m]f32) {
    let mu = mean(x, axis=0);
    let var = mean((x - mu[newaxis, :]) ** 2, axis=0);
    let mu2 = mean(x, axis=0);
    let var2 = mean((mu2 - x) * (mu2 - x), axis=0);
    let mu3 = mean(x, axis=0);
    (mu, var, var2, sum((x - mu3) ** 2, axis=0))
}

fn rows3(x: [a, b, c]f64) -> ([a, 1, c]f64, [a, 1, c]f64) {
    let mu = mean(x, axis=1, keepdims=true);
    (mu, mean((x - mu) ** 2, axis=1, keepdims=true))
}

fn last(x: [n, m]f64) -> [n]f64 {
    let mu = mean(x, axis=1);
    sqrt(mean((x - mu[:, newaxis]) ** 2, axis=1))
}

fn nan_inf(x: [n, m]f64) -> ([m]f64, [m]f64) {
    let mu = mean(x, axis=0);
    (mu, mean((x - mu) ** 2, axis=0))
}

fn changed(x: [n, m]f64) -> [m]f64 {
    let mut y = x;
    let mu = mean(y, axis=0);
    y[0, 0] = 100.0;
    mean((y - mu) ** 2, axis=0)
}

fn inline(x: [n, m]f64) -> ([m]f64, [n, 1]f64, f64, f64) {
    (
        mean((x - mean(x, axis=0)) ** 2, axis=0),
        mean((mean(x, axis=1, keepdims=true) - x) ** 2, axis=1, keepdims=true),
        sqrt(mean((x - mean(x)) ** 2)),
        sum((x - mean(x)) * (x - mean(x))),
    )
}

fn all_let(x: [n]f32) -> (f32, f32) {
    let mu = mean(x);
    (mu, mean((x - mu) ** 2))
}

fn zscore(x: [n, m]f64) -> ([n, m]f64, [n, m]f64) {
    (
        (x - mean(x)) / sqrt(mean((x - mean(x)) ** 2)),
        (x - mean(x, axis=0)) / sqrt(mean((x - mean(x, axis=0)) ** 2, axis=0)),
    )
}
