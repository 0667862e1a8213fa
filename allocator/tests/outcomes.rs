#![cfg(not(target_arch = "wasm32"))]
//! How every preset ends (`explain::outcome::classify`), under every semantics and mode it
//! offers and as each version of the compare view runs it, in one table, with the rule that
//! decides each class: a finished program, a state that repeats while nobody can free to the
//! pool, tasks looping in the page allocator with nothing left to free, or a horizon reached
//! while progress was still possible.

use bulkpool_allocator::explain::outcome::{classify, Class};
use bulkpool_allocator::scenario::presets::{find, PRESETS};
use bulkpool_allocator::view::versions::{under, VERSIONS};
use bulkpool_allocator::{simulate, Mode, Semantics};

use Class::*;

/// Per preset: its class wherever it runs, then the runs that end otherwise, as
/// (semantics, class) for every mode that semantics offers. The reason is each row's comment.
/// A preset, its class wherever it runs, and the semantics under which it ends otherwise.
type Row = (&'static str, Class, &'static [(&'static str, Class)]);

const TABLE: &[Row] = &[
    ("s1", Completed, &[]),
    ("s2", Completed, &[]),
    ("s3", Completed, &[]),
    ("s4", Completed, &[]),
    ("s5", Completed, &[]),
    ("s6", Completed, &[]),
    // A sleeps again holding 1 of the 2 it needs after B and C are done: nobody is left to
    // free to the pool and the zone has nothing to reclaim (the 1 s horizon is continued).
    ("s7", Deadlock, &[]),
    // Partial draining: each holds 4 of 8 (v6.0's per-page mempool_alloc too); under 6.19
    // the v7.0 caller's alloc_pages_bulk(GFP_NOIO) cannot fail and loops: a livelock.
    ("s8", Deadlock, &[("mainline-6.19", Livelock)]),
    ("s8b", Completed, &[]),
    // All or nothing completes; the partial drains of the RFC, v2 and v6.0 deadlock.
    ("s8c", Deadlock, &[("mainline-6.19", Completed)]),
    ("s8d", Completed, &[]),
    ("s9", Completed, &[]),
    ("s9b", Completed, &[]),
    ("s10", Completed, &[]),
    ("s11", Completed, &[]),
    ("s12", Completed, &[]),
    ("s13", Completed, &[]),
    ("s14", Completed, &[]),
    ("s15", Completed, &[]),
    ("s15b", Completed, &[]),
    ("s15c", Completed, &[]),
    ("big", Completed, &[]),
];

/// The words of the rule that decides each class.
fn rule_says(class: Class) -> &'static str {
    match class {
        Completed => "every task finished its program",
        Deadlock => "repeats the state at",
        Livelock => "too small to fail",
        Cut => "horizon",
    }
}

fn expected(preset: &str, sem: Semantics) -> Class {
    let (_, class, except) = TABLE.iter().find(|r| r.0 == preset).unwrap();
    except
        .iter()
        .find(|(s, _)| *s == sem.name())
        .map_or(*class, |(_, c)| *c)
}

#[test]
fn every_preset_under_every_semantics_and_mode_ends_as_the_table_says() {
    assert_eq!(TABLE.len(), PRESETS.len(), "one row per preset");
    let mut runs = 0;
    for p in PRESETS {
        for sem in Semantics::ALL {
            for mode in Mode::ALL {
                let mut sc = p.scenario();
                sc.semantics = Some(sem);
                sc.mode = mode;
                if sc.validate(mode).is_err() {
                    continue;
                }
                let t = simulate(&sc, mode).unwrap();
                let o = classify(&t);
                let want = expected(p.id, sem);
                assert_eq!(o.class, want, "{} under {sem} in {mode}: {}", p.id, o.rule);
                assert!(
                    o.rule.contains(rule_says(want)),
                    "{} under {sem} in {mode}: the rule names its evidence: {}",
                    p.id,
                    o.rule
                );
                runs += 1;
            }
        }
    }
    assert!(runs >= 170, "{runs} runs");
}

#[test]
fn every_version_lane_ends_as_the_table_says() {
    // The compare view's lanes: v6.0 runs a bulk request as per-page mempool_alloc calls.
    for p in PRESETS.iter().filter(|p| p.id != "big") {
        let base = p.scenario();
        for sem in VERSIONS {
            let Ok((mode, sc)) = under(&base, base.mode, sem) else {
                continue;
            };
            let o = classify(&simulate(&sc, mode).unwrap());
            assert_eq!(
                o.class,
                expected(p.id, sem),
                "{} lane {sem}: {}",
                p.id,
                o.rule
            );
        }
    }
}

#[test]
fn a_deadlock_names_the_repeating_state_and_who_is_asleep() {
    let t = simulate(&find("s8").unwrap().scenario(), Mode::List).unwrap();
    let o = classify(&t);
    assert_eq!(o.class, Deadlock);
    assert!(
        o.rule
            .contains("t = 10000 ms repeats the state at t = 5000 ms"),
        "{}",
        o.rule
    );
    assert!(o.rule.contains("A and B are asleep on it"), "{}", o.rule);
    assert_eq!(o.waiting, ["A", "B"]);
    assert_eq!(o.label(), "deadlock");
}

#[test]
fn a_run_cut_while_its_io_is_pending_is_cut_not_stuck() {
    // B's I/O completes after the horizon and its free would wake A: progress is possible.
    let json = r#"{ "horizon_ms": 50, "pool": { "min_nr": 2, "curr_nr": 0 }, "zone": { "free": 20 },
        "tasks": [ { "name": "A", "ops": [ { "op": "mempool_bulk", "nr": 2 } ] },
                   { "name": "B", "holds": 2, "ops": [ { "op": "io", "ms": 100 }, { "op": "free_all" } ] } ] }"#;
    let sc = bulkpool_allocator::Scenario::from_json(json).unwrap();
    let t = simulate(&sc, sc.mode).unwrap();
    let o = classify(&t);
    assert_eq!(o.class, Cut, "{}", o.rule);
    assert!(o.rule.contains("B's I/O was still pending"), "{}", o.rule);
    assert_eq!(o.label(), "cut at 50 ms", "the horizon that cut it");
}

#[test]
fn a_short_horizon_is_looked_past_and_progress_makes_it_cut() {
    // A sleeps (GFP_NOIO direct reclaim may not write dirty pages back); kswapd, which may,
    // balances the zone in 800 ms, and A's retry at its 5 s timeout, past the horizon,
    // succeeds.
    let json = r#"{ "horizon_ms": 1000, "semantics": "k6.0", "pool": { "min_nr": 1, "curr_nr": 0 },
        "zone": { "free": 20, "reclaimable_dirty": 64, "kswapd_rate": 4 },
        "tasks": [ { "name": "A", "ops": [ { "op": "mempool_alloc", "count": 1 } ] } ] }"#;
    let sc = bulkpool_allocator::Scenario::from_json(json).unwrap();
    let t = simulate(&sc, sc.mode).unwrap();
    let o = classify(&t);
    assert_eq!(o.class, Cut, "{}", o.rule);
    assert!(
        o.rule.contains("continuing past the 1 s horizon"),
        "{}",
        o.rule
    );
}

#[test]
fn count_over_min_nr_is_a_caller_bug_the_kernel_warns_about() {
    // U1: s8c with a reserve of 6 for requests of 8: the reserve stays full, both tasks wait
    // forever, and the outcome blames the caller, not a lack of frees.
    let sc = find("s8c").unwrap().scenario();
    let sc = bulkpool_allocator::view::link::apply_overrides(&sc, "pool.min_nr:6", None).unwrap();
    assert_eq!(
        sc.pool.as_ref().unwrap().curr_nr,
        Some(6),
        "the resize frees to 6"
    );
    let t = simulate(&sc, Mode::Array).unwrap();
    let warnings = t
        .events
        .iter()
        .filter(|e| matches!(e.kind, bulkpool_allocator::EventKind::KernelWarning { .. }))
        .count();
    assert_eq!(warnings, 1, "VM_WARN_ON_ONCE fires once");
    let o = classify(&t);
    assert_eq!(o.caller_bug.as_deref(), Some("count > min_nr"));
    let text = bulkpool_allocator::explain::outcome::outcome(&t);
    assert!(
        text.contains("VM_WARN_ON_ONCE(count > pool->min_nr)"),
        "{text}"
    );
    assert!(!text.contains("Nobody is left to free"), "{text}");
}
