//! The design choices the versions differ on, one axis each, and each version as a bundle of
//! their values (`Policies::of`). The simulation reads these, never a version's name, for every
//! choice a reviewer argued about; a combination no version shipped is a what-if, named by its
//! departures from the version it starts from (`Policies::departures`). Era facts nobody
//! toggles (the May 2022 fallback rule, v6.0's pcp trylock, v6.19's pcp sizing) stay with the
//! semantics, and so does provenance: which kernel line or patch mail a step links.

use crate::model::types::Semantics;
use serde::{Deserialize, Serialize};
use std::fmt;

mod spec;
pub use spec::PolicySpec;

/// How the mempool hands out its reserve when the first attempt fell short.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Drain {
    /// One element at a time, as many as there are, the lock dropped between them (Yang Shi's
    /// RFC 2/4 and v2 3/5): two callers can each hold part of the reserve.
    Partial,
    /// Every missing element at once under one hold, or none (v6.19
    /// `mempool_alloc_from_pool`, mm/mempool.c:421-429).
    AllOrNothing,
}

/// Whether the pool lock is held from the "reserve short" test until the task is on the wait
/// queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WaitLock {
    /// Dropped first (RFC 2/4): a free and its wake-up can slip in before the sleep.
    Dropped,
    /// Held through `prepare_to_wait` (v2 3/5's shared `__mempool_alloc`, v6.0
    /// mm/mempool.c:397-428, v6.19 443-447).
    Held,
}

/// Who calls the bulk page allocator first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FirstCall {
    /// The mempool, through the page-bulk pool's bulk function, every round (RFC, v2).
    Mempool,
    /// The caller, once, before `mempool_alloc_bulk` fills the holes one `pool->alloc` each
    /// (the v7.0 blk-crypto fallback, lore 20260109060813.2226714-1-hch@lst.de).
    Caller,
    /// Nobody: `mempool_alloc_bulk` gets an all-NULL array and fills every slot with
    /// `pool->alloc` (v6.19 with an empty array, preset s8c).
    Nobody,
}

/// What an array caller's bulk call is charged at the zone check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ArrayCharge {
    /// `low + nr` for the whole array, holes or not (v6.0 mm/page_alloc.c:5433, v6.19 5141).
    Whole,
    /// `low + holes`: what-if, as a list or callback caller is charged.
    Holes,
}

/// Whether a caller's blocking passes run one at a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Serial {
    /// As the caller does: dm-crypt's blocking pass takes `bio_alloc_lock` (v6.0
    /// drivers/md/dm-crypt.c:1672-1673, preset s8b); a plain mempool caller does not.
    AsCaller,
    /// Every mempool bulk caller first tries without direct reclaim, gives back what it got,
    /// and makes its blocking call under one mutex (dm-crypt's pattern, what-if for others).
    All,
    /// No caller serializes, dm-crypt included (what-if).
    None,
}

/// Whether `mempool_free` wakes the wait queue after refilling the reserve.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Wake {
    /// Always `wake_up` (v6.0 mm/mempool.c:496, the RFC, v2).
    Always,
    /// Only if something was added and `wq_has_sleeper` (v6.19 mm/mempool.c:692-693).
    IfSleeper,
}

/// One value per axis: what a run does, whatever its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Policies {
    pub drain: Drain,
    pub lock: WaitLock,
    pub first: FirstCall,
    pub charge: ArrayCharge,
    pub serial: Serial,
    pub wake: Wake,
}

/// The axes, for pickers, links (`p=drain:all-or-nothing,lock:held`) and the CLI.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Axis {
    Drain,
    Lock,
    First,
    Charge,
    Serial,
    Wake,
}

/// One value of an axis: its name in links and the CLI, a line for a reader, the versions
/// that made the choice, and the kernel line or patch mail where it is made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Choice {
    pub name: &'static str,
    pub what: &'static str,
    pub made_by: &'static str,
    pub source: &'static str,
}

