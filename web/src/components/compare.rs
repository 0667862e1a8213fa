//! The compare view: the same scenario in list, array and callback delivery (or under each
//! version), side by side, at the same step, with per-lane counters, a bar chart of each
//! lane's delivery work and a caption with what a per-page caller pays instead (calls, lock
//! holds, watermark checks). A lane that has ended says how (`explain::outcome`): only a
//! completed run gets the green "completed". Each lane's world at the step is the player's
//! (`state::lanes`); nothing here rebuilds one.

use crate::components::narration::{breakable, outcome_badge};
use crate::components::timeline::phase_class;
use crate::state::{Align, Lane, LanesBy, LanesRef};
use bulkpool_allocator::explain::narrate::narrate;
use bulkpool_allocator::explain::outcome::{classify, outcome, status_line};
use bulkpool_allocator::model::policy::Axis;
use bulkpool_allocator::trace::ending::Class;
use bulkpool_allocator::view::versions;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CompareProps {
    pub lanes: LanesRef,
    pub step: usize,
    /// One lane per mode or per version, and the switch between the two.
    #[prop_or_default]
    pub by: LanesBy,
    #[prop_or_default]
    pub on_by: Callback<LanesBy>,
    /// How the lanes line up at the step: by step number, phase or time, and the switch.
    #[prop_or_default]
    pub align: Align,
    #[prop_or_default]
    pub on_align: Callback<Align>,
    /// The design choices the scenario's run reads: the lanes can differ in one of them.
    #[prop_or_default]
    pub axes: Vec<Axis>,
}

/// A lane's heading: its mode (and the semantics it runs), or its version and what that
/// version's run calls ("v6.0 · per-page mempool_alloc").
fn lane_title(lane: &Lane, trace: &bulkpool_allocator::Trace, by: LanesBy) -> String {
    if let LanesBy::Policy(axis) = by {
        let own = if trace.rules().is_what_if() {
            " (what-if)"
        } else {
            " (its own)"
        };
        return format!("{}: {}{own}", axis.name(), lane.label);
    }
    if lane.label == lane.mode.name() {
        format!("{} · {}", lane.mode, trace.semantics.short())
    } else {
        versions::title(&trace.scenario, trace.semantics, trace.mode)
    }
}

fn lane_view(lane: &Lane, by: LanesBy) -> Html {
    let run = match &lane.run {
        Ok(run) => run,
        Err(e) => {
            return html! { <section class="lane error" data-mode={lane.mode.name()} data-lane={lane.label}><h3>{ lane.name() }</h3><p>{ e.clone() }</p></section> }
        }
    };
    let trace = &run.trace.0;
    // The lane's own step: the shared step, or the step lined up with it (`Align`).
    let at = run.at;
    let w: &bulkpool_allocator::World = &run.world.0;
    let ev = at.checked_sub(1).and_then(|i| trace.events.get(i)).copied();
    let names = |id: u8| trace.task_name(id).to_string();
    let text = ev
        .map(|e| narrate(&e, w, trace.rules(), &names))
        .unwrap_or_else(|| "Start.".into());
    let done = at >= trace.len();
    // What each task is doing; at the end, how the run ended.
    let results = if done {
        outcome(trace)
    } else {
        status_line(trace, w)
    };
    let ended = done.then(|| classify(trace));
    let note = (lane.label != lane.mode.name())
        .then(|| versions::note(&trace.scenario, trace.semantics))
        .flatten();
    let work = w.work.rows();
    html! {
        <section class={classes!("lane", ended.as_ref().map(|o| format!("o-{}", o.class.name())))} data-mode={lane.mode.name()} data-lane={lane.label}
            data-outcome={ended.as_ref().map(|o| o.class.name())}
            aria-label={if lane.label == lane.mode.name() { format!("{} delivery", lane.mode) } else { lane_title(lane, trace, by) }}>
            <h3>{ lane_title(lane, trace, by) }</h3>
            { match note { Some(n) => html! { <p class="lane-note muted">{ n }</p> }, None => html! {} } }
            <p class={classes!("lane-phase", ev.map_or("p-setup", |e| phase_class(e.phase)))}>
                { ev.map(|e| e.phase.name()).unwrap_or("start") }
                <span class="lane-step">{ format!(" · step {at} / {}", trace.len()) }</span>
            </p>
            { match &ended { Some(o) => html! { <p class="lane-ended">{ outcome_badge(o) }</p> }, None => html! {} } }
            <p class="lane-narration">{ breakable(&text) }</p>
            <p class={classes!("lane-results", done.then_some("lane-outcome"))}>{ results }</p>
            <table class="lane-counters">
                <tbody>
                    { for work.iter().take(bulkpool_allocator::model::world::DELIVERY_COUNTERS).map(|(name, label, v)| html! {
                        <tr data-counter={*name}><th scope="row">{ *label }</th><td class="num">{ v }</td></tr>
                    }) }
                    <tr class="total" data-counter="total"><th scope="row" title={bulkpool_allocator::model::world::DELIVERY_WORK}>{ "delivery work" }</th><td class="num">{ w.work.delivery_total() }</td></tr>
                    <tr data-counter="calls"><th scope="row">{ "mempool + page-allocator calls" }</th><td class="num">{ w.work.calls() }</td></tr>
                    <tr data-counter="lock_holds"><th scope="row">{ "lock holds (pool, zone, pcp)" }</th><td class="num">{ w.work.lock_holds() }</td></tr>
                    <tr data-counter="watermark_checks"><th scope="row">{ "watermark checks" }</th><td class="num">{ w.work.watermark_checks }</td></tr>
                    <tr data-counter="pgalloc"><th scope="row">{ "PGALLOC" }</th><td class="num">{ w.zone.stats.pgalloc }</td></tr>
                    <tr data-counter="sleeps"><th scope="row">{ "sleeps" }</th><td class="num">{ w.work.sleeps }</td></tr>
                </tbody>
            </table>
        </section>
    }
}

