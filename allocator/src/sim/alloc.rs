//! The page allocator as the tasks call it: the bulk allocator (domain.md §7.2) and the
//! single-page path (§6), both taking pages through the per-CPU list (§5.1).

use super::Ctx;
use crate::buddy::BlockType;
use crate::event::{EventKind, FailWhy, From, Line, Listing, Shortcut, SingleReason, To};
use crate::gfp::Gfp;
use crate::types::{Mode, Pfn};
use crate::zone::{AllocFlags, Mark};

/// [SIMPL] Direct-reclaim rounds before a request without NORETRY gives up (the kernel would
/// compact, retry and eventually invoke the OOM killer).
const MAX_RECLAIM_ROUNDS: u32 = 3;

fn bulk_line(n: u8) -> Line {
    Line(Listing::BulkAlloc, n)
}
fn page_line(n: u8) -> Line {
    Line(Listing::AllocPage, n)
}

/// `__alloc_pages_bulk(gfp, nr, list | array | cb)`: returns `populated` (array: filled slots
/// from the start, including earlier ones; list and callback: pages added in this call).
pub(crate) async fn alloc_pages_bulk(ctx: &Ctx, gfp: Gfp, nr: u32, mode: Mode) -> u32 {
    let sem = ctx.env.sem;
    ctx.emit(bulk_line(1), EventKind::BulkEnter { gfp, nr, mode })
        .await;
    let mut populated = 0;
    if mode == Mode::Array {
        let (p, reads) = {
            let w = ctx.world();
            let array = &w.task(ctx.task).array;
            let p = (0..nr as usize)
                .take_while(|&i| array.get(i).is_some_and(|s| s.is_filled()))
                .count() as u32;
            (p, if p < nr { p + 1 } else { nr })
        };
        ctx.emit(
            bulk_line(1),
            EventKind::PrefixScan {
                populated: p,
                reads,
            },
        )
        .await;
        populated = p;
    }
    if nr == 0 || (mode == Mode::Array && populated == nr) {
        let why = if nr == 0 {
            Shortcut::NothingRequested
        } else {
            Shortcut::AlreadyPopulated
        };
        ctx.emit(bulk_line(2), EventKind::BulkShortcut { why, populated })
            .await;
        ctx.emit(
            bulk_line(2),
            EventKind::BulkReturn {
                ret: populated,
                account: 0,
            },
        )
        .await;
        return populated;
    }
    if nr - populated == 1 {
        return single(ctx, gfp, populated, mode, SingleReason::OnePage).await;
    }
    let check = {
        let w = ctx.world();
        w.zone.watermark_ok(
            w.zone.mark_pages(Mark::BulkLow) + nr as u64,
            AllocFlags::default(),
        )
    };
    ctx.emit(
        bulk_line(4),
        EventKind::WatermarkCheck {
            mark: Mark::BulkLow,
            plus: nr,
            check,
        },
    )
    .await;
    if !check.ok {
        return single(ctx, gfp, populated, mode, SingleReason::Watermark).await;
    }
    let trylock = sem.pcp_trylock();
    let ok = !(trylock && ctx.world().zone.pcp.locked_by_other);
    ctx.emit(bulk_line(5), EventKind::PcpLock { ok, trylock })
        .await;
    if !ok {
        return single(ctx, gfp, populated, mode, SingleReason::Trylock).await;
    }
    let mut account = 0;
    while populated < nr {
        let filled = mode == Mode::Array
            && ctx
                .world()
                .task(ctx.task)
                .array
                .get(populated as usize)
                .is_some_and(|s| s.is_filled());
        if filled {
            ctx.emit(bulk_line(7), EventKind::ArraySkip { pos: populated })
                .await;
            populated += 1;
            continue;
        }
        if ctx.world().zone.pcp.list.is_empty() {
            refill(ctx, bulk_line(8)).await;
        }
        if ctx.world().zone.pcp.list.is_empty() {
            let fallback = if sem.at_least_one_page_fix() {
                account == 0
            } else {
                populated == 0
            };
            let read = mode == Mode::Array;
            ctx.emit(
                bulk_line(9),
                EventKind::BulkStop {
                    pos: populated,
                    account,
                    read,
                    fallback,
                },
            )
            .await;
            if fallback {
                return single(ctx, gfp, populated, mode, SingleReason::NoPageYet).await;
            }
            break;
        }
        let to = To::of(mode);
        let take = EventKind::Take {
            pfn: 0,
            from: From::Pcp,
            to,
            pos: populated,
            pgalloc: false,
            loop_read: mode == Mode::Array,
            splits: 0,
        };
        ctx.emit(bulk_line(10), take).await;
        account += 1;
        populated += 1;
    }
    ctx.emit(
        bulk_line(11),
        EventKind::BulkReturn {
            ret: populated,
            account,
        },
    )
    .await;
    populated
}

/// The bulk allocator's `failed:` label: one page through the normal allocator.
async fn single(ctx: &Ctx, gfp: Gfp, populated: u32, mode: Mode, reason: SingleReason) -> u32 {
    ctx.emit(bulk_line(12), EventKind::SinglePath { reason })
        .await;
    let got = alloc_page(ctx, gfp, To::of(mode), populated)
        .await
        .is_some();
    let ret = populated + got as u32;
    ctx.emit(bulk_line(13), EventKind::BulkReturn { ret, account: 0 })
        .await;
    ret
}

