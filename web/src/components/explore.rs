//! The Explore panel: the scenario's knobs (`bulkpool_allocator::view::explore`), each a field
//! path with its bounds, that re-run the scenario at once on a change (Enter, Tab, a spin
//! button, a select) and a moment after the last keystroke while typing (the player keeps the
//! place, and the link records the change as an override); and sweeps of one knob, drawn by
//! `SweepChart`, whose points open their run in the step view. Opened on a phone, the panel
//! scrolls into view.

use crate::components::sweep_chart::{SweepChart, SweepRef};
use crate::dom::{now_ms, value_of};
use crate::generate::SLICE_MS;
use bulkpool_allocator::view::explore::{default_range, knobs, knobs_in, Kind, Knob};
use bulkpool_allocator::view::link::apply_overrides;
use bulkpool_allocator::view::sweep::{
    lines, point_of, scenario_at, By, Metric, Param, Sweep, MAX_POINTS,
};
use bulkpool_allocator::{Mode, Scenario, Semantics};
use gloo_timers::callback::Timeout;
use std::collections::HashMap;
use std::rc::Rc;
use yew::prelude::*;

/// How long after the last keystroke in a knob the scenario re-runs (a `change` runs it at
/// once).
const DEBOUNCE_MS: u32 = 300;

/// A scenario compared by identity.
#[derive(Clone)]
pub struct ScenarioRef(pub Rc<Scenario>);

impl PartialEq for ScenarioRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0) || self.0 == other.0
    }
}

