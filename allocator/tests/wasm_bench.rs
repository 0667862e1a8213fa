//! Browser half of the wasm ÷ native benchmark: the same scenarios as
//! `examples/bench_trace.rs`, timed with `performance.now()` in headless Chromium. By default
//! (the test suite) one iteration each, a smoke run that only proves it works; `scripts/bench.sh`
//! builds it with `BULKPOOL_BENCH_FULL=1` and in release for the figures.
#![cfg(target_arch = "wasm32")]
use bulkpool_allocator::{bench, simulate};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn trace_generation_in_the_browser() {
    let perf = web_sys::window()
        .and_then(|w| w.performance())
        .expect("performance");
    let full = option_env!("BULKPOOL_BENCH_FULL").is_some();
    for c in bench::cases() {
        let (samples, batch) = if full { (c.samples, c.batch) } else { (1, 1) };
        let run = || simulate(&c.scenario, c.mode).map_or(0, |t| t.len());
        let line = bench::measure(c.name, samples, batch, || perf.now(), run);
        assert!(
            !line.contains("\"events\":0,"),
            "{} did not run: {line}",
            c.name
        );
        console_log!("BENCH wasm {line}");
    }
}
