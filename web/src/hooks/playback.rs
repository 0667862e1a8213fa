//! Playback: while playing, a gloo-timers `Interval` sends `Tick` at the chosen speed. The
//! interval lives in the effect; pausing or changing speed drops it, which cancels it.

use crate::state::{Action, Player};
use gloo_timers::callback::Interval;
use yew::prelude::*;

#[hook]
pub fn use_playback(playing: bool, step_ms: u32, player: UseReducerDispatcher<Player>) {
    use_effect_with((playing, step_ms), move |&(playing, ms)| {
        let interval = playing
            .then(|| Interval::new(ms, move || crate::marks::dispatch(&player, Action::Tick)));
        move || drop(interval)
    });
}
