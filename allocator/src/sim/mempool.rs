//! The mempool core (domain.md §8.1): the pool's element functions, `mempool_alloc`,
//! `mempool_free`, the wait queue, init and resize.

use super::alloc::alloc_pages_bulk;
use super::page::alloc_page;
use super::Ctx;
use crate::model::gfp::Gfp;
use crate::model::policy::{WaitLock, Wake};
use crate::model::types::{Mode, Pfn};
use crate::model::world::{CallKind, CallResult, PoolKind, Warning, POOL_TIMEOUT_MS};
use crate::trace::event::{EventKind, FailWhy, FreeTo, From, Holding, Phase, Resumed, To};
use crate::trace::listing::{Line, Listing};

fn alloc_line(n: u8) -> Line {
    Line(Listing::MempoolAlloc, n)
}
fn free_line(n: u8) -> Line {
    Line(Listing::MempoolFree, n)
}
fn setup_line(n: u8) -> Line {
    Line(Listing::MempoolSetup, n)
}

/// The flags every mempool allocation adds, and the first pass's reduced mask.
pub(crate) fn mempool_masks(gfp: Gfp) -> (Gfp, Gfp) {
    let gfp = gfp | Gfp::NOMEMALLOC | Gfp::NORETRY | Gfp::NOWARN;
    (gfp, gfp.without(Gfp::DIRECT_RECLAIM | Gfp::IO))
}

/// The phase a round belongs to: the sleepable retry once the full mask is in use; before,
/// the bulk call (`bulk`) or a non-bulk first attempt.
pub(crate) fn round_phase(gfp_temp: Gfp, bulk: bool) -> Phase {
    if gfp_temp.contains(Gfp::DIRECT_RECLAIM) {
        Phase::SleepableRetry
    } else if bulk {
        Phase::BulkCall
    } else {
        Phase::FirstPass
    }
}

/// dm-crypt's `dm_crypt_pages_per_client`, when the pool is dm-crypt's.
pub(crate) fn dm_crypt_limit(ctx: &Ctx) -> Option<u64> {
    match ctx.env.pool_kind {
        Some(PoolKind::DmCrypt { limit }) => Some(limit),
        _ => None,
    }
}

/// dm-crypt's `crypt_page_alloc` refuses once the client is over its limit and gfp has NORETRY.
async fn over_client_limit(ctx: &Ctx, gfp: Gfp) -> bool {
    let Some(limit) = dm_crypt_limit(ctx) else {
        return false;
    };
    let allocated = ctx.world().pool.as_ref().map_or(0, |p| p.n_allocated);
    if allocated >= limit && gfp.contains(Gfp::NORETRY) {
        ctx.emit(alloc_line(2), EventKind::ClientLimit { allocated, limit })
            .await;
        ctx.emit(
            alloc_line(2),
            EventKind::AllocFail {
                why: FailWhy::ClientLimit,
            },
        )
        .await;
        return true;
    }
    false
}

/// The pool's `alloc` function: `alloc_page`, or dm-crypt's counted `crypt_page_alloc`.
pub(crate) async fn pool_alloc_fn(
    ctx: &Ctx,
    gfp: Gfp,
    to: To,
    pos: u32,
    counted: bool,
) -> Option<Pfn> {
    if over_client_limit(ctx, gfp).await {
        return None;
    }
    let page = alloc_page(ctx, gfp, to, pos).await?;
    if counted && dm_crypt_limit(ctx).is_some() {
        ctx.emit(alloc_line(2), EventKind::ClientCount { delta: 1 })
            .await;
    }
    Some(page)
}

