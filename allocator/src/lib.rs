//! bulkpool-allocator: a pure, deterministic simulation of the Linux page allocator, its bulk
//! allocator and the proposed mempool page-bulk allocator. No browser dependencies.

pub mod gfp;

pub use gfp::Gfp;
