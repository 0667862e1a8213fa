#![cfg(not(target_arch = "wasm32"))]
//! "Only `World::apply` changes a world": replaying a run's events on its initial world, with
//! nothing else, reaches every world the run saved while it ran (the checkpoints behind
//! `state_at`) and its final world. A change made outside an event would break this.

use bulkpool_allocator::scenario::presets::PRESETS;
use bulkpool_allocator::{simulate, Mode};

#[test]
fn replaying_the_events_alone_reaches_every_saved_world() {
    let mut compared = 0;
    for p in PRESETS.iter().filter(|p| p.id != "big") {
        let sc = p.scenario();
        for mode in Mode::ALL {
            let Ok(t) = simulate(&sc, mode) else { continue };
            let mut world = t.initial.clone();
            let every = t.checkpoint_interval().max(1);
            for (i, ev) in t.events.iter().enumerate() {
                let mut ev = *ev;
                world.apply(&mut ev);
                assert_eq!(
                    ev, t.events[i],
                    "{} {mode}: event {i} replays to the same outcome",
                    p.id
                );
                let step = i + 1;
                if step % every == 0 || step == t.len() {
                    assert!(
                        world == t.state_at(step),
                        "{} {mode}: the world after {step} events",
                        p.id
                    );
                    compared += 1;
                }
            }
            assert!(
                world == *t.final_world(),
                "{} {mode}: the final world",
                p.id
            );
        }
    }
    assert!(compared > 100, "only {compared} worlds compared");
}
