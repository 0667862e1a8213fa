//! dm-crypt's `crypt_alloc_buffer` (domain.md §8.4): a non-blocking pass without the mutex, then
//! blocking passes serialised by `bio_alloc_lock`; v6.0 allocates page by page with
//! `mempool_alloc`, the RFC and v2 with one mempool bulk call.

use super::mempool::{mempool_alloc, mempool_free};
use super::yangshi::mempool_alloc_pages_bulk;
use super::Ctx;
use crate::event::{EventKind, Holding, Line, Listing, Phase, To};
use crate::gfp::Gfp;
use crate::types::{Mode, Semantics};
use crate::world::{CallKind, CallResult, Slot};

fn line(n: u8) -> Line {
    Line(Listing::DmCrypt, n)
}

pub(crate) async fn crypt_alloc_buffer(
    ctx: &Ctx,
    pages: u32,
    first_pass_only: bool,
    start_blocking: bool,
) -> bool {
    let (mode, sem) = (ctx.env.mode, ctx.env.sem);
    let mut gfp = Gfp::GFP_NOWAIT | Gfp::HIGHMEM;
    if start_blocking {
        gfp = gfp | Gfp::DIRECT_RECLAIM;
    }
    ctx.set_phase(Phase::Consumer);
    ctx.emit(
        line(1),
        EventKind::CallStart {
            call: CallKind::DmCrypt,
            mode,
            gfp,
            nr: pages,
        },
    )
    .await;
    let end = |ok| EventKind::CallEnd {
        call: CallKind::DmCrypt,
        result: CallResult::Bool(ok),
    };
    loop {
        ctx.set_phase(Phase::Consumer);
        if gfp.contains(Gfp::DIRECT_RECLAIM) {
            ctx.emit(line(2), EventKind::MutexLock { acquired: false })
                .await;
            if first_pass_only {
                ctx.emit(line(2), end(false)).await;
                return false;
            }
        }
        ctx.emit(line(3), EventKind::BioAlloc { nr_iovecs: pages })
            .await;
        let ok = if sem == Semantics::K6_0 {
            let mut ok = true;
            for i in 0..pages {
                if mempool_alloc(ctx, gfp, To::Held).await.is_none() {
                    ok = false;
                    break;
                }
                ctx.set_phase(Phase::Consumer);
                ctx.emit(
                    line(4),
                    EventKind::BvecAdd {
                        pfn: 0,
                        from: Holding::Held,
                        pos: i,
                    },
                )
                .await;
            }
            ok
        } else {
            if mode == Mode::Array {
                ctx.emit(line(4), EventKind::ArrayZero { n: pages }).await;
            }
            let ok = mempool_alloc_pages_bulk(ctx, gfp, pages, None).await;
            if ok {
                consume(ctx, pages, line(5)).await;
            }
            ok
        };
        if ok {
            ctx.set_phase(Phase::Consumer);
            if ctx.world().task(ctx.task).holds_mutex {
                ctx.emit(line(7), EventKind::MutexUnlock { handoff: None })
                    .await;
            }
            ctx.emit(line(7), end(true)).await;
            return true;
        }
        free_partial(ctx, line(6)).await;
        ctx.set_phase(Phase::Consumer);
        ctx.emit(line(6), EventKind::BioDrop).await;
        gfp = gfp | Gfp::DIRECT_RECLAIM;
        ctx.emit(line(6), EventKind::Retry { gfp }).await;
    }
}

/// Moves the delivered pages into the bio: pop the list, or read the array front to back.
/// Callback pages are already there: the callback called `bio_add_page` itself.
pub(crate) async fn consume(ctx: &Ctx, pages: u32, at: Line) {
    ctx.set_phase(Phase::Consumer);
    match ctx.env.mode {
        Mode::List => {
            for _ in 0..pages {
                if ctx.world().task(ctx.task).list.is_empty() {
                    break;
                }
                ctx.emit(
                    at,
                    EventKind::BvecAdd {
                        pfn: 0,
                        from: Holding::List,
                        pos: 0,
                    },
                )
                .await;
            }
        }
        Mode::Array => {
            for i in 0..pages {
                let filled = matches!(
                    ctx.world().task(ctx.task).array.get(i as usize),
                    Some(Slot::Page(_))
                );
                if filled {
                    ctx.emit(
                        at,
                        EventKind::BvecAdd {
                            pfn: 0,
                            from: Holding::Array,
                            pos: i,
                        },
                    )
                    .await;
                }
            }
        }
        Mode::Callback => {}
    }
}

/// The failure path: every page delivered so far goes back with `mempool_free`.
pub(crate) async fn free_partial(ctx: &Ctx, at: Line) {
    let _ = at;
    loop {
        let next = {
            let w = ctx.world();
            let t = w.task(ctx.task);
            if !t.list.is_empty() {
                Some((Holding::List, 0))
            } else if let Some(i) = t.array.iter().position(|s| matches!(s, Slot::Page(_))) {
                Some((Holding::Array, i as u32))
            } else if t.bio.as_ref().is_some_and(|b| !b.bvecs.is_empty()) {
                Some((Holding::Bio, 0))
            } else if !t.held.is_empty() {
                Some((Holding::Held, 0))
            } else {
                None
            }
        };
        match next {
            Some((from, pos)) => mempool_free(ctx, from, pos).await,
            None => return,
        }
    }
}