impl Axis {
    pub const ALL: [Axis; 6] = [
        Axis::Drain,
        Axis::Lock,
        Axis::First,
        Axis::Charge,
        Axis::Serial,
        Axis::Wake,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Axis::Drain => "drain",
            Axis::Lock => "lock",
            Axis::First => "first",
            Axis::Charge => "charge",
            Axis::Serial => "serial",
            Axis::Wake => "wake",
        }
    }

    /// The question the axis answers.
    pub fn title(self) -> &'static str {
        match self {
            Axis::Drain => "Reserve draining",
            Axis::Lock => "Pool lock from the short reserve to the wait queue",
            Axis::First => "Who calls alloc_pages_bulk first",
            Axis::Charge => "An array's watermark charge",
            Axis::Serial => "Blocking passes serialized by a mutex",
            Axis::Wake => "Wake-up on free",
        }
    }

    pub fn parse(s: &str) -> Result<Axis, String> {
        Axis::ALL
            .into_iter()
            .find(|a| a.name() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = Axis::ALL.iter().map(|a| a.name()).collect();
                format!("unknown policy axis `{s}`; one of {}", names.join(", "))
            })
    }

    /// Every value of the axis, in a fixed order.
    pub fn choices(self) -> &'static [Choice] {
        match self {
            Axis::Drain => &[
                Choice {
                    name: "partial",
                    what: "take what the reserve has, one element at a time",
                    made_by: "RFC 2022, v2 2023",
                    source: "RFC 2/4 (lore 20221005180341.1738796-3), v2 3/5",
                },
                Choice {
                    name: "all-or-nothing",
                    what: "take every missing element at once, or none",
                    made_by: "v6.19",
                    source: "mm/mempool.c:421-429 (v6.19 mempool_alloc_from_pool)",
                },
            ],
            Axis::Lock => &[
                Choice {
                    name: "dropped",
                    what: "unlock before joining the wait queue: a free can slip in",
                    made_by: "RFC 2022",
                    source: "RFC 2/4 (lore 20221005180341.1738796-3)",
                },
                Choice {
                    name: "held",
                    what: "hold the lock through prepare_to_wait",
                    made_by: "v2 2023, v6.0, v6.19",
                    source: "mm/mempool.c:428 (v6.0), 446-447 (v6.19); v2 3/5",
                },
            ],
            Axis::First => &[
                Choice {
                    name: "mempool",
                    what: "the mempool's bulk function calls alloc_pages_bulk every round",
                    made_by: "RFC 2022, v2 2023",
                    source: "RFC 2/4, v2 3/5",
                },
                Choice {
                    name: "caller",
                    what: "the caller calls alloc_pages_bulk once, the mempool fills the holes",
                    made_by: "v6.19 with its v7.0 blk-crypto caller",
                    source: "lore 20260109060813.2226714-1 (blk-crypto)",
                },
                Choice {
                    name: "nobody",
                    what: "the mempool fills every slot with pool->alloc",
                    made_by: "v6.19 with an empty array (s8c)",
                    source: "mm/mempool.c:521 (v6.19 mempool_alloc_bulk)",
                },
            ],
            Axis::Charge => &[
                Choice {
                    name: "whole",
                    what: "charge low + nr for the whole array",
                    made_by: "v5.13 to v6.19",
                    source: "mm/page_alloc.c:5433 (v6.0 __alloc_pages_bulk)",
                },
                Choice {
                    name: "holes",
                    what: "charge low + the holes only (a what-if)",
                    made_by: "no version",
                    source: "what-if",
                },
            ],
            Axis::Serial => &[
                Choice {
                    name: "as-caller",
                    what: "dm-crypt serializes its blocking passes, other callers do not",
                    made_by: "every version",
                    source: "drivers/md/dm-crypt.c:1672 (v6.0 crypt_alloc_buffer)",
                },
                Choice {
                    name: "all",
                    what:
                        "every caller tries without reclaim, gives back, and blocks under a mutex",
                    made_by: "no version (dm-crypt's pattern for every caller)",
                    source: "what-if",
                },
                Choice {
                    name: "none",
                    what: "no caller serializes, dm-crypt included",
                    made_by: "no version",
                    source: "what-if",
                },
            ],
            Axis::Wake => &[
                Choice {
                    name: "always",
                    what: "wake_up after every refill",
                    made_by: "v6.0, RFC 2022, v2 2023",
                    source: "mm/mempool.c:496 (v6.0 mempool_free)",
                },
                Choice {
                    name: "if-sleeper",
                    what: "wake only if someone sleeps (wq_has_sleeper)",
                    made_by: "v6.19",
                    source: "mm/mempool.c:692-693 (v6.19 mempool_free_bulk)",
                },
            ],
        }
    }
}

