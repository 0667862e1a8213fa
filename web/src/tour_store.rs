//! The tour's progress in the browser's local storage (`crate::storage`): the last stop opened,
//! and whether the tour is done with (finished, or its offer declined). The first visit
//! (nothing stored) with no link parameters offers the tour; a visit after leaving it midway
//! offers to resume it.

use crate::state::Player;
use crate::storage;
use serde::{Deserialize, Serialize};

const KEY: &str = "bulkpool.tour.v1";

#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    /// The last stop opened (from 0).
    pub stop: usize,
    /// Finished, or declined: not offered again.
    pub done: bool,
}

/// What is stored, if anything readable is.
pub fn load() -> Option<Progress> {
    serde_json::from_str(&storage::get(KEY)?).ok()
}

/// Stores the player's progress (a browser that refuses keeps nothing: the tour still works).
pub fn save(p: &Player) {
    let progress = Progress {
        stop: p.tour_last,
        done: p.tour_done,
    };
    if let Ok(json) = serde_json::to_string(&progress) {
        let _ = storage::set(KEY, &json);
    }
}

/// The player at start: the stored progress, and the tour offered when the page was opened with
/// no link parameters and the tour is not done with.
pub fn start(p: &mut Player, search: &str) {
    let stored = load();
    if let Some(s) = stored {
        p.tour_last = s.stop.min(crate::state::tour::stops() - 1);
        p.tour_done = s.done;
    }
    let fresh = search.trim_start_matches('?').is_empty();
    p.tour_offer = fresh && !p.embed && p.tour.is_none() && stored.is_none_or(|s| !s.done);
}
