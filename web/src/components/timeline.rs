//! The timeline scrubber: a range input over the steps, a bar coloured by phase (a click on it
//! seeks there), and markers at phase changes, sleeps, timeouts and wake-ups (those three are
//! tab stops; the range input is the keyboard's way along the bar). Long traces are drawn in at
//! most `BUCKETS` segments. The compare view draws one track per lane, each to scale against the
//! longest.

use crate::state::{Action, Player, TraceRef};
use bulkpool_allocator::explain::units::percent;
use bulkpool_allocator::trace::event::Phase;
use yew::prelude::*;

mod markers;
#[cfg(test)]
mod tests;

const BUCKETS: usize = 240;

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    /// One track per run: the main view's run, or the compare view's lanes with their labels
    /// and, when they are lined up by phase or time, each lane's own step.
    pub tracks: Vec<(AttrValue, TraceRef, Option<usize>)>,
    pub step: usize,
    /// Steps in all (the longest lane in the compare view).
    pub total: usize,
    pub dispatch: UseReducerDispatcher<Player>,
    /// A Predict question waits: the bar and the markers past the step are hidden, since they
    /// would show what happens next.
    #[prop_or_default]
    pub fog: bool,
}

pub fn phase_class(p: Phase) -> &'static str {
    match p {
        Phase::Setup => "p-setup",
        Phase::BulkCall | Phase::FirstPass => "p-bulk",
        Phase::PoolDrain => "p-drain",
        Phase::SleepableRetry => "p-retry",
        Phase::Sleep => "p-sleep",
        Phase::Wake => "p-wake",
        Phase::Free => "p-free",
        Phase::Consumer => "p-consumer",
    }
}

#[derive(Properties, PartialEq)]
struct TrackProps {
    label: AttrValue,
    trace: TraceRef,
    /// The timeline's length in steps: this track spans `trace.len() / total` of it.
    total: usize,
    dispatch: UseReducerDispatcher<Player>,
    /// Markers after this step are not drawn.
    #[prop_or_default]
    until: Option<usize>,
    /// This run's own step, marked on its track (lanes lined up by phase or time).
    #[prop_or_default]
    at: Option<usize>,
}

/// One run's phase bar and its markers, drawn to scale against the longest run.
#[function_component]
fn Track(props: &TrackProps) -> Html {
    let trace = &props.trace.0;
    let n = props.total.max(trace.len()).max(1);
    let bar = use_memo(props.trace.clone(), |t| {
        bar_gradient(&bar_runs(&t.0.events))
    });
    let markers = markers::use_markers(&props.trace);
    let seek_to = |step: usize| {
        let d = props.dispatch.clone();
        Callback::from(move |_| crate::marks::dispatch(&d, Action::Seek(step)))
    };
    let label = props.label.to_string();
    // A click on the bar seeks to the step under the pointer (the bar is as long as this run).
    let onclick = {
        let d = props.dispatch.clone();
        let len = trace.len();
        Callback::from(move |e: MouseEvent| {
            let Some(el) = e
                .current_target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            else {
                return;
            };
            let rect = el.get_bounding_client_rect();
            if rect.width() <= 0.0 {
                return;
            }
            let frac = ((e.client_x() as f64 - rect.left()) / rect.width()).clamp(0.0, 1.0);
            crate::marks::dispatch(&d, Action::Seek((frac * len as f64).round() as usize));
        })
    };
    html! {
        <div class="tl-row" data-track={label.clone()}>
            <span class="tl-label">{ label.clone() }</span>
            <div class="tl-body">
                <div class="track" aria-hidden="true" {onclick} title="Click to go to that step" style={format!("width: {}; background-image: {bar}", percent(trace.len() as u64, n as u64))}></div>
                { match props.at { Some(at) => html! {
                    <span class="tl-lane-cursor" aria-hidden="true" style={format!("left: {}", percent(at as u64, n as u64))}></span>
                }, None => html! {} } }
                <div class="markers">
                    { for markers.iter().filter(|m| props.until.is_none_or(|u| m.0 <= u)).map(|(step, class, title)| {
                        let title = if label.is_empty() { title.clone() } else { format!("{label} {title}") };
                        html! {
                            <button class={classes!("marker", *class)} style={format!("left: clamp(0px, calc({} - 12px), calc(100% - 24px))", percent(*step as u64, n as u64))}
                                title={title.clone()} aria-label={title} tabindex={(*class == "m-phase").then_some("-1")} onclick={seek_to(*step)}></button>
                        }
                    }) }
                </div>
            </div>
        </div>
    }
}

