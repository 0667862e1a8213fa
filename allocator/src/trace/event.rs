//! Trace events: one per step. An event is small and `Copy`; its narration is computed on demand
//! (narrate.rs) and its effect on the world is applied by `World::apply` (apply.rs).

use crate::model::gfp::Gfp;
use crate::model::types::{Mode, Pfn, TaskId};
use crate::model::world::CallKind;
use crate::model::world::CallResult;
use crate::model::world::Warning;
use crate::model::zone::{Check, Mark};
use serde::Serialize;

/// The type of `Event::line`, which lives with the listings' text (listing.rs).
pub use crate::trace::listing::{Line, Listing};

/// The phase strip's stages, plus the steps around them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// The task's program outside an allocation call (start, I/O waits, end), and the
    /// background (kswapd, a remote drain).
    Setup,
    /// Phase A: the bulk call with the non-sleeping gfp.
    BulkCall,
    /// Phase A without a bulk API: `mempool_alloc`'s first `pool->alloc`, v6.19's per-slot
    /// first pass, dm-crypt's compound-page tries.
    FirstPass,
    /// Phase B: draining the mempool reserve.
    PoolDrain,
    /// Phase C: an allocation attempt with the full, sleepable gfp.
    SleepableRetry,
    /// Phase D: sleeping on the pool's wait queue.
    Sleep,
    /// Woken by `mempool_free` or by the 5 s timeout.
    Wake,
    /// Pages going back: `mempool_free`, `free_fn`, pcp drains.
    Free,
    /// The consumer: dm-crypt's bio, `bio_add_page`, the mutex.
    Consumer,
}

impl Phase {
    pub fn name(self) -> &'static str {
        match self {
            Phase::Setup => "Program",
            Phase::BulkCall => "Bulk call",
            Phase::FirstPass => "First attempt",
            Phase::PoolDrain => "Pool drain",
            Phase::SleepableRetry => "Sleepable retry",
            Phase::Sleep => "Sleep",
            Phase::Wake => "Wake",
            Phase::Free => "Free",
            Phase::Consumer => "Consumer",
        }
    }
}

/// Where a taken page comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum From {
    /// The front (hot end) of the per-CPU list.
    Pcp,
    /// Straight from the buddy lists under the zone lock.
    Buddy,
    /// The top of the mempool reserve.
    Pool,
}

/// Where a taken page goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum To {
    /// Head of the caller's list.
    List,
    /// Slot `pos` of the caller's array.
    Array,
    /// `cb(page, data)`: into the task's bio when it has one, else held.
    Callback,
    /// Held individually (`mempool_alloc`, prefill).
    Held,
    /// The mempool reserve (prefill, resize).
    Pool,
}

impl To {
    pub fn of(mode: Mode) -> To {
        match mode {
            Mode::List => To::List,
            Mode::Array => To::Array,
            Mode::Callback => To::Callback,
        }
    }
}

/// Where a freed page is taken from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Holding {
    /// Taken off the tail of the caller's list (`lru_to_page`).
    List,
    /// Read from array slot `pos`.
    Array,
    /// Walked from the bio's bvec `pos`.
    Bio,
    /// The task's individually held pages (the last one).
    Held,
    /// The mempool reserve (shrinking resize).
    Pool,
}

/// Where `mempool_free` or `free_page` put a page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FreeTo {
    Pool,
    Pcp,
    Buddy,
}

/// Why the bulk allocator used the single-page path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SingleReason {
    /// `nr - populated == 1`.
    OnePage,
    /// No zone passed `low + nr`.
    Watermark,
    /// v6.0's pcp trylock failed.
    Trylock,
    /// The pcp loop got no page and `account == 0` (v6.0 rule).
    NoPageYet,
}

/// Why `alloc_page` returned NULL.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FailWhy {
    /// Below `min` and no DIRECT_RECLAIM in the gfp.
    NoDirectReclaim,
    /// Reclaim did not help and the gfp has NORETRY.
    NoRetry,
    /// dm-crypt's per-client limit was reached and the gfp has NORETRY.
    ClientLimit,
}

/// Why a bulk call returned without doing anything.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Shortcut {
    /// `nr - populated == 0` for an array: every slot is already non-NULL.
    AlreadyPopulated,
}

