#![cfg(not(target_arch = "wasm32"))]
//! The /proc importer against hostile input, as `link_fuzz.rs` does the link decoder: random
//! bytes, the captures truncated and mutated, their lines shuffled, huge numbers put in. Every
//! input is imported or refused with a message, nothing panics, and what is imported passes
//! the scenario checks and travels in a link (`c=`) that opens the same scenario.
//! `BULKPOOL_FUZZ_CASES` sets the total (default 10,000, split over the four kinds); `make fuzz`
//! runs 1,000,000 in a release build.

use bulkpool_allocator::scenario::import::{self, Options};
use bulkpool_allocator::view::link::{self, Link, Source};
use proptest::prelude::*;

fn cases() -> u32 {
    let total: u32 = std::env::var("BULKPOOL_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    total.div_ceil(4)
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: cases(),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// The captures small enough to mutate quickly: (zoneinfo, buddyinfo, pagetypeinfo).
const SEEDS: [(&str, &str, &str); 3] = [
    (
        include_str!("proc/4.18.0-80.11.2.el8_0.x86_64/zoneinfo"),
        include_str!("proc/4.18.0-80.11.2.el8_0.x86_64/buddyinfo"),
        include_str!("proc/4.18.0-80.11.2.el8_0.x86_64/pagetypeinfo"),
    ),
    (
        include_str!("proc/5.14.0-325.el9.x86_64/zoneinfo"),
        include_str!("proc/5.14.0-325.el9.x86_64/buddyinfo"),
        include_str!("proc/5.14.0-325.el9.x86_64/pagetypeinfo"),
    ),
    (
        include_str!("proc/3.4.5/zoneinfo"),
        include_str!("proc/3.4.5/buddyinfo"),
        include_str!("proc/3.4.5/pagetypeinfo"),
    ),
];

/// The one promise: imported, valid and linkable; or refused with a short message.
/// Returns whether it was imported.
fn check(zi: &str, bi: &str, pt: Option<&str>, o: &Options) -> bool {
    match import::import(zi, bi, pt, o) {
        Ok(i) => {
            let sc = &i.scenario;
            sc.validate(sc.mode)
                .expect("an imported scenario passes the checks");
            let l = Link {
                source: Source::Custom {
                    scenario: Box::new(sc.clone()),
                    base: None,
                },
                ..Link::default()
            };
            let back = link::parse(&link::encode(&l));
            assert!(back.problems.is_empty(), "{:?}", back.problems);
            assert_eq!(
                &back.link.scenario(),
                sc,
                "the link opens the same scenario"
            );
            true
        }
        Err(e) => {
            assert!(
                !e.message.is_empty() && e.message.len() < 2_000,
                "a message of {} bytes",
                e.message.len()
            );
            false
        }
    }
}

fn mutate(text: &str, cut: prop::sample::Index, edits: &[(prop::sample::Index, u8, u8)]) -> String {
    let mut b = text.as_bytes().to_vec();
    b.truncate(cut.index(b.len() + 1));
    for &(at, byte, how) in edits {
        let i = at.index(b.len() + 1);
        match how {
            0 if i < b.len() => b[i] = byte,
            1 => b.insert(i, byte),
            _ if i < b.len() => {
                b.remove(i);
            }
            _ => b.push(byte),
        }
    }
    String::from_utf8_lossy(&b).into_owned()
}

fn options() -> impl Strategy<Value = Options> {
    (
        prop::option::of(prop::sample::select(vec![
            "DMA", "DMA32", "Normal", "HighMem", "x",
        ])),
        prop::option::of(0u32..3),
        prop::option::of(0u32..3),
        prop::sample::select(vec![1u32, 2, 16, 0, 70_000]),
    )
        .prop_map(|(zone, node, cpu, scale)| Options {
            zone: zone.map(String::from),
            node,
            cpu,
            scale,
        })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn random_bytes(a in prop::collection::vec(any::<u8>(), 0..600), b in prop::collection::vec(any::<u8>(), 0..200), o in options()) {
        check(&String::from_utf8_lossy(&a), &String::from_utf8_lossy(&b), None, &o);
    }

    #[test]
    fn truncated_and_mutated_captures(
        seed in 0..SEEDS.len(),
        which in 0u8..3,
        cut in any::<prop::sample::Index>(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 0..6),
        o in options(),
    ) {
        let (zi, bi, pt) = SEEDS[seed];
        let (mut zi, mut bi, mut pt) = (zi.to_string(), bi.to_string(), pt.to_string());
        match which {
            0 => zi = mutate(&zi, cut, &edits),
            1 => bi = mutate(&bi, cut, &edits),
            _ => pt = mutate(&pt, cut, &edits),
        }
        check(&zi, &bi, Some(&pt), &o);
    }

    #[test]
    fn shuffled_lines(seed in 0..SEEDS.len(), swaps in prop::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>()), 1..8), o in options()) {
        let (zi, bi, pt) = SEEDS[seed];
        let mut lines: Vec<&str> = zi.lines().collect();
        for (a, b) in swaps {
            let (a, b) = (a.index(lines.len()), b.index(lines.len()));
            lines.swap(a, b);
        }
        check(&lines.join("\n"), bi, Some(pt), &o);
    }

    #[test]
    fn huge_numbers(
        seed in 0..SEEDS.len(),
        line in any::<prop::sample::Index>(),
        digits in "[0-9]{1,45}",
        sign in prop::sample::select(vec!["", "-", "+", ">", "0x"]),
        in_buddyinfo in any::<bool>(),
    ) {
        let (zi, bi, pt) = SEEDS[seed];
        let text = if in_buddyinfo { bi } else { zi };
        let mut lines: Vec<String> = text.lines().map(String::from).collect();
        let i = line.index(lines.len());
        // The line's last number becomes the hostile one.
        if let Some(at) = lines[i].rfind(' ') {
            lines[i] = format!("{} {sign}{digits}", &lines[i][..at]);
        }
        let text = lines.join("\n");
        let (zi, bi) = if in_buddyinfo { (zi, text.as_str()) } else { (text.as_str(), bi) };
        check(zi, bi, Some(pt), &Options::default());
    }
}

/// The fuzzing starts from captures that import: a mutation that still imports is a real case.
#[test]
fn the_seeds_import_and_travel_in_links() {
    for (zi, bi, pt) in SEEDS {
        assert!(check(zi, bi, Some(pt), &Options::default()));
    }
    assert!(!check(
        "Node 0, zone Normal\n",
        "junk",
        None,
        &Options::default()
    ));
}
