#![cfg(not(target_arch = "wasm32"))]
//! Which kernel statement each kind of step links, stated by hand: an independent check of the
//! event → `Site` mapping in `explain/source.rs`.
//!
//! `SITES` below is written from the listings' text (`trace/listing.rs`) and the kernel
//! sources, not from `source.rs`: a row says "a step of this kind, on this line of this
//! listing, is this kernel statement". For every step of every preset (every mode and
//! semantics) and of the extra scenarios that reach the remaining statements:
//! - a step that links a kernel line matches exactly one row, and links that row's site's line
//!   in the run's kernel (v6.19 for mainline-6.19, v6.0 otherwise);
//! - under k6.0 and mainline-6.19, a step that matches a row links it (none where the site does
//!   not exist in that kernel);
//! - every row is matched by some step.
//!
//! `kernel_links.rs` checks that each site's line holds the statement it names; this file
//! checks that each step links the right site. Swapping two sites in `source.rs` fails here.

use bulkpool_allocator::explain::kernel::{Kver, Site};
use bulkpool_allocator::explain::source::{source_of, CodeLink};
use bulkpool_allocator::scenario::presets::PRESETS;
use bulkpool_allocator::trace::listing::Listing;
use bulkpool_allocator::{simulate, Event, Mode, Semantics};

#[path = "kernel_links/scenarios.rs"]
mod scenarios;

/// Any line of the listing.
const ANY: u8 = 0;

