#![cfg(not(target_arch = "wasm32"))]
//! The code panel lights the line of its listing that the narration talks about: for every
//! event of every preset, in every mode and semantics it allows, the lit line names what the
//! step does (its function, statement or decision).

use bulkpool_allocator::explain::code::call_path;
use bulkpool_allocator::model::world::CallKind;
use bulkpool_allocator::scenario::presets::PRESETS;
use bulkpool_allocator::trace::event::{EventKind, FailWhy, FreeTo, From};
use bulkpool_allocator::trace::listing::Listing;
use bulkpool_allocator::{simulate, Event, Mode, Semantics};

/// Words one of which the lit line must contain, or None for steps that reuse the previous
/// step's line (the scheduler's switch).
fn expected(e: &Event) -> Option<&'static [&'static str]> {
    use EventKind as K;
    use Listing as L;
    let l = e.line.0;
    Some(match e.kind {
        K::Switch { .. } => return None,
        K::KernelWarning { .. } => &["VM_WARN_ON_ONCE"],
        K::TaskStart => &["start"],
        K::TaskDone => &["done"],
        K::Io { .. } | K::IoDone { .. } => &["I/O"],
        K::KswapdReclaim { .. } | K::KswapdSleep { .. } | K::PcpContention { .. } => {
            &["background"]
        }
        K::ScenarioStop => &["retry"],
        K::CallStart { call, .. } => match call {
            CallKind::PlainBulk => &["__alloc_pages_bulk"],
            CallKind::MainlineBulk => &["zero pages[]"],
            CallKind::DmCrypt => &["gfp = GFP_NOWAIT", "gfp |= DIRECT_RECLAIM"],
            CallKind::MempoolInit => &["mempool_init"],
            CallKind::MempoolResize => &["mempool_resize"],
            CallKind::MempoolBulk | CallKind::MempoolAlloc => &["gfp |= NOMEMALLOC"],
        },
        K::CallEnd { .. } => &["return", "done"],
        K::ArrayZero { .. } => &["zero"],
        K::Round { .. } => match l {
            L::MempoolBulk => &["bulk_fn"],
            L::MempoolAlloc => &["pool->alloc"],
            _ => &["alloc_pages_bulk", "pool->alloc"],
        },
        K::BulkEnter { .. } => &["__alloc_pages_bulk"],
        K::PrefixScan { .. } => &["leading non-NULL"],
        K::BulkShortcut { .. } => &["return populated"],
        K::WatermarkCheck { .. } => match (l, e.line.1) {
            (L::BulkAlloc, _) => &["low + nr"],
            (L::AllocPage, 1) => &["free > low"],
            _ => &["free > min", "> min?"],
        },
        K::PcpLock { .. } => &["trylock", "pcp"],
        K::PcpRefill { .. } => &["refill"],
        K::Take { from, .. } => match (from, l) {
            (From::Pool, L::MempoolBulk) => &["pop(pool)"],
            (From::Pool, L::MempoolAlloc) => &["pop"],
            (From::Pool, _) => &["fill every hole"],
            (_, L::BulkAlloc) => &["deliver"],
            _ => &["take"],
        },
        K::ArraySkip { .. } => &["array[populated]", "NULL slot", "fill every hole"],
        K::BulkStop { .. } => &["!page"],
        K::SinglePath { .. } => &["single"],
        K::BulkReturn { .. } => &["return"],
        K::KswapdWake { .. } => &["kswapd", "retry"],
        K::DirectReclaim { .. } => &["direct reclaim"],
        K::DrainAllPages { .. } => &["drain_all_pages"],
        K::TooSmallToFail { .. } | K::AllocRetry => &["never fails"],
        K::AllocFail { why } => match why {
            FailWhy::NoDirectReclaim => &["DIRECT_RECLAIM"],
            FailWhy::NoRetry => &["NORETRY"],
            FailWhy::ClientLimit => &["pool->alloc", "bulk_fn"],
        },
        K::ClientLimit { .. } => &["pool->alloc", "bulk_fn"],
        K::ClientCount { delta } => match l {
            L::MempoolAlloc => &["pool->alloc"],
            L::MempoolBulk => &["bulk_fn"],
            L::MempoolFree => &["pool->free"],
            L::DmCrypt if delta > 0 => &["compound"],
            _ => &["free", "folio"],
        },
        K::DrainEnd { .. } => match l {
            L::MempoolBulk => &["unlock(pool)"],
            L::MempoolAlloc => &["curr_nr > 0"],
            _ => &["fill every hole"],
        },
        K::PoolShort { .. } => &["curr_nr < missing"],
        K::Retry { .. } => match l {
            L::DmCrypt => &["DIRECT_RECLAIM"],
            L::MainlineBulk => &["GFP_KERNEL mask"],
            _ => &["gfp_temp = gfp"],
        },
        K::Sleep { .. } | K::Timeout { .. } | K::Resume { .. } => &["sleep"],
        K::WakeUp { .. } => &["wake"],
        K::Free { to, .. } => match (to, l) {
            (FreeTo::Pool, _) => &["push(pool)"],
            (FreeTo::Pcp, L::MempoolFree) => &["pcp"],
            (FreeTo::Buddy, L::MempoolFree) => &["buddy"],
            _ => &["free"],
        },
        K::PcpDrain { .. } => &["drain"],
        K::CompoundTry { .. } => &["compound"],
        K::TakeCompound { .. } => &["take"],
        K::FreeCompound { .. } => &["folio", "free"],
        K::BioAlloc { .. } => &["bio_alloc"],
        K::BvecAdd { .. } => &["bio_add_page"],
        K::BioDrop => &["bio_put"],
        K::MutexLock { .. } => &["lock(bio_alloc_lock)"],
        K::MutexUnlock { .. } => &["unlock(bio_alloc_lock)"],
        K::Resize { .. } => &["min_nr"],
    })
}

