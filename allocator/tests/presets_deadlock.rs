#![cfg(not(target_arch = "wasm32"))]
//! The deadlock hazard of partial draining (domain.md S8) and its two fixes: dm-crypt's mutex
//! and v6.19's all-or-nothing `mempool_alloc_bulk`. Invariants checked after every event.

mod common;

use bulkpool_allocator::model::world::{CallKind, CallResult, TaskState};
use bulkpool_allocator::trace::event::{EventKind, From};
use bulkpool_allocator::Mode;
use common::*;

/// The tasks that took an element from the reserve, in order.
fn pool_takers(t: &bulkpool_allocator::Trace) -> Vec<u8> {
    t.events
        .iter()
        .filter(|e| {
            matches!(
                e.kind,
                EventKind::Take {
                    from: From::Pool,
                    ..
                }
            )
        })
        .map(|e| e.task)
        .collect()
}

#[test]
fn s8_partial_draining_deadlocks_with_4_pages_each() {
    let t = run("s8", Mode::List);
    let takers: Vec<u8> = pool_takers(&t);
    assert_eq!(
        takers,
        vec![0, 1, 0, 1, 0, 1, 0, 1],
        "A and B alternate at each pool-lock release"
    );
    let s = t.summary();
    for task in &s.tasks {
        assert_eq!((task.pages, task.from_pool, task.result), (4, 4, None));
        assert_eq!(
            (task.sleeps, task.timeouts),
            (4, 3),
            "wake every 5 s, retry, sleep again"
        );
    }
    assert!(end(&t)
        .tasks
        .iter()
        .all(|t| matches!(t.state, TaskState::SleepingOnPool { .. })));
    assert_eq!(s.pool.curr_nr, 0);
}

#[test]
fn s8b_the_mutex_serialises_blocking_passes() {
    let t = run("s8b", Mode::List);
    let locks: Vec<(u8, bool)> = t
        .events
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::MutexLock { acquired } => Some((e.task, acquired)),
            _ => None,
        })
        .collect();
    assert_eq!(locks[0], (0, true), "A takes bio_alloc_lock first");
    assert!(locks.contains(&(1, false)), "B blocks on the mutex");
    let a_ok = t
        .events
        .iter()
        .position(|e| {
            e.task == 0
                && e.kind
                    == EventKind::CallEnd {
                        call: CallKind::MempoolBulk,
                        result: CallResult::Bool(true),
                    }
        })
        .unwrap();
    assert_eq!(
        t.state_at(a_ok + 1).task(0).page_count(),
        8,
        "A takes all 8"
    );
    for (i, e) in t.events.iter().enumerate() {
        if e.task == 1 && matches!(e.kind, EventKind::Sleep { .. }) {
            let w = t.state_at(i + 1);
            assert_eq!(w.task(1).page_count(), 0, "B sleeps holding no pages");
            assert!(w.task(1).holds_mutex, "B sleeps holding the mutex");
        }
    }
    let s = t.summary();
    assert!(s
        .tasks
        .iter()
        .all(|t| t.result == Some(CallResult::Bool(true))));
    assert_eq!(s.pool.curr_nr, 8);
    assert!(end(&t).tasks.iter().all(|t| t.state == TaskState::Done));
}

#[test]
fn s8c_all_or_nothing_never_sleeps_holding_part_of_the_reserve() {
    let t = run("s8c", Mode::Array);
    let first_takes: Vec<u8> = pool_takers(&t).into_iter().take(8).collect();
    assert_eq!(first_takes, vec![0; 8], "A takes all 8 at once");
    assert!(t.events.iter().any(|e| e.task == 1
        && e.kind
            == EventKind::PoolShort {
                curr_nr: 0,
                need: 8
            }));
    for (i, e) in t.events.iter().enumerate() {
        if matches!(e.kind, EventKind::Sleep { .. }) {
            assert_eq!(t.state_at(i + 1).task(e.task).page_count(), 0);
        }
    }
    let s = t.summary();
    assert_eq!(
        (s.tasks[1].from_pool, s.tasks[1].result),
        (8, Some(CallResult::Bool(true)))
    );
    // B first sleeps on an empty reserve; each of A's 8 frees after its I/O wakes B (someone
    // sleeps), B re-checks and sleeps again while fewer than 8 are there: 1 + 7 sleeps, and
    // the 8th free lets it take all 8. No timeout: A's frees come at t = 100 ms.
    assert_eq!((s.tasks[1].sleeps, s.tasks[1].timeouts), (8, 0));
    assert_eq!(s.tasks[0].sleeps, 0, "A never sleeps");
    assert!(end(&t).tasks.iter().all(|t| t.state == TaskState::Done));
}
