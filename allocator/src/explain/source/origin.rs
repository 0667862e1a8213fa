//! What each step is in the kernel or a patch, before the run's semantics picks the line:
//! `origin` and its helpers per listing (the page allocator, the bulk allocator, v6.19's
//! mempool_alloc_bulk, dm-crypt).

use super::*;

/// What a step is, in the kernel or a patch.
pub(super) enum Origin {
    /// A statement of a released kernel (or of v5.13–5.18, which is not linked).
    Kernel(Site),
    /// The mempool bulk patch of the run's series.
    Mempool(&'static str),
    /// The dm-crypt patch of the run's series.
    DmCrypt(&'static str),
    /// v2's callback in the bulk allocator.
    Callback,
    /// The v7.0 blk-crypto caller of `mempool_alloc_bulk`.
    BlkCrypto(&'static str),
    Model(&'static str),
}
pub(super) fn origin(ev: &Event, sem: Semantics, yang_shi: bool) -> Origin {
    use Origin::*;
    let line = ev.line;
    // Events that mean the same thing wherever they are emitted.
    match ev.kind {
        EventKind::Switch { .. } => return Model(
            "preemption at lock releases, as the scenario's preempt setting asks (docs/MODEL.md)",
        ),
        EventKind::TaskStart
        | EventKind::TaskDone
        | EventKind::Io { .. }
        | EventKind::IoDone { .. }
        | EventKind::ScenarioStop => return Model("the scenario's task program"),
        EventKind::PcpContention { .. } => return Model("a scripted remote drain"),
        EventKind::KswapdReclaim { .. } => {
            return Model("kswapd as a fixed reclaim rate (docs/MODEL.md)")
        }
        EventKind::KswapdSleep { balanced: true } => return Kernel(Site::KswapdBalanced),
        EventKind::KswapdSleep { balanced: false } => {
            return Model("kswapd gives up at once when nothing is reclaimable")
        }
        EventKind::FreeCompound { .. } => return Kernel(Site::DmFolioPut),
        EventKind::ClientCount { delta } if delta < -1 => return Kernel(Site::DmFolioUncount),
        EventKind::ClientCount { delta: -1 } => return Kernel(Site::DmPageUncount),
        EventKind::Take {
            to: To::Callback,
            from: From::Pcp,
            ..
        } => return Callback,
        EventKind::PcpRefill { .. } => return Kernel(Site::PcpRefill),
        // Without __GFP_FS, v6.0's out_of_memory() returns true without killing anything
        // (mm/oom_kill.c is in the v6.0 copy only); otherwise the retry after the OOM path.
        EventKind::TooSmallToFail { fs: false } if sem != Semantics::Mainline6_19 => {
            return Kernel(Site::OomNoFs)
        }
        _ => {}
    }
    match line.0 {
        Listing::BulkAlloc => bulk_alloc(ev),
        Listing::AllocPage => alloc_page(ev),
        Listing::MempoolAlloc => match ev.kind {
            EventKind::ClientLimit { .. } | EventKind::AllocFail { .. } if yang_shi => {
                DmCrypt("the bulk function's per-client limit")
            }
            EventKind::ClientLimit { .. } => Kernel(Site::DmPageLimit),
            EventKind::AllocFail { .. } => Kernel(Site::DmPageNull),
            EventKind::ClientCount { .. } => Kernel(Site::DmPageCount),
            EventKind::CallStart { .. } => Kernel(Site::MempoolAllocEntry),
            EventKind::KernelWarning { .. } => Kernel(Site::WarnZero),
            EventKind::Round { .. } => Kernel(Site::MempoolAllocCall),
            EventKind::Take { .. } => Kernel(Site::MempoolAllocTake),
            EventKind::DrainEnd { .. } => Kernel(Site::MempoolAllocEmpty),
            EventKind::Retry { .. } => Kernel(Site::MempoolAllocRetry),
            EventKind::CallEnd {
                result: CallResult::Bool(false),
                ..
            } => Kernel(Site::MempoolAllocNull),
            EventKind::CallEnd { .. } if line.1 == 3 => Kernel(Site::MempoolAllocGotReserve),
            EventKind::CallEnd { .. } => Kernel(Site::MempoolAllocGot),
            EventKind::Sleep { .. } | EventKind::Timeout { .. } => Kernel(Site::MempoolSleep),
            EventKind::Resume { .. } => Kernel(Site::MempoolResume),
            _ => Model("mempool_alloc"),
        },
        Listing::MempoolFree => match ev.kind {
            EventKind::Free {
                to: FreeTo::Pool, ..
            } if line.1 == 4 => Kernel(Site::MempoolFreeAddZeroMin),
            EventKind::Free {
                to: FreeTo::Pool, ..
            } => Kernel(Site::MempoolFreeAdd),
            EventKind::WakeUp { .. } => Kernel(Site::MempoolWake),
            EventKind::Free {
                from: crate::trace::event::Holding::Pool,
                ..
            } => Kernel(Site::ResizeShrinkFree),
            EventKind::Free {
                to: FreeTo::Pcp, ..
            } => Kernel(Site::FreeToPcp),
            EventKind::Free {
                to: FreeTo::Buddy, ..
            } => Kernel(Site::FreeToBuddy),
            EventKind::PcpDrain { .. } => Kernel(Site::PcpDrain),
            _ => Model("mempool_free"),
        },
        Listing::MempoolSetup => match ev.kind {
            EventKind::CallStart {
                call: CallKind::MempoolInit,
                ..
            } if yang_shi => Mempool("mempool_init_pages_bulk(): prefill with alloc_page"),
            EventKind::CallStart {
                call: CallKind::MempoolInit,
                ..
            } => Kernel(Site::InitEntry),
            EventKind::CallStart { .. } => Kernel(Site::ResizeEntry),
            EventKind::Free { .. } if line.1 == 2 => Kernel(Site::InitAdd),
            EventKind::Free { .. } => Kernel(Site::ResizeGrowAdd),
            EventKind::Resize { .. } if line.1 == 5 => Kernel(Site::ResizeSetMin),
            EventKind::Resize { .. } => Kernel(Site::ResizeGrowMin),
            EventKind::CallEnd {
                call: CallKind::MempoolInit,
                ..
            } => Kernel(Site::InitDone),
            EventKind::CallEnd { .. } => Kernel(Site::ResizeDone),
            _ => Model("mempool_init / mempool_resize"),
        },
        Listing::MempoolBulk if matches!(ev.kind, EventKind::ClientCount { .. }) => {
            DmCrypt("the bulk function counts the pages it got")
        }
        Listing::MempoolBulk => Mempool(match ev.kind {
            EventKind::Take {
                from: From::Pool, ..
            } => "pool drain, the lock dropped between elements",
            EventKind::Sleep { .. } | EventKind::Timeout { .. } => {
                "io_schedule_timeout(5*HZ) in the mempool bulk sleep"
            }
            EventKind::ArrayZero { .. } => "the caller zeroes its array",
            _ => "mempool_alloc_pages_bulk()",
        }),
        Listing::MainlineBulk => mainline(ev, sem),
        Listing::DmCrypt if yang_shi => match ev.kind {
            EventKind::ArrayZero { .. } => {
                Model("what-if: an array-mode dm-crypt (neither series had one)")
            }
            _ => DmCrypt("crypt_alloc_buffer()"),
        },
        Listing::DmCrypt => dm_crypt(ev),
        Listing::Task => match ev.kind {
            EventKind::BioAlloc { .. } | EventKind::BvecAdd { .. } | EventKind::BioDrop => {
                Model("a dm-crypt-like consumer of the pages")
            }
            _ => Model("the scenario's task program"),
        },
    }
}

fn bulk_alloc(ev: &Event) -> Origin {
    use Origin::*;
    Kernel(match ev.kind {
        EventKind::CallStart { .. } | EventKind::BulkEnter { .. } => Site::BulkEntry,
        EventKind::CallEnd { .. } => Site::BulkReturn,
        EventKind::ArrayZero { .. } => return Model("the caller zeroes its array"),
        EventKind::PrefixScan { .. } => Site::BulkPrefixScan,
        EventKind::BulkShortcut { .. } => Site::BulkAlreadyPopulated,
        EventKind::SinglePath { reason } => match reason {
            SingleReason::OnePage => Site::BulkOnePage,
            SingleReason::Watermark => Site::BulkNoZone,
            SingleReason::Trylock => Site::BulkTrylockFail,
            SingleReason::NoPageYet => Site::BulkNoAccount,
        },
        EventKind::WatermarkCheck { .. } => Site::BulkZoneMark,
        EventKind::PcpLock { .. } => Site::BulkTrylock,
        EventKind::ArraySkip { .. } => Site::BulkSkip,
        EventKind::Take { to: To::List, .. } => Site::BulkListAdd,
        EventKind::Take { .. } => Site::BulkArrayStore,
        EventKind::BulkStop { fallback: true, .. } => Site::BulkNoAccount,
        EventKind::BulkStop { .. } => Site::BulkNoPage,
        EventKind::BulkReturn { .. } if ev.line.1 == 12 => Site::BulkPgalloc,
        EventKind::BulkReturn { .. } => Site::BulkReturn,
        EventKind::ClientCount { .. } => return DmCrypt("the bulk function counts its pages"),
        _ => return Model("__alloc_pages_bulk"),
    })
}

fn alloc_page(ev: &Event) -> Origin {
    use Origin::*;
    Kernel(match ev.kind {
        EventKind::WatermarkCheck { .. } => match ev.line.1 {
            1 => Site::FastPath,
            6 => Site::ReclaimRetry,
            8 => Site::SlowRetryMin,
            _ => Site::SlowMin,
        },
        EventKind::PcpLock { .. } => Site::PcpTrylock,
        EventKind::Take {
            from: From::Pcp, ..
        } => Site::PcpTake,
        EventKind::Take { .. } | EventKind::TakeCompound { .. } => Site::BuddyTake,
        EventKind::KswapdWake {
            was_awake: false,
            balanced: true,
        } => Site::WakeKswapdBalanced,
        EventKind::KswapdWake { .. } if ev.line.1 == 8 => Site::WakeKswapdRetry,
        EventKind::KswapdWake { .. } => Site::WakeKswapd,
        EventKind::AllocFail {
            why: crate::trace::event::FailWhy::NoDirectReclaim,
        } => Site::NoDirectReclaim,
        EventKind::AllocFail { .. } => Site::NoRetry,
        EventKind::DirectReclaim { .. } => Site::DirectReclaim,
        EventKind::DrainAllPages { .. } => Site::DrainAll,
        EventKind::TooSmallToFail { .. } => Site::OomProgress,
        EventKind::AllocRetry => Site::SlowRetry,
        _ => return Model("__alloc_pages"),
    })
}

fn mainline(ev: &Event, sem: Semantics) -> Origin {
    use Origin::*;
    if sem != Semantics::Mainline6_19 {
        return Model("mempool_alloc_bulk");
    }
    Kernel(match ev.kind {
        EventKind::CallStart { .. } => {
            return BlkCrypto(
                "the caller: zero a page array, then mempool_alloc_bulk (blk-crypto calls alloc_pages_bulk in between)",
            )
        }
        EventKind::ArrayZero { .. } => return BlkCrypto("the caller zeroes its page array"),
        EventKind::Round { .. } if ev.line.1 == 1 => {
            return BlkCrypto("the caller's own alloc_pages_bulk(GFP_KERNEL)")
        }
        EventKind::CallEnd { .. } if ev.line.1 == 2 => {
            return BlkCrypto("alloc_pages_bulk filled every slot")
        }
        EventKind::Round { .. } => Site::MbAlloc,
        EventKind::ArraySkip { .. } if ev.line.1 == 3 => Site::MbSkip,
        EventKind::ArraySkip { .. } | EventKind::Take { .. } => Site::MbTake,
        EventKind::PoolShort { .. } => Site::MbShort,
        EventKind::KernelWarning { .. } => Site::WarnCountOverMinNr,
        EventKind::Sleep { .. } | EventKind::Timeout { .. } => Site::MempoolSleep,
        EventKind::Resume { .. } => Site::MempoolResume,
        EventKind::DrainEnd { .. } => Site::MbUnlock,
        EventKind::Retry { .. } => Site::MbFullMask,
        EventKind::CallEnd { .. } => Site::MbReturn,
        _ => return Model("mempool_alloc_bulk"),
    })
}

fn dm_crypt(ev: &Event) -> Origin {
    use Origin::*;
    Kernel(match ev.kind {
        // Started at the blocking pass: the line that adds DIRECT_RECLAIM.
        EventKind::CallStart { .. } if ev.line.1 == 7 => Site::DmAddDR,
        EventKind::CallStart { .. } => Site::DmEntry,
        EventKind::MutexLock { .. } => Site::DmMutexLock,
        EventKind::BioAlloc { .. } => Site::DmBioAlloc,
        EventKind::BvecAdd { .. } => Site::DmBioAdd,
        EventKind::BioDrop => Site::DmBioPut,
        EventKind::Retry { .. } => Site::DmAddDR,
        EventKind::MutexUnlock { .. } => Site::DmMutexUnlock,
        EventKind::CallEnd { .. } => Site::DmReturn,
        EventKind::CompoundTry {
            over_limit: true, ..
        } => Site::DmOverLimit,
        EventKind::CompoundTry { .. } => Site::DmCompoundTry,
        EventKind::ClientCount { .. } => Site::DmCompoundCount,
        _ => return Model("crypt_alloc_buffer"),
    })
}
