#![cfg(not(target_arch = "wasm32"))]
//! The mempool presets (drain, sleep, wake, the deadlock and its fixes, the free path, dm-crypt),
//! every preset in every mode, and determinism: every number of their "Expected" text in
//! domain.md §11, invariants checked after every event.

mod common;

use bulkpool_allocator::model::world::{CallKind, CallResult, Slot, TaskState};
use bulkpool_allocator::model::zone::Mark;
use bulkpool_allocator::trace::event::{EventKind, SingleReason};
use bulkpool_allocator::Mode;
use common::*;

#[test]
fn s4_nowait_pass_fails_and_its_frees_leave_the_reserve_at_5() {
    for mode in [Mode::List, Mode::Array, Mode::Callback] {
        let t = run("s4", mode);
        let (ret_at, _) = events(&t, |k| {
            matches!(
                k,
                EventKind::CallEnd {
                    call: CallKind::MempoolBulk,
                    ..
                }
            )
        })
        .next()
        .unwrap();
        assert_eq!(
            t.events[ret_at].kind,
            EventKind::CallEnd {
                call: CallKind::MempoolBulk,
                result: CallResult::Bool(false)
            }
        );
        let at = t.state_at(ret_at + 1);
        assert_eq!(at.task(0).page_count(), 5, "returns false holding 5 pages");
        assert_eq!(at.curr_nr(), 0, "phase B drained 4");
        assert_eq!(
            (at.zone.buddy.nr_free_pages(), at.zone.pcp.count()),
            (28, 7),
            "refill of 8 below min, 1 taken"
        );
        assert_eq!(bulk_returns(&t, 0), vec![1]);
        let s = t.summary();
        assert_eq!(
            (
                s.pool.curr_nr,
                s.zone.buddy_free,
                s.zone.pcp_count,
                s.zone.pgalloc
            ),
            (5, 28, 7, 1)
        );
        assert!(s.zone.kswapd_woken);
        assert_eq!(end(&t).work.wakeups, 5, "5 wake-ups, no sleepers");
        assert_eq!(end(&t).work.pool_puts, 5);
        assert!(
            end(&t).task(0).holds_mutex,
            "takes bio_alloc_lock for the blocking pass"
        );
        // The RFC (list, array) allocates its clone bio once, above `retry:`; v2 (callback)
        // drops it with bio_put and allocates a new one after `retry:`.
        let bio = end(&t).task(0).bio.as_ref();
        if mode == Mode::Callback {
            assert!(bio.is_none(), "v2 drops the bio");
        } else {
            assert!(
                bio.is_some_and(|b| b.live().is_empty()),
                "the RFC keeps its one bio"
            );
        }
        assert_eq!(s.tasks[0].pages, 0);
        // The scenario stops where the blocking pass would begin; crypt_alloc_buffer never
        // returns failure there.
        assert_eq!(t.events.last().map(|e| e.kind), Some(EventKind::TaskDone));
        assert!(t.events.iter().any(|e| e.kind == EventKind::ScenarioStop));
        assert!(!t.events.iter().any(|e| matches!(
            e.kind,
            EventKind::CallEnd {
                call: CallKind::DmCrypt,
                ..
            }
        )));
    }
}

