//! Where each step's rule comes from: a domain.md provenance tag, the function, and a link to
//! the code: a line of a released kernel (kernel.rs) or the mail of an unmerged patch. A
//! discussion mail that decided the rule may be linked beside it.

use crate::explain::kernel::{KernelLine, Kver, Site};
use crate::model::policy::{Axis, Rules, WaitLock, Wake};
use crate::model::types::Semantics;
use crate::model::world::{CallKind, CallResult};
use crate::model::zone::Mark;
use crate::trace::event::{Event, EventKind, FreeTo, From, SingleReason, To};
use crate::trace::listing::Listing;
use serde::Serialize;

/// An unmerged patch (or a series merged after v6.19), by the message id of its mail.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Patch {
    /// How the series names it: `RFC 2/4`.
    pub label: &'static str,
    pub subject: &'static str,
    /// The mail's message id (lore.kernel.org finds it).
    pub id: &'static str,
    /// The file the hunk changes.
    pub file: &'static str,
}

impl Patch {
    pub fn url(&self) -> String {
        lore_url(self.id)
    }
}

/// The code a step models.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum CodeLink {
    Kernel(KernelLine),
    Patch(Patch),
}

impl CodeLink {
    /// `mm/page_alloc.c:5399` or `RFC 2/4`.
    pub fn label(&self) -> String {
        match self {
            CodeLink::Kernel(k) => k.to_string(),
            CodeLink::Patch(p) => p.label.to_string(),
        }
    }
    pub fn url(&self) -> String {
        match self {
            CodeLink::Kernel(k) => k.url(),
            CodeLink::Patch(p) => p.url(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct SourceRef {
    /// A provenance tag, one of [`TAGS`].
    pub tag: &'static str,
    /// The function (for a kernel line, the function that contains it) or what the model does.
    pub what: &'static str,
    /// The code the step models, where it has one.
    pub code: Option<CodeLink>,
    /// A mailing-list post that decided the rule, by message id.
    pub lore: Option<&'static str>,
}

/// Every tag a step can carry, with what it means (the app's legend; a test checks that no step
/// carries a tag missing here).
pub const TAGS: [(&str, &str); 10] = [
    ("K6.0", "Linux v6.0: the step links its line of the released source."),
    ("K6.19", "Linux v6.19 (mempool_alloc_bulk), linked the same way."),
    ("K6.5+", "dm-crypt from v6.5 on (compound pages), linked to v6.19."),
    ("K7.0", "the v7.0 blk-crypto fallback, linked to its patch mail."),
    ("K5.13-5.18", "the page allocator before the May 2022 fix; no line is linked."),
    ("RFC-2022", "Yang Shi's RFC of October 2022, linked to its patch mail."),
    ("V2-2023", "Yang Shi's v2 of February 2023, linked to its patch mail."),
    ("SIMPL", "a simplification of the model, such as kswapd's fixed reclaim rate; docs/MODEL.md lists them all."),
    ("INFER", "a step with no counterpart in that kernel version."),
    ("WHAT-IF", "a design choice this version did not make; the step links the code of the version it borrows from, if any."),
];

/// `https://lore.kernel.org/all/<id>/`
pub fn lore_url(id: &str) -> String {
    format!("https://lore.kernel.org/all/{id}/")
}

/// `https://lore.kernel.org/r/<id>`: the short form, for texts (it fits a 72-column line for
/// every patch mail the model links).
pub fn lore_r(id: &str) -> String {
    format!("https://lore.kernel.org/r/{id}")
}

impl SourceRef {
    /// The discussion mail's address, if any.
    pub fn lore_url(&self) -> Option<String> {
        self.lore.map(lore_url)
    }
}

pub const MEL_CALLBACK: &str = "20221013123830.opbulq4qad56kuev@techsingularity.net";
pub const FIX_MAY_2022: &str = "20220526091210.GC3441@techsingularity.net";
pub const FOSTER: &str = "Yz7qeI0s6TjSEIFe@bfoster";

/// The patch mails the model links to (message ids as in domain.md §14; the v2 parts' ids
/// checked against the list archive, docs/MODEL.md).
pub const RFC_MEMPOOL: Patch = Patch {
    label: "RFC 2/4",
    subject: "mm: mempool: introduce page bulk allocator",
    id: "20221005180341.1738796-3-shy828301@gmail.com",
    file: "mm/mempool.c",
};
pub const RFC_DM_CRYPT: Patch = Patch {
    label: "RFC 4/4",
    subject: "md: dm-crypt: use mempool page bulk allocator",
    id: "20221005180341.1738796-5-shy828301@gmail.com",
    file: "drivers/md/dm-crypt.c",
};
pub const V2_CALLBACK: Patch = Patch {
    label: "v2 1/5",
    subject: "mm: page_alloc: add API for bulk allocator with callback",
    id: "20230214190221.1156876-2-shy828301@gmail.com",
    file: "mm/page_alloc.c",
};
pub const V2_MEMPOOL: Patch = Patch {
    label: "v2 3/5",
    subject: "mm: mempool: introduce page bulk allocator",
    id: "20230214190221.1156876-4-shy828301@gmail.com",
    file: "mm/mempool.c",
};
pub const V2_DM_CRYPT: Patch = Patch {
    label: "v2 5/5",
    subject: "md: dm-crypt: use mempool page bulk allocator",
    id: "20230214190221.1156876-6-shy828301@gmail.com",
    file: "drivers/md/dm-crypt.c",
};
pub const BLK_CRYPTO: Patch = Patch {
    label: "blk-crypto (v7.0)",
    subject: "blk-crypto: use mempool_alloc_bulk for encrypted bio page allocation",
    id: "20260109060813.2226714-1-hch@lst.de",
    file: "block/blk-crypto-fallback.c",
};

/// Every patch the model can link to.
pub const PATCHES: [Patch; 6] = [
    RFC_MEMPOOL,
    RFC_DM_CRYPT,
    V2_CALLBACK,
    V2_MEMPOOL,
    V2_DM_CRYPT,
    BLK_CRYPTO,
];

fn simpl(what: &'static str) -> SourceRef {
    SourceRef {
        tag: "SIMPL",
        what,
        code: None,
        lore: None,
    }
}

fn patch(tag: &'static str, what: &'static str, p: Patch) -> SourceRef {
    SourceRef {
        tag,
        what,
        code: Some(CodeLink::Patch(p)),
        lore: None,
    }
}

/// What a step is, in the kernel or a patch.
enum Origin {
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

/// The source of one event under the run's semantics.
/// A step's source in a run that may be a what-if (`model::policy`): a step governed by a choice
/// its version did not make is tagged WHAT-IF and links the code of the version whose
/// behaviour it borrows; every other step is `source_of` its semantics.
pub fn source_of_run(ev: &Event, rules: Rules) -> SourceRef {
    let departed = |a: Axis| rules.departures().iter().any(|(x, _)| *x == a);
    if !rules.is_what_if() {
        return source_of(ev, rules.sem);
    }
    let p = rules.policies;
    let lock_step = matches!(
        ev.kind,
        EventKind::DrainEnd { .. }
            | EventKind::PoolShort { .. }
            | EventKind::Retry { .. }
            | EventKind::Sleep { .. }
    ) && matches!(
        ev.line.0,
        Listing::MempoolBulk | Listing::MempoolAlloc | Listing::MainlineBulk
    );
    let borrowed = match ev.line.0 {
        Listing::MainlineBulk if rules.sem != Semantics::Mainline6_19 && departed(Axis::Drain) => {
            Some((
                "what-if: all-or-nothing draining, as v6.19",
                Some(Semantics::Mainline6_19),
            ))
        }
        Listing::MempoolBulk if rules.sem == Semantics::Mainline6_19 && departed(Axis::Drain) => {
            Some((
                "what-if: partial draining, as Yang Shi's series",
                Some(Semantics::Rfc2022),
            ))
        }
        _ if lock_step && departed(Axis::Lock) => Some(match p.lock {
            WaitLock::Held => (
                "what-if: the pool lock held through the wait, as v2 and v6.19",
                Some(Semantics::V2_2023),
            ),
            WaitLock::Dropped => (
                "what-if: the pool lock dropped before the wait, as the RFC",
                Some(Semantics::Rfc2022),
            ),
        }),
        _ => match ev.kind {
            EventKind::WatermarkCheck {
                mark: Mark::BulkHoles,
                ..
            } => Some(("what-if: an array charged only for its holes", None)),
            EventKind::MutexLock { .. } | EventKind::MutexUnlock { .. }
                if departed(Axis::Serial) =>
            {
                Some((
                    "what-if: blocking passes serialized as dm-crypt does",
                    Some(Semantics::K6_0),
                ))
            }
            EventKind::WakeUp { .. }
            | EventKind::Free {
                to: FreeTo::Pool, ..
            } if departed(Axis::Wake) => Some(match p.wake {
                Wake::IfSleeper => (
                    "what-if: wake only sleepers, as v6.19",
                    Some(Semantics::Mainline6_19),
                ),
                Wake::Always => ("what-if: always wake_up, as v6.0", Some(Semantics::K6_0)),
            }),
            _ => None,
        },
    };
    match borrowed {
        Some((what, from)) => {
            let code = from.map(|s| source_of(ev, s));
            SourceRef {
                tag: "WHAT-IF",
                what,
                code: code.and_then(|c| c.code),
                lore: code.and_then(|c| c.lore),
            }
        }
        None => source_of(ev, rules.sem),
    }
}

pub fn source_of(ev: &Event, sem: Semantics) -> SourceRef {
    let yang_shi = matches!(sem, Semantics::Rfc2022 | Semantics::V2_2023);
    let origin = origin(ev, sem, yang_shi);
    let series = |rfc: Patch, v2: Patch| if sem == Semantics::V2_2023 { v2 } else { rfc };
    let series_tag = if sem == Semantics::V2_2023 {
        "V2-2023"
    } else {
        "RFC-2022"
    };
    let mut src = match origin {
        Origin::Model(what) => simpl(what),
        Origin::Mempool(what) => patch(series_tag, what, series(RFC_MEMPOOL, V2_MEMPOOL)),
        Origin::DmCrypt(what) => patch(series_tag, what, series(RFC_DM_CRYPT, V2_DM_CRYPT)),
        Origin::Callback => SourceRef {
            lore: Some(MEL_CALLBACK),
            ..patch(
                "V2-2023",
                "alloc_pages_bulk_cb(): cb(page, data)",
                V2_CALLBACK,
            )
        },
        Origin::BlkCrypto(what) => patch("K7.0", what, BLK_CRYPTO),
        Origin::Kernel(site) => kernel(ev, sem, site),
    };
    // Rules a mailing-list post decided.
    src.lore = src.lore.or(match ev.kind {
        EventKind::BulkStop { .. }
        | EventKind::SinglePath {
            reason: SingleReason::NoPageYet,
        } => Some(FIX_MAY_2022),
        EventKind::CallStart {
            call: CallKind::MempoolInit,
            ..
        } if yang_shi => Some(FOSTER),
        _ => None,
    });
    src
}

/// A kernel site under the run's semantics: v6.19 lines for mainline-6.19, v6.0 lines for the
/// rest; the v5.13 page allocator has no linked source here.
fn kernel(ev: &Event, sem: Semantics, site: Site) -> SourceRef {
    let page_allocator = matches!(ev.line.0, Listing::BulkAlloc | Listing::AllocPage);
    if sem == Semantics::PreMay2022 && page_allocator {
        return SourceRef {
            tag: "K5.13-5.18",
            what: "the page allocator before the May 2022 fix and the v6.0 pcp lock",
            code: None,
            lore: None,
        };
    }
    let version = if sem == Semantics::Mainline6_19 {
        Kver::V6_19
    } else {
        Kver::V6_0
    };
    match site.line(version) {
        Some(k) => SourceRef {
            tag: match version {
                Kver::V6_19 if ev.line.0 == Listing::DmCrypt => "K6.5+",
                Kver::V6_19 => "K6.19",
                Kver::V6_0 => "K6.0",
            },
            what: k.function,
            code: Some(CodeLink::Kernel(k)),
            lore: None,
        },
        None => SourceRef {
            tag: "INFER",
            what: "a step with no counterpart in this kernel version",
            code: None,
            lore: None,
        },
    }
}

fn origin(ev: &Event, sem: Semantics, yang_shi: bool) -> Origin {
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