/// The page-bulk pool's bulk function: `alloc_pages_bulk`, or dm-crypt's limit check followed
/// by `alloc_pages_bulk` and adding what it got to the client counter.
pub(crate) async fn pool_bulk_fn(ctx: &Ctx, gfp: Gfp, nr: u32, mode: Mode) -> u32 {
    let counted = dm_crypt_limit(ctx).is_some();
    let before = if counted {
        ctx.world().task(ctx.task).page_count()
    } else {
        0
    };
    if over_client_limit(ctx, gfp).await {
        // [INFER] An array caller's bulk function reports the slots already filled, so the pool
        // drain does not overwrite them; the RFC's list-only dm-crypt returned 0.
        if mode == Mode::Array {
            let w = ctx.world();
            let array = &w.task(ctx.task).array;
            return array
                .iter()
                .take(nr as usize)
                .take_while(|s| s.is_filled())
                .count() as u32;
        }
        return 0;
    }
    let ret = alloc_pages_bulk(ctx, gfp, nr, mode).await;
    let got = if counted {
        ctx.world()
            .task(ctx.task)
            .page_count()
            .saturating_sub(before)
    } else {
        0
    };
    if got > 0 {
        ctx.emit(
            Line(Listing::MempoolBulk, 4),
            EventKind::ClientCount { delta: got as i32 },
        )
        .await;
    }
    ret
}

/// `VM_WARN_ON_ONCE`: the warning's step, the first time it fires in the run; the call goes on.
pub(crate) async fn warn_once(ctx: &Ctx, line: Line, warning: Warning) {
    if !ctx.world().has_warned(warning) {
        ctx.emit(line, EventKind::KernelWarning { warning }).await;
    }
}

/// Phase D: sleep on the pool's wait queue until `mempool_free` wakes us or 5 s pass.
/// Returns whether the timeout ended the sleep.
pub(crate) async fn sleep_on_pool(ctx: &Ctx, line: Line) -> bool {
    ctx.set_phase(Phase::Sleep);
    let (before, deadline_ms) = {
        let w = ctx.world();
        (w.task(ctx.task).stats.timeouts, w.now_ms + POOL_TIMEOUT_MS)
    };
    ctx.emit(line, EventKind::Sleep { deadline_ms }).await;
    resume(ctx, line, before).await
}

/// The first step after a sleep: records whether the timeout or a wake-up ended it.
pub(crate) async fn resume(ctx: &Ctx, line: Line, timeouts_before: u32) -> bool {
    let timed_out = ctx.world().task(ctx.task).stats.timeouts > timeouts_before;
    ctx.set_phase(Phase::Wake);
    ctx.emit(line, EventKind::Resume { timed_out }).await;
    timed_out
}

/// v6.0 `mempool_alloc(pool, gfp)`: one element, delivered to `to`.
pub(crate) async fn mempool_alloc(ctx: &Ctx, gfp_in: Gfp, to: To) -> Option<Pfn> {
    let (gfp, mut gfp_temp) = mempool_masks(gfp_in);
    ctx.set_phase(round_phase(gfp_temp, false));
    let start = EventKind::CallStart {
        call: CallKind::MempoolAlloc,
        mode: ctx.env.mode,
        gfp: gfp_in,
        nr: 1,
        resumed: Resumed::No,
    };
    ctx.emit(alloc_line(1), start).await;
    if gfp_in.contains(Gfp::ZERO) {
        warn_once(ctx, alloc_line(1), Warning::ZeroWithMempool).await;
    }
    let end = |ok| EventKind::CallEnd {
        call: CallKind::MempoolAlloc,
        result: CallResult::Bool(ok),
    };
    let mut round = 0;
    loop {
        round += 1;
        ctx.set_phase(round_phase(gfp_temp, false));
        ctx.emit(
            alloc_line(2),
            EventKind::Round {
                round,
                gfp_temp,
                nr: 1,
            },
        )
        .await;
        if let Some(p) = pool_alloc_fn(ctx, gfp_temp, to, 0, true).await {
            ctx.emit(alloc_line(2), end(true)).await;
            return Some(p);
        }
        ctx.set_phase(Phase::PoolDrain);
        if ctx.world().curr_nr() > 0 {
            let take = EventKind::Take {
                pfn: 0,
                from: From::Pool,
                to,
                pos: 0,
                pgalloc: false,
                loop_read: false,
                splits: 0,
                keeps_lock: false,
            };
            let pfn = match ctx.emit(alloc_line(3), take).await {
                EventKind::Take { pfn, .. } => pfn,
                _ => 0,
            };
            ctx.emit(alloc_line(3), end(true)).await;
            return Some(pfn);
        }
        // The pool lock stays held from the empty test to the unlock of whichever branch
        // follows: a free cannot slip in before this task is on the wait queue (unless a
        // what-if drops it first).
        let empty = EventKind::DrainEnd {
            curr_nr: 0,
            remaining: 1,
        };
        let held = ctx.env.policies.lock == WaitLock::Held;
        if held {
            ctx.emit_locked(alloc_line(3), empty).await;
        } else {
            ctx.emit(alloc_line(3), empty).await;
        }
        if gfp_temp != gfp {
            ctx.set_phase(Phase::SleepableRetry);
            unlock_after(ctx, held, alloc_line(4), EventKind::Retry { gfp }).await;
            gfp_temp = gfp;
            continue;
        }
        if !gfp.contains(Gfp::DIRECT_RECLAIM) {
            unlock_after(ctx, held, alloc_line(5), end(false)).await;
            return None;
        }
        sleep_on_pool(ctx, alloc_line(6)).await;
    }
}

