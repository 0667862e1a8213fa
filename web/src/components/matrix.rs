//! The design matrix (`view::matrix`): the scenario under its version with every combination
//! of two or three chosen design choices (or the delivery mode), one row each with how the run
//! ended, its sleeps and calls, and the version it runs exactly as; a click opens the row's run
//! in place. Rows are computed one per timer tick, so no task runs long.

use bulkpool_allocator::model::types::Semantics;
use bulkpool_allocator::view::matrix::{matrix, Column, Matrix, MAX_AXES};
use bulkpool_allocator::{Mode, Scenario};
use gloo_timers::callback::Timeout;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct MatrixProps {
    /// The scenario as the choice has it, and the run's semantics and mode.
    pub scenario: Scenario,
    pub semantics: Semantics,
    pub mode: Mode,
    /// Open a row's run (its scenario with the row's policy, in the row's mode).
    pub on_open: Callback<(Scenario, Mode)>,
}

#[function_component]
pub fn MatrixPanel(props: &MatrixProps) -> Html {
    let axes = props.scenario.policy_axes(props.semantics, props.mode);
    let picked = use_state(Vec::<Column>::new);
    let result = use_state(|| None::<Rc<Matrix>>);
    let error = use_state(|| None::<String>);
    let timer = use_mut_ref(|| None::<Timeout>);
    if axes.is_empty() {
        return html! {};
    }
    let toggle = |c: Column| {
        let picked = picked.clone();
        Callback::from(move |_: Event| {
            let mut p = (*picked).clone();
            match p.iter().position(|x| *x == c) {
                Some(i) => {
                    p.remove(i);
                }
                None if p.len() < MAX_AXES => p.push(c),
                None => {}
            }
            picked.set(p);
        })
    };
    let build = {
        let (picked, result, error, timer) =
            (picked.clone(), result.clone(), error.clone(), timer.clone());
        let (sc, sem) = (props.scenario.clone(), props.semantics);
        Callback::from(move |_: MouseEvent| {
            let columns = (*picked).clone();
            let (result, error, sc) = (result.clone(), error.clone(), sc.clone());
            result.set(None);
            // A frame later, so that the button's state shows before the runs.
            *timer.borrow_mut() = Some(Timeout::new(0, move || match matrix(&sc, sem, &columns) {
                Ok(m) => {
                    error.set(None);
                    result.set(Some(Rc::new(m)));
                }
                Err(e) => error.set(Some(e)),
            }));
        })
    };
    let columns: Vec<Column> = axes
        .iter()
        .map(|a| Column::Policy(*a))
        .chain([Column::Delivery])
        .collect();
    let title = |c: Column| match c {
        Column::Policy(a) => a.title(),
        Column::Delivery => "Delivery mode",
    };
    let open_row = {
        let (result, on_open, sc) = (
            result.clone(),
            props.on_open.clone(),
            props.scenario.clone(),
        );
        move |row: usize| {
            let Some(m) = &*result else { return };
            let Some(r) = m.rows.get(row) else { return };
            let mut next = sc.clone();
            next.semantics = Some(m.semantics);
            let named = next.named_policies(m.semantics);
            match bulkpool_allocator::model::policy::PolicySpec::parse(&r.policy, named) {
                Ok(spec) => next.policy = spec,
                Err(_) => return,
            }
            on_open.emit((next, r.mode));
        }
    };
    let open = |row: usize| {
        let open_row = open_row.clone();
        Callback::from(move |_: MouseEvent| open_row(row))
    };
    let key = |row: usize| {
        let open_row = open_row.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                e.prevent_default();
                open_row(row);
            }
        })
    };
    html! {
        <section class="panel matrix" aria-labelledby="matrix-h">
            <h2 id="matrix-h">{ "Design matrix" }</h2>
            <p class="muted">{ format!("Every combination of two or three design choices of this run under {}, one row each. Choose:", props.semantics.short()) }</p>
            <div class="matrix-axes" role="group" aria-label="The matrix's axes">
                { for columns.iter().map(|&c| html! {
                    <label class="matrix-axis">
                        <input type="checkbox" value={c.name()} checked={picked.contains(&c)}
                            disabled={!picked.contains(&c) && picked.len() >= MAX_AXES}
                            onchange={toggle(c)} />
                        { format!(" {}", title(c)) }
                    </label>
                }) }
            </div>
            <button class="matrix-build" disabled={picked.len() < 2} onclick={build}>{ "Build the matrix" }</button>
            { match &*error { Some(e) => html! { <p class="error" role="alert">{ e.clone() }</p> }, None => html! {} } }
            { match &*result { Some(m) => html! {
                <table class="matrix-table">
                    <caption>{ format!("{} under {}: click a row to open its run", m.scenario, m.semantics.short()) }</caption>
                    <thead><tr>
                        { for m.columns.iter().map(|c| html! { <th scope="col">{ c.name() }</th> }) }
                        <th scope="col">{ "outcome" }</th><th scope="col">{ "sleeps" }</th><th scope="col">{ "calls" }</th><th scope="col">{ "runs as" }</th>
                    </tr></thead>
                    <tbody>
                        { for m.rows.iter().enumerate().filter(|(_, r)| r.refused.is_none()).map(|(i, r)| {
                            let class = r.outcome.map_or("", |c| c.name());
                            html! {
                                <tr class="matrix-row" data-policy={r.policy.clone()} data-mode={r.mode.name()} tabindex="0" onclick={open(i)} onkeydown={key(i)}>
                                    { for r.values.iter().map(|v| html! { <td>{ *v }</td> }) }
                                    <td><span class={classes!("outcome-badge", format!("o-{class}"))} data-outcome={class}>{ r.ended.clone().unwrap_or_default() }</span>
                                        { match &r.caller_bug { Some(b) => html! { <span class="caller-bug">{ format!(" · caller bug: {b}") }</span> }, None => html! {} } }</td>
                                    <td class="num">{ r.sleeps }</td>
                                    <td class="num">{ r.calls }</td>
                                    <td>{ r.same_as.map_or(String::new(), |s| s.short().to_string()) }</td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            }, None => html! {} } }
            { match &*result { Some(m) if m.rows.iter().any(|r| r.refused.is_some()) => html! {
                <ul class="matrix-refused muted">
                    { for m.rows.iter().filter_map(|r| r.refused.as_ref().map(|why| html! {
                        <li>{ format!("{}: not meaningful ({why})", r.values.join(", ")) }</li>
                    })) }
                </ul>
            }, _ => html! {} } }
            { match &*result { Some(m) if !m.frees => html! {
                <p class="muted">{ "No task of this scenario ever frees to the pool: once the reserve is gone, a task that still needs pages waits forever, whatever the draining." }</p>
            }, _ => html! {} } }
        </section>
    }
}
