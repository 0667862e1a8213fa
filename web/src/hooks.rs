//! Hooks that turn browser events into player actions, and the staged first render.

pub mod address_bar;
pub mod found_later;
pub mod keyboard;
pub mod playback;
pub mod select;
pub mod stages;
