//! v6.19's `mempool_alloc_bulk` (domain.md §8.3) as its first user, the v7.0 blk-crypto
//! fallback, calls it: zero a page-pointer array, `alloc_pages_bulk`, then fill the holes from
//! the pool all at once or not at all.

use super::alloc::alloc_pages_bulk;
use super::mempool::{mempool_masks, pool_alloc_fn, round_phase, sleep_on_pool, warn_once};
use super::Ctx;
use crate::model::gfp::Gfp;
use crate::model::policy::{Drain, WaitLock};
use crate::model::types::Mode;
use crate::model::world::{CallKind, CallResult, Warning};
use crate::trace::event::{EventKind, From, Phase, Resumed, To};
use crate::trace::listing::{Line, Listing};

fn line(n: u8) -> Line {
    Line(Listing::MainlineBulk, n)
}

fn hole(ctx: &Ctx, i: u32) -> bool {
    ctx.world()
        .task(ctx.task)
        .array
        .get(i as usize)
        .is_none_or(|s| !s.is_filled())
}

/// `bulk_first`: the caller tries `alloc_pages_bulk(gfp)` first, as blk-crypto does; without
/// it the caller hands `mempool_alloc_bulk` an all-NULL array.
pub(crate) async fn mainline_bulk(ctx: &Ctx, gfp_in: Gfp, nr: u32, bulk_first: bool) -> bool {
    ctx.set_phase(if bulk_first {
        Phase::BulkCall
    } else {
        Phase::FirstPass
    });
    let start = EventKind::CallStart {
        call: CallKind::MainlineBulk,
        mode: Mode::Array,
        gfp: gfp_in,
        nr,
        resumed: Resumed::No,
    };
    ctx.emit(line(1), start).await;
    ctx.emit(line(1), EventKind::ArrayZero { n: nr }).await;
    let end = |ok| EventKind::CallEnd {
        call: CallKind::MainlineBulk,
        result: CallResult::Bool(ok),
    };
    let mut allocated = 0;
    let mut round = 0;
    if bulk_first {
        round = 1;
        ctx.emit(
            line(1),
            EventKind::Round {
                round,
                gfp_temp: gfp_in,
                nr,
            },
        )
        .await;
        allocated = alloc_pages_bulk(ctx, gfp_in, nr, Mode::Array).await;
        if allocated >= nr {
            ctx.emit(line(2), end(true)).await;
            return true;
        }
    }
    // mempool_alloc_bulk fixes its mask to GFP_KERNEL; the caller narrows it only through a
    // memalloc_noio/nofs scope, which the caller's own mask stands for here.
    let mut scope = Gfp::GFP_KERNEL;
    if !gfp_in.contains(Gfp::IO) {
        scope = scope.without(Gfp::IO | Gfp::FS);
    } else if !gfp_in.contains(Gfp::FS) {
        scope = scope.without(Gfp::FS);
    }
    let (gfp, mut gfp_temp) = mempool_masks(scope);
    let min_nr = ctx.world().pool.as_ref().map_or(0, |p| p.min_nr);
    if nr > min_nr {
        warn_once(ctx, line(2), Warning::CountOverMinNr { count: nr, min_nr }).await;
    }
    loop {
        round += 1;
        ctx.set_phase(round_phase(gfp_temp, false));
        ctx.emit(
            line(3),
            EventKind::Round {
                round,
                gfp_temp,
                nr,
            },
        )
        .await;
        let mut failed = false;
        for i in 0..nr {
            if !hole(ctx, i) {
                ctx.emit(line(3), EventKind::ArraySkip { pos: i }).await;
                continue;
            }
            if pool_alloc_fn(ctx, gfp_temp, To::Array, i, true)
                .await
                .is_none()
            {
                failed = true;
                break;
            }
            allocated += 1;
        }
        if !failed {
            ctx.emit(line(4), end(true)).await;
            return true;
        }
        ctx.set_phase(Phase::PoolDrain);
        let need = nr - allocated;
        let held = ctx.env.policies.lock == WaitLock::Held;
        allocated += match ctx.env.policies.drain {
            Drain::AllOrNothing => use_pool(ctx, nr, need, gfp_temp, held).await,
            Drain::Partial => use_pool_partially(ctx, nr, need, gfp_temp, held).await,
        };
        if gfp_temp != gfp {
            ctx.set_phase(Phase::SleepableRetry);
            ctx.emit(line(6), EventKind::Retry { gfp }).await;
        }
        gfp_temp = gfp;
    }
}

