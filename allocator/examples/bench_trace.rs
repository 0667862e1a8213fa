//! Native half of the wasm ÷ native benchmark (scripts/bench.sh): one JSON line per scenario.
//! `BULKPOOL_BENCH_SMOKE=1` runs each once.
use bulkpool_allocator::{bench, simulate};

fn main() {
    let smoke = std::env::var("BULKPOOL_BENCH_SMOKE").is_ok();
    let start = std::time::Instant::now();
    let now = || start.elapsed().as_secs_f64() * 1000.0;
    for c in bench::cases() {
        let (samples, batch) = if smoke { (1, 1) } else { (c.samples, c.batch) };
        let run = || simulate(&c.scenario, c.mode).map_or(0, |t| t.len());
        println!(
            "BENCH native {}",
            bench::measure(c.name, samples, batch, now, run)
        );
    }
}