/// A step that releases the pool lock held since the "reserve empty" test (`held`), or one
/// that runs with the lock already dropped.
pub(crate) async fn unlock_after(ctx: &Ctx, held: bool, at: Line, kind: EventKind) {
    if held {
        ctx.emit_unlock(at, kind).await;
    } else {
        ctx.emit(at, kind).await;
    }
}

/// `mempool_free(page, pool)`: refill the reserve first, else give the page back.
pub(crate) async fn mempool_free(ctx: &Ctx, from: Holding, pos: u32) {
    ctx.set_phase(Phase::Free);
    let (curr, min) = {
        let w = ctx.world();
        (w.curr_nr(), w.pool.as_ref().map_or(0, |p| p.min_nr))
    };
    // v6.19 also refills a zero-minimum pool whose reserve is empty.
    let zero_min = ctx.env.sem.zero_min_pool_keeps_one() && min == 0 && curr == 0;
    if curr < min || zero_min {
        let put = EventKind::Free {
            pfn: 0,
            from,
            pos,
            to: FreeTo::Pool,
            merges: 0,
            pgfree: false,
        };
        // No task runs between adding the element and deciding to wake (domain.md §10): v6.0
        // calls wake_up() right after the unlock; v6.19 tests wq_has_sleeper() after
        // add_element(). A sleeper that is on the queue when the element goes in is woken;
        // one that checks later sees the element. The switch point is the end of the whole
        // operation.
        let put_line = if zero_min { free_line(4) } else { free_line(1) };
        let sleepers = ctx.world().pool.as_ref().map_or(0, |p| p.waiters.len());
        if ctx.env.policies.wake == Wake::IfSleeper && sleepers == 0 {
            ctx.emit(put_line, put).await;
        } else {
            ctx.emit_locked(put_line, put).await;
            ctx.emit_unlock(put_line, EventKind::WakeUp { woken: 0 })
                .await;
        }
        return;
    }
    pool_free_fn(ctx, from, pos).await;
}

/// The pool's `free` function: the page goes back to the page allocator (dm-crypt also
/// uncounts it).
async fn pool_free_fn(ctx: &Ctx, from: Holding, pos: u32) {
    free_page(ctx, from, pos).await;
    if dm_crypt_limit(ctx).is_some() {
        ctx.emit(free_line(2), EventKind::ClientCount { delta: -1 })
            .await;
    }
}

/// `__free_page`: to the front of the pcp (v6.0: to the buddy if the pcp trylock fails); a pcp
/// at `high` drains `batch` pages from its back.
pub(crate) async fn free_page(ctx: &Ctx, from: Holding, pos: u32) {
    ctx.set_phase(Phase::Free);
    let (locked, trylock) = (
        ctx.world().zone.pcp.locked_by_other,
        ctx.env.sem.pcp_trylock(),
    );
    let to = if locked && trylock {
        FreeTo::Buddy
    } else {
        FreeTo::Pcp
    };
    ctx.emit(
        free_line(2),
        EventKind::Free {
            pfn: 0,
            from,
            pos,
            to,
            merges: 0,
            pgfree: to == FreeTo::Pcp || ctx.env.sem.pgfree_on_buddy_free(),
        },
    )
    .await;
    let (count, high, n) = {
        let pcp = &ctx.world().zone.pcp;
        (pcp.count(), pcp.high, pcp.drain_size())
    };
    if to == FreeTo::Pcp && count >= high && n > 0 {
        ctx.emit(free_line(3), EventKind::PcpDrain { n, merges: 0 })
            .await;
    }
}