/// One lane's bar: its delivery work at the step and when its run stopped, and how it ended.
struct Bar {
    label: String,
    /// The lane's name as the reader reads it (`Lane::name`).
    name: &'static str,
    class: String,
    now: u64,
    end: u64,
    ended: Class,
}

#[function_component]
pub fn CompareView(props: &CompareProps) -> Html {
    let lanes = &props.lanes.0;
    let totals: Vec<Bar> = lanes
        .iter()
        .filter_map(|l| {
            l.run.as_ref().ok().map(|r| Bar {
                label: l.label.to_string(),
                name: l.name(),
                class: l.class(),
                now: r.world.0.work.delivery_total(),
                end: r.trace.0.final_world().work.delivery_total(),
                ended: classify(&r.trace.0).class,
            })
        })
        .collect();
    let most = totals.iter().map(|t| t.end).max().unwrap_or(1).max(1);
    let stuck: Vec<String> = totals
        .iter()
        .filter(|b| b.ended != Class::Completed)
        .map(|b| format!("{} ({})", b.name, b.ended.name()))
        .collect();
    // What delivery work leaves out: the per-call costs a per-page caller pays once per page.
    let costs: Vec<String> = lanes
        .iter()
        .filter_map(|l| {
            let r = l.run.as_ref().ok()?;
            let k = r.trace.0.final_world().work;
            Some(format!(
                "{}: {} calls, {} lock holds, {} watermark checks",
                l.name(),
                k.calls(),
                k.lock_holds(),
                k.watermark_checks
            ))
        })
        .collect();
    let switch = |by: LanesBy, text: &'static str| {
        let on_by = props.on_by.clone();
        html! {
            <button class={classes!("lanes-by", (props.by == by).then_some("on"))} aria-pressed={(props.by == by).to_string()}
                onclick={Callback::from(move |_| on_by.emit(by))}>{ text }</button>
        }
    };
    let align = |a: Align, text: &'static str, title: &'static str| {
        let on_align = props.on_align.clone();
        html! {
            <button class={classes!("lanes-align", (props.align == a).then_some("on"))} aria-pressed={(props.align == a).to_string()}
                data-align={text} {title} onclick={Callback::from(move |_| on_align.emit(a))}>{ text }</button>
        }
    };
    let at = match props.align {
        Align::Step => format!("at step {}", props.step),
        Align::Phase => format!(
            "each at the task, phase and round of step {} of this page's run",
            props.step
        ),
        Align::Time => format!(
            "each at the simulated time of step {} of this page's run",
            props.step
        ),
    };
    html! {
        <div class="compare">
            <div class="lanes-head">
                <h2 class="lanes-h">{ match props.by {
                    LanesBy::Version => format!("The same scenario under each version, {at}"),
                    LanesBy::Policy(axis) => format!("The same scenario with each value of one design choice ({}), {at}", axis.title().to_lowercase()),
                    LanesBy::Mode => format!("The same scenario in each delivery mode, {at}"),
                } }</h2>
                <div class="lanes-switch" role="group" aria-label="Lanes">
                    { switch(LanesBy::Mode, "by delivery mode") }
                    { switch(LanesBy::Version, "by version") }
                    { if props.axes.is_empty() { html! {} } else {
                        let on_by = props.on_by.clone();
                        let on = matches!(props.by, LanesBy::Policy(_));
                        let pick = Callback::from(move |e: Event| {
                            if let Ok(axis) = Axis::parse(&crate::dom::value_of(&e)) {
                                on_by.emit(LanesBy::Policy(axis));
                            }
                        });
                        html! {
                            <label class={classes!("lanes-by", "lanes-by-policy", on.then_some("on"))}>
                                { "by policy: " }
                                <select class="lanes-policy" onchange={pick} aria-label="the design choice the lanes differ in">
                                    <option value="" selected={!on} disabled=true>{ "choose…" }</option>
                                    { for props.axes.iter().map(|a| html! {
                                        <option value={a.name()} selected={props.by == LanesBy::Policy(*a)}>{ a.title() }</option>
                                    }) }
                                </select>
                            </label>
                        }
                    } }
                </div>
                <div class="lanes-switch" role="group" aria-label="Line the lanes up by">
                    <span class="muted">{ "line up by " }</span>
                    { align(Align::Step, "step", "Every lane at the same step number") }
                    { align(Align::Phase, "phase", "Every lane at the same task, phase and round as this page's run") }
                    { align(Align::Time, "time", "Every lane at the same simulated time as this page's run") }
                </div>
            </div>
            <div class="lanes">{ for lanes.iter().map(|l| lane_view(l, props.by)) }</div>
            <section class="panel chart" aria-labelledby="chart-h">
                <h2 id="chart-h">{ format!("Delivery work per {} (list inserts/removes, zeroing, array reads/writes, callbacks, bvec writes)", match props.by {
                    LanesBy::Version => "version".to_string(),
                    LanesBy::Policy(axis) => format!("value of {}", axis.title().to_lowercase()),
                    LanesBy::Mode => "mode".to_string(),
                }) }</h2>
                <p class="chart-caption muted">{ format!("Delivery work leaves out what every call costs, which a per-page caller such as v6.0's pays once per page. When each run stopped: {}.", costs.join("; ")) }</p>
                { if stuck.is_empty() { html! {} } else { html! {
                    <p class="chart-stuck">{ format!("Not a finished allocation: {} ended without every task getting its pages, so its work is what it did before it stopped, not the cost of the request (hatched).", stuck.join(", ")) }</p>
                } } }
                <ul class="bars">
                    { for totals.iter().map(|b| {
                        let finished = b.ended == Class::Completed;
                        let value = if finished {
                            format!("{} now / {} at the end", b.now, b.end)
                        } else {
                            format!("{} now / {} when it stopped: {}", b.now, b.end, b.ended.name())
                        };
                        html! {
                            <li class={classes!("bar-row", (!finished).then_some("bar-stuck"))} data-mode={b.label.clone()} data-outcome={b.ended.name()}>
                                <span class="bar-label">{ b.name }</span>
                                <span class="bar-track">
                                    <span class="bar-end" style={format!("width: {}", bulkpool_allocator::explain::units::percent(b.end, most))}></span>
                                    <span class={classes!("bar-now", format!("bar-{}", b.class))} style={format!("width: {}", bulkpool_allocator::explain::units::percent(b.now, most))}></span>
                                </span>
                                <span class="bar-value">{ value }</span>
                            </li>
                        }
                    }) }
                </ul>
            </section>
        </div>
    }
}

