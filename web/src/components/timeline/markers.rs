//! The timeline's markers: sleeps, timeouts, wake-ups and phase changes, each a step to jump
//! to. Finding them is one pass over the run's events; for a long run that pass waits for a
//! task after the bar is drawn, so that it is not part of the first render's longest task (P3b).

use crate::hooks::found_later::use_found_later;
use crate::state::TraceRef;
use bulkpool_allocator::trace::event::{EventKind, Phase};
use bulkpool_allocator::Event;
use std::rc::Rc;
use yew::prelude::*;

/// At most this many markers on a track.
pub const MAX_MARKERS: usize = 120;

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

/// `trace`'s markers: at once for a short run; for a long one, none in the render that draws
/// its bar and all of them a task later (`hooks::found_later`).
#[hook]
pub fn use_markers(trace: &TraceRef) -> Rc<Vec<Marker>> {
    use_found_later(trace, |t| markers_of(&t.events)).unwrap_or_default()
}
