//! bulkpool-web: the Yew front end. It renders what `bulkpool_allocator` computed: a trace at a
//! step. It never re-implements an allocator rule.

pub mod app;
pub mod choice;
pub mod components;
pub mod dom;
pub mod full;
pub mod full_start;
pub mod generate;
pub mod hooks;
pub mod internal_error;
pub mod lite;
pub mod markdown;
pub mod marks;
pub mod predict;
pub mod saved;
pub mod state;
pub mod storage;
pub mod tour_store;
pub mod url;

#[cfg(test)]
mod testing;

pub use app::{App, AppProps, Start};
