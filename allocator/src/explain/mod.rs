//! What a run means to a reader: one sentence per event, the kernel line or patch mail each
//! rule comes from, the functions each step is nested in, the summary and outcome of a run, and
//! the plain-text accounts. Computed from a trace; never changes one.

pub mod calls;
pub mod code;
pub mod delivery;
pub mod flags;
pub(crate) mod fold;
pub mod kernel;
pub mod narrate;
pub mod outcome;
pub mod source;
pub(crate) mod state_text;
pub mod step_text;
pub mod summary;
pub mod text;
pub mod units;
pub mod wrap;
