//! Shared test harness: run a scenario, then replay it event by event checking every invariant,
//! the determinism of the simulation and the checkpointed reconstruction of any step.
#![allow(dead_code)]

use bulkpool_allocator::event::EventKind;
use bulkpool_allocator::world::Slot;
use bulkpool_allocator::{invariants, presets, simulate, Mode, Scenario, Semantics, Trace, World};

/// Simulates and checks the invariants after every event. Panics with the step on a violation.
pub fn run_checked(sc: &Scenario, mode: Mode) -> Trace {
    let trace = simulate(sc, mode).unwrap_or_else(|e| panic!("{}: {e}", sc.name));
    check_trace(&trace);
    trace
}

pub fn check_trace(trace: &Trace) {
    let mut w = trace.initial.clone();
    invariants::check(&w, &trace.initial).unwrap_or_else(|e| panic!("initial state: {e}"));
    let stride = (trace.len() / 64).max(1);
    for (i, ev) in trace.events.iter().enumerate() {
        let before = w.clone();
        let mut e = *ev;
        w.apply(&mut e);
        assert_eq!(
            e,
            *ev,
            "step {}: replay produced a different outcome",
            i + 1
        );
        invariants::check(&w, &trace.initial)
            .unwrap_or_else(|err| panic!("after step {}: {ev:?}: {err}", i + 1));
        invariants::check_monotone(&before, &w)
            .unwrap_or_else(|err| panic!("step {}: {err}", i + 1));
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
