#![cfg(not(target_arch = "wasm32"))]
//! The link decoder against hostile input: random bytes, truncated and mutated valid links, huge
//! numbers and deep nesting. Every input is either opened or reported with a message, and
//! nothing panics. `BULKPOOL_FUZZ_CASES` sets the total number of inputs (default 10,000, split
//! over the four kinds); `make fuzz` runs 1,000,000 in the `fuzz` profile (release
//! optimisation with overflow checks; a build without them is refused). Fewer than
//! `MIN_CASES` fail the test unless `BULKPOOL_ALLOW_FEW_CASES=1` is set too (never on CI).

mod common;

use bulkpool_allocator::view::link::{self, Source};
use proptest::prelude::*;

/// The floor under `BULKPOOL_FUZZ_CASES` (`common::env::case_count`).
const MIN_CASES: u32 = 1_000;

fn cases() -> u32 {
    // An overflow must panic to be found: never fuzz a build without overflow checks.
    common::env::require_overflow_checks("link_fuzz");
    common::env::case_count("BULKPOOL_FUZZ_CASES", 10_000, MIN_CASES).div_ceil(4)
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: cases(),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Valid links of every kind to start mutating from.
const SEEDS: [&str; 8] = [
    "?v=1&s=s5&mode=list&step=36",
    "?v=1&s=s5&o=zone.free:40,pcp.count:3,tasks.0.ops.0.pages:12&mode=list&step=3",
    "?v=1&s=s8&o=semantics:v2-2023,tasks.1.name:%22writer,%202%22&mode=array",
    "?v=1&c=lY_BasMwDIZfRejsQTYKKz5ujzFK8GJ1MbEtI7sdXfC7T-m2y6CHXmxsfZ_0a0VPdZJQWuCMFtsnQ3N1qeBiI8muUbyAFxcytJlAqJKcyQC5aYaZo6-wAz7C3oDLHjIFxQTorEdyC1Uowh-qVTQ4s4QvzmOqaB-fh2EwmF0inZsuD56cjzwtyhXmiHbF6SQyZkG77_opRKk0hbfy-Itew6J9W5HLz33ljT63tmps8PspLtgP3ax_A1_Q3Gm8_jN2N4yDQd2RtvxHjYz2aej9Gw&step=100",
    "?s=s6&view=compare&embed=1",
    "?json=%7B%22name%22%3A%22tight%22%2C%22zone%22%3A%7B%22free%22%3A45%7D%7D&step=3",
    "?v=1&s=s15&sem=mainline-6.19&mode=array&step=9",
    "?v=1&s=s1&o=tasks.0.ops.0:null,pool:null",
];

/// Parses `q` and checks the one promise: opened (a scenario to run, whose checks then decide)
/// or reported. Returns whether anything was reported.
fn check(q: &str) -> bool {
    let o = link::parse(q);
    for p in &o.problems {
        assert!(
            !p.is_empty() && p.len() < 2_000,
            "a problem message of {} bytes",
            p.len()
        );
    }
    if let Source::Custom { scenario, .. } = &o.link.source {
        // The scenario's own checks accept or name the field; they never panic.
        let _ = scenario.validate(o.link.mode());
    }
    // What was opened writes back to a link that opens the same.
    let again = link::parse(&link::encode(&o.link));
    let short: String = q.chars().take(200).collect();
    assert!(
        again.link.scenario() == o.link.scenario(),
        "{short:?}: another scenario after a round trip"
    );
    assert!(again.link.mode() == o.link.mode(), "{short:?}");
    assert!(
        (again.link.step, again.link.view, again.link.embed)
            == (o.link.step, o.link.view, o.link.embed),
        "{short:?}"
    );
    !o.problems.is_empty()
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn random_bytes(bytes in prop::collection::vec(any::<u8>(), 0..700)) {
        check(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn truncated_and_mutated_links(
        seed in 0..SEEDS.len(),
        cut in any::<prop::sample::Index>(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 0..6),
    ) {
        let mut b = SEEDS[seed].as_bytes().to_vec();
        b.truncate(cut.index(b.len() + 1));
        for (at, byte, how) in edits {
            let i = at.index(b.len() + 1);
            match how {
                0 if i < b.len() => b[i] = byte,
                1 => b.insert(i, byte),
                _ if i < b.len() => { b.remove(i); }
                _ => b.push(byte),
            }
        }
        check(&String::from_utf8_lossy(&b));
    }

    #[test]
    fn huge_numbers(
        key in prop::sample::select(vec!["step", "v", "o=zone.pages", "o=horizon_ms", "o=tasks.0.ops.0.pages", "o=pcp.count", "o=zone.free"]),
        digits in "[0-9]{1,60}",
        sign in prop::sample::select(vec!["", "-", "+", "1e", "0x"]),
    ) {
        let q = match key.strip_prefix("o=") {
            Some(path) => format!("?v=1&s=s5&o={path}:{sign}{digits}"),
            None => format!("?v=1&s=s5&{key}={sign}{digits}"),
        };
        check(&q);
    }

    #[test]
    fn deep_nesting(depth in 0usize..5_000, open in prop::sample::select(vec!["[", "{\"a\":", "[{\"x\":"])) {
        let json = format!("{}1", open.repeat(depth));
        let path = vec!["a"; depth.min(200)].join(".");
        check(&format!("?json={}", json));
        check(&format!("?v=1&s=s1&o={path}:1"));
        check(&format!("?v=1&s=s1&o=name:{json}"));
    }
}

/// The decoder reports the hostile inputs above, not only survives them.
#[test]
fn hostile_links_are_reported() {
    for q in [
        "?v=1&c=!!!",
        "?v=1&s=s5&o=zone.pages:99999999999999999999999",
        "?v=1&s=s5&o=a.b.c.d.e.f.g.h.i.j:1",
        "?json=[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1",
    ] {
        assert!(check(q), "{q}");
    }
}
