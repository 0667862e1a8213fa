#![cfg(not(target_arch = "wasm32"))]
//! The same scenario under each version (`view::versions`), as the compare view's "by version"
//! lanes and `sweep --by semantics` run it.

use bulkpool_allocator::scenario::presets::{find, PRESETS};
use bulkpool_allocator::trace::End;
use bulkpool_allocator::view::versions::{mode_under, under, VERSIONS};
use bulkpool_allocator::{simulate, Mode, Op, Semantics};

#[test]
fn each_version_runs_in_a_mode_it_offers() {
    assert_eq!(mode_under(Semantics::Mainline6_19, Mode::List), Mode::Array);
    assert_eq!(mode_under(Semantics::Rfc2022, Mode::Callback), Mode::List);
    assert_eq!(mode_under(Semantics::V2_2023, Mode::List), Mode::Array);
    assert_eq!(
        mode_under(Semantics::V2_2023, Mode::Callback),
        Mode::Callback
    );
    assert_eq!(mode_under(Semantics::K6_0, Mode::Callback), Mode::Callback);
}

#[test]
fn s8_under_each_version_fails_differently() {
    let s8 = find("s8").unwrap().scenario();
    let run = |sem| {
        let (mode, sc) = under(&s8, s8.mode, sem).unwrap();
        simulate(&sc, mode).unwrap()
    };
    // The RFC: both tasks drain the reserve half each and sleep on it, again and again.
    let rfc = run(Semantics::Rfc2022);
    assert_ne!(rfc.end, End::Done);
    assert!(
        rfc.final_world().work.sleeps >= 2,
        "the RFC's tasks sleep on the pool"
    );
    // 6.19 (bulk call first, as blk-crypto does): the zone is below min with nothing to
    // reclaim, so each task's GFP_NOIO bulk call loops in the page allocator and never
    // reaches the pool (domain.md §6.2e): no pool sleep at all.
    let mainline = run(Semantics::Mainline6_19);
    assert_ne!(mainline.end, End::Done);
    assert_eq!(mainline.final_world().work.sleeps, 0);
}

#[test]
fn v6_0_asks_for_the_same_pages_one_mempool_alloc_at_a_time() {
    let s1 = find("s1").unwrap().scenario();
    let (_, sc) = under(&s1, Mode::List, Semantics::K6_0).unwrap();
    assert!(
        matches!(sc.tasks[0].ops[0], Op::MempoolAlloc { count: 8, .. }),
        "{:?}",
        sc.tasks[0].ops[0]
    );
    let t = simulate(&sc, Mode::List).unwrap();
    assert_eq!(t.final_world().tasks[0].stats.bulk_calls, 0);
    assert_eq!(t.final_world().zone.stats.pgalloc, 8);
}

#[test]
fn every_preset_runs_or_says_why_under_every_version() {
    let mut ran = 0;
    for p in PRESETS.iter().filter(|p| p.id != "big") {
        let sc = p.scenario();
        for sem in VERSIONS {
            match under(&sc, sc.mode, sem) {
                Ok((mode, v)) => {
                    simulate(&v, mode).unwrap_or_else(|e| panic!("{} under {sem}: {e}", p.id));
                    ran += 1;
                }
                Err(e) => assert!(!e.is_empty()),
            }
        }
    }
    assert!(ran >= 60, "only {ran} preset × version runs");
}

#[test]
fn the_cli_links_the_compare_view_by_version() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_bulkpool"))
        .args([
            "link",
            "s8",
            "--step",
            "20",
            "--versions",
            "--base",
            "https://example.org/bp/",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    // The link the web writes for that view: its model and mode included.
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!(
            "https://example.org/bp/?v=1&m={}&s=s8&mode=list&step=20&view=versions\n",
            bulkpool_allocator::model::version::MODEL
        )
    );
}
