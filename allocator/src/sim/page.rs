//! The single-page allocator (domain.md §6): the fast path at `low`, the slow path that wakes
//! kswapd, retries at `min` and may reclaim; order 0 through the per-CPU list (§5.1), and the
//! compound pages dm-crypt asks for since v6.5 straight from the buddy.

use super::Ctx;
use crate::model::buddy::BlockType;
use crate::model::gfp::Gfp;
use crate::model::types::Pfn;
use crate::model::zone::{AllocFlags, Mark};
use crate::trace::event::{EventKind, FailWhy, From, To};
use crate::trace::listing::{Line, Listing};

fn page_line(n: u8) -> Line {
    Line(Listing::AllocPage, n)
}

/// `alloc_page(gfp)`, delivering the page to `to` at `pos`. PGALLOC counts it.
pub(crate) async fn alloc_page(ctx: &Ctx, gfp: Gfp, to: To, pos: u32) -> Option<Pfn> {
    alloc_pages(ctx, gfp, 0, to, pos).await
}

/// [K6.5+] `alloc_pages(gfp, order)` for order > 0, as dm-crypt calls it: the page becomes one
/// bvec of the task's bio. [SIMPL] Orders above 0 come straight from the buddy (the kernel's
/// pcp also caches orders 1 to 3).
pub(crate) async fn alloc_compound(ctx: &Ctx, gfp: Gfp, order: u8) -> bool {
    alloc_pages(ctx, gfp, order, To::Held, 0).await.is_some()
}

/// Orders above this are "costly": the slow path gives up on them instead of looping
/// (`PAGE_ALLOC_COSTLY_ORDER`).
const COSTLY_ORDER: u8 = 3;

/// `alloc_pages(gfp, order)`: the fast path at `low`, then `__alloc_pages_slowpath`. Watermarks
/// are order-aware (v6.0 `__zone_watermark_ok`).
async fn alloc_pages(ctx: &Ctx, gfp: Gfp, order: u8, to: To, pos: u32) -> Option<Pfn> {
    let fast = {
        let w = ctx.world();
        w.zone
            .watermark_ok_order(w.zone.wmark.low, AllocFlags::default(), order)
    };
    ctx.emit(
        page_line(1),
        EventKind::WatermarkCheck {
            mark: Mark::Low,
            plus: 0,
            check: fast,
        },
    )
    .await;
    if fast.ok {
        if let Some(p) = take(ctx, order, to, pos, page_line(1)).await {
            return Some(p);
        }
    }
    slow_path(ctx, gfp, order, to, pos).await
}

/// `__alloc_pages_slowpath`: wake kswapd, try `min`, then reclaim directly. A request without
/// NORETRY of at most `COSTLY_ORDER` never fails ("too small to fail"): when reclaim makes no
/// progress the kernel keeps looping (and, with FS, calls the OOM killer); the model parks the
/// task until free memory grows, which is the first moment a retry could succeed.
async fn slow_path(ctx: &Ctx, gfp: Gfp, order: u8, to: To, pos: u32) -> Option<Pfn> {
    if gfp.contains(Gfp::KSWAPD_RECLAIM) {
        let balanced = balanced(ctx, order);
        ctx.emit(
            page_line(2),
            EventKind::KswapdWake {
                was_awake: false,
                balanced,
            },
        )
        .await;
    }
    let flags = AllocFlags {
        high: gfp.contains(Gfp::HIGH),
        harder: gfp.contains(Gfp::ATOMIC) && !gfp.contains(Gfp::NOMEMALLOC),
    };
    if let Some(p) = take_above_min(ctx, flags, order, to, pos, page_line(3)).await {
        return Some(p);
    }
    if !gfp.contains(Gfp::DIRECT_RECLAIM) {
        ctx.emit(
            page_line(4),
            EventKind::AllocFail {
                why: FailWhy::NoDirectReclaim,
            },
        )
        .await;
        return None;
    }
    let dirty_ok = gfp.contains(Gfp::IO) || gfp.contains(Gfp::FS);
    loop {
        let to_buddy = ctx.env.sem.reclaim_trylocks_pcp() && ctx.world().zone.pcp.locked_by_other;
        let reclaim = EventKind::DirectReclaim {
            freed: 0,
            dirty_ok,
            drains: 0,
            drained: 0,
            to_buddy,
        };
        let freed = match ctx.emit(page_line(5), reclaim).await {
            EventKind::DirectReclaim { freed, .. } => freed,
            _ => 0,
        };
        // `__alloc_pages_direct_reclaim` retries only after some progress; a failed retry
        // drains every per-CPU list into the buddy and retries once more.
        if freed > 0 {
            if let Some(p) = take_above_min(ctx, flags, order, to, pos, page_line(6)).await {
                return Some(p);
            }
            ctx.emit(
                page_line(6),
                EventKind::DrainAllPages {
                    moved: 0,
                    merges: 0,
                },
            )
            .await;
            if let Some(p) = take_above_min(ctx, flags, order, to, pos, page_line(6)).await {
                return Some(p);
            }
        }
        if gfp.contains(Gfp::NORETRY) || order > COSTLY_ORDER {
            ctx.emit(
                page_line(7),
                EventKind::AllocFail {
                    why: FailWhy::NoRetry,
                },
            )
            .await;
            return None;
        }
        if freed == 0 {
            let fs = gfp.contains(Gfp::FS);
            ctx.emit(page_line(8), EventKind::TooSmallToFail { fs })
                .await;
            ctx.emit(page_line(8), EventKind::AllocRetry).await;
        }
        // `retry:` wakes kswapd again (a no-op while it is awake) and tries `min` once more.
        if gfp.contains(Gfp::KSWAPD_RECLAIM) && !ctx.world().zone.kswapd.awake {
            let balanced = balanced(ctx, order);
            ctx.emit(
                page_line(8),
                EventKind::KswapdWake {
                    was_awake: false,
                    balanced,
                },
            )
            .await;
        }
        if let Some(p) = take_above_min(ctx, flags, order, to, pos, page_line(8)).await {
            return Some(p);
        }
    }
}

