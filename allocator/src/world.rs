//! The whole simulated state at one step: the zone, the mempool, the tasks with what they hold,
//! the dm-crypt mutex, the run queue and the clock. Only [`World::apply`] (apply.rs) changes it.

use crate::gfp::Gfp;
use crate::types::{Mode, Pfn, TaskId};
use crate::zone::Zone;
use serde::Serialize;
use std::collections::VecDeque;

/// The 5 s of `io_schedule_timeout(5 * HZ)` in a mempool sleep.
pub const POOL_TIMEOUT_MS: u64 = 5_000;

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
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Bio {
    pub capacity: u32,
    pub bvecs: Vec<Bvec>,
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

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct TaskStats {
    pub from_bulk: u32,
    pub from_pool: u32,
    pub from_single: u32,
    pub bulk_calls: u32,
    pub sleeps: u32,
    pub timeouts: u32,
    pub result: Option<CallResult>,
    /// The caller used stale array contents as pages (scenario 10).
    pub garbage: bool,
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
    /// Callback invocations of the current call, newest last (data = (bio slot, bytes left)).
    pub callbacks: u32,
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
            callbacks: 0,
        }
    }

    /// Every page the task holds, wherever it keeps it.
    pub fn pages(&self) -> impl Iterator<Item = Pfn> + '_ {
        let array = self.array.iter().filter_map(|s| match s {
            Slot::Page(p) => Some(*p),
            _ => None,
        });
        let bio = self.bio.iter().flat_map(|b| b.bvecs.iter().map(|v| v.page));
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

/// The dm-crypt `bio_alloc_lock`: FIFO hand-off.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mutex {
    pub owner: Option<TaskId>,
    pub waiters: VecDeque<TaskId>,
}

/// Work counters (domain.md §9): never decrease.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Work {
    pub list_inserts: u64,
    pub list_removes: u64,
    pub array_zeroing_writes: u64,
    pub array_reads: u64,
    pub array_writes: u64,
    pub callbacks: u64,
    pub bvec_writes: u64,
    pub zone_lock: u64,
    pub pcp_lock: u64,
    pub single_path_calls: u64,
    pub pool_takes: u64,
    pub pool_puts: u64,
    pub wakeups: u64,
    pub sleeps: u64,
    pub timeouts: u64,
}

impl Work {
    /// Every counter with its name, in the order of domain.md §9.
    pub fn named(&self) -> [(&'static str, u64); 15] {
        [
            ("list_inserts", self.list_inserts),
            ("list_removes", self.list_removes),
            ("array_zeroing_writes", self.array_zeroing_writes),
            ("array_reads", self.array_reads),
            ("array_writes", self.array_writes),
            ("callbacks", self.callbacks),
            ("bvec_writes", self.bvec_writes),
            ("zone_lock", self.zone_lock),
            ("pcp_lock", self.pcp_lock),
            ("single_path_calls", self.single_path_calls),
            ("pool_takes", self.pool_takes),
            ("pool_puts", self.pool_puts),
            ("wakeups", self.wakeups),
            ("sleeps", self.sleeps),
            ("timeouts", self.timeouts),
        ]
    }
    /// Delivery and consumption work: what Mel Gorman's argument is about.
    pub fn delivery_total(&self) -> u64 {
        self.list_inserts
            + self.list_removes
            + self.array_zeroing_writes
            + self.array_reads
            + self.array_writes
            + self.callbacks
            + self.bvec_writes
    }
}

/// Where a frame is, for the frame map and the conservation check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum FrameState {
    /// Part of a free buddy block (`head` for the first frame).
    Buddy {
        order: u8,
        head: bool,
        reserved: bool,
    },
    Pcp,
    Pool,
    Held {
        task: TaskId,
    },
    InList {
        task: TaskId,
    },
    InArray {
        task: TaskId,
        slot: u32,
    },
    InBio {
        task: TaskId,
        slot: u32,
    },
    Reclaimable {
        dirty: bool,
    },
    /// In use by the rest of the system; never touched by the scenario.
    Used,
}

impl FrameState {
    /// A small colour class for the frame map.
    pub fn class(self) -> FrameClass {
        match self {
            FrameState::Buddy {
                reserved: false, ..
            } => FrameClass::Buddy,
            FrameState::Buddy { reserved: true, .. } => FrameClass::Reserved,
            FrameState::Pcp => FrameClass::Pcp,
            FrameState::Pool => FrameClass::Pool,
            FrameState::Held { .. } | FrameState::InList { .. } | FrameState::InArray { .. } => {
                FrameClass::Held
            }
            FrameState::InBio { .. } => FrameClass::Bio,
            FrameState::Reclaimable { .. } => FrameClass::Reclaimable,
            FrameState::Used => FrameClass::Used,
        }
    }
}

