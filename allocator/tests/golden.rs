//! Golden plain-text renderings of every preset (tests/golden/<id>.txt), reviewed in diffs.
//! Regenerate with `UPDATE_GOLDEN=1 cargo test -p bulkpool-allocator --test golden`; refused
//! (the test fails) where `CI` is set, and `make test` unsets it and fails if `cargo test` left
//! a golden file changed.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use bulkpool_allocator::explain::step_text::step_text;
use bulkpool_allocator::explain::text;
use bulkpool_allocator::{presets::PRESETS, simulate, Mode};

/// Presets whose whole run is too long to review in a diff, with the reason: their golden file
/// (`<id>.last.txt`) holds the last step only (`step_text`, as `bulkpool run <id> --step N`).
const LAST_STEP_ONLY: &[(&str, &str)] = &[(
    "big",
    "the 65,536-frame preset: 12,498 events, 1.4 MB of text, six times all the others together",
)];

#[test]
fn text_renderings_match_the_golden_files() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let update = common::env::update_requested("UPDATE_GOLDEN");
    let mut stale = Vec::new();
    let mut files = Vec::new();
    for p in PRESETS {
        let sc = p.scenario();
        let mode = if sc.validate(sc.mode).is_ok() {
            sc.mode
        } else {
            Mode::Array
        };
        let trace = simulate(&sc, mode).unwrap();
        let (file, got) = if LAST_STEP_ONLY.iter().any(|(id, _)| *id == p.id) {
            (format!("{}.last.txt", p.id), step_text(&trace, trace.len()))
        } else {
            (format!("{}.txt", p.id), text::render(&trace))
        };
        let path = dir.join(&file);
        files.push(file);
        if update {
            std::fs::write(&path, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_default();
        if want != got {
            stale.push(p.id);
        }
    }
    assert!(
        stale.is_empty(),
        "golden text differs for {stale:?}; review and rerun with UPDATE_GOLDEN=1"
    );
    // No golden file outlives its preset.
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    files.sort();
    assert_eq!(on_disk, files, "golden files without a preset, or missing");
}
