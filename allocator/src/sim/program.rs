//! A task's program: its ops one after the other, then `TaskDone`.

use super::alloc::alloc_pages_bulk;
use super::consumer::{consume, free_partial, give_back_one};
use super::dmcrypt::crypt_alloc_buffer;
use super::mainline::mainline_bulk;
use super::mempool::{mempool_alloc, mempool_init, mempool_resize};
use super::yangshi::mempool_alloc_pages_bulk;
use super::Ctx;
use crate::model::gfp::Gfp;
use crate::model::policy::{FirstCall, Serial};
use crate::model::types::Mode;
use crate::model::world::{CallKind, CallResult};
use crate::scenario::{Op, Resume};
use crate::trace::event::{EventKind, Phase, Resumed, To};
use crate::trace::listing::{Line, Listing};

fn line(n: u8) -> Line {
    Line(Listing::Task, n)
}

pub(crate) async fn run(ctx: Ctx, ops: Vec<Op>) {
    let asleep = matches!(ops.first(), Some(Op::MempoolBulk { resume: Some(r), .. }) if r.sleeping);
    if !asleep {
        ctx.emit(line(1), EventKind::TaskStart).await;
    }
    for op in ops {
        ctx.set_phase(Phase::Setup);
        run_op(&ctx, op).await;
    }
    ctx.set_phase(Phase::Setup);
    ctx.emit(line(6), EventKind::TaskDone).await;
}

async fn run_op(ctx: &Ctx, op: Op) {
    let mode = ctx.env.mode;
    match op {
        Op::MempoolBulk {
            nr,
            gfp,
            consume: eat,
            resume,
            bulk_first,
        } => {
            // What-if: the caller serializes its blocking passes as dm-crypt does.
            if ctx.env.policies.serial == Serial::All && resume.is_none() {
                serialized(ctx, gfp, nr, eat, bulk_first).await;
                return;
            }
            mempool_bulk(ctx, gfp, nr, eat, resume, bulk_first).await;
        }
        Op::Bulk { nr, gfp, array } => {
            ctx.set_phase(Phase::BulkCall);
            ctx.emit(
                Line(Listing::BulkAlloc, 1),
                EventKind::CallStart {
                    call: CallKind::PlainBulk,
                    mode,
                    gfp,
                    nr,
                    resumed: Resumed::No,
                },
            )
            .await;
            if mode == Mode::Array && array.is_none() {
                ctx.emit(Line(Listing::BulkAlloc, 1), EventKind::ArrayZero { n: nr })
                    .await;
            }
            let ret = alloc_pages_bulk(ctx, gfp, nr, mode).await;
            let end = EventKind::CallEnd {
                call: CallKind::PlainBulk,
                result: CallResult::Count(ret),
            };
            ctx.emit(Line(Listing::BulkAlloc, 14), end).await;
        }
        Op::MempoolAlloc { gfp, count } => {
            for _ in 0..count {
                if mempool_alloc(ctx, gfp, To::Held).await.is_none() {
                    break;
                }
            }
        }
        Op::DmCrypt {
            pages,
            first_pass_only,
            start_blocking,
        } => {
            crypt_alloc_buffer(ctx, pages, first_pass_only, start_blocking).await;
        }
        Op::Io { ms } => {
            let until_ms = ctx.world().now_ms + ms;
            ctx.emit(line(3), EventKind::Io { until_ms }).await;
        }
        Op::FreeAll => {
            free_partial(ctx, line(4)).await;
            if ctx.world().task(ctx.task).bio.is_some() {
                ctx.emit(line(4), EventKind::BioDrop).await;
            }
        }
        Op::Free { count } | Op::FreePages { count } => {
            let to_pool = matches!(op, Op::Free { .. });
            for _ in 0..count {
                if !give_back_one(ctx, line(4), to_pool).await {
                    break;
                }
            }
        }
        Op::Resize { min_nr } => mempool_resize(ctx, min_nr).await,
        Op::MempoolInit => {
            mempool_init(ctx).await;
        }
        Op::PcpContention { locked } => {
            ctx.emit(line(5), EventKind::PcpContention { locked }).await;
        }
    }
}

/// One mempool bulk call: Yang Shi's page-bulk pool, or a generic pool filled by `pool->alloc`
/// (v6.19 `mempool_alloc_bulk`) with or without the caller's bulk call first. Returns whether
/// every page came.
async fn mempool_bulk(
    ctx: &Ctx,
    gfp: Gfp,
    nr: u32,
    eat: bool,
    resume: Option<Resume>,
    bulk_first: bool,
) -> bool {
    let mode = ctx.env.mode;
    let first = ctx.env.first_call(bulk_first);
    if first != FirstCall::Mempool {
        let ok = mainline_bulk(ctx, gfp, nr, first == FirstCall::Caller).await;
        if ok && eat {
            ctx.emit(line(2), EventKind::BioAlloc { nr_iovecs: nr })
                .await;
            consume(ctx, nr, line(2)).await;
        }
        return ok;
    }
    if eat {
        ctx.set_phase(Phase::Consumer);
        ctx.emit(line(2), EventKind::BioAlloc { nr_iovecs: nr })
            .await;
    }
    if mode == Mode::Array && resume.is_none() {
        ctx.emit(
            Line(Listing::MempoolBulk, 1),
            EventKind::ArrayZero { n: nr },
        )
        .await;
    }
    let ok = mempool_alloc_pages_bulk(ctx, gfp, nr, resume).await;
    if ok && eat {
        consume(ctx, nr, line(2)).await;
    }
    ok
}

/// What-if (`Serial::All`): dm-crypt's pattern for any mempool bulk caller (v6.0
/// drivers/md/dm-crypt.c:1670-1687): a first call without direct reclaim and without the mutex;
/// if it falls short, give back what it got (refilling the reserve), then make the blocking
/// call under the mutex. v6.19's `mempool_alloc_bulk` has no non-blocking form (its mask is
/// GFP_KERNEL): the whole call runs under the mutex.
async fn serialized(ctx: &Ctx, gfp: Gfp, nr: u32, eat: bool, bulk_first: bool) {
    let lock_line = Line(Listing::DmCrypt, 3);
    let blocking = gfp.contains(Gfp::DIRECT_RECLAIM);
    if blocking && ctx.env.first_call(bulk_first) == FirstCall::Mempool {
        let before = ctx.world().task(ctx.task).page_count();
        if mempool_bulk(
            ctx,
            gfp.without(Gfp::DIRECT_RECLAIM),
            nr,
            eat,
            None,
            bulk_first,
        )
        .await
        {
            return;
        }
        let got = ctx
            .world()
            .task(ctx.task)
            .page_count()
            .saturating_sub(before);
        for _ in 0..got {
            if !give_back_one(ctx, line(4), true).await {
                break;
            }
        }
        if ctx.world().task(ctx.task).bio.is_some() {
            ctx.emit(line(4), EventKind::BioDrop).await;
        }
    }
    if blocking {
        ctx.set_phase(Phase::Consumer);
        ctx.emit(lock_line, EventKind::MutexLock { acquired: false })
            .await;
    }
    mempool_bulk(ctx, gfp, nr, eat, None, bulk_first).await;
    if ctx.world().task(ctx.task).holds_mutex {
        ctx.set_phase(Phase::Consumer);
        ctx.emit(
            Line(Listing::DmCrypt, 8),
            EventKind::MutexUnlock { handoff: None },
        )
        .await;
    }
}