/// The bar's colours: the run cut into at most `BUCKETS` buckets of (nearly) equal length, each
/// coloured by its first phase other than set-up, neighbours of one colour merged. Each entry is
/// a phase and how many buckets it spans.
fn bar_runs(events: &[bulkpool_allocator::Event]) -> Vec<(Phase, usize)> {
    let buckets = events.len().clamp(1, BUCKETS);
    let mut runs: Vec<(Phase, usize)> = Vec::new();
    for b in 0..buckets {
        let lo = b * events.len() / buckets;
        let hi = ((b + 1) * events.len() / buckets)
            .max(lo + 1)
            .min(events.len());
        let phase = events
            .get(lo..hi)
            .and_then(|s| {
                s.iter()
                    .map(|e| e.phase)
                    .find(|p| *p != Phase::Setup)
                    .or(s.first().map(|e| e.phase))
            })
            .unwrap_or(Phase::Setup);
        match runs.last_mut() {
            Some((last, n)) if phase_class(*last) == phase_class(phase) => *n += 1,
            _ => runs.push((phase, 1)),
        }
    }
    runs
}

/// The bar as one CSS gradient with a hard-edged band per run, in the phase colours
/// (`--p-*`, static/style.css): one element to lay out and paint instead of a span per bucket
/// (240 for a long run).
fn bar_gradient(runs: &[(Phase, usize)]) -> String {
    let total = runs.iter().map(|r| r.1 as u64).sum::<u64>().max(1);
    let mut out = String::from("linear-gradient(to right");
    let mut at = 0u64;
    for (phase, n) in runs {
        let from = percent(at, total);
        at += *n as u64;
        out.push_str(&format!(
            ", var(--{}) {from} {}",
            phase_class(*phase),
            percent(at, total)
        ));
    }
    out.push(')');
    out
}

#[function_component]
pub fn Timeline(props: &TimelineProps) -> Html {
    let longest = props.tracks.iter().map(|t| t.1 .0.len()).max().unwrap_or(0);
    let n = props.total.max(longest).max(1);
    let oninput = {
        let d = props.dispatch.clone();
        Callback::from(move |e: InputEvent| {
            if let Ok(step) = crate::dom::value_of(&e).parse::<usize>() {
                crate::marks::dispatch(&d, Action::Seek(step));
            }
        })
    };
    let labelled = props.tracks.iter().any(|t| !t.0.is_empty());
    html! {
        <section class={classes!("timeline", labelled.then_some("labelled"))} aria-label="Timeline">
            <div class="tl-rows">
                { for props.tracks.iter().map(|(label, trace, at)| html! {
                    <Track label={label.clone()} trace={trace.clone()} total={n} dispatch={props.dispatch.clone()} until={props.fog.then_some(props.step)} at={*at} />
                }) }
                { if props.fog { html! {
                    <div class="tl-fog" style={format!("left: calc(var(--tl-label) + (100% - var(--tl-label)) * {} / 100)", percent(props.step as u64, n as u64).trim_end_matches('%'))}
                        title="Hidden until you answer the question"></div>
                } } else { html! {} } }
                <div class="tl-cursor-box" aria-hidden="true">
                    <span class="tl-cursor" style={format!("left: {}", percent(props.step as u64, n as u64))}></span>
                </div>
            </div>
            <input type="range" class="scrubber" min="0" max={n.to_string()} value={props.step.to_string()}
                aria-label="Step" aria-valuetext={format!("step {} of {}", props.step, n)} {oninput} />
        </section>
    }
}