/// (listing, line, step, site, only in this kernel). The step is its kind (`serde` name) and
/// `field=value` or `field!=value` conditions on its other fields.
#[rustfmt::skip]
const SITES: &[(Listing, u8, &str, Site, Option<Kver>)] = &[
    // alloc_page(): "fast: if free > low: take", "slow: … wake kswapd", "if free > min: take",
    // "if !(gfp & DIRECT_RECLAIM): fail", "retry: direct reclaim", "if progress: free > min?
    // take : drain_all_pages", "if gfp & NORETRY: fail", "never fails: … goto retry".
    (Listing::AllocPage, 1, "watermark_check mark=low", Site::FastPath, None),
    (Listing::AllocPage, 3, "watermark_check mark=min", Site::SlowMin, None),
    (Listing::AllocPage, 6, "watermark_check mark=min", Site::ReclaimRetry, None),
    (Listing::AllocPage, 8, "watermark_check mark=min", Site::SlowRetryMin, None),
    (Listing::AllocPage, 2, "kswapd_wake was_awake=true", Site::WakeKswapd, None),
    (Listing::AllocPage, 2, "kswapd_wake was_awake=false balanced=false", Site::WakeKswapd, None),
    (Listing::AllocPage, 8, "kswapd_wake balanced=false", Site::WakeKswapdRetry, None),
    // wakeup_kswapd() returns early when the node is balanced, whichever line asked.
    (Listing::AllocPage, ANY, "kswapd_wake was_awake=false balanced=true", Site::WakeKswapdBalanced, None),
    (Listing::AllocPage, ANY, "pcp_lock", Site::PcpTrylock, None),
    (Listing::AllocPage, ANY, "pcp_refill", Site::PcpRefill, None),
    (Listing::AllocPage, ANY, "take from=pcp", Site::PcpTake, None),
    (Listing::AllocPage, ANY, "take from=buddy", Site::BuddyTake, None),
    (Listing::AllocPage, ANY, "take_compound", Site::BuddyTake, None),
    (Listing::AllocPage, 4, "alloc_fail why=no_direct_reclaim", Site::NoDirectReclaim, None),
    (Listing::AllocPage, 5, "direct_reclaim", Site::DirectReclaim, None),
    (Listing::AllocPage, 6, "drain_all_pages", Site::DrainAll, None),
    (Listing::AllocPage, 7, "alloc_fail why=no_retry", Site::NoRetry, None),
    (Listing::AllocPage, 8, "alloc_retry", Site::SlowRetry, None),
    (Listing::AllocPage, 8, "too_small_to_fail fs=true", Site::OomProgress, None),
    // Without __GFP_FS v6.0's out_of_memory() returns at once (mm/oom_kill.c); v6.19 is
    // linked at the progress test.
    (Listing::AllocPage, 8, "too_small_to_fail fs=false", Site::OomNoFs, Some(Kver::V6_0)),
    (Listing::AllocPage, 8, "too_small_to_fail fs=false", Site::OomProgress, Some(Kver::V6_19)),
    // __alloc_pages_bulk(), line by line.
    (Listing::BulkAlloc, 1, "call_start call=plain_bulk", Site::BulkEntry, None),
    (Listing::BulkAlloc, 1, "bulk_enter", Site::BulkEntry, None),
    (Listing::BulkAlloc, 2, "prefix_scan", Site::BulkPrefixScan, None),
    (Listing::BulkAlloc, 3, "bulk_shortcut why=already_populated", Site::BulkAlreadyPopulated, None),
    (Listing::BulkAlloc, 3, "bulk_return", Site::BulkReturn, None),
    (Listing::BulkAlloc, 5, "watermark_check mark=bulk_low", Site::BulkZoneMark, None),
    (Listing::BulkAlloc, 6, "pcp_lock", Site::BulkTrylock, None),
    (Listing::BulkAlloc, 8, "array_skip", Site::BulkSkip, None),
    (Listing::BulkAlloc, 9, "pcp_refill", Site::PcpRefill, None),
    // "if !page: account == 0 ? unlock, goto single : break"
    (Listing::BulkAlloc, 10, "bulk_stop fallback=false", Site::BulkNoPage, None),
    (Listing::BulkAlloc, 10, "bulk_stop fallback=true", Site::BulkNoAccount, None),
    (Listing::BulkAlloc, 11, "take to=list", Site::BulkListAdd, None),
    (Listing::BulkAlloc, 11, "take to=array", Site::BulkArrayStore, None),
    (Listing::BulkAlloc, 12, "bulk_return", Site::BulkPgalloc, None),
    // The four ways to "single:": each reason is the `goto failed` of its own test.
    (Listing::BulkAlloc, 13, "single_path reason=one_page", Site::BulkOnePage, None),
    (Listing::BulkAlloc, 13, "single_path reason=watermark", Site::BulkNoZone, None),
    (Listing::BulkAlloc, 13, "single_path reason=trylock", Site::BulkTrylockFail, None),
    (Listing::BulkAlloc, 13, "single_path reason=no_page_yet", Site::BulkNoAccount, None),
    (Listing::BulkAlloc, 14, "bulk_return", Site::BulkReturn, None),
    (Listing::BulkAlloc, 14, "call_end call=plain_bulk", Site::BulkReturn, None),
    // crypt_alloc_buffer().
    (Listing::DmCrypt, 1, "call_start call=dm_crypt", Site::DmEntry, None),
    (Listing::DmCrypt, 3, "mutex_lock", Site::DmMutexLock, None),
    (Listing::DmCrypt, 4, "bio_alloc", Site::DmBioAlloc, None),
    (Listing::DmCrypt, 5, "compound_try over_limit=false", Site::DmCompoundTry, None),
    (Listing::DmCrypt, 5, "compound_try over_limit=true", Site::DmOverLimit, None),
    (Listing::DmCrypt, 5, "client_count", Site::DmCompoundCount, None),
    (Listing::DmCrypt, 6, "bvec_add", Site::DmBioAdd, None),
    (Listing::DmCrypt, 7, "bio_drop", Site::DmBioPut, None),
    // "gfp |= DIRECT_RECLAIM; goto retry", and a call started at that blocking pass.
    (Listing::DmCrypt, 7, "retry", Site::DmAddDR, None),
    (Listing::DmCrypt, 7, "call_start call=dm_crypt", Site::DmAddDR, None),
    (Listing::DmCrypt, 8, "mutex_unlock", Site::DmMutexUnlock, None),
    (Listing::DmCrypt, 8, "call_end call=dm_crypt", Site::DmReturn, None),
    // mempool_alloc(); pool->alloc is dm-crypt's crypt_page_alloc.
    (Listing::MempoolAlloc, 1, "call_start call=mempool_alloc", Site::MempoolAllocEntry, None),
    (Listing::MempoolAlloc, 1, "kernel_warning", Site::WarnZero, None),
    (Listing::MempoolAlloc, 2, "round", Site::MempoolAllocCall, None),
    (Listing::MempoolAlloc, 2, "client_limit", Site::DmPageLimit, None),
    (Listing::MempoolAlloc, 2, "alloc_fail why=client_limit", Site::DmPageNull, None),
    (Listing::MempoolAlloc, 2, "client_count", Site::DmPageCount, None),
    (Listing::MempoolAlloc, 2, "call_end result=true", Site::MempoolAllocGot, None),
    (Listing::MempoolAlloc, 3, "take from=pool", Site::MempoolAllocTake, None),
    (Listing::MempoolAlloc, 3, "drain_end", Site::MempoolAllocEmpty, None),
    (Listing::MempoolAlloc, 3, "call_end result=true", Site::MempoolAllocGotReserve, None),
    (Listing::MempoolAlloc, 4, "retry", Site::MempoolAllocRetry, None),
    (Listing::MempoolAlloc, 5, "call_end result=false", Site::MempoolAllocNull, None),
    (Listing::MempoolAlloc, 6, "sleep", Site::MempoolSleep, None),
    (Listing::MempoolAlloc, 6, "resume", Site::MempoolResume, None),
    (Listing::MempoolAlloc, 6, "timeout", Site::MempoolSleep, None),
    // mempool_free(): line 1 adds to the reserve and wakes; line 2 is pool->free (also of the
    // elements a shrinking mempool_resize drops); line 4 is v6.19's zero-minimum pool.
    (Listing::MempoolFree, 1, "free to=pool", Site::MempoolFreeAdd, None),
    (Listing::MempoolFree, 1, "wake_up", Site::MempoolWake, None),
    (Listing::MempoolFree, 2, "free from!=pool to=pcp", Site::FreeToPcp, None),
    (Listing::MempoolFree, 2, "free from!=pool to=buddy", Site::FreeToBuddy, None),
    (Listing::MempoolFree, 2, "free from=pool", Site::ResizeShrinkFree, None),
    (Listing::MempoolFree, 2, "client_count", Site::DmPageUncount, None),
    (Listing::MempoolFree, 3, "pcp_drain", Site::PcpDrain, None),
    (Listing::MempoolFree, 4, "free to=pool", Site::MempoolFreeAddZeroMin, None),
    (Listing::MempoolFree, 4, "wake_up", Site::MempoolWake, None),
    // mempool_init_node() and mempool_resize().
    (Listing::MempoolSetup, 1, "call_start call=mempool_init", Site::InitEntry, None),
    (Listing::MempoolSetup, 2, "free to=pool", Site::InitAdd, None),
    (Listing::MempoolSetup, 3, "call_end call=mempool_init", Site::InitDone, None),
    (Listing::MempoolSetup, 4, "call_start call=mempool_resize", Site::ResizeEntry, None),
    (Listing::MempoolSetup, 5, "resize", Site::ResizeSetMin, None),
    (Listing::MempoolSetup, 6, "resize", Site::ResizeGrowMin, None),
    (Listing::MempoolSetup, 7, "free to=pool", Site::ResizeGrowAdd, None),
    (Listing::MempoolSetup, 8, "call_end call=mempool_resize", Site::ResizeDone, None),
    // v6.19's mempool_alloc_bulk (lines 1 and 2 are the blk-crypto caller, a patch mail).
    (Listing::MainlineBulk, 2, "kernel_warning", Site::WarnCountOverMinNr, Some(Kver::V6_19)),
    (Listing::MainlineBulk, 3, "round", Site::MbAlloc, None),
    (Listing::MainlineBulk, 3, "array_skip", Site::MbSkip, None),
    (Listing::MainlineBulk, 4, "call_end", Site::MbReturn, None),
    (Listing::MainlineBulk, 5, "pool_short", Site::MbShort, None),
    (Listing::MainlineBulk, 5, "take from=pool", Site::MbTake, None),
    (Listing::MainlineBulk, 5, "drain_end", Site::MbUnlock, None),
    (Listing::MainlineBulk, 5, "sleep", Site::MempoolSleep, None),
    (Listing::MainlineBulk, 5, "resume", Site::MempoolResume, None),
    (Listing::MainlineBulk, 5, "timeout", Site::MempoolSleep, None),
    (Listing::MainlineBulk, 6, "retry", Site::MbFullMask, None),
    // The task's program: "mempool_free() every page (folio_put a large folio)", kswapd.
    (Listing::Task, 4, "free_compound", Site::DmFolioPut, None),
    (Listing::Task, 4, "client_count", Site::DmFolioUncount, None),
    (Listing::Task, 5, "kswapd_sleep balanced=true", Site::KswapdBalanced, None),
];

