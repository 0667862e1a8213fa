#![cfg(not(target_arch = "wasm32"))]
//! Predict mode's questions: two to four distinct choices, the right one from the trace, the
//! wrong ones from the other runs of the scenario or nearby values; custom scenarios too.

use bulkpool_allocator::scenario::presets::{find, PRESETS};
use bulkpool_allocator::trace::event::{EventKind, Phase};
use bulkpool_allocator::view::predict::questions;
use bulkpool_allocator::{simulate, Mode, Semantics, Trace};

/// The same scenario under every other valid mode and semantics.
fn others(id: &str, mode: Mode) -> Vec<Trace> {
    let sc = find(id).unwrap().scenario();
    let mut v = Vec::new();
    for m in Mode::ALL {
        for s in Semantics::ALL {
            let mut x = sc.clone();
            x.semantics = Some(s);
            if m == mode && x.validate(m).ok() == simulate(&sc, mode).ok().map(|t| t.semantics) {
                continue;
            }
            if let Ok(t) = simulate(&x, m) {
                v.push(t);
            }
        }
    }
    v
}

#[test]
fn every_question_has_its_answer_from_the_trace() {
    let mut asked = 0;
    for p in PRESETS.iter().filter(|p| p.id != "big") {
        let sc = p.scenario();
        let t = simulate(&sc, sc.mode).unwrap();
        let o = others(p.id, sc.mode);
        let refs: Vec<&Trace> = o.iter().collect();
        for q in questions(&t, &refs) {
            asked += 1;
            let at = format!("{} step {}: {q:?}", p.id, q.step);
            assert!((2..=4).contains(&q.choices.len()), "{at}");
            // A set, not `dedup`: repeated choices need not be adjacent.
            let distinct: std::collections::HashSet<&String> = q.choices.iter().collect();
            assert_eq!(distinct.len(), q.choices.len(), "{at}: repeated choice");
            let right = &q.choices[q.answer];
            let e = t.events[q.step - 1];
            // Asked no later than its answer, decided between the two, with a reason.
            assert!(
                q.ask <= q.step && (q.ask..=q.step).contains(&q.decides),
                "{at}"
            );
            assert!(!q.why.is_empty(), "{at}");
            match e.kind {
                EventKind::BulkReturn { ret, .. } => {
                    assert_eq!(
                        right,
                        &format!("{ret} page{}", if ret == 1 { "" } else { "s" }),
                        "{at}"
                    );
                    // Asked before the call begins: its BulkEnter is the step asked before,
                    // so no page taken in the call is on screen yet.
                    assert!(
                        matches!(t.events[q.ask - 1].kind, EventKind::BulkEnter { .. }),
                        "{at}: asked at {:?}",
                        t.events[q.ask - 1].kind
                    );
                    assert!(
                        t.events[q.ask - 1..q.step - 1]
                            .iter()
                            .filter(|p| p.task == e.task)
                            .all(|p| !matches!(p.kind, EventKind::BulkReturn { .. })),
                        "{at}: the question spans one call"
                    );
                }
                EventKind::DrainEnd { curr_nr, .. } => {
                    assert!(right.starts_with(&format!("{curr_nr} element")), "{at}");
                    // Asked before the drain's first step, whose reserve is not yet the answer.
                    assert_eq!(t.events[q.ask - 1].phase, Phase::PoolDrain, "{at}");
                    let before = t.state_at(q.ask - 1).pool.map(|p| p.curr_nr());
                    assert_ne!(
                        before,
                        Some(curr_nr),
                        "{at}: the reserve on screen is the answer"
                    );
                }
                EventKind::CallEnd { .. } => assert!(right.starts_with("returns"), "{at}"),
                _ => {
                    let word = match e.phase {
                        Phase::BulkCall => "bulk allocator again",
                        Phase::PoolDrain => "reserve",
                        Phase::SleepableRetry => "full gfp mask",
                        Phase::Sleep => "sleeps",
                        other => panic!("{at}: asked at a {other:?} step"),
                    };
                    assert!(right.contains(word), "{at}");
                }
            }
        }
    }
    assert!(asked > 100, "only {asked} questions");
}

#[test]
fn no_two_questions_are_asked_at_one_step() {
    for p in PRESETS.iter().filter(|p| p.id != "big") {
        let sc = p.scenario();
        let t = simulate(&sc, sc.mode).unwrap();
        let qs = questions(&t, &[]);
        let mut asks: Vec<usize> = qs.iter().map(|q| q.ask).collect();
        asks.sort_unstable();
        asks.dedup();
        assert_eq!(asks.len(), qs.len(), "{}", p.id);
    }
}

#[test]
fn s3s_return_is_decided_by_the_zone_check() {
    // s3: F = 45 fails low + 8 = 48, so the bulk call returns one page.
    let t = simulate(&find("s3").unwrap().scenario(), Mode::List).unwrap();
    let q = questions(&t, &[])
        .into_iter()
        .find(|q| q.prompt.contains("What will it return"))
        .unwrap();
    assert_eq!(q.choices[q.answer], "1 page");
    assert_eq!(q.decides, 6, "{q:?}");
    assert!(q.why.starts_with("Zone check fails: F = 45"), "{}", q.why);
}

#[test]
fn wrong_choices_come_from_the_other_runs_first() {
    // s6: holding 6 of 8, list asks the bulk allocator for 2 and gets them; array asks for 8
    // and falls back to one page. The array run's question offers the list run's answer.
    let t = simulate(&find("s6").unwrap().scenario(), Mode::Array).unwrap();
    let o = others("s6", Mode::Array);
    let refs: Vec<&Trace> = o.iter().collect();
    let qs = questions(&t, &refs);
    let first = qs
        .iter()
        .find(|q| q.prompt.contains("What will it return"))
        .unwrap();
    assert!(first.choices.contains(&"2 pages".to_string()), "{first:?}");
    // Without other runs, nearby values fill in.
    let alone = questions(&t, &[]);
    assert_eq!(alone.len(), qs.len());
    assert!(alone.iter().all(|q| q.choices.len() >= 2));
}

#[test]
fn a_scenario_of_the_users_gets_questions_too() {
    let mut sc = find("s5").unwrap().scenario();
    sc.name = "mine".into();
    sc.zone.free = Some(30);
    let t = simulate(&sc, Mode::List).unwrap();
    let qs = questions(&t, &[]);
    assert!(qs.iter().any(|q| q.prompt.contains("do next")), "{qs:?}");
    assert!(
        qs.iter().any(|q| q.prompt.contains("What will it return")),
        "{qs:?}"
    );
}
