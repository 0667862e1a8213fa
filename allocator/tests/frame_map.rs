#![cfg(not(target_arch = "wasm32"))]
//! The frame map built from the owners' lists agrees with the per-frame states: frame for
//! frame where every frame has its cell, and as the most telling class of its frames where a
//! cell covers many.

use bulkpool_allocator::model::frames::FrameClass;
use bulkpool_allocator::scenario::presets::{large, PRESETS};
use bulkpool_allocator::{simulate, Mode, World};

fn check(w: &World, max_cells: usize, at: &str) {
    let states: Vec<FrameClass> = w.frame_states().iter().map(|s| s.class()).collect();
    let map = w.frame_map(max_cells);
    assert!(map.classes.len() <= max_cells.max(1), "{at}");
    for (i, cell) in map.classes.iter().enumerate() {
        let frames = &states[i * map.span..((i + 1) * map.span).min(states.len())];
        let want = frames.iter().copied().max_by_key(|c| c.weight()).unwrap();
        assert_eq!(*cell, want, "{at}: cell {i} of span {}", map.span);
    }
    let mut counts = [0u32; 8];
    for c in &states {
        counts[*c as usize] += 1;
    }
    let want: Vec<(FrameClass, u32)> = FrameClass::ALL.iter().copied().zip(counts).collect();
    assert_eq!(map.counts, want, "{at}");
}

#[test]
fn every_preset_frame_for_frame_and_downsampled() {
    for p in PRESETS.iter().filter(|p| p.id != "big") {
        for mode in Mode::ALL {
            let Ok(t) = simulate(&p.scenario(), mode) else {
                continue;
            };
            let stride = (t.len() / 20).max(1);
            for s in (0..=t.len()).step_by(stride) {
                let w = t.state_at(s);
                check(&w, usize::MAX, &format!("{} {mode} step {s}", p.id));
                check(&w, 64, &format!("{} {mode} step {s}, 64 cells", p.id));
            }
        }
    }
}

#[test]
fn a_million_frames_fit_65536_cells() {
    let t = simulate(&large(1 << 20, 3), Mode::Callback).unwrap();
    for s in [0, t.len() / 3, t.len() / 2, t.len()] {
        let w = t.state_at(s);
        let map = w.frame_map(65_536);
        assert_eq!(map.span, 16);
        check(&w, 65_536, &format!("large step {s}"));
    }
}
