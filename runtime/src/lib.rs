//! `arr`: the runtime crate of the Arr array language.
//!
//! Generated code and the reference interpreter report run-time problems through the one
//! [`Error`] type defined here, so that both give the same messages for the same fault.

pub use ndarray;

mod error;
mod include;
pub use error::Error;
pub mod linalg;
pub mod math;
pub mod npy;
pub mod rt;
pub use rayon;
