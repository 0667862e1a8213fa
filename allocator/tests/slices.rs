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
