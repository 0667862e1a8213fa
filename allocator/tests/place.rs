#![cfg(not(target_arch = "wasm32"))]
//! Switching delivery mode or semantics keeps the user's place in the run.

use bulkpool_allocator::scenario::presets::{find, PRESETS};
use bulkpool_allocator::view::place::{same_place, Places};
use bulkpool_allocator::{simulate, Mode, Phase, Semantics, Trace};

fn run(id: &str, mode: Mode, sem: Option<Semantics>) -> Trace {
    let mut sc = find(id).unwrap().scenario();
    if sem.is_some() {
        sc.semantics = sem;
    }
    simulate(&sc, mode).unwrap()
}

#[test]
fn the_same_run_maps_every_step_to_itself() {
    for p in PRESETS.iter().filter(|p| p.id != "big") {
        let t = simulate(&p.scenario(), p.scenario().mode).unwrap();
        let places = Places::of(&t);
        for s in 0..=t.len() {
            assert_eq!(places.step_in(s, &places), s, "{} step {s}", p.id);
        }
    }
}

#[test]
fn a_sleep_maps_to_the_same_sleep_in_another_mode() {
    let list = run("s5", Mode::List, None);
    let array = run("s5", Mode::Array, None);
    // s5's first sleep in list delivery.
    let sleep = list
        .events
        .iter()
        .position(|e| e.phase == Phase::Sleep)
        .unwrap()
        + 1;
    let there = same_place(&list, sleep, &array);
    let e = array.events[there - 1];
    assert_eq!(
        e.phase,
        Phase::Sleep,
        "step {sleep} of list maps to step {there} of array"
    );
    assert_eq!(e.task, list.events[sleep - 1].task);
    // The start and the end stay where they are.
    assert_eq!(same_place(&list, 0, &array), 0);
    assert_eq!(same_place(&list, list.len(), &array), array.len());
}

#[test]
fn a_phase_maps_to_that_phase_of_the_same_task_when_the_other_run_has_it() {
    let mut checked = 0;
    for p in PRESETS.iter().filter(|p| p.id != "big") {
        for (a, b) in [
            (Mode::List, Mode::Array),
            (Mode::Array, Mode::Callback),
            (Mode::Callback, Mode::List),
        ] {
            for sem in [None, Some(Semantics::V2_2023), Some(Semantics::K6_0)] {
                let (Ok(from), Ok(to)) = (
                    simulate(
                        &{
                            let mut s = p.scenario();
                            if sem.is_some() {
                                s.semantics = sem;
                            }
                            s
                        },
                        a,
                    ),
                    simulate(
                        &{
                            let mut s = p.scenario();
                            if sem.is_some() {
                                s.semantics = sem;
                            }
                            s
                        },
                        b,
                    ),
                ) else {
                    continue;
                };
                let (pf, pt) = (Places::of(&from), Places::of(&to));
                for s in 1..from.len() {
                    let e = from.events[s - 1];
                    let there = pf.step_in(s, &pt);
                    assert!(
                        there <= to.len(),
                        "{} {a}→{b} step {s} maps past the end",
                        p.id
                    );
                    if to
                        .events
                        .iter()
                        .any(|x| x.task == e.task && x.phase == e.phase)
                    {
                        let f = to.events[there - 1];
                        assert_eq!(
                            (f.task, f.phase),
                            (e.task, e.phase),
                            "{} {a}→{b} step {s} → {there}",
                            p.id
                        );
                        checked += 1;
                    }
                }
            }
        }
    }
    assert!(checked > 2_000, "only {checked} steps had a counterpart");
}