/// `mempool_alloc_from_pool` (v6.19 mm/mempool.c:413-463): with fewer than `need` elements in
/// the reserve take nothing, and with a sleepable mask join the wait queue (under the lock
/// when it is `held`, as v6.19 does) and sleep; else fill every hole under one hold. Returns
/// the elements taken.
async fn use_pool(ctx: &Ctx, nr: u32, need: u32, gfp_temp: Gfp, held: bool) -> u32 {
    let curr_nr = ctx.world().curr_nr();
    if curr_nr < need {
        let short = EventKind::PoolShort { curr_nr, need };
        if gfp_temp.contains(Gfp::DIRECT_RECLAIM) {
            // `mempool_alloc_from_pool` joins the wait queue before it drops the lock.
            if held {
                ctx.emit_locked(line(5), short).await;
            } else {
                ctx.emit(line(5), short).await;
            }
            sleep_on_pool(ctx, line(5)).await;
        } else {
            ctx.emit(line(5), short).await;
        }
        return 0;
    }
    // Every hole is filled under one pool-lock hold; the DrainEnd releases it.
    let mut taken = 0;
    for i in 0..nr {
        if hole(ctx, i) {
            let take = EventKind::Take {
                pfn: 0,
                from: From::Pool,
                to: To::Array,
                pos: i,
                pgalloc: false,
                loop_read: true,
                splits: 0,
                keeps_lock: true,
            };
            ctx.emit_locked(line(5), take).await;
            taken += 1;
        } else {
            ctx.emit_locked(line(5), EventKind::ArraySkip { pos: i })
                .await;
        }
    }
    let curr_nr = ctx.world().curr_nr();
    ctx.emit(
        line(5),
        EventKind::DrainEnd {
            curr_nr,
            remaining: 0,
        },
    )
    .await;
    taken
}

/// A what-if: Yang Shi's partial drain (RFC 2/4, its listing's lines) in v6.19's pool step:
/// take what the reserve has into the holes, one element at a time with the lock dropped
/// between them, then, still short and with a sleepable mask, sleep. Returns the elements
/// taken.
async fn use_pool_partially(ctx: &Ctx, nr: u32, need: u32, gfp_temp: Gfp, held: bool) -> u32 {
    let drain_line = |n| Line(Listing::MempoolBulk, n);
    let mut taken = 0;
    for i in 0..nr {
        if taken == need || ctx.world().curr_nr() == 0 {
            break;
        }
        if hole(ctx, i) {
            let take = EventKind::Take {
                pfn: 0,
                from: From::Pool,
                to: To::Array,
                pos: i,
                pgalloc: false,
                loop_read: true,
                splits: 0,
                keeps_lock: false,
            };
            ctx.emit(drain_line(9), take).await;
            taken += 1;
        }
    }
    let remaining = need - taken;
    let curr_nr = ctx.world().curr_nr();
    let drained = EventKind::DrainEnd { curr_nr, remaining };
    if remaining > 0 && gfp_temp.contains(Gfp::DIRECT_RECLAIM) {
        if held {
            ctx.emit_locked(drain_line(11), drained).await;
        } else {
            ctx.emit(drain_line(11), drained).await;
        }
        sleep_on_pool(ctx, line(5)).await;
    } else {
        ctx.emit(drain_line(11), drained).await;
    }
    taken
}
