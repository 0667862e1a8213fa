#![cfg(not(target_arch = "wasm32"))]
//! "Copy as text": one step, or the whole run, with the permalink at the bottom, never wider
//! than a mail's 72 columns.

use bulkpool_allocator::explain::step_text::{step_text, with_link};
use bulkpool_allocator::explain::text::render;
use bulkpool_allocator::scenario::presets::{find, PRESETS};
use bulkpool_allocator::{simulate, Mode};

fn assert_fits(text: &str, at: &str) {
    if let Err(e) = bulkpool_allocator::explain::wrap::check(text) {
        panic!("{at}: {e}");
    }
}

/// Every step of every preset in every mode keeps the rules of a mail: at most 72 columns
/// (a lone URL excepted), ASCII, no trailing spaces.
#[test]
fn every_step_of_every_preset_fits_72_columns() {
    let mut steps = 0;
    for p in PRESETS.iter().filter(|p| p.id != "big") {
        for mode in Mode::ALL {
            let Ok(t) = simulate(&p.scenario(), mode) else {
                continue;
            };
            for s in 0..=t.len() {
                assert_fits(&step_text(&t, s), &format!("{} {mode} step {s}", p.id));
                steps += 1;
            }
        }
    }
    assert!(steps > 5_000, "only {steps} steps");
}

#[test]
fn a_step_says_what_happened_where_in_the_code_and_what_every_panel_shows() {
    let t = simulate(&find("s5").unwrap().scenario(), Mode::List).unwrap();
    let sleep = t
        .events
        .iter()
        .position(|e| matches!(e.kind, bulkpool_allocator::EventKind::Sleep { .. }))
        .unwrap()
        + 1;
    let text = step_text(&t, sleep);
    for want in [
        &format!(
            "bulkpool m={}: s5-sleep-5s (list delivery; Yang Shi RFC, Oct 2022)",
            bulkpool_allocator::model::version::MODEL
        ),
        &format!("Step {sleep} of {}, t = 0 ms, Sleep (A), round 2", t.len()),
        "A joins the pool's wait queue and sleeps",
        "  RFC 2/4: mm: mempool: introduce page bulk allocator\n",
        "\n  https://lore.kernel.org/r/20221005180341.1738796-3-shy828301@gmail.com\n",
        "Code: crypt_alloc_buffer > mempool_alloc_pages_bulk line 16",
        "nr_free_pages 36 (min 32 low 40 high 48)",
        "pcp count 30 high 32 batch 8",
        "mempool reserve curr_nr 0 / min_nr 8, 1 waiting",
        "A: asleep on the pool, 5.0 s left, holds bio_alloc_lock",
        "A's list, head first: 952 984 985 986 987 988",
    ] {
        assert!(text.contains(want), "missing {want:?} in\n{text}");
    }
}

#[test]
fn the_link_goes_at_the_bottom_and_a_long_one_stands_alone_whole() {
    let t = simulate(&find("s5").unwrap().scenario(), Mode::List).unwrap();
    let short = "https://example.org/bulkpool/?v=1&s=s5&mode=list&step=36";
    let text = with_link(&step_text(&t, 36), short);
    assert!(text.ends_with(&format!("\n\nLink: {short}\n")), "{text}");
    let long = format!(
        "https://example.org/bulkpool/?v=1&c={}&step=100",
        "A".repeat(300)
    );
    let text = with_link(&render(&t), &long);
    assert_fits(&text, "the run with a long link");
    assert!(
        text.ends_with(&format!("\n\nLink:\n{long}\n")),
        "the link whole, alone"
    );
}
