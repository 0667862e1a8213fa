//! The Explore panel's sweep: one number knob over a range, a line per delivery mode or per
//! version, computed in slices of about `SLICE_MS` so that the page never freezes however many
//! runs it takes, and drawn by `SweepChart`, whose points open their run in the step view.

use super::ScenarioRef;
use crate::components::sweep_chart::{SweepChart, SweepRef};
use crate::dom::{now_ms, value_of};
use crate::generate::SLICE_MS;
use bulkpool_allocator::view::explore::{default_range, Knob};
use bulkpool_allocator::view::sweep::{
    lines, point_of, scenario_at, By, Metric, Param, Sweep, MAX_POINTS,
};
use bulkpool_allocator::{Mode, Scenario, Semantics};
use gloo_timers::callback::Timeout;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SweepProps {
    /// The scenario the page shows, in its mode and semantics.
    pub scenario: ScenarioRef,
    /// Its number knobs, with the ranges the panel shows.
    pub numeric: Rc<Vec<Knob>>,
    /// A point: open this scenario in this mode and semantics (None: its own).
    pub on_open: Callback<(Scenario, Mode, Option<Semantics>)>,
}

/// A sweep being computed in slices of about `SLICE_MS`, so that the page never freezes
/// however many runs it takes.
struct SweepJob {
    base: Scenario,
    sweep: Sweep,
    /// Time spent computing, without the gaps between slices.
    busy_ms: f64,
    timer: Option<Timeout>,
}

fn run_slice(
    job: Rc<std::cell::RefCell<Option<SweepJob>>>,
    result: UseStateHandle<Option<(SweepRef, f64)>>,
) {
    let start = now_ms();
    let finished = {
        let mut j = job.borrow_mut();
        let Some(j) = j.as_mut() else { return };
        let values = j.sweep.param.values.clone();
        loop {
            let Some(line) = j
                .sweep
                .lines
                .iter()
                .position(|l| l.points.len() < values.len())
            else {
                break true;
            };
            let x = values[j.sweep.lines[line].points.len()];
            let p = point_of(
                &j.base,
                &j.sweep.param.path,
                j.sweep.metric,
                &j.sweep.lines[line],
                x,
            );
            j.sweep.lines[line].points.push(p);
            if now_ms() - start >= SLICE_MS {
                break false;
            }
        }
    };
    let elapsed = now_ms() - start;
    if finished {
        if let Some(j) = job.borrow_mut().take() {
            result.set(Some((SweepRef(Rc::new(j.sweep)), j.busy_ms + elapsed)));
        }
        return;
    }
    let next = job.clone();
    let show = result.clone();
    if let Some(j) = job.borrow_mut().as_mut() {
        j.busy_ms += elapsed;
        j.timer = Some(Timeout::new(0, move || run_slice(next, show)));
    }
    // Re-render for the progress line.
    result.set(None);
}

