//! The whole simulated state at one step: the zone, the mempool, the tasks with what they hold,
//! the dm-crypt mutex, the run queue and the clock. Only [`World::apply`] (apply.rs) changes it.

use crate::model::types::{Pfn, TaskId};
use crate::model::zone::Zone;

pub use crate::model::frames::{FrameClass, FrameState};
pub use crate::model::task::{
    Bio, Bvec, CallKind, CallResult, CallView, Slot, Task, TaskState, TaskStats,
};
use serde::Serialize;
use std::collections::VecDeque;

/// The 5 s of `io_schedule_timeout(5 * HZ)` in a mempool sleep.
pub const POOL_TIMEOUT_MS: u64 = 5_000;

/// A kernel warning a caller bug triggers on a path the model runs (`VM_WARN_ON_ONCE`: printed
/// once per boot, and the call goes on).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "warning")]
pub enum Warning {
    /// [K6.19] `mempool_alloc_bulk` with more elements than the pool keeps
    /// (mm/mempool.c:500): the all-or-nothing reserve step can never fill them all.
    CountOverMinNr { count: u32, min_nr: u32 },
    /// [K6.0] [K6.19] `mempool_alloc` with `__GFP_ZERO` (v6.0 mm/mempool.c:381, v6.19 558):
    /// elements from the reserve are not zeroed.
    ZeroWithMempool,
}

impl Warning {
    /// The caller bug in a few words, as the outcome names it.
    pub fn bug(self) -> &'static str {
        match self {
            Warning::CountOverMinNr { .. } => "count > min_nr",
            Warning::ZeroWithMempool => "__GFP_ZERO with a mempool",
        }
    }

    /// The kernel's check, as written at the warning.
    pub fn check(self) -> &'static str {
        match self {
            Warning::CountOverMinNr { .. } => "VM_WARN_ON_ONCE(count > pool->min_nr)",
            Warning::ZeroWithMempool => "VM_WARN_ON_ONCE(gfp_mask & __GFP_ZERO)",
        }
    }

    fn same_kind(self, other: Warning) -> bool {
        std::mem::discriminant(&self) == std::mem::discriminant(&other)
    }
}

/// What the pool's element allocator is (domain.md §8.1, §8.4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PoolKind {
    /// `mempool_alloc_pages` / the plain bulk allocator.
    Page,
    /// dm-crypt's `crypt_page_alloc`: refuses NORETRY requests once the client's page count
    /// reaches `limit` (`dm_crypt_pages_per_client`).
    DmCrypt { limit: u64 },
}

/// The mempool (domain.md §2.4). `elements` is a LIFO stack: the top is the last element.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pool {
    pub min_nr: u32,
    pub elements: Vec<Pfn>,
    pub waiters: VecDeque<TaskId>,
    pub kind: PoolKind,
    /// dm-crypt's `n_allocated_pages` (exact in the model).
    pub n_allocated: u64,
}

impl Pool {
    pub fn curr_nr(&self) -> u32 {
        self.elements.len() as u32
    }
}

/// The dm-crypt `bio_alloc_lock`: FIFO hand-off.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mutex {
    pub owner: Option<TaskId>,
    pub waiters: VecDeque<TaskId>,
}

/// Work counters: never decrease. The first `DELIVERY_COUNTERS` are the delivery work of
/// domain.md §9 (what list, array and callback delivery cost); then what a call costs
/// whatever the delivery: calls into the mempool and the page allocator, lock holds and
/// watermark checks, which a per-page caller pays once per page and a bulk caller once per
/// call; then the pool's traffic and its sleeps.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Work {
    pub list_inserts: u64,
    pub list_removes: u64,
    pub array_zeroing_writes: u64,
    pub array_reads: u64,
    pub array_writes: u64,
    pub callbacks: u64,
    pub bvec_writes: u64,
    /// Allocation calls into the mempool: `mempool_alloc`, a mempool bulk call,
    /// `mempool_alloc_bulk` (a call already under way when the scenario starts is not counted).
    pub mempool_calls: u64,
    /// Entries into the page allocator: `alloc_pages_bulk`, and `__alloc_pages` (a
    /// `pool->alloc`, a compound try, or the bulk call's single-page fallback).
    pub allocator_calls: u64,
    /// Holds of the mempool's `pool->lock`.
    pub pool_lock: u64,
    pub zone_lock: u64,
    pub pcp_lock: u64,
    /// Zone watermark checks (`low + nr`, `low`, `min`).
    pub watermark_checks: u64,
    pub single_path_calls: u64,
    pub pool_takes: u64,
    pub pool_puts: u64,
    pub wakeups: u64,
    pub sleeps: u64,
    pub timeouts: u64,
}

