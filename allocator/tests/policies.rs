#![cfg(not(target_arch = "wasm32"))]
//! The design space (`model::policy`): every named version's bundle is exactly its own run, each
//! axis decides the outcome of a preset where the review threads said it would, a combination
//! that means nothing is refused with the reason, and random presets under random policy
//! combinations keep every invariant, with the sleep/wake guarantees wherever the pool lock is
//! held through the enqueue.

mod common;

use bulkpool_allocator::explain::outcome::{classify, Class};
use bulkpool_allocator::model::policy::{Axis, Policies, PolicySpec, WaitLock};
use bulkpool_allocator::scenario::presets::{find, PRESETS};
use bulkpool_allocator::{simulate, Mode, Scenario, Semantics, Trace};
use common::{check_sleep_wake, check_trace};
use proptest::prelude::*;

/// `preset` under `sem` in `mode` with the policies of `list` (`axis:value,...`).
fn what_if(preset: &str, sem: Semantics, mode: Mode, list: &str) -> Trace {
    let mut sc = find(preset).unwrap().scenario();
    sc.semantics = Some(sem);
    sc.mode = mode;
    let named = sc.named_policies(sem);
    sc.policy = PolicySpec::parse(list, named).unwrap();
    let t = simulate(&sc, mode).unwrap();
    check_trace(&t);
    t
}

fn sleeps(t: &Trace) -> Vec<u32> {
    t.final_world()
        .tasks
        .iter()
        .map(|x| x.stats.sleeps)
        .collect()
}

#[test]
fn naming_every_axis_of_a_versions_own_bundle_changes_nothing() {
    let mut runs = 0;
    for p in PRESETS.iter().filter(|p| p.id != "big") {
        for sem in Semantics::ALL {
            for mode in Mode::ALL {
                let mut sc = p.scenario();
                sc.semantics = Some(sem);
                sc.mode = mode;
                let Ok(plain) = simulate(&sc, mode) else {
                    continue;
                };
                // Every axis the run reads, set explicitly to the version's own value.
                let named = sc.named_policies(sem);
                let list: Vec<String> = sc
                    .policy_axes(sem, mode)
                    .iter()
                    .map(|a| format!("{}:{}", a.name(), named.get(*a)))
                    .collect();
                sc.policy = PolicySpec::parse(&list.join(","), named).unwrap();
                assert!(sc.policy.is_empty(), "the own values are no departure");
                let t = simulate(&sc, mode).unwrap();
                assert_eq!(t.events, plain.events, "{} {sem} {mode}", p.id);
                assert!(!t.rules().is_what_if());
                runs += 1;
            }
        }
    }
    assert!(runs >= 170, "{runs} runs");
}

#[test]
fn drain_all_or_nothing_ends_the_rfcs_deadlock_in_s8c() {
    // s8c's two tasks (I/O, then free) under the RFC: partial draining leaves each holding
    // part of the reserve, 7 sleeps each, neither finishes.
    let rfc = what_if("s8c", Semantics::Rfc2022, Mode::List, "");
    assert_eq!(classify(&rfc).class, Class::Deadlock);
    assert_eq!(sleeps(&rfc), [7, 7]);
    let aon = what_if(
        "s8c",
        Semantics::Rfc2022,
        Mode::List,
        "drain:all-or-nothing",
    );
    assert_eq!(classify(&aon).class, Class::Completed);
    assert!(aon.rules().is_what_if());
    assert_eq!(
        aon.rules().what_if_label().unwrap(),
        "what-if: drain all-or-nothing (as v6.19)"
    );
}

#[test]
fn serialized_blocking_passes_end_it_too_as_dm_crypt_does_in_s8b() {
    let serial = what_if("s8c", Semantics::Rfc2022, Mode::List, "serial:all");
    assert_eq!(classify(&serial).class, Class::Completed);
    let locks = serial
        .events
        .iter()
        .filter(|e| matches!(e.kind, bulkpool_allocator::EventKind::MutexLock { .. }))
        .count();
    assert!(locks >= 1, "the blocking pass takes the mutex");
}

