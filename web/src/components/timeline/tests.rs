use super::*;
use bulkpool_allocator::trace::event::EventKind;
use bulkpool_allocator::{presets, simulate};

/// The bar's phase per bucket, one bucket at a time (the bar as it was drawn before its runs
/// were merged into one gradient).
fn per_bucket(events: &[bulkpool_allocator::Event]) -> Vec<&'static str> {
    let buckets = events.len().clamp(1, BUCKETS);
    (0..buckets)
        .map(|b| {
            let (lo, hi) = (b * events.len() / buckets, (b + 1) * events.len() / buckets);
            let slice = &events[lo..hi.max(lo + 1).min(events.len())];
            let p = slice.iter().map(|e| e.phase).find(|p| *p != Phase::Setup);
            phase_class(p.unwrap_or(slice[0].phase))
        })
        .collect()
}

#[test]
fn the_bars_runs_are_its_buckets_merged() {
    for id in ["s1", "s5", "s8b", "s13", "s15c", "big"] {
        let sc = presets::find(id).unwrap().scenario();
        let t = simulate(&sc, sc.mode).unwrap();
        let runs = bar_runs(&t.events);
        let expanded: Vec<_> = runs
            .iter()
            .flat_map(|(p, n)| std::iter::repeat_n(phase_class(*p), *n))
            .collect();
        assert_eq!(expanded, per_bucket(&t.events), "{id}");
        // Merged: no two neighbours share a colour.
        assert!(
            runs.windows(2)
                .all(|w| phase_class(w[0].0) != phase_class(w[1].0)),
            "{id}"
        );
    }
}

#[test]
fn the_gradient_has_a_band_per_run_from_0_to_100_percent() {
    let runs = [(Phase::Setup, 1), (Phase::BulkCall, 2), (Phase::Sleep, 5)];
    assert_eq!(
        bar_gradient(&runs),
        "linear-gradient(to right, var(--p-setup) 0.000% 12.500%, \
         var(--p-bulk) 12.500% 37.500%, var(--p-sleep) 37.500% 100.000%)"
    );
    // An empty run is one grey band.
    assert_eq!(
        bar_gradient(&bar_runs(&[])),
        "linear-gradient(to right, var(--p-setup) 0.000% 100.000%)"
    );
}

#[test]
fn every_phase_colour_the_gradient_names_is_defined_in_the_stylesheet() {
    let css = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../static/style.css"))
        .unwrap();
    use Phase::*;
    for p in [
        Setup,
        BulkCall,
        FirstPass,
        PoolDrain,
        SleepableRetry,
        Sleep,
        Wake,
        Free,
        Consumer,
    ] {
        let var = format!("--{}:", phase_class(p));
        assert!(css.contains(&var), "static/style.css defines no {var}");
    }
}

#[test]
fn a_long_runs_markers_keep_every_sleep_and_wake_and_thin_the_phase_changes() {
    // s8c four times over: 64 sleeps, timeouts and wake-ups, and more phase changes than fit.
    let sc = presets::find("s8c").unwrap().scenario();
    let t = simulate(&sc, sc.mode).unwrap();
    let events: Vec<_> = (0..4).flat_map(|_| t.events.iter().copied()).collect();
    let all = markers::markers_of(&events);
    assert_eq!(all.len(), markers::MAX_MARKERS);
    let stops = events
        .iter()
        .enumerate()
        .filter(|(_, e)| match e.kind {
            EventKind::Sleep { .. } | EventKind::Timeout { .. } => true,
            EventKind::WakeUp { woken } => woken > 0,
            _ => false,
        })
        .map(|(i, _)| i + 1)
        .collect::<Vec<_>>();
    assert!(
        !stops.is_empty() && stops.len() < markers::MAX_MARKERS,
        "{} stops",
        stops.len()
    );
    let kept: Vec<usize> = all
        .iter()
        .filter(|m| m.1 != "m-phase")
        .map(|m| m.0)
        .collect();
    assert_eq!(kept, stops, "every sleep, timeout and wake-up, in order");
    // The phase changes fill the rest, thinned evenly and in order.
    let phases: Vec<usize> = all
        .iter()
        .filter(|m| m.1 == "m-phase")
        .map(|m| m.0)
        .collect();
    assert_eq!(phases.len(), markers::MAX_MARKERS - stops.len());
    assert!(phases.windows(2).all(|w| w[0] < w[1]));
    for (step, class, title) in &all {
        assert!(
            title.starts_with(&format!("step {step}: ")),
            "{class} {title}"
        );
    }
}

#[test]
fn a_short_runs_markers_are_every_sleep_wake_and_phase_change() {
    let sc = presets::find("s5").unwrap().scenario();
    let t = simulate(&sc, sc.mode).unwrap();
    assert!(t.events.len() < crate::hooks::found_later::FOUND_LATER);
    let all = markers::markers_of(&t.events);
    // The phase before step `i` (1-based): the last one other than set-up.
    let before = |i: usize| {
        t.events[..i - 1]
            .iter()
            .rev()
            .map(|e| e.phase)
            .find(|p| *p != Phase::Setup)
    };
    let stop = |k: &EventKind| match k {
        EventKind::Sleep { .. } => Some("m-sleep"),
        EventKind::Timeout { .. } => Some("m-timeout"),
        EventKind::WakeUp { woken } if *woken > 0 => Some("m-wake"),
        _ => None,
    };
    // Every marker is at a step of its kind ...
    for (step, class, _) in &all {
        let e = &t.events[step - 1];
        match stop(&e.kind) {
            Some(c) => assert_eq!(*class, c, "step {step}"),
            None => {
                assert_eq!(*class, "m-phase", "step {step}");
                assert!(e.phase != Phase::Setup && before(*step).is_some_and(|p| p != e.phase));
            }
        }
    }
    // ... and every such step has one (s5 has fewer than fit: none is thinned out).
    let expected = (1..=t.events.len())
        .filter(|&i| {
            let e = &t.events[i - 1];
            stop(&e.kind).is_some()
                || (e.phase != Phase::Setup && before(i).is_some_and(|p| p != e.phase))
        })
        .count();
    assert!(expected < markers::MAX_MARKERS);
    assert_eq!(all.len(), expected);
    assert!(all.iter().any(|m| m.1 == "m-sleep") && all.iter().any(|m| m.1 == "m-phase"));
}
