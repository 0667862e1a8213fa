//! dm-crypt's `crypt_alloc_buffer` (domain.md §8.4): a non-blocking pass without the mutex, then
//! blocking passes serialised by `bio_alloc_lock`. The bio is filled page by page with
//! `mempool_alloc` (v6.0), with one mempool bulk call (RFC/v2), or with compound pages and
//! `mempool_alloc` for the rest (v6.5+, run under mainline-6.19).

use super::consumer::{consume, free_partial};
use super::mempool::{dm_crypt_limit, mempool_alloc};
use super::page::alloc_compound;
use super::yangshi::mempool_alloc_pages_bulk;
use super::Ctx;
use crate::model::gfp::Gfp;
use crate::model::policy::Serial;
use crate::model::types::{DmCryptFill, Mode};
use crate::model::world::{CallKind, CallResult};
use crate::trace::event::{EventKind, Holding, Phase, Resumed, To};
use crate::trace::listing::{Line, Listing};

fn line(n: u8) -> Line {
    Line(Listing::DmCrypt, n)
}

/// The retry skeleton of every version: a non-blocking pass without the mutex, then blocking
/// passes under `bio_alloc_lock`. v6.0, v2 and v6.5+ allocate the clone bio after `retry:` and
/// drop it on failure; the RFC moved `bio_alloc_bioset()` above `retry:`, so one bio serves
/// every attempt. `first_pass_only` stops the scenario where the blocking pass would begin
/// (crypt_alloc_buffer itself never fails there).
pub(crate) async fn crypt_alloc_buffer(
    ctx: &Ctx,
    pages: u32,
    first_pass_only: bool,
    start_blocking: bool,
) -> bool {
    let sem = ctx.env.sem;
    // GFP_NOWAIT carries __GFP_NOWARN since v6.19's gfp_types.h.
    let mut gfp = Gfp::GFP_NOWAIT | Gfp::HIGHMEM;
    if sem.nowait_has_nowarn() {
        gfp = gfp | Gfp::NOWARN;
    }
    // v6.5+: the compound order starts at the zone's largest; the blocking pass starts at 0.
    let mut order = ctx.world().zone.buddy.max_order();
    if start_blocking {
        gfp = gfp | Gfp::DIRECT_RECLAIM;
        order = 0;
    }
    ctx.set_phase(Phase::Consumer);
    let start = EventKind::CallStart {
        call: CallKind::DmCrypt,
        mode: ctx.env.mode,
        gfp,
        nr: pages,
        resumed: Resumed::No,
    };
    // A run that starts at the blocking pass starts where the first pass hands over to it.
    ctx.emit(line(if start_blocking { 7 } else { 1 }), start)
        .await;
    let end = |ok| EventKind::CallEnd {
        call: CallKind::DmCrypt,
        result: CallResult::Bool(ok),
    };
    let bio_once = sem.dm_crypt_bio_once();
    if bio_once {
        ctx.emit(line(2), EventKind::BioAlloc { nr_iovecs: pages })
            .await;
    }
    loop {
        ctx.set_phase(Phase::Consumer);
        if gfp.contains(Gfp::DIRECT_RECLAIM) {
            // dm-crypt serializes its blocking passes with bio_alloc_lock (a what-if drops it).
            if ctx.env.policies.serial != Serial::None {
                ctx.emit(line(3), EventKind::MutexLock { acquired: false })
                    .await;
            }
            if first_pass_only {
                ctx.emit(line(3), EventKind::ScenarioStop).await;
                return false;
            }
        }
        if !bio_once {
            ctx.emit(line(4), EventKind::BioAlloc { nr_iovecs: pages })
                .await;
        }
        let ok = match sem.dm_crypt_fill() {
            DmCryptFill::Compound => fill_compound(ctx, gfp, pages, &mut order).await,
            DmCryptFill::PerPage => fill_per_page(ctx, gfp, pages).await,
            DmCryptFill::MempoolBulk => fill_bulk(ctx, gfp, pages).await,
        };
        ctx.set_phase(Phase::Consumer);
        if ok {
            if ctx.world().task(ctx.task).holds_mutex {
                ctx.emit(line(8), EventKind::MutexUnlock { handoff: None })
                    .await;
            }
            ctx.emit(line(8), end(true)).await;
            return true;
        }
        free_partial(ctx, line(7)).await;
        ctx.set_phase(Phase::Consumer);
        if !bio_once {
            ctx.emit(line(7), EventKind::BioDrop).await;
        }
        gfp = gfp | Gfp::DIRECT_RECLAIM;
        order = 0;
        ctx.emit(line(7), EventKind::Retry { gfp }).await;
    }
}

