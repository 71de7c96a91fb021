// Great-circle distances between corresponding pairs of points (the haversine
// formula), written for scalars and applied elementwise to the four coordinate
// arrays (a ufunc).
//
// Inputs: lat1, lon1, lat2, lon2: [n]f64 in degrees (2^22 points).
// Output: [n]f64 distances in km.

const EARTH_RADIUS_KM: f64 = 6371.0;
const DEG: f64 = 0.017453292519943295;

fn haversine(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let dlat = (lat2 - lat1) * DEG;
    let dlon = (lon2 - lon1) * DEG;
    let a = sin(dlat / 2.0) ** 2 + cos(lat1 * DEG) * cos(lat2 * DEG) * sin(dlon / 2.0) ** 2;
    2.0 * EARTH_RADIUS_KM * asin(sqrt(a))
}

fn distances(lat1: [n]f64, lon1: [n]f64, lat2: [n]f64, lon2: [n]f64) -> [n]f64 {
    haversine(lat1, lon1, lat2, lon2)
}
