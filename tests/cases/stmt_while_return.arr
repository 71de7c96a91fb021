// An early return from inside a while loop (binary search on a sorted array).
// == run search
// arg x: [7]f64 = [1, 3, 4, 7, 9, 12, 20]
// arg v: f64 = 9
// out: i64 = 4
// numpy: np.int64(4)
// == run search
// arg x: [7]f64 = [1, 3, 4, 7, 9, 12, 20]
// arg v: f64 = 5
// out: i64 = -1
// numpy: np.int64(-1)
fn search(x: [n]f64, v: f64) -> i64 {
    let mut lo = 0;
    let mut hi = n;
    while lo < hi {
        let mid = (lo + hi) / 2;
        if x[mid] == v {
            return mid;
        }
        if x[mid] < v {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    -1
}
