//! Shared test harness: run a scenario, then replay it event by event checking every invariant,
//! the determinism of the simulation and the checkpointed reconstruction of any step.
#![allow(dead_code)]

pub mod env;

use bulkpool_allocator::model::world::Slot;
use bulkpool_allocator::trace::event::EventKind;
use bulkpool_allocator::trace::invariants;
use bulkpool_allocator::{presets, simulate, Mode, Scenario, Semantics, Trace, World};

/// Simulates and checks the invariants after every event. Panics with the step on a violation.
pub fn run_checked(sc: &Scenario, mode: Mode) -> Trace {
    let trace = simulate(sc, mode).unwrap_or_else(|e| panic!("{}: {e}", sc.name));
    check_trace(&trace);
    trace
}

/// Replays `trace`, checking every invariant after every event.
pub fn check_trace(trace: &Trace) {
    check_trace_within(trace, u64::MAX);
}

/// `check_trace` where the checks that visit every frame (conservation, the buddy lists, the
/// counters against the step before) may visit at most `budget` frames and array slots in
/// all: in a large zone, or with a large array, they run after every k-th event instead of every event, and after the last (counters
/// then compared with the last checked step), and `state_at` is checked at fewer than 64
/// steps (at least 2). Every event is still replayed and compared.
pub fn check_trace_within(trace: &Trace, budget: u64) {
    // A check visits every frame and every array slot (arrays only grow within a run).
    let slots: u64 = trace
        .final_world()
        .tasks
        .iter()
        .map(|t| t.array.len() as u64)
        .sum();
    let frames = trace.initial.zone.pages as u64 + slots;
    let every = (frames * trace.len() as u64 / budget.max(1)).max(1) as usize;
    let mut w = trace.initial.clone();
    let mut last_checked = w.clone();
    let initial = trace.initial.frame_states();
    invariants::check_against(&w, &initial).unwrap_or_else(|e| panic!("initial state: {e}"));
    let rebuilds = (budget / frames.max(1)).clamp(2, 64) as usize;
    let stride = (trace.len() / rebuilds).max(1);
    for (i, ev) in trace.events.iter().enumerate() {
        assert!(
            !ev.line.0.line(ev.line.1).is_empty(),
            "step {}: {:?} has no line {}",
            i + 1,
            ev.line.0,
            ev.line.1
        );
        let mut e = *ev;
        w.apply(&mut e);
        assert_eq!(
            e,
            *ev,
            "step {}: replay produced a different outcome",
            i + 1
        );
        if (i + 1) % every == 0 || i + 1 == trace.len() {
            invariants::check_against(&w, &initial)
                .unwrap_or_else(|err| panic!("after step {}: {ev:?}: {err}", i + 1));
            invariants::check_monotone(&last_checked, &w)
                .unwrap_or_else(|err| panic!("step {}: {err}", i + 1));
            last_checked = w.clone();
        }
        if (i + 1) % stride == 0 {
            assert_eq!(
                trace.state_at(i + 1),
                w,
                "state_at({}) differs from the replay",
                i + 1
            );
        }
    }
    assert_eq!(
        &w,
        trace.final_world(),
        "the replayed end differs from the simulated end"
    );
}

pub fn preset(id: &str) -> Scenario {
    presets::find(id)
        .unwrap_or_else(|| panic!("no preset {id}"))
        .scenario()
}

pub fn run(id: &str, mode: Mode) -> Trace {
    run_checked(&preset(id), mode)
}

pub fn run_with(id: &str, mode: Mode, sem: Semantics) -> Trace {
    let mut sc = preset(id);
    sc.semantics = Some(sem);
    run_checked(&sc, mode)
}

pub fn end(t: &Trace) -> &World {
    t.final_world()
}

