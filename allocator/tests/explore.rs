#![cfg(not(target_arch = "wasm32"))]
//! The Explore panel's knobs (`view::explore`): the right fields, valid paths, their bounds.

use bulkpool_allocator::scenario::presets::{find, PRESETS};
use bulkpool_allocator::view::explore::{default_range, knobs, knobs_in, narrows, Kind};
use bulkpool_allocator::view::link::apply_overrides;
use bulkpool_allocator::Mode;

#[test]
fn s1_has_the_knobs_of_the_issue_with_its_values() {
    let sc = find("s1").unwrap().scenario();
    let got: Vec<(String, String, String)> = knobs(&sc)
        .into_iter()
        .map(|k| (k.label, k.path, k.value))
        .collect();
    let want = [
        ("N (A)", "tasks.0.ops.0.nr", "8"),
        ("F", "zone.free", "800"),
        ("C", "pcp.count", "12"),
        ("curr_nr", "pool.curr_nr", "8"),
        ("min_nr", "pool.min_nr", "8"),
        ("batch", "pcp.batch", "8"),
        ("high", "pcp.high", "32"),
        ("gfp (A)", "tasks.0.ops.0.gfp", "GFP_NOIO"),
    ];
    let want: Vec<(String, String, String)> = want
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn every_knob_of_every_preset_is_a_field_its_value_and_bounds_can_set() {
    for p in PRESETS.iter().filter(|p| p.id != "big") {
        let sc = p.scenario();
        for k in knobs(&sc) {
            // Its own value: the same scenario back.
            let same = apply_overrides(&sc, &format!("{}:{}", k.path, k.value), Some(sc.mode))
                .unwrap_or_else(|e| panic!("{} {}: {e}", p.id, k.path));
            assert_eq!(same, sc, "{} {}", p.id, k.path);
            let values: Vec<String> = match &k.kind {
                Kind::Number { min, max } => {
                    assert!(min <= max, "{} {}", p.id, k.path);
                    let (lo, hi) = default_range(&sc, &k).unwrap();
                    assert!(
                        *min <= lo && lo <= hi && hi <= *max,
                        "{} {}: {lo}..{hi} in {min}..{max}",
                        p.id,
                        k.path
                    );
                    vec![min.to_string(), max.to_string()]
                }
                Kind::Gfp { choices } => {
                    assert_eq!(
                        choices[0], k.value,
                        "{} {}: the current mask first",
                        p.id, k.path
                    );
                    choices.iter().map(|c| c.to_string()).collect()
                }
            };
            // The bounds may break a rule between fields (the error says which), never the path.
            for v in values {
                if let Err(e) = apply_overrides(&sc, &format!("{}:{v}", k.path), Some(sc.mode)) {
                    assert!(!e.contains("no such"), "{} {}={v}: {e}", p.id, k.path);
                }
            }
        }
    }
}

#[test]
fn default_ranges_follow_the_issue() {
    let sc = find("s3").unwrap().scenario();
    let k = |path: &str| knobs(&sc).into_iter().find(|k| k.path == path).unwrap();
    assert_eq!(default_range(&sc, &k("tasks.0.ops.0.nr")), Some((1, 256)));
    // F = min … high + N.
    assert_eq!(default_range(&sc, &k("zone.free")), Some((32, 48 + 8)));
    assert_eq!(default_range(&sc, &k("pool.curr_nr")), Some((0, 8)));
    assert_eq!(default_range(&sc, &k("tasks.0.ops.0.gfp")), None);
}

/// Whether `sc` with knob `path` at `v` runs in `mode`.
fn runs(sc: &bulkpool_allocator::Scenario, mode: Mode, path: &str, v: u64) -> bool {
    apply_overrides(sc, &format!("{path}:{v}"), Some(mode)).is_ok()
}

#[test]
fn the_narrowed_ranges_run_at_both_ends_and_between_and_not_one_past() {
    let mut narrowed = 0;
    for p in PRESETS.iter() {
        let sc = p.scenario();
        for mode in Mode::ALL.into_iter().filter(|m| sc.validate(*m).is_ok()) {
            let format = knobs(&sc);
            for (k, f) in knobs_in(&sc, mode).iter().zip(&format) {
                let (
                    Kind::Number { min, max },
                    Kind::Number {
                        min: fmin,
                        max: fmax,
                    },
                ) = (&k.kind, &f.kind)
                else {
                    assert_eq!(k, f);
                    continue;
                };
                let at = |v: u64| format!("{} {mode:?} {}={v}", p.id, k.path);
                assert!(fmin <= min && min <= max && max <= fmax, "{}", at(*min));
                narrowed += usize::from((min, max) != (fmin, fmax));
                // Both ends run, and so do values between them.
                let step = ((max - min) / 16).max(1);
                for v in (*min..=*max).step_by(step as usize).chain([*max]) {
                    assert!(runs(&sc, mode, &k.path, v), "{} should run", at(v));
                }
                // One past either end, inside the format's bounds, does not.
                if max < fmax {
                    assert!(
                        !runs(&sc, mode, &k.path, max + 1),
                        "{} should not run",
                        at(max + 1)
                    );
                }
                if min > fmin {
                    assert!(
                        !runs(&sc, mode, &k.path, min - 1),
                        "{} should not run",
                        at(min - 1)
                    );
                }
            }
        }
    }
    // The finding this answers: N's format bound (65,536) is past the event bound for most.
    assert!(narrowed > 20, "only {narrowed} knobs narrowed");
}

#[test]
fn a_scenario_too_costly_to_narrow_keeps_the_formats_bounds() {
    // s1 with 100 I/O waits after its call: 101 ops times its 6 number knobs is past
    // MAX_NARROWING_COST, and it still runs.
    let mut sc = find("s1").unwrap().scenario();
    sc.tasks[0].ops.extend(std::iter::repeat_n(
        bulkpool_allocator::Op::Io { ms: 1 },
        100,
    ));
    assert!(sc.validate(sc.mode).is_ok());
    assert_eq!(knobs_in(&sc, sc.mode), knobs(&sc));
    assert!(
        !narrows(&sc, sc.mode),
        "the panel would claim narrowed ranges"
    );
    // s1 as it is, and big, are narrowed.
    let s1 = find("s1").unwrap().scenario();
    assert_ne!(knobs_in(&s1, s1.mode), knobs(&s1));
    assert!(narrows(&s1, s1.mode));
    let big = find("big").unwrap().scenario();
    assert_ne!(knobs_in(&big, big.mode), knobs(&big));
    assert!(narrows(&big, big.mode));
}
