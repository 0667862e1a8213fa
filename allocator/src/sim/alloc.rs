//! The bulk allocator (domain.md §7.2): prefix scan, watermark gate at `low + nr`, the pcp loop,
//! and the single-page fallback.

use super::page::{alloc_page, refill};
use super::Ctx;
use crate::model::gfp::Gfp;
use crate::model::policy::ArrayCharge;
use crate::model::types::Mode;
use crate::model::zone::{AllocFlags, Mark};
use crate::trace::event::{EventKind, From, Shortcut, SingleReason, To};
use crate::trace::listing::{Line, Listing};

fn bulk_line(n: u8) -> Line {
    Line(Listing::BulkAlloc, n)
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
            bulk_line(2),
            EventKind::PrefixScan {
                populated: p,
                reads,
            },
        )
        .await;
        populated = p;
    }
    // `nr <= 0` returns at once in the kernel; every caller here asks for at least one page
    // (validated, and the mempool passes only what is missing).
    if mode == Mode::Array && populated == nr {
        let why = Shortcut::AlreadyPopulated;
        ctx.emit(bulk_line(3), EventKind::BulkShortcut { why, populated })
            .await;
        ctx.emit(
            bulk_line(3),
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
    // The zone is charged for the whole request, holes or not (v6.0 mm/page_alloc.c:5433);
    // a what-if charges an array only for its holes, as a list caller is.
    let (mark, plus) = match (mode, ctx.env.policies.charge) {
        (Mode::Array, ArrayCharge::Holes) => {
            let w = ctx.world();
            let array = &w.task(ctx.task).array;
            let holes = (0..nr as usize)
                .filter(|&i| !array.get(i).is_some_and(|s| s.is_filled()))
                .count() as u32;
            (Mark::BulkHoles, holes)
        }
        _ => (Mark::BulkLow, nr),
    };
    let check = {
        let w = ctx.world();
        w.zone
            .watermark_ok(w.zone.mark_pages(mark) + plus as u64, AllocFlags::default())
    };
    ctx.emit(
        bulk_line(5),
        EventKind::WatermarkCheck { mark, plus, check },
    )
    .await;
    if !check.ok {
        return single(ctx, gfp, populated, mode, SingleReason::Watermark).await;
    }
    let trylock = sem.pcp_trylock();
    let ok = !(trylock && ctx.world().zone.pcp.locked_by_other);
    ctx.emit(
        bulk_line(6),
        EventKind::PcpLock {
            ok,
            trylock,
            single: false,
        },
    )
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
            ctx.emit(bulk_line(8), EventKind::ArraySkip { pos: populated })
                .await;
            populated += 1;
            continue;
        }
        if ctx.world().zone.pcp.list.is_empty() {
            refill(ctx, bulk_line(9)).await;
        }
        if ctx.world().zone.pcp.list.is_empty() {
            let fallback = if sem.at_least_one_page_fix() {
                account == 0
            } else {
                populated == 0
            };
            let read = mode == Mode::Array;
            ctx.emit(
                bulk_line(10),
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
            keeps_lock: false,
        };
        ctx.emit(bulk_line(11), take).await;
        account += 1;
        populated += 1;
    }
    ctx.emit(
        bulk_line(12),
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
    ctx.emit(bulk_line(13), EventKind::SinglePath { reason })
        .await;
    let got = alloc_page(ctx, gfp, To::of(mode), populated)
        .await
        .is_some();
    let ret = populated + got as u32;
    ctx.emit(bulk_line(14), EventKind::BulkReturn { ret, account: 0 })
        .await;
    ret
}
