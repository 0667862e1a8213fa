//! A task and what it holds: its list, array, held pages and bio, its state and its current
//! call as the phase strip shows it.

use crate::model::gfp::Gfp;
use crate::model::types::{Mode, Pfn};
use serde::Serialize;
use std::collections::VecDeque;
use std::fmt;

/// One slot of a caller's page-pointer array.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Slot {
    Empty,
    Page(Pfn),
    /// A non-NULL value that is not a page the caller owns (scenario 10's forgotten zeroing).
    Stale(u32),
}

impl Slot {
    pub fn is_filled(self) -> bool {
        self != Slot::Empty
    }
}

/// One `bio_vec`: 16 bytes in the kernel (page pointer, length, offset).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Bvec {
    pub page: Pfn,
    pub len: u32,
    pub offset: u32,
    /// The order of the (compound) page: dm-crypt adds a 2^order-page folio as one bvec.
    pub order: u8,
}

impl Bvec {
    /// The frames the bvec covers.
    pub fn frames(&self) -> std::ops::Range<Pfn> {
        self.page..self.page + (1 << self.order)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Bio {
    pub capacity: u32,
    pub bvecs: Vec<Bvec>,
    /// Bvecs `..walked` were already given back: freeing walks the bio front to back
    /// (`bio_for_each_segment_all`, `bio_for_each_folio_all`) and leaves the bvecs in place.
    pub walked: u32,
}

impl Bio {
    pub fn new(capacity: u32) -> Bio {
        Bio {
            capacity,
            bvecs: Vec::new(),
            walked: 0,
        }
    }
    /// The bvecs whose pages the bio still holds.
    pub fn live(&self) -> &[Bvec] {
        &self.bvecs[(self.walked as usize).min(self.bvecs.len())..]
    }
    /// The next bvec a free walk reaches.
    pub fn next_to_walk(&self) -> Option<&Bvec> {
        self.bvecs.get(self.walked as usize)
    }
}

/// What a task is doing, for the scheduler and the tasks panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum TaskState {
    Runnable,
    /// On the mempool's wait queue until woken or until `deadline_ms`.
    SleepingOnPool {
        since_ms: u64,
        deadline_ms: u64,
    },
    /// Waiting for simulated I/O to complete.
    Io {
        until_ms: u64,
    },
    BlockedOnMutex,
    /// Looping in the page allocator ("too small to fail") until free memory grows.
    RetryingAlloc {
        since_ms: u64,
    },
    Done,
}

/// Which call a task is in, as shown in the phase strip.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CallKind {
    /// `alloc_pages_bulk_{list,array,cb}` called directly.
    PlainBulk,
    /// Yang Shi's `mempool_alloc_pages_bulk_*` [RFC-2022], [V2-2023].
    MempoolBulk,
    /// v6.19: `alloc_pages_bulk` then `mempool_alloc_bulk` (the blk-crypto pattern).
    MainlineBulk,
    /// v6.0 `mempool_alloc` of one element.
    MempoolAlloc,
    /// dm-crypt's `crypt_alloc_buffer`.
    DmCrypt,
    /// `mempool_init`'s prefill.
    MempoolInit,
    /// `mempool_resize`.
    MempoolResize,
}

/// The state of the task's current allocation call: what the phase strip shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct CallView {
    pub kind: CallKind,
    pub mode: Mode,
    pub gfp: Gfp,
    pub gfp_temp: Gfp,
    /// The `nr` passed to the bulk allocator in the current round.
    pub nr: u32,
    /// The caller's full request.
    pub requested: u32,
    pub round: u32,
    pub remaining: u32,
    /// Until the call returns (its `CallEnd`); the view stays for the phase strip after that.
    pub open: bool,
    /// The task was already inside this call when the scenario started.
    pub resumed: bool,
}

/// The result of a task's last call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum CallResult {
    /// A mempool call: fulfilled or not.
    Bool(bool),
    /// A plain bulk call's return value.
    Count(u32),
}

/// The value as the call returns it: `true`, `false` or the count.
impl fmt::Display for CallResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallResult::Bool(b) => write!(f, "{b}"),
            CallResult::Count(n) => write!(f, "{n}"),
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct TaskStats {
    pub from_bulk: u32,
    pub from_pool: u32,
    pub from_single: u32,
    pub bulk_calls: u32,
    pub sleeps: u32,
    pub timeouts: u32,
    pub result: Option<CallResult>,
    /// Which call `result` came from.
    pub result_of: Option<CallKind>,
    /// The caller used stale array contents as pages (scenario 10).
    pub garbage: bool,
}

impl TaskStats {
    /// The last call's result as that call returns it: a page or NULL from `mempool_alloc`,
    /// 0 from `mempool_alloc_bulk`, the clone bio from `crypt_alloc_buffer`, true or false from
    /// Yang Shi's bulk call, a count from a plain bulk call; "-" before any call ended.
    pub fn result_text(&self) -> String {
        match (self.result_of, self.result) {
            (_, None) => "-".into(),
            (Some(CallKind::MempoolAlloc), Some(CallResult::Bool(true))) => "a page".into(),
            (Some(CallKind::MempoolAlloc), Some(CallResult::Bool(false))) => "NULL".into(),
            (Some(CallKind::MainlineBulk), _) => "0 (all filled)".into(),
            (Some(CallKind::DmCrypt), Some(CallResult::Bool(true))) => "the bio".into(),
            (Some(CallKind::MempoolInit | CallKind::MempoolResize), _) => "0".into(),
            (_, Some(result)) => result.to_string(),
        }
    }
}

/// A task and everything it holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Task {
    pub state: TaskState,
    pub call: Option<CallView>,
    /// dm-crypt's current pass gfp, while in `crypt_alloc_buffer`.
    pub dm_gfp: Option<Gfp>,
    /// The caller's list: head first (pages are inserted at the head).
    pub list: VecDeque<Pfn>,
    pub array: Vec<Slot>,
    /// Pages held individually (single allocations, callback pages without a bio, prefill).
    pub held: Vec<Pfn>,
    pub bio: Option<Bio>,
    pub holds_mutex: bool,
    pub stats: TaskStats,
}

impl Task {
    pub fn new() -> Task {
        Task {
            state: TaskState::Runnable,
            call: None,
            dm_gfp: None,
            list: VecDeque::new(),
            array: Vec::new(),
            held: Vec::new(),
            bio: None,
            holds_mutex: false,
            stats: TaskStats::default(),
        }
    }

    /// Every page the task holds, wherever it keeps it.
    pub fn pages(&self) -> impl Iterator<Item = Pfn> + '_ {
        let array = self.array.iter().filter_map(|s| match s {
            Slot::Page(p) => Some(*p),
            _ => None,
        });
        let bio = self
            .bio
            .iter()
            .flat_map(|b| b.live().iter().flat_map(Bvec::frames));
        self.list
            .iter()
            .copied()
            .chain(array)
            .chain(self.held.iter().copied())
            .chain(bio)
    }

    pub fn page_count(&self) -> u32 {
        self.pages().count() as u32
    }
}

impl Default for Task {
    fn default() -> Self {
        Task::new()
    }
}