/// The number of counters in `Work`.
pub const WORK_COUNTERS: usize = 19;

impl Work {
    /// Every counter: its key (JSON, tests), its name for a reader, and its value.
    pub fn rows(&self) -> [(&'static str, &'static str, u64); WORK_COUNTERS] {
        [
            ("list_inserts", "list inserts", self.list_inserts),
            ("list_removes", "list removes", self.list_removes),
            (
                "array_zeroing_writes",
                "array zeroing writes",
                self.array_zeroing_writes,
            ),
            ("array_reads", "array reads", self.array_reads),
            ("array_writes", "array writes", self.array_writes),
            ("callbacks", "callbacks", self.callbacks),
            ("bvec_writes", "bvec writes", self.bvec_writes),
            ("mempool_calls", "mempool calls", self.mempool_calls),
            (
                "allocator_calls",
                "page-allocator calls",
                self.allocator_calls,
            ),
            ("pool_lock", "pool-lock holds", self.pool_lock),
            ("zone_lock", "zone-lock holds", self.zone_lock),
            ("pcp_lock", "pcp-lock holds", self.pcp_lock),
            (
                "watermark_checks",
                "watermark checks",
                self.watermark_checks,
            ),
            (
                "single_path_calls",
                "single-page fallbacks",
                self.single_path_calls,
            ),
            ("pool_takes", "reserve takes", self.pool_takes),
            ("pool_puts", "reserve puts", self.pool_puts),
            ("wakeups", "wake_up calls", self.wakeups),
            ("sleeps", "sleeps", self.sleeps),
            ("timeouts", "timeouts", self.timeouts),
        ]
    }
    /// Every counter with its key.
    pub fn named(&self) -> [(&'static str, u64); WORK_COUNTERS] {
        self.rows().map(|(key, _, v)| (key, v))
    }
    /// The delivery and consumption counters, the first rows of `named`: the work that differs
    /// between list, array and callback delivery, which is what Mel Gorman's argument is about.
    pub fn delivery(&self) -> [(&'static str, u64); DELIVERY_COUNTERS] {
        let all = self.named();
        std::array::from_fn(|i| all[i])
    }
    /// The sum of `delivery`.
    pub fn delivery_total(&self) -> u64 {
        self.delivery().iter().map(|(_, v)| v).sum()
    }
    /// Calls into the mempool and the page allocator: what a per-page caller pays per page.
    pub fn calls(&self) -> u64 {
        self.mempool_calls + self.allocator_calls
    }
    /// Lock holds: the pool, zone and pcp locks.
    pub fn lock_holds(&self) -> u64 {
        self.pool_lock + self.zone_lock + self.pcp_lock
    }
}

/// How many of `Work::named`'s counters are delivery work (`Work::delivery`).
pub const DELIVERY_COUNTERS: usize = 7;

/// What "delivery work" sums, in words, wherever the sum is shown.
pub const DELIVERY_WORK: &str = "delivery work: list inserts and removes, array zeroing writes, reads and stores, callbacks and bvec writes";

/// The simulated machine at one step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct World {
    pub zone: Zone,
    pub pool: Option<Pool>,
    pub tasks: Vec<Task>,
    pub mutex: Mutex,
    /// Runnable tasks in the order they will run (the running task is at the front).
    pub runq: VecDeque<TaskId>,
    /// Tasks looping in the page allocator, woken when free memory grows.
    pub alloc_waiters: VecDeque<TaskId>,
    pub now_ms: u64,
    pub work: Work,
    /// The kernel warnings printed so far (each at most once, as `VM_WARN_ON_ONCE`).
    pub warned: Vec<Warning>,
}

impl World {
    pub fn task(&self, id: TaskId) -> &Task {
        &self.tasks[id as usize]
    }
    pub(crate) fn task_mut(&mut self, id: TaskId) -> &mut Task {
        &mut self.tasks[id as usize]
    }
    pub fn curr_nr(&self) -> u32 {
        self.pool.as_ref().map_or(0, Pool::curr_nr)
    }
    /// Whether a warning of this kind was printed already (`VM_WARN_ON_ONCE`).
    pub fn has_warned(&self, w: Warning) -> bool {
        self.warned.iter().any(|x| x.same_kind(w))
    }

    /// An estimate of the bytes a clone of this world takes (for checkpoint budgeting).
    pub fn approx_bytes(&self) -> usize {
        self.zone.pages as usize * 10 + self.tasks.len() * 256 + 4096
    }
}
