//! bulkpool-allocator: a pure, deterministic simulation of the Linux page allocator, its bulk
//! allocator and the proposed mempool page-bulk allocator. No browser dependencies.
//!
//! `simulate(&scenario, mode)` runs a [`Scenario`] into a [`Trace`]; `trace.state_at(step)`
//! rebuilds the [`World`] at any step.

mod apply;
pub mod bench;
pub mod buddy;
pub mod code;
pub mod event;
pub mod frames;
pub mod gfp;
mod holdings;
pub mod invariants;
pub mod kernel;
mod layout;
pub mod link;
pub mod narrate;
pub mod outcome;
pub mod place;
pub mod predict;
pub mod presets;
pub mod scenario;
mod sim;
pub mod source;
pub mod step_text;
pub mod summary;
pub mod task;
pub mod text;
pub mod trace;
pub mod types;
pub mod units;
mod validate;
pub mod world;
pub mod zone;

pub use event::{Event, EventKind, Phase};
pub use gfp::Gfp;
pub use scenario::{Op, Scenario, ScenarioError};
pub use sim::{simulate, Simulation};
pub use trace::Trace;
pub use types::{Mode, Pfn, Semantics, TaskId};
pub use world::World;
