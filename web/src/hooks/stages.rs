//! The first screen of a page load in three passes, a task apart, so that no pass is a long
//! task (P3b in docs/PERFORMANCE.md): `First` is what a reader reads first (the header, the
//! controls and the step's narration), `Panels` adds the timeline and the state panels, `All`
//! the rest. An app mounted any other way (a test, the whole app taking over a page the first
//! module already shows) renders `All` at once.
//!
//! Marks for the bench: `app-first-render` once the first pass is up, `app-complete-render`
//! once everything is.

use crate::marks;
use gloo_timers::callback::Timeout;
use yew::prelude::*;

/// How much of the page a pass renders; each includes the ones before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    First,
    Panels,
    All,
}

impl Stage {
    fn next(self) -> Option<Stage> {
        match self {
            Stage::First => Some(Stage::Panels),
            Stage::Panels => Some(Stage::All),
            Stage::All => None,
        }
    }
}

/// The pass this render is: `First`, then one more each task after, if `staged`; else `All`.
/// While `hold` (a long run being generated) the passes wait at `First`: the run's panels come
/// in passes once it is there, instead of a placeholder's now and the run's in one long task.
#[hook]
pub fn use_stages(staged: bool, hold: bool) -> Stage {
    let stage = use_state(|| if staged { Stage::First } else { Stage::All });
    // Whether `app-first-render` and `app-complete-render` are marked yet.
    let marked = use_mut_ref(|| (false, false));
    {
        let handle = stage.clone();
        use_effect_with((*stage, hold), move |&(now, hold)| {
            let mut marked = marked.borrow_mut();
            if !std::mem::replace(&mut marked.0, true) {
                marks::mark("app-first-render");
            }
            match now.next() {
                Some(_) if hold => {}
                // A component gone before the timer fires ignores the update.
                Some(next) => {
                    Timeout::new(0, move || handle.set(next)).forget();
                }
                None if !std::mem::replace(&mut marked.1, true) => {
                    marks::mark("app-complete-render")
                }
                None => {}
            }
        });
    }
    *stage
}
