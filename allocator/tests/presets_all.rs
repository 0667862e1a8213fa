#![cfg(not(target_arch = "wasm32"))]
//! Every preset in every delivery mode and semantics it allows keeps every invariant after every
//! event; every preset is deterministic; the 65,536-frame preset stays consistent.

mod common;

use bulkpool_allocator::model::world::CallResult;
use bulkpool_allocator::scenario::presets::PRESETS;
use bulkpool_allocator::{Mode, Semantics};

#[test]
fn every_preset_runs_clean_in_every_mode_and_semantics_it_allows() {
    let mut runs = 0;
    for p in PRESETS.iter().filter(|p| p.id != "big") {
        let base = p.scenario();
        let mut sems: Vec<Option<Semantics>> = vec![base.semantics];
        sems.extend(p.alternatives.iter().map(|s| Some(*s)));
        for sem in sems {
            for mode in Mode::ALL {
                let mut sc = base.clone();
                sc.semantics = sem;
                if sc.validate(mode).is_ok() {
                    common::run_checked(&sc, mode);
                    runs += 1;
                }
            }
        }
    }
    assert!(runs >= 40, "only {runs} runs");
}

#[test]
fn the_same_scenario_always_gives_the_same_trace() {
    for p in PRESETS {
        let sc = p.scenario();
        let mode = if sc.validate(Mode::List).is_ok() {
            Mode::List
        } else {
            Mode::Array
        };
        let a = bulkpool_allocator::simulate(&sc, mode).unwrap();
        let b = bulkpool_allocator::simulate(&sc, mode).unwrap();
        assert_eq!(a.events, b.events, "{}", p.id);
    }
}

#[test]
fn the_scale_preset_keeps_its_invariants() {
    // 12,000 events over 65,536 frames: checked every 64th event (every event would take
    // minutes in a debug build); the teaching presets above are checked after every event.
    let t = bulkpool_allocator::simulate(&common::preset("big"), Mode::List).unwrap();
    let mut w = t.initial.clone();
    for (i, ev) in t.events.iter().enumerate() {
        let mut e = *ev;
        w.apply(&mut e);
        if i % 64 == 63 || i + 1 == t.len() {
            bulkpool_allocator::trace::invariants::check(&w, &t.initial)
                .unwrap_or_else(|err| panic!("after step {}: {err}", i + 1));
        }
    }
    let s = t.summary();
    assert!(s
        .tasks
        .iter()
        .all(|t| t.result == Some(CallResult::Bool(true)) && t.pages == 0));
    assert_eq!(s.zone.pgalloc, 16 * 256, "16 bios of 256 pages");
}

#[test]
fn every_step_points_at_a_line_of_its_listing() {
    for p in PRESETS {
        for sem in Semantics::ALL {
            for mode in Mode::ALL {
                let mut sc = p.scenario();
                sc.semantics = Some(sem);
                let Ok(t) = bulkpool_allocator::simulate(&sc, mode) else {
                    continue;
                };
                for (i, e) in t.events.iter().enumerate() {
                    let (listing, n) = (e.line.0, e.line.1);
                    assert!(
                        !listing.line(n).is_empty(),
                        "{} {mode} {sem} step {}: {listing:?} has no line {n}",
                        p.id,
                        i + 1
                    );
                }
            }
        }
    }
}

#[test]
fn the_benchmark_scenario_passes_the_event_estimate() {
    // The 521,007-event large scenario of the benchmarks must stay under the 1,000,000 bound.
    let sc = bulkpool_allocator::scenario::presets::large(1 << 20, 1000);
    let estimate = sc.estimate_events(Mode::Callback);
    assert!(sc.validate(Mode::Callback).is_ok(), "estimate {estimate}");
    assert!(estimate >= 521_007, "the estimate is a bound: {estimate}");
}