/// The frame map's legend.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FrameClass {
    Buddy,
    Reserved,
    Pcp,
    Pool,
    Held,
    Bio,
    Reclaimable,
    Used,
}

impl FrameClass {
    pub const ALL: [FrameClass; 8] = [
        FrameClass::Buddy,
        FrameClass::Reserved,
        FrameClass::Pcp,
        FrameClass::Pool,
        FrameClass::Held,
        FrameClass::Bio,
        FrameClass::Reclaimable,
        FrameClass::Used,
    ];
    pub fn name(self) -> &'static str {
        match self {
            FrameClass::Buddy => "buddy free",
            FrameClass::Reserved => "free, reserved type",
            FrameClass::Pcp => "per-CPU list",
            FrameClass::Pool => "mempool reserve",
            FrameClass::Held => "held by a task",
            FrameClass::Bio => "in a bio",
            FrameClass::Reclaimable => "reclaimable",
            FrameClass::Used => "in use elsewhere",
        }
    }
}

/// The simulated machine at one step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct World {
    pub zone: Zone,
    pub pool: Option<Pool>,
    pub tasks: Vec<Task>,
    pub mutex: Mutex,
    /// Runnable tasks in the order they will run (the running task is at the front).
    pub runq: VecDeque<TaskId>,
    pub now_ms: u64,
    pub work: Work,
}

impl World {
    pub fn task(&self, id: TaskId) -> &Task {
        &self.tasks[id as usize]
    }
    pub fn task_mut(&mut self, id: TaskId) -> &mut Task {
        &mut self.tasks[id as usize]
    }
    pub fn curr_nr(&self) -> u32 {
        self.pool.as_ref().map_or(0, Pool::curr_nr)
    }

    /// The state of every frame, derived from the structures that own pages. O(frames).
    pub fn frame_states(&self) -> Vec<FrameState> {
        let mut out = vec![FrameState::Used; self.zone.pages as usize];
        for (head, order) in self.zone.buddy.blocks() {
            let reserved = self.zone.buddy.is_reserved(head);
            for p in head..head + (1 << order) {
                out[p as usize] = FrameState::Buddy {
                    order,
                    head: p == head,
                    reserved,
                };
            }
        }
        for &p in &self.zone.pcp.list {
            out[p as usize] = FrameState::Pcp;
        }
        for &p in &self.zone.reclaim.clean {
            out[p as usize] = FrameState::Reclaimable { dirty: false };
        }
        for &p in &self.zone.reclaim.dirty {
            out[p as usize] = FrameState::Reclaimable { dirty: true };
        }
        if let Some(pool) = &self.pool {
            for &p in &pool.elements {
                out[p as usize] = FrameState::Pool;
            }
        }
        for (id, t) in self.tasks.iter().enumerate() {
            let task = id as TaskId;
            for &p in &t.list {
                out[p as usize] = FrameState::InList { task };
            }
            for (slot, s) in t.array.iter().enumerate() {
                if let Slot::Page(p) = s {
                    out[*p as usize] = FrameState::InArray {
                        task,
                        slot: slot as u32,
                    };
                }
            }
            for &p in &t.held {
                out[p as usize] = FrameState::Held { task };
            }
            if let Some(bio) = &t.bio {
                for (slot, v) in bio.bvecs.iter().enumerate() {
                    out[v.page as usize] = FrameState::InBio {
                        task,
                        slot: slot as u32,
                    };
                }
            }
        }
        out
    }

    /// Frames per colour class (the frame map's legend counts and its text alternative).
    pub fn class_counts(&self) -> Vec<(FrameClass, u32)> {
        let mut counts = [0u32; 8];
        for s in self.frame_states() {
            counts[FrameClass::ALL
                .iter()
                .position(|c| *c == s.class())
                .unwrap_or(7)] += 1;
        }
        FrameClass::ALL.iter().copied().zip(counts).collect()
    }

    /// An estimate of the bytes a clone of this world takes (for checkpoint budgeting).
    pub fn approx_bytes(&self) -> usize {
        self.zone.pages as usize * 10 + self.tasks.len() * 256 + 4096
    }
}
