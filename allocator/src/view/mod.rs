//! What the viewers (the web app and the CLI) share about a view of a run: permalinks, the
//! same place in another run of a scenario, and predict mode's questions.

pub mod link;
pub mod place;
pub mod predict;