/// v6.0: one `mempool_alloc` and one `bio_add_page` per page.
async fn fill_per_page(ctx: &Ctx, gfp: Gfp, pages: u32) -> bool {
    for i in 0..pages {
        if !alloc_one_into_bio(ctx, gfp, i).await {
            return false;
        }
    }
    true
}

/// One `mempool_alloc` and its `bio_add_page` at bvec `pos`; false when the allocation failed.
async fn alloc_one_into_bio(ctx: &Ctx, gfp: Gfp, pos: u32) -> bool {
    if mempool_alloc(ctx, gfp, To::Held).await.is_none() {
        return false;
    }
    ctx.set_phase(Phase::Consumer);
    ctx.emit(
        line(6),
        EventKind::BvecAdd {
            pfn: 0,
            from: Holding::Held,
            pos,
        },
    )
    .await;
    true
}

/// [RFC-2022], [V2-2023]: one mempool bulk call, then the pages go into the bio.
async fn fill_bulk(ctx: &Ctx, gfp: Gfp, pages: u32) -> bool {
    if ctx.env.mode == Mode::Array {
        ctx.emit(line(5), EventKind::ArrayZero { n: pages }).await;
    }
    let ok = mempool_alloc_pages_bulk(ctx, gfp, pages, None).await;
    if ok {
        consume(ctx, pages, line(6)).await;
    }
    ok
}

/// [K6.5+] For what remains, try orders from `order` (never above what fits) down to 1 with
/// NORETRY and no reclaim, each success one bvec; at order 0 fall back to `mempool_alloc` of one
/// page. `order` only goes down within a call.
async fn fill_compound(ctx: &Ctx, gfp: Gfp, pages: u32, order: &mut u8) -> bool {
    let mut remaining = pages;
    while remaining > 0 {
        *order = (*order).min((31 - remaining.leading_zeros()) as u8);
        let mut got = false;
        while *order > 0 {
            ctx.set_phase(if gfp.contains(Gfp::DIRECT_RECLAIM) {
                Phase::SleepableRetry
            } else {
                Phase::FirstPass
            });
            let over_limit = over_limit(ctx, *order);
            ctx.emit(
                line(5),
                EventKind::CompoundTry {
                    order: *order,
                    over_limit,
                },
            )
            .await;
            let flags = Gfp::NOMEMALLOC | Gfp::NORETRY | Gfp::NOWARN;
            if !over_limit && alloc_compound(ctx, gfp | flags, *order).await {
                if dm_crypt_limit(ctx).is_some() {
                    ctx.emit(line(5), EventKind::ClientCount { delta: 1 << *order })
                        .await;
                }
                got = true;
                break;
            }
            *order -= 1;
        }
        if got {
            remaining -= 1 << *order;
            continue;
        }
        if !alloc_one_into_bio(ctx, gfp, 0).await {
            return false;
        }
        remaining -= 1;
    }
    true
}

/// v6.7+: a compound page that would take the client past its limit is not tried.
fn over_limit(ctx: &Ctx, order: u8) -> bool {
    let Some(limit) = dm_crypt_limit(ctx) else {
        return false;
    };
    let w = ctx.world();
    w.pool
        .as_ref()
        .is_some_and(|p| p.n_allocated + (1u64 << order) > limit)
}
