//! Where each step's rule comes from: a domain.md provenance tag, the kernel function or patch,
//! and a lore message id where a mailing-list post decided it.

use crate::event::{Event, EventKind, FreeTo, From, Listing, SingleReason, To};
use crate::types::Semantics;
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct SourceRef {
    /// A domain.md tag: `K6.0`, `K5.13-5.19`, `K6.19`, `RFC-2022`, `V2-2023`, `SIMPL`.
    pub tag: &'static str,
    /// The kernel file and function, or the patch.
    pub what: &'static str,
    /// A lore.kernel.org message id, when a post is the source.
    pub lore: Option<&'static str>,
}

const MEL_CALLBACK: &str = "20221013123830.opbulq4qad56kuev@techsingularity.net";
const FIX_MAY_2022: &str = "20220526091210.GC3441@techsingularity.net";
const RFC_2_4: &str = "20221005180341.1738796-3-shy828301@gmail.com";
const V2_0_5: &str = "20230214190221.1156876-1-shy828301@gmail.com";
const HCH_MEMPOOL: &str = "20251111135300.752962-1-hch@lst.de";
const FOSTER: &str = "Yz7qeI0s6TjSEIFe@bfoster";

fn s(tag: &'static str, what: &'static str, lore: Option<&'static str>) -> SourceRef {
    SourceRef { tag, what, lore }
}

impl SourceRef {
    /// `https://lore.kernel.org/all/<id>/` for the lore id, if any.
    pub fn lore_url(&self) -> Option<String> {
        self.lore
            .map(|id| format!("https://lore.kernel.org/all/{id}/"))
    }
}

/// The source of one event under the run's semantics.
pub fn source_of(ev: &Event, sem: Semantics) -> SourceRef {
    let series = if sem == Semantics::V2_2023 {
        ("V2-2023", V2_0_5)
    } else {
        ("RFC-2022", RFC_2_4)
    };
    match ev.kind {
        EventKind::Take {
            to: To::Callback, ..
        } => s(
            "V2-2023",
            "alloc_pages_bulk_cb(): cb(page, data)",
            Some(MEL_CALLBACK),
        ),
        EventKind::BulkStop {
            fallback: false,
            account: 0,
            ..
        } if sem == Semantics::PreMay2022 => s(
            "K5.13-5.19",
            "__alloc_pages_bulk(): `if (!nr_populated)`",
            Some(FIX_MAY_2022),
        ),
        EventKind::BulkStop { fallback: true, .. }
        | EventKind::SinglePath {
            reason: SingleReason::NoPageYet,
        } => s(
            "K6.0",
            "__alloc_pages_bulk(): `if (!nr_account)`",
            Some(FIX_MAY_2022),
        ),
        EventKind::PcpLock { trylock: true, .. }
        | EventKind::SinglePath {
            reason: SingleReason::Trylock,
        } => s("K6.0", "pcp_spin_trylock_irqsave() (mm/page_alloc.c)", None),
        EventKind::WakeUp { .. }
        | EventKind::Free {
            to: FreeTo::Pool, ..
        } if sem == Semantics::Mainline6_19 => s(
            "K6.19",
            "mempool_free_bulk() (mm/mempool.c)",
            Some(HCH_MEMPOOL),
        ),
        EventKind::DirectReclaim { .. }
        | EventKind::KswapdReclaim { .. }
        | EventKind::KswapdSleep => s("SIMPL", "reclaim as a counter (domain.md §6, §12)", None),
        EventKind::Switch { .. } => s("SIMPL", "preemption at lock releases (domain.md §10)", None),
        EventKind::Timeout { .. } | EventKind::Sleep { .. }
            if ev.line.0 == Listing::MempoolBulk =>
        {
            s(
                series.0,
                "io_schedule_timeout(5 * HZ) in the mempool bulk sleep",
                Some(series.1),
            )
        }
        EventKind::Take {
            from: From::Pool, ..
        } if ev.line.0 == Listing::MempoolBulk => s(
            series.0,
            "pool drain, lock dropped between elements",
            Some(series.1),
        ),
        _ => match ev.line.0 {
            Listing::MempoolBulk => s(series.0, "mempool_alloc_pages_bulk()", Some(series.1)),
            Listing::BulkAlloc if sem == Semantics::PreMay2022 => {
                s("K5.13-5.19", "__alloc_pages_bulk() (mm/page_alloc.c)", None)
            }
            Listing::BulkAlloc => s("K6.0", "__alloc_pages_bulk() (mm/page_alloc.c)", None),
            Listing::AllocPage => s(
                "K6.0",
                "__alloc_pages(), get_page_from_freelist(), rmqueue()",
                None,
            ),
            Listing::MempoolAlloc
                if matches!(ev.kind, EventKind::CallStart { .. })
                    && matches!(sem, Semantics::Rfc2022 | Semantics::V2_2023) =>
            {
                s(
                    series.0,
                    "mempool_init_pages_bulk(): prefill with alloc_page",
                    Some(FOSTER),
                )
            }
            Listing::MempoolAlloc => s("K6.0", "mempool_alloc() (mm/mempool.c)", None),
            Listing::MempoolFree => s("K6.0", "mempool_free(), free_unref_page()", None),
            Listing::MainlineBulk => s(
                "K6.19",
                "mempool_alloc_bulk() + blk-crypto fallback",
                Some(HCH_MEMPOOL),
            ),
            Listing::DmCrypt if sem == Semantics::K6_0 => {
                s("K6.0", "crypt_alloc_buffer() (drivers/md/dm-crypt.c)", None)
            }
            Listing::DmCrypt => s(
                series.0,
                "dm-crypt: use mempool page bulk allocator",
                Some(series.1),
            ),
            Listing::Task => s("SIMPL", "the scenario's task program", None),
        },
    }
}
