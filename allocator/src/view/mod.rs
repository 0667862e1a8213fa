//! What the viewers (the web app and the CLI) share about a view of a run: permalinks, the
//! same place in another run of a scenario, predict mode's questions, sweeps of one
//! parameter, and the guided tour.

pub mod explore;
pub mod link;
pub mod matrix;
pub mod overrides;
pub mod place;
pub mod predict;
pub mod sweep;
pub mod tour;
pub mod versions;