/// domain.md S5 (corrected 2026-11-26): reclaimed pages go to the per-CPU list, which the
/// watermark does not count.
/// - Round 1 (gfp_temp): zone check 28 <= 48 fails, single path fails low and min and may not
///   reclaim: bulk 0; the reserve gives 5 (reserve 0/8); retry at once.
/// - Round 2 (full mask, nr = 3): 28 <= 43 fails; single path: low and min fail, direct reclaim
///   frees 32 onto the pcp: C 7 -> 32 drains 8 (C 24, F 36), then C 31. min: 36 > 32 passes:
///   1 page (C 30). Reserve empty: sleep; nobody frees: timeout at 5 s.
/// - Round 3 (nr = 2): 36 <= 42 fails; single path: low fails, min passes: 1 page (C 29).
///   Sleep again, timeout at 10 s.
/// - Round 4 (nr = 1): nr − populated == 1: single path, min passes: 1 page (C 28). Done.
#[test]
fn s5_reclaim_helps_but_only_the_5s_timeouts_wake_the_sleeper() {
    for mode in [Mode::List, Mode::Callback] {
        let t = run("s5", mode);
        assert_eq!(
            bulk_returns(&t, 0),
            vec![0, 1, 1, 1],
            "one page per round 2-4"
        );
        let marks: Vec<(u64, u64, bool)> = picked(&t, |k| match *k {
            EventKind::WatermarkCheck {
                mark: Mark::BulkLow,
                check,
                ..
            } => Some((check.free, check.mark, check.ok)),
            _ => None,
        });
        assert_eq!(
            marks,
            vec![(28, 48, false), (28, 43, false), (36, 42, false)],
            "the pcp's 23 reclaimed pages never reach the watermark"
        );
        let (at, reclaim) = events(&t, |k| matches!(k, EventKind::DirectReclaim { .. }))
            .next()
            .unwrap();
        assert_eq!(
            *reclaim,
            EventKind::DirectReclaim {
                freed: 32,
                dirty_ok: false,
                drains: 1,
                drained: 8,
                to_buddy: false
            }
        );
        let after = t.state_at(at + 1);
        assert_eq!(
            (after.zone.pcp.count(), after.zone.buddy.nr_free_pages()),
            (31, 36),
            "7 + 32 onto the pcp, one drain of 8 at high"
        );
        assert_eq!(
            events(&t, |k| matches!(k, EventKind::DirectReclaim { .. })).count(),
            1
        );
        let sleeps: Vec<u64> = picked(&t, |k| match *k {
            EventKind::Sleep { deadline_ms } => Some(deadline_ms),
            _ => None,
        });
        assert_eq!(sleeps, vec![5_000, 10_000]);
        let timeouts: Vec<u64> = picked(&t, |k| match *k {
            EventKind::Timeout { at_ms, .. } => Some(at_ms),
            _ => None,
        });
        assert_eq!(timeouts, vec![5_000, 10_000]);
        assert!(
            !t.events
                .iter()
                .any(|e| matches!(e.kind, EventKind::WakeUp { .. })),
            "nobody frees to the pool"
        );
        let s = t.summary();
        let a = &s.tasks[0];
        assert_eq!(a.result, Some(CallResult::Bool(true)));
        assert_eq!(
            (a.from_bulk, a.from_pool, a.sleeps, a.timeouts, a.pages),
            (3, 5, 2, 2, 8)
        );
        assert_eq!(
            (
                s.zone.buddy_free,
                s.zone.pcp_count,
                s.pool.curr_nr,
                s.zone.pgalloc
            ),
            (36, 28, 0, 3)
        );
        assert_eq!(end(&t).now_ms, 10_000);
    }
}

#[test]
fn s6_array_is_charged_for_the_whole_array_and_sleeps_where_list_does_not() {
    for mode in [Mode::List, Mode::Callback] {
        let t = run("s6", mode);
        assert_eq!(bulk_returns(&t, 0), vec![2]);
        let s = t.summary();
        assert_eq!(
            (s.tasks[0].result, s.tasks[0].sleeps),
            (Some(CallResult::Bool(true)), 0)
        );
        assert_eq!((s.zone.pcp_count, s.tasks[0].pages), (8, 8), "{mode}");
    }
    let t = run("s6", Mode::Array);
    let scans: Vec<(u32, u32)> = picked(&t, |k| match *k {
        EventKind::PrefixScan { populated, reads } => Some((populated, reads)),
        _ => None,
    });
    assert_eq!(scans, vec![(6, 7), (7, 8)]);
    let check = t
        .events
        .iter()
        .find_map(|e| match e.kind {
            EventKind::WatermarkCheck {
                mark: Mark::BulkLow,
                check,
                ..
            } => Some(check),
            _ => None,
        })
        .unwrap();
    assert_eq!((check.free, check.mark, check.ok), (45, 48, false));
    assert_eq!(bulk_returns(&t, 0), vec![7, 8]);
    let reasons: Vec<SingleReason> = picked(&t, |k| match *k {
        EventKind::SinglePath { reason } => Some(reason),
        _ => None,
    });
    assert_eq!(
        reasons,
        vec![SingleReason::Watermark, SingleReason::OnePage]
    );
    let s = t.summary();
    let a = &s.tasks[0];
    assert_eq!(
        (a.result, a.sleeps, a.timeouts, a.pages),
        (Some(CallResult::Bool(true)), 1, 1, 8)
    );
    assert_eq!(s.zone.pcp_count, 8);
    let slots: Vec<bool> = end(&t)
        .task(0)
        .array
        .iter()
        .map(|s| matches!(s, Slot::Page(_)))
        .collect();
    assert_eq!(slots, vec![true; 8]);
}