pub fn events<'a>(
    t: &'a Trace,
    f: impl Fn(&EventKind) -> bool + 'a,
) -> impl Iterator<Item = (usize, &'a EventKind)> + 'a {
    t.events
        .iter()
        .enumerate()
        .filter(move |(_, e)| f(&e.kind))
        .map(|(i, e)| (i, &e.kind))
}

pub fn bulk_returns(t: &Trace, task: u8) -> Vec<u32> {
    t.events
        .iter()
        .filter(|e| e.task == task)
        .filter_map(|e| match e.kind {
            EventKind::BulkReturn { ret, .. } => Some(ret),
            _ => None,
        })
        .collect()
}

pub fn slots(t: &Trace) -> String {
    end(t)
        .task(0)
        .array
        .iter()
        .map(|s| match s {
            Slot::Page(_) => 'P',
            Slot::Empty => '_',
            Slot::Stale(_) => 'S',
        })
        .collect()
}

/// What a task asleep on the pool needs from the reserve before it can go on: one element for
/// `mempool_alloc` and Yang Shi's bulk call (which drain partially), every hole of the array
/// for v6.19's all-or-nothing `mempool_alloc_bulk`.
pub fn pool_need(w: &World, task: u8) -> u32 {
    use bulkpool_allocator::model::world::CallKind;
    let t = w.task(task);
    match t.call {
        Some(c) if c.kind == CallKind::MainlineBulk => t
            .array
            .iter()
            .take(c.requested as usize)
            .filter(|s| !s.is_filled())
            .count() as u32,
        _ => 1,
    }
}

/// The mempool's sleep/wake guarantees (domain.md §8.1e, §8.3, §10), checked after every event:
/// - a task joins the wait queue only when the reserve cannot give it what it needs (the test
///   and the enqueue are one pool-lock hold);
/// - a `mempool_free` that refills the reserve while someone sleeps is followed, by the same
///   task, by `wake_up`;
/// - whenever nothing can run, no task that went to sleep in this run sleeps beside a reserve
///   that holds what it needs (no lost wake-up).
///
/// Holds for v6.0's `mempool_alloc`, v2 and v6.19; not for the RFC, which drops the lock before
/// it sleeps. Elements added by `mempool_init` or `mempool_resize` wake nobody in the kernel
/// either, so scenarios with those ops are not checked here.
pub fn check_sleep_wake(trace: &Trace) -> Result<(), String> {
    use bulkpool_allocator::model::world::TaskState;
    use bulkpool_allocator::trace::event::FreeTo;
    use bulkpool_allocator::trace::listing::Listing;
    let mut w = trace.initial.clone();
    let mut slept = vec![false; w.tasks.len()];
    for (i, ev) in trace.events.iter().enumerate() {
        let step = i + 1;
        if let EventKind::Sleep { .. } = ev.kind {
            let need = pool_need(&w, ev.task);
            if w.curr_nr() >= need {
                return Err(format!(
                    "step {step}: task {} sleeps with {} in the reserve and needs {need}",
                    ev.task,
                    w.curr_nr()
                ));
            }
            slept[ev.task as usize] = true;
        }
        let mut e = *ev;
        w.apply(&mut e);
        if let EventKind::Free {
            to: FreeTo::Pool, ..
        } = ev.kind
        {
            let sleepers = w.pool.as_ref().map_or(0, |p| p.waiters.len());
            if ev.line.0 == Listing::MempoolFree && sleepers > 0 {
                let next = trace.events.get(i + 1);
                if !next.is_some_and(|n| {
                    n.task == ev.task && matches!(n.kind, EventKind::WakeUp { .. })
                }) {
                    return Err(format!(
                        "step {step}: task {} refilled the reserve with {sleepers} asleep and did not wake them (next: {next:?})",
                        ev.task
                    ));
                }
            }
        }
        if w.runq.is_empty() {
            for (t, task) in w.tasks.iter().enumerate() {
                if slept[t] && matches!(task.state, TaskState::SleepingOnPool { .. }) {
                    let need = pool_need(&w, t as u8);
                    if w.curr_nr() >= need {
                        return Err(format!(
                            "after step {step}: nothing can run and task {t} sleeps beside a reserve of {} (needs {need}): a lost wake-up",
                            w.curr_nr()
                        ));
                    }
                }
            }
        }
    }
    Ok(())
}

/// What `f` picks out of each event's kind, in the run's order.
pub fn picked<T>(t: &Trace, f: impl Fn(&EventKind) -> Option<T>) -> Vec<T> {
    t.events.iter().filter_map(|e| f(&e.kind)).collect()
}