/// Whether `ev` is the step `pattern` describes.
fn matches(ev: &Event, pattern: &str) -> bool {
    let json = serde_json::to_value(ev.kind).unwrap();
    let field = |name: &str| match json.get(name) {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
        None => String::new(),
    };
    let mut words = pattern.split(' ');
    if words.next() != Some(field("kind").as_str()) {
        return false;
    }
    words.all(|w| match w.split_once("!=") {
        Some((name, value)) => field(name) != value,
        None => {
            let (name, value) = w.split_once('=').expect("field=value");
            field(name) == value
        }
    })
}

fn runs() -> Vec<(bulkpool_allocator::Scenario, Mode)> {
    let mut runs = scenarios::extra();
    for p in PRESETS {
        for sem in Semantics::ALL {
            for mode in Mode::ALL {
                let mut sc = p.scenario();
                sc.semantics = Some(sem);
                runs.push((sc, mode));
            }
        }
    }
    runs
}

#[test]
fn every_kernel_linked_step_links_the_site_the_table_names() {
    let mut used = vec![0usize; SITES.len()];
    let mut checked = 0usize;
    let mut errors = Vec::new();
    for (sc, mode) in runs() {
        let Ok(t) = simulate(&sc, mode) else {
            continue;
        };
        let sem = t.semantics;
        let version = if sem == Semantics::Mainline6_19 {
            Kver::V6_19
        } else {
            Kver::V6_0
        };
        for (i, ev) in t.events.iter().enumerate() {
            let linked = match source_of(ev, sem).code {
                Some(CodeLink::Kernel(k)) => Some(k),
                _ => None,
            };
            let rows: Vec<usize> = (0..SITES.len())
                .filter(|&r| {
                    let (listing, line, pattern, _, only) = SITES[r];
                    listing == ev.line.0
                        && (line == ANY || line == ev.line.1)
                        && only.is_none_or(|v| v == version)
                        && matches(ev, pattern)
                })
                .collect();
            let at = || format!("{} {mode} {sem} step {}: {ev:?}", sc.name, i + 1);
            if rows.len() > 1 {
                errors.push(format!("{}: rows {rows:?} all match", at()));
                continue;
            }
            let kernel_sem = matches!(sem, Semantics::K6_0 | Semantics::Mainline6_19);
            match (rows.first(), linked) {
                (Some(&r), linked) if linked.is_some() || kernel_sem => {
                    used[r] += 1;
                    checked += 1;
                    let site = SITES[r].3;
                    let want = site.line(version);
                    if linked != want {
                        errors.push(format!(
                            "{}: links {:?}, but the step is {site:?} ({:?})",
                            at(),
                            linked.map(|k| k.to_string()),
                            want.map(|k| k.to_string())
                        ));
                    }
                }
                (None, Some(k)) => {
                    errors.push(format!("{}: links {k}, a step no row describes", at()))
                }
                _ => {}
            }
        }
        if errors.len() > 20 {
            break;
        }
    }
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    let unused: Vec<String> = (0..SITES.len())
        .filter(|&r| used[r] == 0)
        .map(|r| format!("{:?}", SITES[r]))
        .collect();
    assert!(unused.is_empty(), "rows no step matches: {unused:#?}");
    assert!(checked > 10_000, "only {checked} steps checked");
}

#[test]
fn a_pattern_names_the_kind_and_its_fields() {
    use bulkpool_allocator::trace::event::{EventKind, Phase, SingleReason};
    use bulkpool_allocator::trace::listing::Line;
    let ev = Event {
        task: 0,
        phase: Phase::BulkCall,
        line: Line(Listing::BulkAlloc, 13),
        kind: EventKind::SinglePath {
            reason: SingleReason::Watermark,
        },
    };
    assert!(matches(&ev, "single_path"));
    assert!(matches(&ev, "single_path reason=watermark"));
    assert!(!matches(&ev, "single_path reason=trylock"));
    assert!(matches(&ev, "single_path reason!=trylock"));
    assert!(!matches(&ev, "bulk_stop"));
}
