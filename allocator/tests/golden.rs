//! Golden plain-text renderings of every preset (tests/golden/<id>.txt), reviewed in diffs.
//! Regenerate with `UPDATE_GOLDEN=1 cargo test -p bulkpool-allocator --test golden`.
#![cfg(not(target_arch = "wasm32"))]

use bulkpool_allocator::explain::text;
use bulkpool_allocator::{presets::PRESETS, simulate, Mode};

#[test]
fn text_renderings_match_the_golden_files() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut stale = Vec::new();
    for p in PRESETS {
        let sc = p.scenario();
        let mode = if sc.validate(sc.mode).is_ok() {
            sc.mode
        } else {
            Mode::Array
        };
        let trace = simulate(&sc, mode).unwrap();
        if trace.len() > 2_000 {
            continue; // the scale preset: too long to review as a golden file
        }
        let got = text::render(&trace);
        let path = dir.join(format!("{}.txt", p.id));
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
}