#[test]
fn every_lit_line_names_what_the_step_does() {
    let mut checked = 0;
    // One entry per (event kind, listing, line) that disagrees, with its first occurrence.
    let mut wrong = std::collections::BTreeMap::new();
    for p in PRESETS {
        for sem in Semantics::ALL {
            for mode in Mode::ALL {
                let mut sc = p.scenario();
                sc.semantics = Some(sem);
                let Ok(t) = simulate(&sc, mode) else { continue };
                for (i, e) in t.events.iter().enumerate() {
                    let Some(words) = expected(e) else { continue };
                    let text = e.line.0.line(e.line.1);
                    checked += 1;
                    if !words.iter().any(|w| text.contains(w)) {
                        let kind = format!("{:?}", e.kind);
                        let kind = kind.split([' ', '{', '(']).next().unwrap_or("").to_string();
                        wrong
                            .entry((kind, format!("{:?}", e.line.0), e.line.1))
                            .or_insert_with(|| {
                                format!("{} {mode} {sem} step {}: lights {text:?}, expected one of {words:?}", p.id, i + 1)
                            });
                    }
                }
            }
        }
    }
    let report: Vec<String> = wrong
        .iter()
        .map(|((k, l, n), at)| format!("{k} at {l}:{n} ({at})"))
        .collect();
    assert!(
        report.is_empty(),
        "{} mismatches:\n{}",
        report.len(),
        report.join("\n")
    );
    assert!(checked > 50_000, "only {checked} steps checked");
}

/// The call path above the listing ends in the listing's own function, and a call that has
/// returned is no longer on it.
#[test]
fn call_path_ends_in_the_listings_function() {
    let mut wrong = std::collections::BTreeMap::new();
    let mut checked = 0;
    for p in PRESETS {
        for mode in Mode::ALL {
            let Ok(t) = simulate(&p.scenario(), mode) else {
                continue;
            };
            let mut world = t.state_at(0);
            for (i, e) in t.events.iter().enumerate() {
                t.seek(&mut world, i, i + 1);
                let path = call_path(&world, e);
                let title = e.line.0.title();
                let Some(last) = path.last() else { continue };
                // The task listing has no function; a switch keeps the line of the step before.
                if matches!(e.line.0, Listing::Task) || matches!(e.kind, EventKind::Switch { .. }) {
                    continue;
                }
                checked += 1;
                if !title.starts_with(last)
                    && !title.contains(&format!(" {last}("))
                    && !title.contains(&format!(", {last}("))
                {
                    wrong
                        .entry((format!("{:?}", e.line.0), path.join(" › ")))
                        .or_insert_with(|| format!("{} {mode} step {}", p.id, i + 1));
                }
            }
        }
    }
    let report: Vec<String> = wrong
        .iter()
        .map(|((l, path), at)| format!("{l}: {path} ({at})"))
        .collect();
    assert!(
        report.is_empty(),
        "{} call paths end elsewhere:\n{}",
        report.len(),
        report.join("\n")
    );
    assert!(checked > 5_000, "only {checked} steps checked");
}
