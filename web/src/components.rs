//! One component per panel. Each renders part of the world at the current step.

pub mod code;
pub mod compare;
pub mod controls;
pub mod counters;
pub mod delivery;
pub mod dialog;
pub mod doc;
pub mod editor;
pub mod explore;
pub mod frames;
pub mod header;
pub mod help;
pub mod import;
pub mod legend;
pub mod mempool;
pub mod mine;
pub mod model_notice;
pub mod narration;
pub mod pcp;
pub mod phase_strip;
pub mod predict;
pub mod share;
pub mod sweep_chart;
pub mod tasks;
pub mod timeline;
pub mod zone;