#[function_component]
pub fn SweepPanel(props: &SweepProps) -> Html {
    let sc = props.scenario.0.clone();
    // The sweep's settings and result.
    let numeric = &props.numeric;
    let param = use_state(|| numeric.first().map(|k| k.path.clone()).unwrap_or_default());
    let range = use_state(|| None::<(String, String, String)>);
    let metric = use_state(|| Metric::Delivery);
    let by = use_state(|| By::Mode);
    let result = use_state(|| None::<(SweepRef, f64)>);
    // A sweep being computed, a slice at a time.
    let job = use_mut_ref(|| None::<SweepJob>);
    let sweep_error = use_state(|| None::<String>);
    let knob = numeric
        .iter()
        .find(|k| k.path == *param)
        .or(numeric.first())
        .cloned();
    let (from, to, step) = match (&*range, &knob) {
        (Some(r), _) => r.clone(),
        (None, Some(k)) => {
            let (lo, hi) = default_range(&sc, k).unwrap_or((0, 0));
            let step = (hi - lo).div_ceil(128).max(1);
            (lo.to_string(), hi.to_string(), step.to_string())
        }
        (None, None) => Default::default(),
    };
    let on_param = {
        let (param, range) = (param.clone(), range.clone());
        Callback::from(move |e: Event| {
            param.set(value_of(&e));
            range.set(None);
        })
    };
    let set_range = |which: usize| {
        let range = range.clone();
        let now = (from.clone(), to.clone(), step.clone());
        Callback::from(move |e: Event| {
            let mut r = now.clone();
            match which {
                0 => r.0 = value_of(&e),
                1 => r.1 = value_of(&e),
                _ => r.2 = value_of(&e),
            }
            range.set(Some(r));
        })
    };
    let on_metric = {
        let metric = metric.clone();
        Callback::from(move |e: Event| {
            if let Ok(m) = Metric::parse(&value_of(&e)) {
                metric.set(m);
            }
        })
    };
    let on_by = |b: By| {
        let by = by.clone();
        Callback::from(move |_: Event| by.set(b))
    };
    let on_draw = {
        let (result, sweep_error, job) = (result.clone(), sweep_error.clone(), job.clone());
        let (sc, path) = (sc.clone(), knob.as_ref().map(|k| k.path.clone()));
        let (from, to, step) = (from.clone(), to.clone(), step.clone());
        let (metric, by) = (*metric, *by);
        Callback::from(move |_: MouseEvent| {
            let Some(path) = &path else { return };
            // The form's own words for what the command line's `path=from..to` would refuse.
            let num = |what: &str, s: &str| {
                s.trim()
                    .parse::<u64>()
                    .map_err(|_| format!("“{what}” is a whole number, not “{}”", s.trim()))
            };
            let checked = num("from", &from).and_then(|f| {
                let t = num("to", &to)?;
                let s = num("step", &step)?;
                match () {
                    _ if f > t => Err(format!("“from” ({f}) is above “to” ({t})")),
                    _ if s == 0 => Err("“step” is at least 1".to_string()),
                    _ if Param::count(f, t, s) > MAX_POINTS as u64 => Err(format!(
                        "{} values; a sweep has at most {MAX_POINTS}: use a larger step",
                        Param::count(f, t, s)
                    )),
                    _ => Ok((f, t, s)),
                }
            });
            let (f, t, step) = match checked {
                Ok(v) => v,
                Err(e) => return sweep_error.set(Some(e)),
            };
            match Param::parse(&format!("{path}={f}..{t}"), step) {
                Ok(param) => {
                    sweep_error.set(None);
                    let (lines, skipped) = lines(&sc, by);
                    let sweep = Sweep {
                        lines,
                        param,
                        metric,
                        by,
                        skipped,
                    };
                    *job.borrow_mut() = Some(SweepJob {
                        base: (*sc).clone(),
                        sweep,
                        busy_ms: 0.0,
                        timer: None,
                    });
                    result.set(None);
                    run_slice(job.clone(), result.clone());
                }
                Err(e) => sweep_error.set(Some(e)),
            }
        })
    };
    let on_point = {
        let result = result.clone();
        let (sc, open) = (sc.clone(), props.on_open.clone());
        Callback::from(move |(line, x): (usize, u64)| {
            let Some((s, _)) = &*result else { return };
            let Some(l) = s.0.lines.get(line) else { return };
            let mut with_policy = (*sc).clone();
            if !l.policy.is_empty() {
                with_policy.policy = l.policy;
            }
            if let Ok(mut next) = scenario_at(&with_policy, &s.0.param.path, x, l.mode, l.semantics)
            {
                // The mode and a version are the link's own parameters, not overrides; v6.0's
                // per-page form changes the scenario's calls, so it stays in the scenario.
                next.mode = sc.mode;
                let sem = if l.semantics == Some(Semantics::K6_0) {
                    None
                } else {
                    next.semantics = sc.semantics;
                    l.semantics
                };
                open.emit((next, l.mode, sem));
            }
        })
    };
    let computing = job.borrow().as_ref().map(|j| {
        let done: usize = j.sweep.lines.iter().map(|l| l.points.len()).sum();
        (done, j.sweep.lines.len() * j.sweep.param.values.len())
    });

    html! {
        <>
            <h3>{ "Sweep" }</h3>
            <div class="sweep-form">
                <label>{ "parameter " }
                    <select class="sweep-param" onchange={on_param}>
                        { for numeric.iter().map(|k| html! { <option value={k.path.clone()} selected={Some(&k.path) == knob.as_ref().map(|k| &k.path)}>{ format!("{} ({})", k.label, k.path) }</option> }) }
                    </select>
                </label>
                <label>{ "from " }<input class="sweep-from" type="number" inputmode="numeric" value={from.clone()} onchange={set_range(0)} /></label>
                <label>{ "to " }<input class="sweep-to" type="number" inputmode="numeric" value={to.clone()} onchange={set_range(1)} /></label>
                <label>{ "step " }<input class="sweep-step" type="number" inputmode="numeric" min="1" value={step.clone()} onchange={set_range(2)} /></label>
                <label>{ "metric " }
                    <select class="sweep-metric" onchange={on_metric}>
                        // The title up to its parenthesis, so that it fits a phone's width; the
                        // chart's axis and caption say it whole.
                        { for Metric::ALL.iter().map(|m| html! {
                            <option value={m.name()} selected={*m == *metric} title={m.title()}>{ m.title().split(" (").next().unwrap_or(m.title()) }</option>
                        }) }
                    </select>
                </label>
                <fieldset class="sweep-by">
                    <legend>{ "one line per" }</legend>
                    <label><input type="radio" name="sweep-by" value="mode" checked={*by == By::Mode} onchange={on_by(By::Mode)} />{ " delivery mode" }</label>
                    <label><input type="radio" name="sweep-by" value="semantics" checked={*by == By::Semantics} onchange={on_by(By::Semantics)} />{ " version" }</label>
                </fieldset>
                <button class="sweep-draw" onclick={on_draw}>{ "Draw" }</button>
            </div>
            { match &*sweep_error { Some(e) => html! { <p class="error" role="alert">{ e }</p> }, None => html! {} } }
            { match computing { Some((done, all)) => html! {
                <p class="muted sweep-progress" role="status">{ format!("Computing: {done} of {all} runs") }</p>
            }, None => html! {} } }
            { match &*result { Some((s, ms)) => {
                let runs: usize = s.0.lines.iter().map(|l| l.points.len()).sum();
                html! {
                    <>
                        <p class="muted sweep-time" data-ms={format!("{ms:.1}")}>{ format!("{runs} runs in {} ms of computing. Click a point (or focus the chart and press Enter) to open its run.", (*ms).round() as u64) }</p>
                        <SweepChart sweep={s.clone()} on_open={on_point}
                            x_title={numeric.iter().find(|k| k.path == s.0.param.path).map(|k| AttrValue::from(format!("{}, {}", k.label, k.help))).unwrap_or_default()} />
                    </>
                }
            } None => html! {} } }
        </>
    }
}