/// Whether a task was already inside its call when the scenario began (scenarios 6 and 7).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Resumed {
    /// A new call.
    No,
    /// Past its first pass, running.
    Running,
    /// Asleep on the pool's wait queue; it runs once woken.
    Asleep,
}

/// What happened, with the numbers needed to narrate it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum EventKind {
    TaskStart,
    TaskDone,
    /// The task waits `ms` for simulated I/O.
    Io {
        until_ms: u64,
    },
    /// I/O completed (the clock moves to `at_ms`).
    IoDone {
        at_ms: u64,
    },
    /// A call begins: `gfp` is the caller's own mask. `resumed`: the task was already inside
    /// this call (asleep, or past its first pass) when the scenario starts.
    CallStart {
        call: CallKind,
        mode: Mode,
        gfp: Gfp,
        nr: u32,
        resumed: Resumed,
    },
    CallEnd {
        call: CallKind,
        result: CallResult,
    },
    /// The caller clears `n` array slots before the call.
    ArrayZero {
        n: u32,
    },
    /// A mempool round begins with this gfp and `nr`.
    Round {
        round: u32,
        gfp_temp: Gfp,
        nr: u32,
    },
    BulkEnter {
        gfp: Gfp,
        nr: u32,
        mode: Mode,
    },
    PrefixScan {
        populated: u32,
        reads: u32,
    },
    BulkShortcut {
        why: Shortcut,
        populated: u32,
    },
    WatermarkCheck {
        mark: Mark,
        plus: u32,
        check: Check,
    },
    /// The pcp lock: a v6.0 trylock (`trylock = true`) or the older local lock.
    /// `single`: the single-page path's `rmqueue_pcplist`, which halves v6.19's `free_count`.
    PcpLock {
        ok: bool,
        trylock: bool,
        single: bool,
    },
    /// The pcp was empty: up to `wanted` pages moved from the buddy under one zone-lock hold.
    PcpRefill {
        wanted: u32,
        got: u32,
        splits: u32,
        first: Pfn,
    },
    /// A page taken and delivered. `pgalloc` when the single-page path counts it; `loop_read`
    /// when the bulk loop read the array slot first.
    Take {
        pfn: Pfn,
        from: From,
        to: To,
        pos: u32,
        pgalloc: bool,
        loop_read: bool,
        splits: u8,
        /// A take from the reserve that keeps the pool lock for the next one (an
        /// all-or-nothing fill under one hold); every other take from the reserve is a hold of
        /// its own. Not in the JSON: what the step did is the same.
        #[serde(skip)]
        keeps_lock: bool,
    },
    /// The bulk loop found slot `pos` already populated.
    ArraySkip {
        pos: u32,
    },
    /// The bulk loop got no page at slot `pos` after `account` pages: a partial result, or
    /// (`fallback`) the single-page path when nothing was taken yet.
    BulkStop {
        pos: u32,
        account: u32,
        read: bool,
        fallback: bool,
    },
    SinglePath {
        reason: SingleReason,
    },
    BulkReturn {
        ret: u32,
        account: u32,
    },
    /// `wake_all_kswapds`: kswapd wakes unless it is already awake or the zone is balanced at
    /// the request's order (`wakeup_kswapd` returns early when `pgdat_balanced`: free > high).
    KswapdWake {
        was_awake: bool,
        balanced: bool,
    },
    /// Direct reclaim frees up to 32 reclaimable pages onto the front of the per-CPU list, one
    /// by one, draining to the buddy each time the list reaches `high` (`drains` times,
    /// `drained` pages in all).
    /// `to_buddy`: v6.19 frees reclaimed pages with `free_unref_folios`, whose pcp trylock
    /// can fail; then each page goes straight to the buddy (`free_one_page`). v6.0's
    /// `free_unref_page_list` takes the pcp lock unconditionally.
    DirectReclaim {
        freed: u32,
        dirty_ok: bool,
        drains: u32,
        drained: u32,
        to_buddy: bool,
    },
    /// `drain_all_pages()`: every per-CPU page goes back to the buddy (`moved` pages).
    DrainAllPages {
        moved: u32,
        merges: u32,
    },
    /// Reclaim made no progress and the request may not fail: the task keeps retrying in the
    /// page allocator (with FS the kernel would call the OOM killer). The model parks it until
    /// free memory grows.
    TooSmallToFail {
        fs: bool,
    },
    /// A task parked by `TooSmallToFail` runs again: free memory grew.
    AllocRetry,
    AllocFail {
        why: FailWhy,
    },
    /// dm-crypt's bulk function refused: the client is over its page limit.
    ClientLimit {
        allocated: u64,
        limit: u64,
    },
    /// Phase B ends: the pool is empty or the request is complete.
    DrainEnd {
        curr_nr: u32,
        remaining: u32,
    },
    /// v6.19's all-or-nothing test: the reserve has fewer than `need` elements.
    PoolShort {
        curr_nr: u32,
        need: u32,
    },
    /// Phase C: retry at once with the full gfp.
    Retry {
        gfp: Gfp,
    },
    Sleep {
        deadline_ms: u64,
    },
    /// The sleeper runs again (after `WakeUp` or `Timeout`).
    Resume {
        timed_out: bool,
    },
    /// `wake_up(&pool->wait)`: every sleeper becomes runnable.
    WakeUp {
        woken: u32,
    },
    /// A sleeper's 5 s ran out (the clock moves to `at_ms`).
    Timeout {
        task: TaskId,
        at_ms: u64,
    },
    /// A page leaves the task (`from` at `pos`) for the pool, the pcp or the buddy. `pgfree`:
    /// the kernel counts it in PGFREE (v6.0's `free_one_page`, used when the pcp trylock fails,
    /// does not; v6.19's does).
    Free {
        pfn: Pfn,
        from: Holding,
        pos: u32,
        to: FreeTo,
        merges: u8,
        pgfree: bool,
    },
    /// [K6.5+] dm-crypt tries a compound page of this order (skipped when `over_limit`: the
    /// client's page count plus 2^order would pass its limit, v6.7+).
    CompoundTry {
        order: u8,
        over_limit: bool,
    },
    /// [K6.5+] dm-crypt's `alloc_pages(…, order)`: an order-`order` block straight from the
    /// buddy, added to the bio as one bvec.
    TakeCompound {
        pfn: Pfn,
        order: u8,
        splits: u8,
    },
    /// [K6.5+] A large folio leaves the bio for the buddy (`folio_put`).
    FreeCompound {
        pfn: Pfn,
        order: u8,
        merges: u8,
    },
    /// pcp count reached `high`: `n` pages from the back go to the buddy.
    PcpDrain {
        n: u32,
        merges: u32,
    },
    BioAlloc {
        nr_iovecs: u32,
    },
    /// `bio_add_page` of a page taken from the list head, an array slot or held pages.
    BvecAdd {
        pfn: Pfn,
        from: Holding,
        pos: u32,
    },
    BioDrop,
    /// dm-crypt's client counter (`n_allocated_pages`) changes by `delta`.
    ClientCount {
        delta: i32,
    },
    MutexLock {
        acquired: bool,
    },
    MutexUnlock {
        handoff: Option<TaskId>,
    },
    KswapdReclaim {
        freed: u32,
        at_ms: u64,
    },
    /// kswapd stops: the zone is balanced (`free > high`), or there is nothing left to reclaim.
    KswapdSleep {
        balanced: bool,
    },
    /// A scripted change of the pcp's trylock contention.
    PcpContention {
        locked: bool,
    },
    /// `mempool_resize`: `min_nr` becomes `new_min`.
    Resize {
        new_min: u32,
    },
    /// The scenario's program stops the task here (scenario 4 ends where dm-crypt's blocking
    /// pass would begin).
    ScenarioStop,
    /// A kernel warning fires (`VM_WARN_ON_ONCE`, the first time only): a caller bug the
    /// kernel notices and lets pass.
    KernelWarning {
        warning: Warning,
    },
    /// The scheduler preempts the task at a lock release and runs `to`.
    Switch {
        to: TaskId,
    },
}

/// One step of the trace.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Event {
    pub task: TaskId,
    pub phase: Phase,
    pub line: Line,
    #[serde(flatten)]
    pub kind: EventKind,
}
