//! How many generated cases reach each check, and how many fail one: a report, not a test
//! (ignored by default). It draws cases from each generator with fixed seeds, runs them through
//! the same `check_case` as the property test, and counts instead of stopping at the first
//! failure. With a mutation applied to the simulator, the failures it counts give the
//! per-case probability p that a case catches it, and 1 - (1 - p)^CASES the chance that a
//! default run does (for the mix, the property test's own generator).
//!
//! `BULKPOOL_REPORT_CASES` (default 10,000 per generator and seed), `BULKPOOL_REPORT_SEEDS`
//! (default `1,2,3`) and `BULKPOOL_REPORT_GENERATORS` (default `whole,races,mix`: the whole
//! space, the races, and the property test's mix of the two):
//!
//! ```text
//! cargo test -p bulkpool-allocator --test properties -- --ignored --nocapture coverage
//! ```

use super::{any_scenario, check_case, Case, CASES};
use crate::common::Guarantees;
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngSeed, TestRunner};

#[derive(Default)]
struct Tally {
    cases: usize,
    rejected: usize,
    cut: usize,
    all_three: usize,
    first_two: usize,
    unchecked: usize,
    slept: usize,
    woke: usize,
    failed: usize,
    first_failures: Vec<String>,
    events: usize,
    seconds: f64,
    /// Of which in runs cut at the step limit.
    cut_seconds: f64,
}

impl Tally {
    fn add(&mut self, result: Result<Result<Case, String>, String>, seconds: f64) {
        self.cases += 1;
        let case = match result {
            Ok(Ok(case)) => case,
            Ok(Err(e)) | Err(e) => {
                self.failed += 1;
                if self.first_failures.len() < 3 {
                    self.first_failures.push(e);
                }
                return;
            }
        };
        if case.rejected {
            self.rejected += 1;
            return;
        }
        self.events += case.events;
        self.cut += case.cut as usize;
        if case.cut {
            self.cut_seconds += seconds;
        }
        match case.guarantees {
            Some(Guarantees::All) => self.all_three += 1,
            Some(Guarantees::NoLostWakeUpCheck) => self.first_two += 1,
            None => self.unchecked += 1,
        }
        if case.guarantees.is_some() {
            self.slept += (case.sleeps > 0) as usize;
            self.woke += (case.wakes > 0) as usize;
        }
    }

    fn print(&self, name: &str) {
        let pct = |n: usize| 100.0 * n as f64 / self.cases.max(1) as f64;
        let p = self.failed as f64 / self.cases.max(1) as f64;
        println!(
            "{name}: {} cases; rejected {}; cut at the step limit (prefix checked) {} ({:.1} %); \
             sleep/wake checked: all three {} ({:.1} %), the first two {} ({:.1} %), not (RFC) {}; \
             checked with a sleep {} ({:.1} %), with a wake-up that woke someone {} ({:.1} %); \
             {:.0} events and {:.1} ms a case ({:.0} % of the time in the cut runs); \
             FAILED {} (p = {p:.2e}; 1 - (1 - p)^{CASES} = {:.6})",
            self.cases,
            self.rejected,
            self.cut,
            pct(self.cut),
            self.all_three,
            pct(self.all_three),
            self.first_two,
            pct(self.first_two),
            self.unchecked,
            self.slept,
            pct(self.slept),
            self.woke,
            pct(self.woke),
            self.events as f64 / self.cases.max(1) as f64,
            1000.0 * self.seconds / self.cases.max(1) as f64,
            100.0 * self.cut_seconds / self.seconds.max(1e-9),
            self.failed,
            1.0 - (1.0 - p).powi(CASES as i32),
        );
        for f in &self.first_failures {
            println!("  e.g. {}", f.lines().next().unwrap_or(""));
        }
    }
}

fn env_or<T: std::str::FromStr>(var: &str, default: T) -> T {
    std::env::var(var)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn tally<S: Strategy<Value = (bulkpool_allocator::Scenario, bulkpool_allocator::Mode)>>(
    strategy: S,
    seed: u64,
    cases: usize,
) -> Tally {
    let mut runner = TestRunner::new(Config {
        rng_seed: RngSeed::Fixed(seed),
        ..Config::default()
    });
    let mut t = Tally::default();
    let clock = std::time::Instant::now();
    for _ in 0..cases {
        let (sc, mode) = strategy.new_tree(&mut runner).unwrap().current();
        let one = std::time::Instant::now();
        let result = std::panic::catch_unwind(|| check_case(&sc, mode).map_err(|e| e.to_string()))
            .map_err(|p| {
                p.downcast_ref::<String>()
                    .cloned()
                    .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default()
            });
        t.add(result, one.elapsed().as_secs_f64());
    }
    t.seconds = clock.elapsed().as_secs_f64();
    t
}

#[test]
#[ignore = "a report, not a check: run with -- --ignored --nocapture coverage"]
fn coverage() {
    let cases: usize = env_or("BULKPOOL_REPORT_CASES", 10_000);
    let seeds: String = env_or("BULKPOOL_REPORT_SEEDS", "1,2,3".to_string());
    // Invariant violations panic; count them without printing each one.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let generators: String = env_or("BULKPOOL_REPORT_GENERATORS", "whole,races,mix".to_string());
    let on = |g: &str| generators.split(',').any(|x| x.trim() == g);
    for seed in seeds
        .split(',')
        .map(|s| s.trim().parse::<u64>().expect("a seed"))
    {
        if on("whole") {
            tally(super::generate::scenario(), seed, cases)
                .print(&format!("whole space, seed {seed}"));
        }
        if on("races") {
            tally(super::race::race(), seed, cases).print(&format!("races, seed {seed}"));
        }
        if on("mix") {
            tally(any_scenario(), seed, cases).print(&format!("the test's mix, seed {seed}"));
        }
    }
    std::panic::set_hook(hook);
}
