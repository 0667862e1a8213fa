//! Performance API marks and measures, for the bench (docs/PERFORMANCE.md) and the tests: a
//! step action marks `step-start` as it is dispatched, before the reducer runs, and the root
//! component measures `step-render` from it once the render's effects have run. The reducer
//! itself never touches the browser.

use crate::state::{Action, Player};
use yew::UseReducerDispatcher;

/// A Performance API mark.
pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// Dispatches `action`, marking `step-start` first if it is a step action. Every control that
/// moves the player along its run dispatches through here: the keyboard, the buttons, the
/// timeline, predict mode's answers and the playback timer.
pub fn dispatch(player: &UseReducerDispatcher<Player>, action: Action) {
    if action.moves_step() {
        mark("step-start");
    }
    player.dispatch(action);
}

/// `step-render`: from the latest `step-start` to now. The root calls it when a step action
/// has moved the step (`Player::moves`), from an effect, so after its children's effects (the
/// frame map's canvas).
pub fn measure_step_render() {
    let Some(perf) = web_sys::window().and_then(|w| w.performance()) else {
        return;
    };
    if perf
        .get_entries_by_name_with_entry_type("step-start", "mark")
        .length()
        > 0
    {
        let _ = perf.measure_with_start_mark("step-render", "step-start");
        perf.clear_marks_with_mark_name("step-start");
    }
}
