#![cfg(not(target_arch = "wasm32"))]
//! A run advanced a slice at a time (as the browser does, to keep the page responsive) records
//! exactly the run `simulate` records.

use bulkpool_allocator::scenario::presets::{large, PRESETS};
use bulkpool_allocator::{simulate, Mode, Simulation};

#[test]
fn slices_of_any_size_give_the_same_trace() {
    for p in PRESETS {
        for mode in Mode::ALL {
            let sc = p.scenario();
            let Ok(whole) = simulate(&sc, mode) else {
                continue;
            };
            for budget in [1, 7, 1000] {
                let mut sim = Simulation::new(&sc, mode).unwrap();
                let mut slices = 0;
                let t = loop {
                    slices += 1;
                    if let Some(done) = sim.run(budget) {
                        break done.unwrap();
                    }
                    assert!(sim.events() <= whole.len(), "{} {mode}", p.id);
                };
                assert_eq!(
                    t.events, whole.events,
                    "{} {mode} in slices of {budget}",
                    p.id
                );
                assert_eq!(t.end, whole.end);
                assert_eq!(t.final_world(), whole.final_world());
                if budget == 1 && whole.len() > 10 {
                    assert!(slices > whole.len() / 2, "{} {mode}: {slices} slices", p.id);
                }
                // An ended run says so instead of running again.
                assert!(sim.run(1).unwrap().is_err());
            }
        }
    }
}

#[test]
fn the_estimate_bounds_the_large_run() {
    let sc = large(1 << 16, 40);
    let mut sim = Simulation::new(&sc, Mode::Callback).unwrap();
    let estimate = sim.estimate();
    let t = loop {
        if let Some(done) = sim.run(5_000) {
            break done.unwrap();
        }
    };
    assert!(
        t.len() as u64 <= estimate,
        "{} events, estimate {estimate}",
        t.len()
    );
}

#[test]
fn the_events_to_the_next_checkpoint_are_where_the_run_saves_its_world() {
    // 2^16 frames: a world of about 650 KB, checkpointed every 4,096 events (a power of two
    // of at least bytes / 256), never doubled within these few checkpoints.
    let sc = large(1 << 16, 40);
    let mut sim = Simulation::new(&sc, Mode::Callback).unwrap();
    assert_eq!(sim.events_to_checkpoint(), 0, "before the first slice");
    // The first slice copies the world and runs nothing: a whole interval to go.
    assert!(sim.run(50).is_none());
    assert_eq!(sim.events(), 0);
    // Where the countdown said the next checkpoint would be, at every slice.
    let mut announced = Vec::new();
    let t = loop {
        let (e, d) = (sim.events(), sim.events_to_checkpoint());
        assert!(d >= 1, "0 to go at {e}");
        if announced.last() != Some(&(e + d)) {
            announced.push(e + d);
        }
        if let Some(done) = sim.run(50) {
            break done.unwrap();
        }
    };
    assert_eq!(sim.events_to_checkpoint(), 0, "after the end");
    // Every checkpoint the run saved was announced, and every one announced within the run
    // was saved.
    let within: Vec<usize> = announced.into_iter().filter(|&s| s <= t.len()).collect();
    assert_eq!(t.checkpoint_steps(), within);
    assert!(within.len() >= 3, "{within:?} in {} events", t.len());
}
