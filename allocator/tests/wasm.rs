//! The simulation runs unchanged in a browser: under wasm32 the same numbers, the same text
//! (the golden files are written natively) and the same rebuilt worlds as natively.
#![cfg(target_arch = "wasm32")]
use bulkpool_allocator::explain::text;
use bulkpool_allocator::{presets, simulate, Gfp, Mode, Trace, World};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A preset's run as tests/golden.rs renders it: in its own mode, else in array mode.
fn run(id: &str) -> Trace {
    let sc = presets::find(id).unwrap().scenario();
    let mode = if sc.validate(sc.mode).is_ok() {
        sc.mode
    } else {
        Mode::Array
    };
    simulate(&sc, mode).unwrap()
}

/// The world after the first `k` events, applied one by one to the initial world.
fn replay(t: &Trace, k: usize) -> World {
    let mut w = t.initial.clone();
    for ev in &t.events[..k] {
        let mut e = *ev;
        w.apply(&mut e);
    }
    w
}

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
}

/// Every step of the text account, as the native run wrote it into the golden files.
#[wasm_bindgen_test]
fn the_text_accounts_equal_the_native_golden_files() {
    let golden = [
        ("s5", include_str!("golden/s5.txt")),
        ("s8", include_str!("golden/s8.txt")),
        ("s13", include_str!("golden/s13.txt")),
        ("s15b", include_str!("golden/s15b.txt")),
    ];
    for (id, want) in golden {
        assert_eq!(text::render(&run(id)), want, "{id}");
    }
}

/// `state_at` rebuilds a step from the nearest checkpoint (whose spacing depends on the
/// platform's memory estimate); it must equal a replay from the start at any step.
#[wasm_bindgen_test]
fn state_at_equals_a_replay_from_the_start() {
    for id in ["s8", "s15b", "s15c"] {
        let t = run(id);
        let n = t.len();
        for k in [0, 1, n / 3, n / 2, n - 1, n] {
            assert_eq!(t.state_at(k), replay(&t, k), "{id} at step {k}");
        }
        assert_eq!(replay(&t, n), *t.final_world(), "{id}: the replayed end");
    }
}
