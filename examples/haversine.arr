// Great-circle distances with the haversine formula. `haversine` is written for
// scalars; called with arrays it applies elementwise with broadcasting (a ufunc), here
// to all pairs of points via newaxis.
//
// Inputs: lat, lon: [n]f64 in degrees (10 cities).
// Output: [n, n]f64 distances in km (symmetric, zero diagonal).

const EARTH_RADIUS_KM: f64 = 6371.0;
const DEG: f64 = 0.017453292519943295;

fn haversine(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let dlat = (lat2 - lat1) * DEG;
    let dlon = (lon2 - lon1) * DEG;
    let a = sin(dlat / 2.0) ** 2 + cos(lat1 * DEG) * cos(lat2 * DEG) * sin(dlon / 2.0) ** 2;
    2.0 * EARTH_RADIUS_KM * asin(sqrt(a))
}

fn pairwise(lat: [n]f64, lon: [n]f64) -> [n, n]f64 {
    haversine(lat[:, newaxis], lon[:, newaxis], lat[newaxis, :], lon[newaxis, :])
}