#[test]
fn holding_the_lock_closes_the_rfcs_window_in_s8d() {
    // Under the RFC, B's free slips in between A's drain and its sleep: A sleeps out 5 s
    // beside a non-empty reserve. With the lock held (v2's choice) A is on the queue first,
    // B's free wakes it at once: no timeout, done at t = 0, exactly v2's run.
    let rfc = what_if("s8d", Semantics::Rfc2022, Mode::Array, "");
    assert_eq!(rfc.final_world().tasks[0].stats.timeouts, 1);
    assert_eq!(rfc.final_world().now_ms, 5_000);
    let held = what_if("s8d", Semantics::Rfc2022, Mode::Array, "lock:held");
    assert_eq!(held.final_world().tasks[0].stats.timeouts, 0);
    assert_eq!(held.final_world().now_ms, 0);
    let v2 = what_if("s8d", Semantics::V2_2023, Mode::Array, "");
    assert_eq!(
        held.events, v2.events,
        "the RFC with the lock held runs as v2"
    );
    // And dropping it reopens the window under v2.
    let dropped = what_if("s8d", Semantics::V2_2023, Mode::Array, "lock:dropped");
    assert_eq!(dropped.final_world().tasks[0].stats.timeouts, 1);
}

#[test]
fn charging_only_the_holes_spares_s6s_array_caller_its_sleep() {
    let whole = what_if("s6", Semantics::Rfc2022, Mode::Array, "");
    assert_eq!(sleeps(&whole), [1]);
    let holes = what_if("s6", Semantics::Rfc2022, Mode::Array, "charge:holes");
    assert_eq!(sleeps(&holes), [0], "low + 2 passes where low + 8 failed");
}

#[test]
fn who_calls_first_turns_s8s_livelock_under_6_19_into_a_deadlock() {
    // The v7.0 caller's alloc_pages_bulk cannot fail and loops; with nobody calling it first,
    // A takes the whole reserve and B waits forever (s8's tasks never free).
    let caller = what_if("s8", Semantics::Mainline6_19, Mode::Array, "");
    assert_eq!(classify(&caller).class, Class::Livelock);
    let nobody = what_if("s8", Semantics::Mainline6_19, Mode::Array, "first:nobody");
    assert_eq!(classify(&nobody).class, Class::Deadlock);
    // And s8c's empty array is its own named bundle: asking for nobody is no departure.
    let s8c = what_if("s8c", Semantics::Mainline6_19, Mode::Array, "first:nobody");
    assert!(!s8c.rules().is_what_if());
}

#[test]
fn waking_only_sleepers_skips_the_wake_ups_of_s12() {
    let always = what_if("s12", Semantics::Rfc2022, Mode::List, "");
    assert_eq!(always.final_world().work.wakeups, 6);
    let sleepers = what_if("s12", Semantics::Rfc2022, Mode::List, "wake:if-sleeper");
    assert_eq!(
        sleepers.final_world().work.wakeups,
        0,
        "nobody sleeps in s12"
    );
}

#[test]
fn combinations_that_mean_nothing_are_refused_with_the_reason() {
    let mut sc = find("s8").unwrap().scenario();
    sc.semantics = Some(Semantics::Rfc2022);
    sc.policy.first = Some(bulkpool_allocator::model::policy::FirstCall::Nobody);
    let e = sc.validate(Mode::List).unwrap_err();
    assert_eq!(e.field, "policy.first");
    assert!(e.message.contains("no pool->alloc"), "{e}");
    let mut sc = find("s1").unwrap().scenario();
    sc.policy.charge = Some(bulkpool_allocator::model::policy::ArrayCharge::Holes);
    let e = sc.validate(Mode::List).unwrap_err();
    assert_eq!(e.field, "policy.charge");
    assert!(e.message.contains("does not apply"), "{e}");
}