/// domain.md S7 (corrected 2026-12-06, §10): A went to sleep before B, and
/// `prepare_to_wait` adds each non-exclusive waiter at the head of the queue, so the queue is
/// [B, A] and `__wake_up_common` wakes B first. C's first free wakes both; its other three
/// find the queue empty. B runs first: bulk 0, takes 3 of the 4 elements (pool 1), done. A:
/// bulk 0, takes the last one (pool 0), still needs 1, sleeps again holding 1.
#[test]
fn s7_one_free_wakes_both_sleepers_newest_first_and_a_sleeps_again_holding_1() {
    let t = run("s7", Mode::List);
    assert_eq!(
        t.initial
            .pool
            .as_ref()
            .map(|p| p.waiters.iter().copied().collect::<Vec<_>>()),
        Some(vec![1, 0]),
        "B, the later sleeper, is at the head of the wait queue"
    );
    let wakes: Vec<u32> = picked(&t, |k| match *k {
        EventKind::WakeUp { woken } => Some(woken),
        _ => None,
    });
    assert_eq!(
        wakes,
        vec![2, 0, 0, 0],
        "4 wake_up calls; the first wakes both"
    );
    let pools: Vec<u32> = t
        .events
        .iter()
        .enumerate()
        .filter(|(_, e)| matches!(e.kind, EventKind::Free { .. }))
        .map(|(i, _)| t.state_at(i + 1).curr_nr())
        .collect();
    assert_eq!(pools, vec![1, 2, 3, 4]);
    let first_a = t.events.iter().position(|e| e.task == 0).unwrap();
    let first_b = t.events.iter().position(|e| e.task == 1).unwrap();
    let last_c_free = t
        .events
        .iter()
        .rposition(|e| e.task == 2 && matches!(e.kind, EventKind::Free { .. }))
        .unwrap();
    assert!(
        last_c_free < first_b,
        "C finishes its 4 frees before B runs"
    );
    assert!(first_b < first_a, "B, woken first, runs first");
    let s = t.summary();
    assert_eq!(bulk_returns(&t, 0), vec![0]);
    assert_eq!(bulk_returns(&t, 1), vec![0]);
    assert_eq!(
        (s.tasks[1].result, s.tasks[1].from_pool, s.tasks[1].pages),
        (Some(CallResult::Bool(true)), 3, 8),
        "B held 5 and takes the 3 it needs"
    );
    assert_eq!(
        (s.tasks[0].from_pool, s.tasks[0].pages, s.tasks[0].sleeps),
        (1, 1, 1),
        "A gets the last element"
    );
    assert!(
        matches!(end(&t).task(0).state, TaskState::SleepingOnPool { .. }),
        "A sleeps again holding 1"
    );
    assert_eq!(s.pool.curr_nr, 0);
}

#[test]
fn s12_frees_refill_the_reserve_then_the_pcp_then_drain_to_the_buddy() {
    let t = run("s12", Mode::List);
    let f0 = t.initial.zone.buddy.nr_free_pages();
    let counts: Vec<u32> = t
        .events
        .iter()
        .enumerate()
        .filter(|(_, e)| matches!(e.kind, EventKind::Free { .. } | EventKind::PcpDrain { .. }))
        .map(|(i, _)| t.state_at(i + 1).zone.pcp.count())
        .collect();
    assert_eq!(
        counts,
        vec![28, 28, 28, 28, 28, 28, 29, 30, 31, 32, 24, 25, 26]
    );
    assert!(
        t.events
            .iter()
            .any(|e| matches!(e.kind, EventKind::PcpDrain { n: 8, merges } if merges > 0)),
        "merges shown"
    );
    let s = t.summary();
    assert_eq!(
        (s.pool.curr_nr, s.zone.pcp_count, s.zone.buddy_free),
        (8, 26, f0 + 8)
    );
    assert_eq!(end(&t).work.wakeups, 6);
}

/// domain.md S13: over the per-client limit every `crypt_page_alloc` fails, so every page comes
/// from the reserve, and "tasks sleep until completions refill it". No preemption: A takes all
/// 8 reserve pages; B's nonblocking pass finds the reserve empty, its blocking pass sleeps
/// (once); A's I/O completes at t = 100 ms and its first `mempool_free` wakes B (one wake-up
/// that wakes someone, never a 5 s timeout); B then takes the 8 pages A gave back, and its own
/// I/O ends at t = 200 ms.
#[test]
fn s13_over_the_client_limit_every_page_comes_from_the_reserve_and_b_is_woken_by_a() {
    let t = run("s13", Mode::List);
    check_sleep_wake(&t).unwrap();
    let s = t.summary();
    for task in &s.tasks {
        assert_eq!(
            (task.result, task.from_bulk, task.from_pool),
            (Some(CallResult::Bool(true)), 0, 8)
        );
    }
    let waits: Vec<(u32, u32)> = s.tasks.iter().map(|t| (t.sleeps, t.timeouts)).collect();
    assert_eq!(waits, [(0, 0), (1, 0)], "(sleeps, timeouts) of A and B");
    let woken: Vec<(u8, u32)> = t
        .events
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::WakeUp { woken } if woken > 0 => Some((e.task, woken)),
            _ => None,
        })
        .collect();
    assert_eq!(woken, [(0, 1)], "A's first free wakes B, once");
    assert_eq!(end(&t).now_ms, 200);
    assert_eq!(s.zone.pgalloc, 0);
}