fn pool_min(ctx: &Ctx) -> u32 {
    ctx.world().pool.as_ref().map_or(0, |p| p.min_nr)
}

/// Allocates one element for the reserve with GFP_KERNEL, then adds it under the pool lock if
/// the reserve is still below `target`; a concurrent free may have filled it meanwhile, and then
/// the element is freed instead (the kernel's "raced" case). Returns false if nothing was added.
async fn add_one_element(ctx: &Ctx, counted: bool, target: u32, at: Line) -> bool {
    if pool_alloc_fn(ctx, Gfp::GFP_KERNEL, To::Held, 0, counted)
        .await
        .is_none()
    {
        return false;
    }
    if ctx.world().curr_nr() < target {
        let add = EventKind::Free {
            pfn: 0,
            from: Holding::Held,
            pos: 0,
            to: FreeTo::Pool,
            merges: 0,
            pgfree: false,
        };
        ctx.emit(at, add).await;
        true
    } else {
        pool_free_fn(ctx, Holding::Held, 0).await;
        false
    }
}

/// `mempool_init`'s prefill: `alloc(GFP_KERNEL)` until `min_nr` elements are in the reserve
/// (v6.19: at least one, for a zero-minimum pool). GFP_KERNEL order-0 allocations do not fail
/// (too small to fail), so the kernel's "free everything and return -ENOMEM" branch cannot run
/// for page pools. A page-bulk pool [RFC-2022] fills with plain `alloc_page`, which dm-crypt
/// does not count (Brian Foster's review).
pub(crate) async fn mempool_init(ctx: &Ctx) {
    ctx.set_phase(Phase::Setup);
    let min = pool_min(ctx);
    pool_call(ctx, CallKind::MempoolInit, min, None).await;
    let counted = !ctx.env.sem.page_bulk_pool();
    let target = if ctx.env.sem.zero_min_pool_keeps_one() {
        min.max(1)
    } else {
        min
    };
    while ctx.world().curr_nr() < target {
        if !add_one_element(ctx, counted, target, setup_line(2)).await {
            break;
        }
    }
    ctx.set_phase(Phase::Setup);
    pool_call(ctx, CallKind::MempoolInit, min, Some(true)).await;
}

/// `mempool_resize(pool, new_min)`: shrink frees the excess; grow fills until the first failure.
pub(crate) async fn mempool_resize(ctx: &Ctx, new_min: u32) {
    ctx.set_phase(Phase::Setup);
    pool_call(ctx, CallKind::MempoolResize, new_min, None).await;
    let old_min = ctx.world().pool.as_ref().map_or(0, |p| p.min_nr);
    if new_min <= old_min {
        while ctx.world().curr_nr() > new_min {
            pool_free_fn(ctx, Holding::Pool, 0).await;
        }
        ctx.emit(setup_line(5), EventKind::Resize { new_min }).await;
    } else {
        ctx.emit(setup_line(6), EventKind::Resize { new_min }).await;
        while ctx.world().curr_nr() < new_min {
            if !add_one_element(ctx, true, new_min, setup_line(7)).await {
                break;
            }
        }
    }
    pool_call(ctx, CallKind::MempoolResize, new_min, Some(true)).await;
}

/// The start (`result` None) or end of `mempool_init` / `mempool_resize`, which allocate with
/// GFP_KERNEL.
async fn pool_call(ctx: &Ctx, call: CallKind, nr: u32, result: Option<bool>) {
    let init = call == CallKind::MempoolInit;
    let (line, kind) = match result {
        None => (
            setup_line(if init { 1 } else { 4 }),
            EventKind::CallStart {
                call,
                mode: ctx.env.mode,
                gfp: Gfp::GFP_KERNEL,
                nr,
                resumed: Resumed::No,
            },
        ),
        Some(ok) => (
            setup_line(if init { 3 } else { 8 }),
            EventKind::CallEnd {
                call,
                result: CallResult::Bool(ok),
            },
        ),
    };
    ctx.emit(line, kind).await;
}
