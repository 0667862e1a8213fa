//! The trace-generation benchmark shared by the native run (`examples/bench_trace.rs`) and the
//! browser run (`tests/wasm_bench.rs`): the same scenarios, the same iteration counts, and one
//! JSON line per scenario, so that `scripts/bench.sh` can divide wasm by native.

use crate::scenario::presets::{find, large};
use crate::{Mode, Scenario};

/// One benchmark: a scenario, its mode, how many timed samples in full mode, and how many runs
/// each sample times (so that a sample lasts well above the browser's timer resolution).
pub struct Case {
    pub name: &'static str,
    pub scenario: Scenario,
    pub mode: Mode,
    pub samples: usize,
    pub batch: usize,
}

pub fn cases() -> Vec<Case> {
    let preset = |id: &str| find(id).map(|p| p.scenario()).unwrap_or_default();
    let case = |name, scenario, mode, samples, batch| Case {
        name,
        scenario,
        mode,
        samples,
        batch,
    };
    vec![
        case("s8", preset("s8"), Mode::List, 21, 1000),
        case("big", preset("big"), Mode::Callback, 21, 10),
        case("large", large(1 << 20, 1000), Mode::Callback, 7, 1),
    ]
}

/// Times `samples` samples of `batch` runs each with `now` (milliseconds) and returns one JSON
/// line, per run: `{"name":…,"events":…,"n":…,"median_ms":…,"min_ms":…,"max_ms":…}`.
pub fn measure(
    name: &str,
    samples: usize,
    batch: usize,
    now: impl Fn() -> f64,
    run: impl Fn() -> usize,
) -> String {
    let mut times = Vec::with_capacity(samples);
    let mut events = 0;
    for _ in 0..samples.max(1) {
        let t0 = now();
        for _ in 0..batch.max(1) {
            events = run();
        }
        times.push((now() - t0) / batch.max(1) as f64);
    }
    times.sort_by(|a, b| a.total_cmp(b));
    let median = times[times.len() / 2];
    format!(
        "{{\"name\":\"{name}\",\"events\":{events},\"n\":{},\"median_ms\":{median:.4},\"min_ms\":{:.4},\"max_ms\":{:.4}}}",
        times.len(),
        times[0],
        times[times.len() - 1]
    )
}
