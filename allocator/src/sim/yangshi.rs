//! Yang Shi's mempool page-bulk allocator [RFC-2022], [V2-2023] (domain.md §8.2): bulk call,
//! pool drain with the lock dropped between elements, sleepable retry, sleep until woken.

use super::mempool::{
    mempool_masks, pool_bulk_fn, resume, round_phase, sleep_on_pool, unlock_after,
};
use super::Ctx;
use crate::model::gfp::Gfp;
use crate::model::policy::{Drain, WaitLock};
use crate::model::types::Mode;
use crate::model::world::{CallKind, CallResult};
use crate::scenario::Resume;
use crate::trace::event::{EventKind, From, Phase, Resumed, To};
use crate::trace::listing::{Line, Listing};

fn line(n: u8) -> Line {
    Line(Listing::MempoolBulk, n)
}

/// `mempool_alloc_pages_bulk_{list,array,cb}(pool, gfp, nr, …)`: true when all `nr` pages are
/// delivered; false (keeping the partial pages) when the gfp may not sleep.
pub(crate) async fn mempool_alloc_pages_bulk(
    ctx: &Ctx,
    gfp_in: Gfp,
    nr_total: u32,
    resumed: Option<Resume>,
) -> bool {
    let mode = ctx.env.mode;
    // The RFC drops the pool lock right after the drain loop and tests the masks and joins the
    // wait queue without it; v2 shares `__mempool_alloc` with the single-element path and keeps
    // the lock from the drain loop's end through `prepare_to_wait`.
    let keeps_lock = ctx.env.policies.lock == WaitLock::Held;
    let (gfp, mut gfp_temp) = mempool_masks(gfp_in);
    let held = resumed.map_or(0, |r| r.held);
    // List and callback callers pass what is still missing; array callers pass the whole array.
    let mut nr = if mode == Mode::Array {
        nr_total
    } else {
        nr_total - held
    };
    ctx.set_phase(round_phase(gfp_temp, true));
    let start = EventKind::CallStart {
        call: CallKind::MempoolBulk,
        mode,
        gfp: gfp_in,
        nr: nr_total,
        resumed: match resumed {
            None => Resumed::No,
            Some(r) if r.sleeping => Resumed::Asleep,
            Some(_) => Resumed::Running,
        },
    };
    ctx.emit(line(1), start).await;
    let end = |ok| EventKind::CallEnd {
        call: CallKind::MempoolBulk,
        result: CallResult::Bool(ok),
    };
    if let Some(r) = resumed {
        if r.full_gfp || r.sleeping {
            gfp_temp = gfp;
        }
        if r.sleeping {
            resume(ctx, line(16), 0).await;
        }
    }
    let mut round = 0;
    loop {
        round += 1;
        ctx.set_phase(round_phase(gfp_temp, true));
        ctx.emit(
            line(4),
            EventKind::Round {
                round,
                gfp_temp,
                nr,
            },
        )
        .await;
        let ret = pool_bulk_fn(ctx, gfp_temp, nr, mode).await;
        if ret >= nr {
            ctx.emit(line(5), end(true)).await;
            return true;
        }
        ctx.set_phase(Phase::PoolDrain);
        // Whether the pool lock is still held after the pool step (v2 keeps it from the drain
        // through prepare_to_wait; an all-or-nothing fill releases it when it is done).
        let (remaining, locked) = match ctx.env.policies.drain {
            Drain::Partial => (
                drain_partial(ctx, nr - ret, ret, keeps_lock).await,
                keeps_lock,
            ),
            Drain::AllOrNothing => all_or_nothing(ctx, nr - ret, ret, keeps_lock).await,
        };
        if remaining == 0 {
            unlock_after(ctx, locked, line(12), end(true)).await;
            return true;
        }
        if mode != Mode::Array {
            nr = remaining;
        }
        if gfp_temp != gfp {
            ctx.set_phase(Phase::SleepableRetry);
            unlock_after(ctx, locked, line(14), EventKind::Retry { gfp }).await;
            gfp_temp = gfp;
            continue;
        }
        if !gfp.contains(Gfp::DIRECT_RECLAIM) {
            unlock_after(ctx, locked, line(15), end(false)).await;
            return false;
        }
        sleep_on_pool(ctx, line(16)).await;
    }
}

/// Yang Shi's drain (RFC 2/4, v2 3/5): one element at a time into slot or list position
/// `ret + i`, the lock dropped between them, until the reserve is empty or nothing is
/// missing. Returns what is still missing.
async fn drain_partial(ctx: &Ctx, mut remaining: u32, ret: u32, keeps_lock: bool) -> u32 {
    let mut i = 0;
    loop {
        let curr_nr = ctx.world().curr_nr();
        if curr_nr == 0 || remaining == 0 {
            let drained = EventKind::DrainEnd { curr_nr, remaining };
            if keeps_lock {
                ctx.emit_locked(line(11), drained).await;
            } else {
                ctx.emit(line(11), drained).await;
            }
            return remaining;
        }
        let take = EventKind::Take {
            pfn: 0,
            from: From::Pool,
            to: To::of(ctx.env.mode),
            pos: ret + i,
            pgalloc: false,
            loop_read: false,
            splits: 0,
            keeps_lock: false,
        };
        ctx.emit(line(9), take).await;
        i += 1;
        remaining -= 1;
    }
}

/// A what-if for Yang Shi's call: v6.19's all-or-nothing pool step (`mempool_alloc_from_pool`,
/// its listing's lines) in place of the partial drain: every missing element at once under one
/// hold, or none. Returns what is still missing and whether the lock is still held.
async fn all_or_nothing(ctx: &Ctx, missing: u32, ret: u32, keeps_lock: bool) -> (u32, bool) {
    let pool_line = Line(Listing::MainlineBulk, 5);
    let curr_nr = ctx.world().curr_nr();
    if curr_nr < missing {
        let short = EventKind::PoolShort {
            curr_nr,
            need: missing,
        };
        if keeps_lock {
            ctx.emit_locked(pool_line, short).await;
        } else {
            ctx.emit(pool_line, short).await;
        }
        return (missing, keeps_lock);
    }
    for i in 0..missing {
        let take = EventKind::Take {
            pfn: 0,
            from: From::Pool,
            to: To::of(ctx.env.mode),
            pos: ret + i,
            pgalloc: false,
            loop_read: false,
            splits: 0,
            keeps_lock: true,
        };
        ctx.emit_locked(pool_line, take).await;
    }
    let curr_nr = ctx.world().curr_nr();
    ctx.emit(
        pool_line,
        EventKind::DrainEnd {
            curr_nr,
            remaining: 0,
        },
    )
    .await;
    (0, false)
}
