//! The vocabulary and the simulated state: GFP flags, modes and semantics, the buddy free
//! areas, the zone, tasks and the whole world at one step. Nothing here knows about events;
//! a world changes only through `World::apply` (the `trace` layer).

pub mod buddy;
pub mod frames;
pub mod gfp;
pub mod policy;
pub mod task;
pub mod types;
pub mod version;
pub mod world;
pub mod zone;
