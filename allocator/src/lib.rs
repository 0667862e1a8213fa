//! bulkpool-allocator: a pure, deterministic simulation of the Linux page allocator, its bulk
//! allocator and the proposed mempool page-bulk allocator. No browser dependencies.
//!
//! `simulate(&scenario, mode)` runs a [`Scenario`] into a [`Trace`]; `trace.state_at(step)`
//! rebuilds the [`World`] at any step.
//!
//! The folders are the layers, each using only the ones before it:
//! - [`model`]: the vocabulary and the simulated state (gfp, buddy, zone, task, world);
//! - [`scenario`]: the file format, its bounds, the initial layout and the presets;
//! - [`trace`]: events and the pseudo-code listings their lines point into, the one function
//!   that applies them to a world, and recorded runs;
//! - `sim`: the simulation that turns a scenario into a trace;
//! - [`explain`]: narration, provenance, call paths, summaries and the text account;
//! - [`view`]: what the viewers share: links, places across runs, predict mode.

pub mod bench;
pub mod explain;
pub mod model;
pub mod scenario;
mod sim;
pub mod trace;
pub mod view;

pub use model::gfp::Gfp;
pub use model::types::{Mode, Pfn, Semantics, TaskId};
pub use model::world::World;
pub use scenario::{presets, Op, Scenario, ScenarioError};
pub use sim::{simulate, Simulation};
pub use trace::event::{Event, EventKind, Phase};
pub use trace::Trace;
