//! How a run ended, as the views sum it up: one class and the rule that decided it
//! (`explain::outcome::classify` decides; a trace caches the result).

use crate::explain::units::tenths_of_seconds;
use serde::Serialize;

/// The class of a run's ending.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Class {
    /// Every task finished its program.
    Completed,
    /// Tasks wait on the pool and nothing can ever let them go on: each timeout repeats the
    /// same retry without progress.
    Deadlock,
    /// Tasks loop in the page allocator (too small to fail) and nothing can free or reclaim.
    Livelock,
    /// The horizon ended the run while progress was still possible.
    Cut,
}

impl Class {
    pub const ALL: [Class; 4] = [
        Class::Completed,
        Class::Deadlock,
        Class::Livelock,
        Class::Cut,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Class::Completed => "completed",
            Class::Deadlock => "deadlock",
            Class::Livelock => "livelock",
            Class::Cut => "cut",
        }
    }

    /// What the class means, for legends.
    pub fn meaning(self) -> &'static str {
        match self {
            Class::Completed => "every task finished its program",
            Class::Deadlock => {
                "tasks wait on the pool forever: every 5 s timeout repeats the same retry"
            }
            Class::Livelock => {
                "tasks loop in the page allocator (too small to fail) and nothing can free memory"
            }
            Class::Cut => "the horizon ended the run while progress was still possible",
        }
    }
}

/// How a run ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Outcome {
    pub class: Class,
    /// The rule that decided the class, with its evidence, in one sentence.
    pub rule: String,
    /// The simulated time at the end of the run.
    pub at_ms: u64,
    /// The scenario's horizon, for a cut run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub horizon_ms: Option<u64>,
    /// The tasks that did not finish, by name.
    pub waiting: Vec<String>,
    /// The caller bugs of the run (a kernel warning that fired, or stale array slots used as
    /// pages), in a few words each, joined by "; ".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caller_bug: Option<String>,
}

impl Outcome {
    /// A few words for a badge or a table cell: "completed", "deadlock", "livelock",
    /// "cut at 17 s".
    pub fn label(&self) -> String {
        match self.class {
            Class::Cut => format!("cut at {}", seconds(self.horizon_ms.unwrap_or(self.at_ms))),
            c => c.name().to_string(),
        }
    }

    /// Whether the run completed and no caller bug shows.
    pub fn is_clean(&self) -> bool {
        self.class == Class::Completed && self.caller_bug.is_none()
    }
}

/// Milliseconds as "17 s", "2.5 s" or "250 ms".
pub(crate) fn seconds(ms: u64) -> String {
    if ms.is_multiple_of(1_000) {
        format!("{} s", ms / 1_000)
    } else if ms >= 1_000 {
        format!("{} s", tenths_of_seconds(ms))
    } else {
        format!("{ms} ms")
    }
}
