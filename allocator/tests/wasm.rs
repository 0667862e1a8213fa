//! The simulation runs unchanged in a browser: the same numbers under wasm32 as natively.
#![cfg(target_arch = "wasm32")]
use bulkpool_allocator::{presets, simulate, Gfp, Mode};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn gfp_parses_in_the_browser() {
    assert_eq!(
        Gfp::parse("GFP_NOIO|HIGHMEM").unwrap().to_string(),
        "GFP_NOIO|HIGHMEM"
    );
}

#[wasm_bindgen_test]
fn s5_gives_the_same_numbers_in_the_browser() {
    let t = simulate(&presets::find("s5").unwrap().scenario(), Mode::List).unwrap();
    let s = t.summary();
    assert_eq!(
        (s.zone.buddy_free, s.zone.pcp_count, s.pool.curr_nr),
        (36, 28, 0)
    );
    assert_eq!(
        (
            s.tasks[0].from_bulk,
            s.tasks[0].from_pool,
            s.tasks[0].timeouts
        ),
        (3, 5, 2)
    );
    assert_eq!(t.state_at(t.len()), *t.final_world());
}