/// A preset, a semantics and mode it runs in, one value per axis it reads, a preemption.
fn case() -> impl Strategy<Value = (Scenario, Mode)> {
    (
        0..PRESETS.len() - 1,
        0..Semantics::ALL.len(),
        0..Mode::ALL.len(),
        proptest::collection::vec(0..3usize, Axis::ALL.len()),
        0..3usize,
    )
        .prop_map(|(p, s, m, picks, preempt)| {
            let mut sc = PRESETS[p].scenario();
            let sem = Semantics::ALL[s];
            let mode = Mode::ALL[m];
            sc.semantics = Some(sem);
            sc.mode = mode;
            sc.preempt = [
                bulkpool_allocator::scenario::Preempt::None,
                bulkpool_allocator::scenario::Preempt::PoolLock,
                bulkpool_allocator::scenario::Preempt::AnyLock,
            ][preempt];
            let named: Policies = sc.named_policies(sem);
            let mut target = named;
            for (axis, pick) in Axis::ALL.iter().zip(picks) {
                if sc.policy_axes(sem, mode).contains(axis) {
                    let choices = axis.choices();
                    let value = choices[pick % choices.len()].name;
                    if let Ok(t) = target.with(*axis, value) {
                        target = t;
                    }
                }
            }
            sc.policy = PolicySpec::between(named, target);
            (sc, mode)
        })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 600,
        max_global_rejects: 30_000,
        // A failure is printed with its case; no regressions file is left in the tree.
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn every_policy_combination_keeps_the_invariants((sc, mode) in case()) {
        // A first call the pool cannot make is refused: such cases are rejected, not passed.
        prop_assume!(sc.validate(mode).is_ok());
        let t = simulate(&sc, mode).unwrap();
        check_trace(&t);
        let again = simulate(&sc, mode).unwrap();
        prop_assert_eq!(&t.events, &again.events, "deterministic");
        let resizes = sc.tasks.iter().flat_map(|t| &t.ops).any(|op| {
            matches!(op, bulkpool_allocator::Op::Resize { .. } | bulkpool_allocator::Op::MempoolInit)
        });
        if t.rules().policies.lock == WaitLock::Held && !resizes {
            prop_assert_eq!(check_sleep_wake(&t), Ok(()), "{} under {} in {}: {:?}", sc.name, t.semantics, mode, t.rules().policies);
        }
    }
}

#[test]
fn a_what_if_is_a_link_with_its_departures_in_p() {
    use bulkpool_allocator::view::link::{encode, parse};
    let model = bulkpool_allocator::model::version::MODEL;
    let q = format!("?v=1&m={model}&s=s8c&mode=list&sem=rfc-2022&p=drain:all-or-nothing");
    let opened = parse(&q);
    assert!(opened.problems.is_empty(), "{:?}", opened.problems);
    let sc = opened.link.scenario();
    assert_eq!(
        sc.policy.drain,
        Some(bulkpool_allocator::model::policy::Drain::AllOrNothing)
    );
    assert_eq!(encode(&opened.link), q, "the link reads back as written");
    // A choice the run cannot make is named, and the run opens without it.
    let bad = parse("?v=1&s=s8c&sem=rfc-2022&p=first:nobody");
    assert!(
        bad.problems[0].contains("policy.first"),
        "{:?}",
        bad.problems
    );
    assert!(bad.link.scenario().policy.is_empty());
    let junk = parse("?v=1&s=s8&p=drain:sideways");
    assert!(
        junk.problems[0].contains("not a value of drain"),
        "{:?}",
        junk.problems
    );
}

/// The simulation reads policies and era facts, never a version's name: no `Semantics::`
/// variant, and no comparison with one, anywhere in `src/sim/` (design-space.md, step 3).
#[test]
fn the_simulation_never_decides_by_a_versions_name() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/sim");
    let mut files = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        for (i, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            assert!(
                !code.contains("Semantics::")
                    && !code.contains("sem ==")
                    && !code.contains("sem !="),
                "{}:{}: decides by a version's name: {line}",
                path.display(),
                i + 1
            );
        }
        files += 1;
    }
    assert!(files >= 10, "{files} files");
}