/// §5.1 refill: up to `batch` pages from the buddy to the back of the pcp, one zone-lock hold.
async fn refill(ctx: &Ctx, line: Line) {
    let wanted = ctx.world().zone.pcp.batch;
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

/// `alloc_page(gfp)` (§6), delivering the page to `to` at `pos`. PGALLOC counts it.
pub(crate) async fn alloc_page(ctx: &Ctx, gfp: Gfp, to: To, pos: u32) -> Option<Pfn> {
    let fast = ctx
        .world()
        .zone
        .watermark_ok(ctx.world().zone.wmark.low, AllocFlags::default());
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
        if let Some(p) = take_one(ctx, to, pos, page_line(1)).await {
            return Some(p);
        }
    }
    if gfp.contains(Gfp::KSWAPD_RECLAIM) {
        ctx.emit(page_line(2), EventKind::KswapdWake { was_awake: false })
            .await;
    }
    let flags = AllocFlags {
        high: gfp.contains(Gfp::HIGH),
        harder: gfp.contains(Gfp::ATOMIC) && !gfp.contains(Gfp::NOMEMALLOC),
    };
    if let Some(p) = take_above_min(ctx, flags, to, pos, page_line(3)).await {
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
    for _ in 0..MAX_RECLAIM_ROUNDS {
        ctx.emit(
            page_line(5),
            EventKind::DirectReclaim { freed: 0, dirty_ok },
        )
        .await;
        if let Some(p) = take_above_min(ctx, flags, to, pos, page_line(6)).await {
            return Some(p);
        }
        if gfp.contains(Gfp::NORETRY) {
            ctx.emit(
                page_line(7),
                EventKind::AllocFail {
                    why: FailWhy::NoRetry,
                },
            )
            .await;
            return None;
        }
    }
    ctx.emit(
        page_line(7),
        EventKind::AllocFail {
            why: FailWhy::Exhausted,
        },
    )
    .await;
    None
}

/// The slow path's attempt: check the min watermark (adjusted by `flags`), take a page if it
/// passes.
async fn take_above_min(ctx: &Ctx, flags: AllocFlags, to: To, pos: u32, line: Line) -> Option<Pfn> {
    let check = {
        let w = ctx.world();
        w.zone.watermark_ok(w.zone.wmark.min, flags)
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
    take_one(ctx, to, pos, line).await
}

/// `rmqueue` for order 0: the pcp (refilled if empty) under its lock; since v6.0, a failed
/// trylock or an empty refill falls back to the buddy under the zone lock.
async fn take_one(ctx: &Ctx, to: To, pos: u32, line: Line) -> Option<Pfn> {
    let sem = ctx.env.sem;
    let trylock = sem.pcp_trylock();
    let ok = !(trylock && ctx.world().zone.pcp.locked_by_other);
    ctx.emit(line, EventKind::PcpLock { ok, trylock }).await;
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
    };
    match ctx.emit(line, take).await {
        EventKind::Take { pfn, .. } => Some(pfn),
        _ => None,
    }
}

/// [K6.5+] `alloc_pages(gfp, order)` for order > 0, as dm-crypt calls it: the page becomes one
/// bvec of the task's bio. [SIMPL] Orders above 0 come straight from the buddy (the kernel's
/// pcp also caches orders 1 to 3).
pub(crate) async fn alloc_compound(ctx: &Ctx, gfp: Gfp, order: u8) -> bool {
    let line = Line(Listing::DmCrypt, 4);
    let take = EventKind::TakeCompound {
        pfn: 0,
        order,
        splits: 0,
    };
    let fast = {
        let w = ctx.world();
        w.zone
            .watermark_ok_order(w.zone.wmark.low, AllocFlags::default(), order)
    };
    ctx.emit(
        line,
        EventKind::WatermarkCheck {
            mark: Mark::Low,
            plus: 0,
            check: fast,
        },
    )
    .await;
    if fast.ok {
        ctx.emit(line, take).await;
        return true;
    }
    if gfp.contains(Gfp::KSWAPD_RECLAIM) {
        ctx.emit(line, EventKind::KswapdWake { was_awake: false })
            .await;
    }
    let flags = AllocFlags {
        high: gfp.contains(Gfp::HIGH),
        harder: false,
    };
    for round in 0..=MAX_RECLAIM_ROUNDS {
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
        if check.ok {
            ctx.emit(line, take).await;
            return true;
        }
        if !gfp.contains(Gfp::DIRECT_RECLAIM) {
            ctx.emit(
                line,
                EventKind::AllocFail {
                    why: FailWhy::NoDirectReclaim,
                },
            )
            .await;
            return false;
        }
        if round > 0 && gfp.contains(Gfp::NORETRY) {
            ctx.emit(
                line,
                EventKind::AllocFail {
                    why: FailWhy::NoRetry,
                },
            )
            .await;
            return false;
        }
        let dirty_ok = gfp.contains(Gfp::IO) || gfp.contains(Gfp::FS);
        ctx.emit(line, EventKind::DirectReclaim { freed: 0, dirty_ok })
            .await;
    }
    ctx.emit(
        line,
        EventKind::AllocFail {
            why: FailWhy::Exhausted,
        },
    )
    .await;
    false
}
