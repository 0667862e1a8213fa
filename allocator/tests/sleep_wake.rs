#![cfg(not(target_arch = "wasm32"))]
//! The sleep/wake checker of the test harness (`common::check_sleep_wake_events`) on the
//! prefix of a run, as the property test uses it for runs it stops early.

mod common;

use bulkpool_allocator::trace::event::{EventKind, FreeTo};
use bulkpool_allocator::{Mode, Scenario};
use common::{check_sleep_wake_events, run_checked, Events, Guarantees};

/// A run cut between a free into the reserve and its `wake_up` is not a lost wake-up: the
/// wake-up is the next step. The same events taken as a whole run are one.
#[test]
fn a_prefix_cut_before_the_wake_up_is_no_lost_wake_up_but_a_whole_run_would_be() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/scenarios/lost_wakeup_619_pool_only.json"
    );
    let sc = Scenario::from_json(&std::fs::read_to_string(path).unwrap()).unwrap();
    let t = run_checked(&sc, Mode::Array);
    let wake = t
        .events
        .iter()
        .position(|e| matches!(e.kind, EventKind::WakeUp { woken: 1 }))
        .expect("B's second free wakes A");
    let prefix = &t.events[..wake];
    assert!(matches!(
        prefix.last().unwrap().kind,
        EventKind::Free {
            to: FreeTo::Pool,
            ..
        }
    ));
    let check = |whole| {
        check_sleep_wake_events(
            &t.initial,
            prefix,
            whole,
            Guarantees::All,
            t.rules().policies.drain,
        )
    };
    check(Events::Prefix).unwrap();
    let err = check(Events::Whole).unwrap_err();
    assert!(err.contains("did not wake them"), "{err}");
    // The whole run keeps every guarantee.
    check_sleep_wake_events(
        &t.initial,
        &t.events,
        Events::Whole,
        Guarantees::All,
        t.rules().policies.drain,
    )
    .unwrap();
}