#[derive(Properties, PartialEq)]
pub struct ExploreProps {
    /// The scenario the page shows, in its mode and semantics.
    pub scenario: ScenarioRef,
    pub mode: Mode,
    /// The preset it was made from, if the knobs changed it ("Reset to preset" is offered).
    #[prop_or_default]
    pub base: Option<AttrValue>,
    /// A knob changed: run this scenario, keeping the place.
    pub on_change: Callback<Scenario>,
    pub on_reset: Callback<()>,
    /// A sweep's point: open this scenario in this mode and semantics (None: its own).
    pub on_open: Callback<(Scenario, Mode, Option<Semantics>)>,
    /// How long after the last keystroke the scenario re-runs; 0: at once.
    #[prop_or(DEBOUNCE_MS)]
    pub debounce_ms: u32,
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
pub fn ExplorePanel(props: &ExploreProps) -> Html {
    let sc = props.scenario.0.clone();
    // Each number's range is what runs with the others as they are (validated, not simulated:
    // `knobs_in`, up to about 30 ms here for `big`), found a task after the scenario is shown;
    // until then, the format's bounds.
    let narrowed = use_state(|| None::<(ScenarioRef, Mode, Rc<Vec<Knob>>)>);
    {
        let narrowed = narrowed.clone();
        use_effect_with(
            (props.scenario.clone(), props.mode),
            move |(sc, mode): &(ScenarioRef, Mode)| {
                let (sc, mode) = (sc.clone(), *mode);
                let timer = Timeout::new(0, move || {
                    let found = Rc::new(knobs_in(&sc.0, mode));
                    narrowed.set(Some((sc, mode, found)));
                });
                move || drop(timer)
            },
        );
    }
    let all: Rc<Vec<Knob>> = match &*narrowed {
        Some((s, m, k)) if *s == props.scenario && *m == props.mode => k.clone(),
        _ => Rc::new(knobs(&sc)),
    };
    // What the user typed and has not been applied yet, and the errors of the last try.
    let typed = use_state(HashMap::<String, String>::new);
    let errors = use_state(HashMap::<String, String>::new);
    let timer = use_mut_ref(|| None::<Timeout>);
    {
        // A new scenario (applied, reset, another preset): the knobs show its values.
        let (typed, errors) = (typed.clone(), errors.clone());
        use_effect_with(props.scenario.clone(), move |_| {
            typed.set(HashMap::new());
            errors.set(HashMap::new());
        });
    }

    // `typing`: an `input` event (debounced, and quiet about values not finished yet); else a
    // `change`, applied at once.
    let on_knob = |path: String, typing: bool| {
        let (typed, errors, timer) = (typed.clone(), errors.clone(), timer.clone());
        let (sc, mode, on_change) = (sc.clone(), props.mode, props.on_change.clone());
        let debounce = props.debounce_ms;
        Callback::from(move |e: Event| {
            let text = value_of(&e);
            let mut t = (*typed).clone();
            t.insert(path.clone(), text.clone());
            typed.set(t.clone());
            // Every typed value together, so that two knobs changed in a row both count.
            let list: Vec<String> = t.iter().map(|(p, v)| format!("{p}:{v}")).collect();
            match apply_overrides(&sc, &list.join(","), Some(mode)) {
                Ok(next) => {
                    errors.set(HashMap::new());
                    if !typing || debounce == 0 {
                        *timer.borrow_mut() = None;
                        on_change.emit(next);
                    } else {
                        // A change after it runs the same scenario again: the player ignores it.
                        let on_change = on_change.clone();
                        *timer.borrow_mut() =
                            Some(Timeout::new(debounce, move || on_change.emit(next)));
                    }
                }
                Err(_) if typing => *timer.borrow_mut() = None,
                Err(msg) => {
                    *timer.borrow_mut() = None;
                    let mut errs = HashMap::new();
                    errs.insert(path.clone(), msg);
                    errors.set(errs);
                }
            }
        })
    };
    // Opened on a small screen, the panel may start screens below: bring it into view (U9).
    let panel = use_node_ref();
    {
        let panel = panel.clone();
        use_effect_with((), move |_| {
            if let Some(el) = panel.cast::<web_sys::Element>() {
                let below = el.get_bounding_client_rect().top()
                    > gloo_utils::window()
                        .inner_height()
                        .ok()
                        .and_then(|h| h.as_f64())
                        .unwrap_or(f64::MAX)
                        * 0.8;
                if below {
                    el.scroll_into_view();
                }
            }
        });
    }

    // The sweep's settings and result.
    let numeric: Vec<_> = all
        .iter()
        .filter(|k| matches!(k.kind, Kind::Number { .. }))
        .cloned()
        .collect();
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
    let reset = {
        let on_reset = props.on_reset.clone();
        Callback::from(move |_: MouseEvent| on_reset.emit(()))
    };

    html! {
        <section class="panel explore" aria-labelledby="explore-h" ref={panel}>
            <h2 id="explore-h">{ "Explore" }</h2>
            <p class="muted">{ "Change a number and the run is simulated again; the link keeps the change." }</p>
            <div class="knobs">
                { for all.iter().map(|k| {
                    let shown = typed.get(&k.path).cloned().unwrap_or_else(|| k.value.clone());
                    let id = format!("knob-{}", k.path.replace('.', "-"));
                    let err = errors.get(&k.path).cloned();
                    let input = match &k.kind {
                        Kind::Number { min, max } => html! {
                            <input id={id.clone()} type="number" inputmode="numeric" min={min.to_string()} max={max.to_string()}
                                value={shown} onchange={on_knob(k.path.clone(), false)} oninput={on_knob(k.path.clone(), true).reform(|e: InputEvent| e.into())} data-path={k.path.clone()}
                                aria-invalid={err.is_some().then_some("true")} aria-describedby={format!("{id}-help")} />
                        },
                        Kind::Gfp { choices } => html! {
                            <select id={id.clone()} onchange={on_knob(k.path.clone(), false)} data-path={k.path.clone()} aria-describedby={format!("{id}-help")}>
                                { for choices.iter().map(|c| html! { <option value={*c} selected={*c == shown}>{ *c }</option> }) }
                            </select>
                        },
                    };
                    let range = match &k.kind {
                        Kind::Number { min, max } => format!("{}; {min}…{max}", k.help),
                        Kind::Gfp { .. } => k.help.clone(),
                    };
                    html! {
                        <div class="knob">
                            <label for={id.clone()}>{ k.label.clone() }</label>
                            { input }
                            <span id={format!("{id}-help")} class="knob-help muted">{ range }</span>
                            { match err { Some(e) => html! { <p class="error knob-error" role="alert">{ e }</p> }, None => html! {} } }
                        </div>
                    }
                }) }
            </div>
            { match &props.base { Some(b) => html! {
                <button class="reset-preset" onclick={reset}>{ format!("Reset to preset {b}") }</button>
            }, None => html! {} } }

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
                            x_title={all.iter().find(|k| k.path == s.0.param.path).map(|k| AttrValue::from(format!("{}, {}", k.label, k.help))).unwrap_or_default()} />
                    </>
                }
            } None => html! {} } }
        </section>
    }
}
