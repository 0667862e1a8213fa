//! Explore's knobs and sweeps, and the compare view's lanes by version: a variant runs in
//! place, a sweep's point opens under its own version, and a long scenario's lanes come in
//! slices.

use super::tests::{choice, go, player, preset, with_free};
use super::*;
use bulkpool_allocator::{simulate, Mode, Semantics};

#[test]
fn a_knob_change_runs_the_variant_in_place_and_the_preset_numbers_come_back_as_the_preset() {
    let p = player("s5", Mode::Callback, 36, View::Main);
    let explored = go(
        &go(&p, Action::ToggleExplore),
        Action::Explore(Box::new(with_free(&preset("s5").scenario(), 27))),
    );
    assert!(explored.explore, "the panel stays open");
    assert_eq!(explored.choice.mode, Mode::Callback, "the mode is kept");
    assert_eq!(explored.choice.root().map(|p| p.id), Some("s5"));
    assert_eq!(
        explored.choice.variant().as_deref(),
        Some("s5 + zone.free=27")
    );
    assert!(explored.step > 0, "the place is kept, not step 0");
    let query = crate::url::query(
        &explored.choice,
        explored.step,
        explored.view,
        LanesBy::Mode,
        false,
    );
    assert!(query.contains("o=zone.free:27"), "{query}");
    // The knob back at the preset's number: the preset itself, with its short link.
    let back = go(
        &explored,
        Action::Explore(Box::new(preset("s5").scenario())),
    );
    assert!(!back.choice.is_custom());
    assert_eq!(back.choice.mode, Mode::Callback);
    // Reset does the same from any variant.
    let reset = go(&explored, Action::ResetExplore);
    assert_eq!(reset.choice, back.choice);
    // A sweep's point opens in the step view, in the point's mode.
    let compare = go(&reset, Action::SetView(View::Compare));
    let point = go(
        &compare,
        Action::OpenPoint(
            Box::new(with_free(&preset("s5").scenario(), 30)),
            Mode::List,
            None,
        ),
    );
    assert_eq!(point.view, View::Main);
    assert_eq!(point.choice.mode, Mode::List);
    assert_eq!(point.choice.variant().as_deref(), Some("s5 + zone.free=30"));
}

#[test]
fn a_point_of_a_by_version_sweep_opens_under_that_version() {
    let p = player("s5", Mode::List, 0, View::Main);
    let sc = with_free(&preset("s5").scenario(), 30);
    let point = go(
        &p,
        Action::OpenPoint(Box::new(sc), Mode::Array, Some(Semantics::Mainline6_19)),
    );
    assert_eq!(point.choice.semantics, Some(Semantics::Mainline6_19));
    assert_eq!(point.trace.0.semantics, Semantics::Mainline6_19);
    assert_eq!(point.choice.mode, Mode::Array);
}

#[test]
fn lanes_by_version_run_the_scenario_under_each_version_and_the_link_says_so() {
    let p = player("s8", Mode::List, 20, View::Compare);
    let by = go(&p, Action::SetLanesBy(LanesBy::Version));
    let lanes = by.lanes.as_ref().expect("the lanes are computed again");
    let labels: Vec<&str> = lanes.iter().map(|l| l.label).collect();
    assert_eq!(labels, ["rfc-2022", "v2-2023", "mainline-6.19", "k6.0"]);
    let modes: Vec<Mode> = lanes.iter().map(|l| l.mode).collect();
    assert_eq!(
        modes,
        [Mode::List, Mode::Array, Mode::Array, Mode::List],
        "each in a mode it offers"
    );
    for l in lanes.iter() {
        let run = l
            .run
            .as_ref()
            .unwrap_or_else(|e| panic!("{}: {e}", l.label));
        assert_eq!(run.trace.0.semantics.name(), l.label);
    }
    assert_eq!(by.step, 20, "the shared step stays");
    let q = crate::url::query(&by.choice, by.step, by.view, by.lanes_by, false);
    assert!(q.ends_with("&step=20&view=versions"), "{q}");
    // The link opens the same lanes.
    let opened = crate::url::player_for(&q);
    assert_eq!(opened.lanes_by, LanesBy::Version);
    assert_eq!(opened.view, View::Compare);
    assert_eq!(opened.lanes.as_ref().map(|l| l.len()), Some(4));
    // Another scenario keeps the layout by version.
    let other = go(&by, Action::Select(choice("s5", Mode::List)));
    assert_eq!(other.lanes_by, LanesBy::Version);
    assert_eq!(other.lanes.as_ref().map(|l| l[0].label), Some("rfc-2022"));
    // And back by mode.
    let back = go(&other, Action::SetLanesBy(LanesBy::Mode));
    let labels: Vec<&str> = back
        .lanes
        .as_ref()
        .unwrap()
        .iter()
        .map(|l| l.label)
        .collect();
    assert_eq!(labels, ["list", "array", "callback"]);
}

#[test]
fn a_long_scenario_opened_by_version_requests_its_lanes_in_slices() {
    let p = player("s5", Mode::List, 0, View::Compare);
    let by = go(&p, Action::SetLanesBy(LanesBy::Version));
    // big: 65,536 frames and a run long enough to be generated in slices.
    let big = choice("big", Mode::Callback);
    assert!(is_long(&big.scenario(), big.mode));
    let opened = go(&by, Action::Select(big));
    let next = match &opened.loading {
        // The run itself first (long), then its lanes.
        Some(l) if matches!(l.then, Then::Open { .. }) => {
            let runs: Vec<_> = l
                .jobs
                .iter()
                .map(|(m, sc)| simulate(sc, *m).map(Rc::new).map_err(|e| e.to_string()))
                .collect();
            go(&opened, Action::Generated(Rc::new(runs)))
        }
        _ => opened,
    };
    assert_eq!(next.lanes_by, LanesBy::Version);
    let request = next
        .loading
        .as_ref()
        .expect("the version lanes are requested, not computed at once");
    assert!(matches!(request.then, Then::Lanes));
    assert_eq!(request.jobs.len(), 4, "one run per version");
}
