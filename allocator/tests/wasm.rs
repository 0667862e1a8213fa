//! The simulation runs unchanged in a browser: the same results under wasm32.
#![cfg(target_arch = "wasm32")]
use bulkpool_allocator::Gfp;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn gfp_parses_in_the_browser() {
    assert_eq!(
        Gfp::parse("GFP_NOIO|HIGHMEM").unwrap().to_string(),
        "GFP_NOIO|HIGHMEM"
    );
}