/// The compare view's header: what every lane is doing at the step (the step view shows one
/// run's phase strip instead).
#[function_component]
pub fn LaneStatus(props: &CompareProps) -> Html {
    html! {
        <section class="lane-status" aria-label="What each lane is doing">
            <ul>
                { for props.lanes.0.iter().map(|lane| {
                    let Ok(run) = &lane.run else {
                        return html! { <li data-mode={lane.mode.name()}><b>{ lane.name() }</b>{ ": cannot run" }</li> };
                    };
                    let trace = &run.trace.0;
                    let at = run.at;
                    let ev = at.checked_sub(1).and_then(|i| trace.events.get(i));
                    let (class, what) = match ev {
                        _ if at >= trace.len() && at > 0 => {
                            let o = classify(trace);
                            return html! {
                                <li data-mode={lane.mode.name()} data-lane={lane.label}>
                                    <b>{ lane.name() }</b>{ " " }
                                    { outcome_badge(&o) }
                                    <span class="muted">{ format!(" {at} / {}", trace.len()) }</span>
                                </li>
                            };
                        }
                        None => ("p-setup", "start".to_string()),
                        Some(e) => (phase_class(e.phase), format!("{} · {}", e.phase.name(), trace.task_name(e.task))),
                    };
                    html! {
                        <li data-mode={lane.mode.name()} data-lane={lane.label}>
                            <b>{ lane.name() }</b>{ " " }
                            <span class={classes!("lane-chip", class)}>{ what }</span>
                            <span class="muted">{ format!(" {at} / {}", trace.len()) }</span>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
