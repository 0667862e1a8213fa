//! A request for long runs: which runs to generate in slices (`crate::generate` does it, in the
//! browser) and what to show once they are ready. Pure: the player only holds the request.

use crate::choice::Choice;
use crate::state::View;
use bulkpool_allocator::{Mode, Scenario};

/// Runs estimated at more events than this are generated in slices (about 5 ms of work in
/// WebAssembly on the development machine); shorter ones at once.
pub const SYNC_EVENTS: u64 = 40_000;

/// Whether a run takes long enough to be generated in slices.
pub fn is_long(sc: &Scenario, mode: Mode) -> bool {
    sc.estimate_events(mode) > SYNC_EVENTS
}

/// What to show once the runs are generated.
#[derive(Clone, Debug, PartialEq)]
pub enum Then {
    /// Open `choice` (its run is the first job; in the compare view the other lanes' runs
    /// follow, in `lanes::jobs` order).
    Open {
        choice: Choice,
        step: usize,
        view: View,
        notice: Option<String>,
    },
    /// The compare view of the current choice: the jobs are its other lanes' runs.
    Lanes,
}

/// Runs being generated, and how far they are.
#[derive(Clone, Debug, PartialEq)]
pub struct Loading {
    /// A new number for every request (`Player::requests`), so that the generator restarts.
    pub id: u32,
    pub then: Then,
    pub jobs: Vec<(Mode, Scenario)>,
    /// Events generated so far, over all jobs, and the estimate of the total.
    pub events: u64,
    pub estimate: u64,
}

impl Loading {
    pub fn new(id: u32, then: Then, jobs: Vec<(Mode, Scenario)>) -> Loading {
        let estimate = jobs.iter().map(|(m, sc)| sc.estimate_events(*m)).sum();
        Loading {
            id,
            then,
            jobs,
            events: 0,
            estimate,
        }
    }
}
