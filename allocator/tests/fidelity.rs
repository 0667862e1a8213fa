#![cfg(not(target_arch = "wasm32"))]
//! Regression tests for the fidelity review of 2026-11-26 (../shared/fidelity/findings.md):
//! each finding's reproducing scenario, and each corrected rule on the smallest scenario that
//! shows it. Invariants and the sleep/wake guarantees are checked after every event.

mod common;

use bulkpool_allocator::explain::source::{source_of, CodeLink};
use bulkpool_allocator::model::world::{CallResult, TaskState};
use bulkpool_allocator::scenario::{Op, PcpSpec, PoolSpec, Preempt, TaskSpec, ZoneSpec};
use bulkpool_allocator::trace::event::{EventKind, FreeTo, Holding};
use bulkpool_allocator::trace::listing::Listing;
use bulkpool_allocator::trace::End;
use bulkpool_allocator::{Gfp, Mode, Scenario, Semantics, Trace};
use common::*;

fn scenario_file(name: &str) -> Scenario {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/scenarios")
        .join(name);
    Scenario::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn sleeps(t: &Trace, task: u8) -> Vec<(usize, u32)> {
    let mut out = Vec::new();
    for (i, e) in t.events.iter().enumerate() {
        if e.task == task && matches!(e.kind, EventKind::Sleep { .. }) {
            out.push((i, t.state_at(i).curr_nr()));
        }
    }
    out
}

/// F1. The 6.19 free decides whether to wake after its element is in and with no switch in
/// between; the sleeper tests the reserve and joins the queue under one lock hold.
#[test]
fn f1_the_lost_wakeup_scenario_never_times_out() {
    // As filed: A's own alloc_pages_bulk(GFP_NOIO) comes first. Below min with nothing to
    // reclaim that call never returns (too small to fail), so A never reaches the pool.
    let sc = scenario_file("lost_wakeup_619.json");
    let t = run_checked(&sc, Mode::Array);
    assert_eq!(t.summary().tasks[0].timeouts, 0);
    assert_eq!(t.end, End::Stalled);
    assert!(matches!(
        t.final_world().task(0).state,
        TaskState::RetryingAlloc { .. }
    ));
    // The same with mempool_alloc_bulk alone: A sleeps needing 3 beside 2, B's second free
    // wakes it, and A takes all 3 at t = 0.
    let sc = scenario_file("lost_wakeup_619_pool_only.json");
    let t = run_checked(&sc, Mode::Array);
    check_sleep_wake(&t).unwrap();
    let s = t.summary();
    assert_eq!(
        (s.tasks[0].result, s.tasks[0].sleeps, s.tasks[0].timeouts),
        (Some(CallResult::Bool(true)), 1, 0)
    );
    assert_eq!(t.final_world().now_ms, 0);
    let wakes: Vec<u32> = picked(&t, |k| match *k {
        EventKind::WakeUp { woken } => Some(woken),
        _ => None,
    });
    assert_eq!(
        wakes,
        vec![1],
        "one wake-up: the free after A is on the queue"
    );
}

/// F2. v6.0 `mempool_alloc` holds the pool lock from the empty test to `prepare_to_wait`.
#[test]
fn f2_mempool_alloc_never_sleeps_beside_a_page() {
    let sc = scenario_file("window_k60.json");
    let t = run_checked(&sc, Mode::List);
    check_sleep_wake(&t).unwrap();
    let a = sleeps(&t, 0);
    assert!(!a.is_empty());
    assert!(a.iter().all(|&(_, curr)| curr == 0), "{a:?}");
    for (i, e) in t.events.iter().enumerate() {
        // No other task runs between A's "reserve empty" and what A does next.
        if e.task == 0 && matches!(e.kind, EventKind::DrainEnd { .. }) {
            assert_eq!(t.events[i + 1].task, 0, "step {}", i + 2);
        }
    }
    assert_eq!(t.summary().tasks[0].result, Some(CallResult::Bool(true)));
    assert_eq!(t.summary().tasks[0].timeouts, 0);
}

/// F2, the RFC: it unlocks after the drain, so B's free and its wake-up of an empty queue fit
/// in before A sleeps; A then sleeps 5 s beside the page it needs. v2 and v6.19 cannot.
#[test]
fn f2_s8d_shows_the_rfc_window_and_no_other_version_has_it() {
    let t = run("s8d", Mode::Array);
    let a = sleeps(&t, 0);
    assert_eq!(a.len(), 1);
    assert!(a[0].1 >= 1, "A sleeps beside a reserve of {}", a[0].1);
    let wake = t
        .events
        .iter()
        .position(|e| matches!(e.kind, EventKind::WakeUp { woken: 0 }))
        .unwrap();
    assert!(
        wake < a[0].0,
        "B's wake_up finds an empty queue before A sleeps"
    );
    assert!(t.events.iter().any(|e| e.kind
        == EventKind::Timeout {
            task: 0,
            at_ms: 5_000
        }));
    assert!(
        check_sleep_wake(&t).is_err(),
        "the RFC breaks the guarantee"
    );
    assert_eq!(t.final_world().now_ms, 5_000);
    for sem in [Semantics::V2_2023, Semantics::Mainline6_19] {
        let t = run_with("s8d", Mode::Array, sem);
        check_sleep_wake(&t).unwrap();
        let s = t.summary();
        assert_eq!(
            (s.tasks[0].result, s.tasks[0].timeouts),
            (Some(CallResult::Bool(true)), 0),
            "{sem}"
        );
        assert_eq!(t.final_world().now_ms, 0, "{sem}: no 5 s wait");
    }
}

/// F3, F5 (domain.md §8.4). The RFC's dm-crypt takes pages off the list tail (`lru_to_page`),
/// so the bio gets them in allocation order: S2's 229, 230, 231, then 216 to 220.
#[test]
fn f3_rfc_list_pages_enter_the_bio_in_allocation_order() {
    let t = run("s2", Mode::List);
    let bio = t.final_world().task(0).bio.clone().unwrap();
    let pages: Vec<u32> = bio.bvecs.iter().map(|v| v.page).collect();
    assert_eq!(pages, vec![229, 230, 231, 216, 217, 218, 219, 220]);
}

/// F8. The RFC allocates its clone bio once, above `retry:`; v6.0 and v2 once per attempt.
#[test]
fn f8_the_rfc_allocates_one_bio_for_every_attempt() {
    let count = |t: &Trace, task: u8, f: fn(&EventKind) -> bool| {
        t.events
            .iter()
            .filter(|e| e.task == task && e.line.0 == Listing::DmCrypt && f(&e.kind))
            .count()
    };
    let bio = |k: &EventKind| matches!(k, EventKind::BioAlloc { .. });
    let drop = |k: &EventKind| matches!(k, EventKind::BioDrop);
    for (sem, mode, allocs) in [
        (Semantics::Rfc2022, Mode::List, 1),
        (Semantics::V2_2023, Mode::Callback, 2),
        (Semantics::K6_0, Mode::List, 2),
    ] {
        let t = run_with("s8b", mode, sem);
        // B fails its non-blocking pass, then succeeds under the mutex.
        assert_eq!(count(&t, 1, bio), allocs, "{sem}");
        assert_eq!(count(&t, 1, drop), allocs - 1, "{sem}");
    }
}

/// F9. Freeing walks the bio front to back (`bio_for_each_segment_all`).
#[test]
fn f9_frees_walk_the_bio_from_its_first_bvec() {
    let t = run("s8b", Mode::List);
    let i = t
        .events
        .iter()
        .position(|e| {
            e.task == 0
                && matches!(
                    e.kind,
                    EventKind::Free {
                        from: Holding::Bio,
                        ..
                    }
                )
        })
        .unwrap();
    let before = t.state_at(i);
    let first = before.task(0).bio.as_ref().unwrap().bvecs[0].page;
    match t.events[i].kind {
        EventKind::Free { pfn, pos, .. } => assert_eq!((pfn, pos), (first, 0)),
        _ => unreachable!(),
    }
}

fn tiny(semantics: Semantics, pool: PoolSpec, ops: Vec<Op>, holds: u32) -> Scenario {
    Scenario {
        semantics: Some(semantics),
        mode: Mode::Array,
        zone: ZoneSpec {
            free: Some(800),
            ..ZoneSpec::default()
        },
        pool: Some(pool),
        tasks: vec![TaskSpec {
            name: "A".into(),
            holds,
            ops,
        }],
        ..Scenario::default()
    }
}

/// F10. v6.19 keeps one element in a zero-minimum pool and refills it when it is empty.
#[test]
fn f10_a_zero_minimum_pool_holds_one_element_under_6_19() {
    let pool = PoolSpec {
        min_nr: 0,
        curr_nr: Some(0),
        ..PoolSpec::default()
    };
    let t = run_checked(
        &tiny(
            Semantics::Mainline6_19,
            pool.clone(),
            vec![Op::MempoolInit, Op::Free { count: 1 }],
            1,
        ),
        Mode::Array,
    );
    let after_init = t
        .events
        .iter()
        .position(|e| matches!(e.kind, EventKind::CallEnd { .. }))
        .unwrap();
    assert_eq!(
        t.state_at(after_init + 1).curr_nr(),
        1,
        "init fills max(1, 0)"
    );
    // The reserve is full (1 of a zero minimum): the free goes to the page allocator.
    assert_eq!(t.final_world().curr_nr(), 1);
    // An empty zero-minimum pool takes the freed element.
    let t = run_checked(
        &tiny(
            Semantics::Mainline6_19,
            pool.clone(),
            vec![Op::Free { count: 1 }],
            1,
        ),
        Mode::Array,
    );
    assert_eq!(t.final_world().curr_nr(), 1);
    // v6.0 has no such case: the page goes back to the page allocator.
    let t = run_checked(
        &tiny(Semantics::K6_0, pool, vec![Op::Free { count: 1 }], 1),
        Mode::Array,
    );
    assert_eq!(t.final_world().curr_nr(), 0);
}

/// F12. PGFREE on the pcp-trylock-failure path: v6.0's free_one_page does not count it,
/// v6.19's does.
#[test]
fn f12_pgfree_counts_the_trylock_failure_free_only_in_6_19() {
    for (sem, pgfree) in [(Semantics::K6_0, 0), (Semantics::Mainline6_19, 1)] {
        let mut sc = tiny(
            sem,
            PoolSpec::default(),
            vec![Op::FreePages { count: 1 }],
            1,
        );
        sc.pcp = PcpSpec {
            locked_by_other: true,
            ..PcpSpec::default()
        };
        let t = run_checked(&sc, Mode::Array);
        assert!(t.events.iter().any(|e| matches!(
            e.kind,
            EventKind::Free {
                to: FreeTo::Buddy,
                ..
            }
        )));
        assert_eq!(t.final_world().zone.stats.pgfree, pgfree, "{sem}");
    }
}

fn below_min(reclaimable: u32, kswapd_rate: u32, pcp: u32) -> Scenario {
    Scenario {
        semantics: Some(Semantics::K6_0),
        mode: Mode::Array,
        horizon_ms: 2_000,
        zone: ZoneSpec {
            free: Some(30),
            reclaimable_clean: reclaimable,
            kswapd_rate,
            ..ZoneSpec::default()
        },
        pcp: PcpSpec {
            count: pcp,
            ..PcpSpec::default()
        },
        pool: None,
        tasks: vec![TaskSpec {
            name: "A".into(),
            holds: 0,
            ops: vec![Op::Bulk {
                nr: 1,
                gfp: Gfp::GFP_KERNEL,
                array: None,
            }],
        }],
        ..Scenario::default()
    }
}

/// F4, F5 (domain.md §6.2d, §6.2e). Without progress the freelists are not retried and an
/// order-0 request without NORETRY never fails: the task loops until memory is freed.
#[test]
fn f5_too_small_to_fail_loops_instead_of_failing() {
    let t = run_checked(&below_min(0, 0, 0), Mode::Array);
    assert_eq!(t.end, End::Stalled);
    assert!(matches!(
        t.final_world().task(0).state,
        TaskState::RetryingAlloc { .. }
    ));
    assert!(!t
        .events
        .iter()
        .any(|e| matches!(e.kind, EventKind::AllocFail { .. })));
    let reclaim = t
        .events
        .iter()
        .position(|e| matches!(e.kind, EventKind::DirectReclaim { freed: 0, .. }))
        .unwrap();
    assert!(
        matches!(
            t.events[reclaim + 1].kind,
            EventKind::TooSmallToFail { fs: true }
        ),
        "no freelist retry after a reclaim without progress"
    );
    // kswapd's reclaim grows the buddy: the task runs again and gets its page.
    // GFP_NOIO: direct reclaim may not write the dirty pages back, kswapd may.
    let mut sc = below_min(0, 0, 0);
    sc.zone.kswapd_rate = 8;
    sc.zone.reclaimable_dirty = 16;
    sc.tasks[0].ops[0] = Op::Bulk {
        nr: 1,
        gfp: Gfp::GFP_NOIO,
        array: None,
    };
    let t = run_checked(&sc, Mode::Array);
    assert_eq!(t.end, End::Done);
    assert!(t.events.iter().any(|e| e.kind == EventKind::AllocRetry));
    assert_eq!(t.summary().tasks[0].result, Some(CallResult::Count(1)));
}

/// F4 (domain.md §6.2d). Reclaimed pages land on the pcp, unseen by the watermark; a failed
/// retry drains every pcp into the buddy and tries once more.
#[test]
fn f4_reclaim_frees_to_the_pcp_and_drain_all_pages_makes_them_count() {
    let t = run_checked(&below_min(10, 0, 0), Mode::Array);
    let kinds: Vec<EventKind> = t
        .events
        .iter()
        .map(|e| e.kind)
        .filter(|k| {
            matches!(
                k,
                EventKind::DirectReclaim { .. }
                    | EventKind::DrainAllPages { .. }
                    | EventKind::WatermarkCheck { .. }
            )
        })
        .collect();
    let reclaim = kinds
        .iter()
        .position(|k| matches!(k, EventKind::DirectReclaim { .. }))
        .unwrap();
    assert!(matches!(
        kinds[reclaim],
        EventKind::DirectReclaim {
            freed: 10,
            drains: 0,
            ..
        }
    ));
    match (kinds[reclaim + 1], kinds[reclaim + 2], kinds[reclaim + 3]) {
        (
            EventKind::WatermarkCheck { check: a, .. },
            EventKind::DrainAllPages { moved: 10, .. },
            EventKind::WatermarkCheck { check: b, .. },
        ) => {
            assert_eq!(
                (a.free, a.ok),
                (30, false),
                "10 pages on the pcp do not count"
            );
            assert_eq!((b.free, b.ok), (40, true), "after drain_all_pages they do");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(t.summary().tasks[0].result, Some(CallResult::Count(1)));
}

/// F6. The v6.5+ compound-page dm-crypt is Patocka's, linked to v6.19's dm-crypt.c; no s15
/// step is tagged RFC.
#[test]
fn f6_compound_page_steps_are_v6_5_plus_not_rfc() {
    for id in ["s15", "s15b", "s15c"] {
        let t = run(id, Mode::List);
        for e in &t.events {
            let src = source_of(e, t.semantics);
            assert!(
                !src.tag.starts_with("RFC") && !src.tag.starts_with("V2"),
                "{id}: {e:?}"
            );
            if e.line.0 == Listing::DmCrypt {
                if let Some(CodeLink::Kernel(k)) = src.code {
                    assert_eq!(src.tag, "K6.5+");
                    assert_eq!(k.file, "drivers/md/dm-crypt.c");
                }
            }
        }
    }
    // Under v6.0 the per-page flow is v6.0's crypt_alloc_buffer.
    let t = run_with("s13", Mode::List, Semantics::K6_0);
    let e = t
        .events
        .iter()
        .find(|e| e.line.0 == Listing::DmCrypt)
        .unwrap();
    assert_eq!(source_of(e, Semantics::K6_0).tag, "K6.0");
}

/// F7, B-H2. The scenario that stops after dm-crypt's first pass says so; mempool_alloc
/// returns a page or NULL.
#[test]
fn f7_no_narration_claims_a_kernel_impossible_result() {
    use bulkpool_allocator::explain::narrate::narrate;
    for (id, sem) in [
        ("s4", Semantics::Rfc2022),
        ("s4", Semantics::K6_0),
        ("s13", Semantics::K6_0),
    ] {
        let t = run_with(id, Mode::List, sem);
        let mut w = t.initial.clone();
        let names = |i: u8| t.task_name(i).to_string();
        for e in &t.events {
            let mut ev = *e;
            w.apply(&mut ev);
            let text = narrate(e, &w, t.rules(), &names);
            assert!(!text.contains("crypt_alloc_buffer returns false"), "{text}");
            assert!(!text.contains("mempool_alloc returns true"), "{text}");
            assert!(!text.contains("mempool_alloc returns false"), "{text}");
        }
    }
}

/// Preemption at every lock in a 6.19 run with many frees: the guarantees hold throughout.
#[test]
fn many_frees_under_every_preemption_keep_the_wakeup_guarantees() {
    for preempt in [Preempt::None, Preempt::PoolLock, Preempt::AnyLock] {
        for sem in [Semantics::K6_0, Semantics::V2_2023, Semantics::Mainline6_19] {
            let mut sc = preset("s8c");
            sc.semantics = Some(sem);
            sc.preempt = preempt;
            if sem == Semantics::K6_0 {
                for t in &mut sc.tasks {
                    t.ops[0] = Op::MempoolAlloc {
                        gfp: Gfp::GFP_NOIO,
                        count: 8,
                    };
                }
            }
            let mode = if sem == Semantics::V2_2023 {
                Mode::Callback
            } else {
                Mode::Array
            };
            let t = run_checked(&sc, mode);
            check_sleep_wake(&t).unwrap_or_else(|e| panic!("{sem} {preempt:?}: {e}"));
        }
    }
}