/// `pgdat_balanced` at the request's order: free > high (order-aware, no allocation flags).
/// `wakeup_kswapd` leaves kswapd asleep then (v6.0 mm/vmscan.c:4580-4581).
fn balanced(ctx: &Ctx, order: u8) -> bool {
    let w = ctx.world();
    w.zone
        .watermark_ok_order(w.zone.wmark.high, AllocFlags::default(), order)
        .ok
}

/// The slow path's attempt: check the min watermark (adjusted by `flags`), take a page if it
/// passes.
async fn take_above_min(
    ctx: &Ctx,
    flags: AllocFlags,
    order: u8,
    to: To,
    pos: u32,
    line: Line,
) -> Option<Pfn> {
    let check = {
        let w = ctx.world();
        w.zone.watermark_ok_order(w.zone.wmark.min, flags, order)
    };
    ctx.emit(
        line,
        EventKind::WatermarkCheck {
            mark: Mark::Min,
            plus: 0,
            check,
        },
    )
    .await;
    if !check.ok {
        return None;
    }
    take(ctx, order, to, pos, line).await
}

/// Takes one page of `order`: order 0 through the pcp, larger ones from the buddy into the bio.
async fn take(ctx: &Ctx, order: u8, to: To, pos: u32, line: Line) -> Option<Pfn> {
    if order == 0 {
        return take_one(ctx, to, pos, line).await;
    }
    match ctx
        .emit(
            line,
            EventKind::TakeCompound {
                pfn: 0,
                order,
                splits: 0,
            },
        )
        .await
    {
        EventKind::TakeCompound { pfn, .. } => Some(pfn),
        _ => None,
    }
}

/// §5.1 refill: up to `batch` pages from the buddy to the back of the pcp, one zone-lock hold.
pub(crate) async fn refill(ctx: &Ctx, line: Line) {
    let wanted = ctx.world().zone.pcp.refill_size();
    ctx.emit(
        line,
        EventKind::PcpRefill {
            wanted,
            got: 0,
            splits: 0,
            first: 0,
        },
    )
    .await;
}

/// `rmqueue` for order 0: the pcp (refilled if empty) under its lock; since v6.0, a failed
/// trylock or an empty refill falls back to the buddy under the zone lock.
async fn take_one(ctx: &Ctx, to: To, pos: u32, line: Line) -> Option<Pfn> {
    let sem = ctx.env.sem;
    let trylock = sem.pcp_trylock();
    let ok = !(trylock && ctx.world().zone.pcp.locked_by_other);
    ctx.emit(
        line,
        EventKind::PcpLock {
            ok,
            trylock,
            single: true,
        },
    )
    .await;
    if ok {
        if ctx.world().zone.pcp.list.is_empty() {
            refill(ctx, line).await;
        }
        if !ctx.world().zone.pcp.list.is_empty() {
            return take_counted(ctx, From::Pcp, to, pos, line).await;
        }
    }
    let buddy_has = ctx
        .world()
        .zone
        .buddy
        .counts(BlockType::Movable)
        .iter()
        .any(|&n| n > 0);
    if sem.pcp_trylock() && buddy_has {
        return take_counted(ctx, From::Buddy, to, pos, line).await;
    }
    None
}

/// One page for the single-page path, counted in PGALLOC.
async fn take_counted(ctx: &Ctx, from: From, to: To, pos: u32, line: Line) -> Option<Pfn> {
    let take = EventKind::Take {
        pfn: 0,
        from,
        to,
        pos,
        pgalloc: true,
        loop_read: false,
        splits: 0,
        keeps_lock: false,
    };
    match ctx.emit(line, take).await {
        EventKind::Take { pfn, .. } => Some(pfn),
        _ => None,
    }
}
