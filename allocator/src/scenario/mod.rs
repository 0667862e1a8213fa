//! Scenarios: the file format, its bounds (`validate`), the world a scenario starts from
//! (`layout`) and the teaching presets.

mod estimate;
mod format;
pub mod import;
pub(crate) mod layout;
mod policy;
pub mod presets;
mod validate;

pub use format::*;
