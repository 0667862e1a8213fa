//! Hooks that turn browser events into player actions.

pub mod address_bar;
pub mod keyboard;
pub mod playback;
pub mod select;
