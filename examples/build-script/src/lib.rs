//! Arr kernels compiled by `build.rs` and used as ordinary Rust functions.

/// The functions of `src/kernels.arr`: `saxpy`, `softmax`, `moments`.
pub mod kernels {
    arr::include_kernels!("kernels");
}

#[cfg(test)]
mod tests {
    use super::kernels;
    use arr::ndarray::{array, Array1};

    #[test]
    fn saxpy_matches_hand_computation() {
        let x = array![1.0f32, 2.0, 3.0];
        let y = array![10.0f32, 20.0, 30.0];
        let r = kernels::saxpy(2.0, x.view(), y.view()).expect("same sizes");
        assert_eq!(r, array![12.0f32, 24.0, 36.0]);
        // The `_into` form writes into the caller's buffer.
        let mut out = Array1::<f32>::zeros(3);
        kernels::saxpy_into(2.0, x.view(), y.view(), out.view_mut()).expect("same sizes");
        assert_eq!(out, r);
    }

    #[test]
    fn size_mismatch_is_an_error_not_a_panic() {
        let x = array![1.0f32, 2.0, 3.0];
        let y = array![1.0f32, 2.0];
        let e = kernels::saxpy(1.0, x.view(), y.view()).expect_err("n differs");
        assert!(matches!(e, arr::Error::SizeMismatch { .. }), "{e}");
    }

    #[test]
    fn softmax_rows_sum_to_one_in_any_layout() {
        // Columns of a Fortran-order array: a non-standard layout.
        let x = array![[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]];
        let xt = x.t().to_owned();
        let r = kernels::softmax(xt.t()).expect("valid");
        // softmax([1, 2, 3]) by hand: e^k / (e + e^2 + e^3).
        let e: f64 = 1f64.exp() + 2f64.exp() + 3f64.exp();
        for (k, want) in [1f64.exp() / e, 2f64.exp() / e, 3f64.exp() / e]
            .iter()
            .enumerate()
        {
            assert!((r[[0, k]] - want).abs() < 1e-12);
            assert!((r[[1, k]] - 1.0 / 3.0).abs() < 1e-12);
        }
    }

    #[test]
    fn tuple_results_come_back_as_rust_tuples() {
        let (mu, var) = kernels::moments(array![1.0, 2.0, 3.0, 4.0].view()).expect("valid");
        assert_eq!(mu, 2.5);
        assert_eq!(var, 1.25);
    }
}
