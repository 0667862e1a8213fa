//! Shared test harness: run a scenario, then replay it event by event checking every invariant,
//! the determinism of the simulation and the checkpointed reconstruction of any step.
#![allow(dead_code)]

pub mod env;
mod sleep_wake;

#[allow(unused_imports)]
pub use sleep_wake::{check_sleep_wake, check_sleep_wake_events, pool_need, Events, Guarantees};

use bulkpool_allocator::model::world::Slot;
use bulkpool_allocator::trace::event::EventKind;
use bulkpool_allocator::trace::invariants;
use bulkpool_allocator::{presets, simulate, Event, Mode, Scenario, Semantics, Trace, World};

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
/// all: in a large zone, or with a large array, they run after every k-th event instead of
/// every event, and after the last (counters then compared with the last checked step), and
/// `state_at` is checked at fewer than 64 steps (at least 2). Every event is still replayed and
/// compared.
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
    let rebuilds = (budget / frames.max(1)).clamp(2, 64) as usize;
    let stride = (trace.len() / rebuilds).max(1);
    let w = replay_checked(&trace.initial, &trace.events, every, |step, w| {
        if step % stride == 0 {
            assert_eq!(
                trace.state_at(step),
                *w,
                "state_at({step}) differs from the replay"
            );
        }
    });
    assert_eq!(
        &w,
        trace.final_world(),
        "the replayed end differs from the simulated end"
    );
}

/// `check_trace` for the first `events` of a run that has not ended (a run stopped early,
/// `Simulation::prefix`): every event replayed from `initial` with the outcome recorded, and
/// the invariants at `checks` evenly spaced steps and after the last. Returns the world after
/// them.
pub fn check_prefix(initial: &World, events: &[Event], checks: usize) -> World {
    let every = events.len().div_ceil(checks.max(1)).max(1);
    replay_checked(initial, events, every, |_, _| {})
}

/// Replays `events` from `initial`, checking that each has a listing line and the outcome it
/// recorded, and every invariant after every `every`-th event and after the last;
/// `each(step, world)` after every event. Returns the last world.
fn replay_checked(
    initial: &World,
    events: &[Event],
    every: usize,
    mut each: impl FnMut(usize, &World),
) -> World {
    let mut w = initial.clone();
    let mut last_checked = w.clone();
    let frames0 = initial.frame_states();
    invariants::check_against(&w, &frames0).unwrap_or_else(|e| panic!("initial state: {e}"));
    for (i, ev) in events.iter().enumerate() {
        let step = i + 1;
        assert!(
            !ev.line.0.line(ev.line.1).is_empty(),
            "step {step}: {:?} has no line {}",
            ev.line.0,
            ev.line.1
        );
        let mut e = *ev;
        w.apply(&mut e);
        assert_eq!(e, *ev, "step {step}: replay produced a different outcome");
        if step % every == 0 || step == events.len() {
            invariants::check_against(&w, &frames0)
                .unwrap_or_else(|err| panic!("after step {step}: {ev:?}: {err}"));
            invariants::check_monotone(&last_checked, &w)
                .unwrap_or_else(|err| panic!("step {step}: {err}"));
            last_checked = w.clone();
        }
        each(step, &w);
    }
    w
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

/// What `f` picks out of each event's kind, in the run's order.
pub fn picked<T>(t: &Trace, f: impl Fn(&EventKind) -> Option<T>) -> Vec<T> {
    t.events.iter().filter_map(|e| f(&e.kind)).collect()
}
