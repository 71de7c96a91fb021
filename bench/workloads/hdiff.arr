// Horizontal diffusion from the COSMO weather model (the NPBench `hdiff` kernel): a
// Laplacian, fluxes in x and y with a flux limiter (`where`), and the update. The
// input carries a halo of two points on each side of the two horizontal axes, so all
// the shapes are symbolic: [i + 4, j + 4, k] in, [i, j, k] out.
//
// Inputs: infield: [i + 4, j + 4, k]f64 (260 x 260 x 256), coeff: [i, j, k]f64 (256 x 256 x 256).
// Output: [i, j, k]f64.

fn hdiff(infield: [i + 4, j + 4, k]f64, coeff: [i, j, k]f64) -> [i, j, k]f64 {
    let lap = 4.0 * infield[1:-1, 1:-1, :]
        - (infield[2:, 1:-1, :] + infield[:-2, 1:-1, :] + infield[1:-1, 2:, :] + infield[1:-1, :-2, :]);
    let resx = lap[1:, 1:-1, :] - lap[:-1, 1:-1, :];
    let flx = where(resx * (infield[2:-1, 2:-2, :] - infield[1:-2, 2:-2, :]) > 0.0, 0.0, resx);
    let resy = lap[1:-1, 1:, :] - lap[1:-1, :-1, :];
    let fly = where(resy * (infield[2:-2, 2:-1, :] - infield[2:-2, 1:-2, :]) > 0.0, 0.0, resy);
    infield[2:-2, 2:-2, :] - coeff * (flx[1:, :, :] - flx[:-1, :, :] + fly[:, 1:, :] - fly[:, :-1, :])
}
