//! The Arr benchmark suite (see `bench/README.md`).
//!
//! - [`kernels`]: the workloads of `workloads/*.arr`, compiled by `build.rs` with
//!   `arr_compiler::Builder` and called through the generated Rust API (in-process:
//!   no process start or compilation is timed);
//! - [`hand`]: the hand-written Rust (rayon) peer of each workload;
//! - [`probe`]: the machine's memory bandwidth and peak FLOP rate;
//! - [`workloads`]: inputs, calls and tolerances, shared by the `arr-bench` binary and
//!   the smoke test.

#![allow(missing_debug_implementations)]

/// The Arr workloads, one module per `workloads/NAME.arr`.
pub mod kernels {
    pub mod wave {
        arr::include_kernels!("wave");
    }
    pub mod sqdist {
        arr::include_kernels!("sqdist");
    }
    pub mod softmax {
        arr::include_kernels!("softmax");
    }
    pub mod colstats {
        arr::include_kernels!("colstats");
    }
    pub mod jacobi_2d {
        arr::include_kernels!("jacobi_2d");
    }
    pub mod heat_3d {
        arr::include_kernels!("heat_3d");
    }
    pub mod hdiff {
        arr::include_kernels!("hdiff");
    }
    pub mod haversine {
        arr::include_kernels!("haversine");
    }
    pub mod matmul {
        arr::include_kernels!("matmul");
    }
    pub mod covariance {
        arr::include_kernels!("covariance");
    }
}

pub mod hand;
pub mod probe;
pub mod workloads;