impl Policies {
    /// A version's own bundle. The semantics without a mempool bulk call (v6.0, v5.13) still
    /// have a lock, a wake-up and an array charge; their drain and first call are the RFC's,
    /// which no run of theirs reads.
    pub fn of(sem: Semantics) -> Policies {
        let rfc = Policies {
            drain: Drain::Partial,
            lock: WaitLock::Dropped,
            first: FirstCall::Mempool,
            charge: ArrayCharge::Whole,
            serial: Serial::AsCaller,
            wake: Wake::Always,
        };
        match sem {
            Semantics::Rfc2022 => rfc,
            Semantics::V2_2023 | Semantics::K6_0 | Semantics::PreMay2022 => Policies {
                lock: WaitLock::Held,
                ..rfc
            },
            Semantics::Mainline6_19 => Policies {
                drain: Drain::AllOrNothing,
                lock: WaitLock::Held,
                first: FirstCall::Caller,
                wake: Wake::IfSleeper,
                ..rfc
            },
        }
    }

    /// The value of one axis, by name.
    pub fn get(&self, axis: Axis) -> &'static str {
        let i = match axis {
            Axis::Drain => self.drain as usize,
            Axis::Lock => self.lock as usize,
            Axis::First => self.first as usize,
            Axis::Charge => self.charge as usize,
            Axis::Serial => self.serial as usize,
            Axis::Wake => self.wake as usize,
        };
        axis.choices()[i].name
    }

    /// The bundle with one axis set by name.
    pub fn with(mut self, axis: Axis, value: &str) -> Result<Policies, String> {
        let i = axis
            .choices()
            .iter()
            .position(|c| c.name == value)
            .ok_or_else(|| {
                let names: Vec<&str> = axis.choices().iter().map(|c| c.name).collect();
                format!(
                    "`{value}` is not a value of {}; one of {}",
                    axis.name(),
                    names.join(", ")
                )
            })?;
        match axis {
            Axis::Drain => self.drain = [Drain::Partial, Drain::AllOrNothing][i],
            Axis::Lock => self.lock = [WaitLock::Dropped, WaitLock::Held][i],
            Axis::First => {
                self.first = [FirstCall::Mempool, FirstCall::Caller, FirstCall::Nobody][i]
            }
            Axis::Charge => self.charge = [ArrayCharge::Whole, ArrayCharge::Holes][i],
            Axis::Serial => self.serial = [Serial::AsCaller, Serial::All, Serial::None][i],
            Axis::Wake => self.wake = [Wake::Always, Wake::IfSleeper][i],
        }
        Ok(self)
    }

    /// The axes where this bundle departs from `sem`'s own, as `axis:value`.
    pub fn departures(&self, sem: Semantics) -> Vec<(Axis, &'static str)> {
        self.departures_from(Policies::of(sem))
    }

    /// The axes where this bundle departs from `own`, as `axis:value`.
    pub fn departures_from(&self, own: Policies) -> Vec<(Axis, &'static str)> {
        Axis::ALL
            .into_iter()
            .filter(|a| self.get(*a) != own.get(*a))
            .map(|a| (a, self.get(a)))
            .collect()
    }
}

/// What a run follows: its semantics (the era facts nobody toggles, and whose code its steps
/// link) and its policies (what it does). A named run's policies are its semantics' bundle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Rules {
    pub sem: Semantics,
    pub policies: Policies,
    /// The version's own bundle as the scenario's callers use it (`Scenario::named_policies`):
    /// what `policies` departs from.
    pub named: Policies,
}

impl Rules {
    /// The rules of a named run of `sem`.
    pub fn named(sem: Semantics) -> Rules {
        let p = Policies::of(sem);
        Rules {
            sem,
            policies: p,
            named: p,
        }
    }

    /// The axes where the run departs from its own version: empty for a named run.
    pub fn departures(&self) -> Vec<(Axis, &'static str)> {
        self.policies.departures_from(self.named)
    }
    pub fn is_what_if(&self) -> bool {
        !self.departures().is_empty()
    }

    /// "what-if: drain all-or-nothing (as v6.19), lock held (as v2 2023, v6.0, v6.19)", or
    /// None for a named run.
    pub fn what_if_label(&self) -> Option<String> {
        let parts: Vec<String> = self
            .departures()
            .iter()
            .map(|(axis, value)| {
                let made_by = axis
                    .choices()
                    .iter()
                    .find(|c| c.name == *value)
                    .map_or("", |c| c.made_by);
                match made_by {
                    "no version" => format!("{} {value} (no version did)", axis.name()),
                    m => format!("{} {value} (as {m})", axis.name()),
                }
            })
            .collect();
        (!parts.is_empty()).then(|| format!("what-if: {}", parts.join(", ")))
    }
}

impl fmt::Display for Policies {
    /// `drain:partial,lock:held,...`, every axis.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = Axis::ALL
            .iter()
            .map(|a| format!("{}:{}", a.name(), self.get(*a)))
            .collect();
        f.write_str(&parts.join(","))
    }
}

#[cfg(test)]
mod tests;
