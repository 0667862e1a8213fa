//! The timeline's markers: sleeps, timeouts, wake-ups and phase changes, each a step to jump
//! to. Finding them is one pass over the run's events; for a long run that pass waits for a
//! task after the bar is drawn, so that it is not part of the first render's longest task (P3b).

use crate::state::TraceRef;
use bulkpool_allocator::trace::event::{EventKind, Phase};
use bulkpool_allocator::{Event, Trace};
use gloo_timers::callback::Timeout;
use std::rc::{Rc, Weak};
use yew::prelude::*;

/// At most this many markers on a track.
pub const MAX_MARKERS: usize = 120;

/// Runs from this many events up find their markers a task after the render that draws their
/// bar. The pass took 5–11 ms of the largest legal run's (666,887 events) first render in the
/// browser (docs/PERFORMANCE.md, seventh round); below this it is under about 2 ms, and the
/// markers come with the bar, as the browser tests expect after one flush.
pub const FOUND_LATER: usize = 100_000;

/// A marker: its step, its class (`m-sleep`, `m-timeout`, `m-wake` or `m-phase`) and its title.
pub type Marker = (usize, &'static str, String);

/// Marker kind for an event worth a tick on the timeline.
fn marker(kind: &EventKind) -> Option<(&'static str, &'static str)> {
    match kind {
        EventKind::Sleep { .. } => Some(("m-sleep", "sleep")),
        EventKind::Timeout { .. } => Some(("m-timeout", "5 s timeout")),
        EventKind::WakeUp { woken } if *woken > 0 => Some(("m-wake", "wake-up")),
        _ => None,
    }
}

/// Markers at sleeps, timeouts, wake-ups and phase changes, at most `MAX_MARKERS`.
pub fn markers_of(events: &[Event]) -> Vec<Marker> {
    // (step, class, what): the titles are written only for the markers kept.
    let mut out: Vec<(usize, &'static str, &'static str)> = Vec::new();
    let mut last = None;
    for (i, e) in events.iter().enumerate() {
        if let Some((class, what)) = marker(&e.kind) {
            out.push((i + 1, class, what));
        } else if last.is_some() && last != Some(e.phase) && e.phase != Phase::Setup {
            out.push((i + 1, "m-phase", e.phase.name()));
        }
        if e.phase != Phase::Setup {
            last = Some(e.phase);
        }
    }
    if out.len() > MAX_MARKERS {
        // Keep every sleep and wake-up; thin out the phase changes.
        let keep: Vec<_> = out.iter().filter(|m| m.1 != "m-phase").copied().collect();
        let room = MAX_MARKERS.saturating_sub(keep.len());
        let phases: Vec<_> = out.iter().filter(|m| m.1 == "m-phase").copied().collect();
        // `room` of them, evenly spaced (room < phases.len() here).
        let mut thinned: Vec<_> = keep.into_iter().take(MAX_MARKERS).collect();
        thinned.extend((0..room).map(|k| phases[k * phases.len() / room]));
        out = thinned;
    }
    out.into_iter()
        .map(|(step, class, what)| (step, class, format!("step {step}: {what}")))
        .collect()
}

/// `trace`'s markers: at once for a run shorter than `FOUND_LATER` events; for a longer one,
/// none in the render that draws its bar and all of them a task later.
#[hook]
pub fn use_markers(trace: &TraceRef) -> Rc<Vec<Marker>> {
    let now = use_memo(trace.clone(), |t| {
        (t.0.len() < FOUND_LATER).then(|| Rc::new(markers_of(&t.0.events)))
    });
    // The run they were found for, held weakly: a long run the player has left is freed.
    let later = use_state(|| None::<(Weak<Trace>, Rc<Vec<Marker>>)>);
    {
        let later = later.clone();
        use_effect_with(trace.clone(), move |t| {
            let timer = (t.0.len() >= FOUND_LATER).then(|| {
                let t = t.clone();
                Timeout::new(0, move || {
                    let found = Rc::new(markers_of(&t.0.events));
                    later.set(Some((Rc::downgrade(&t.0), found)));
                })
            });
            // A run replaced before the timer fires: its markers are not looked for.
            move || drop(timer)
        });
    }
    match (&*now, &*later) {
        (Some(m), _) => m.clone(),
        (None, Some((t, m))) if std::ptr::eq(t.as_ptr(), Rc::as_ptr(&trace.0)) => m.clone(),
        _ => Rc::default(),
    }
}
