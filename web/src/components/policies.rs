//! Policies…: the design choices the current run reads (`model::policy`), each a select with
//! its values, what each does, which versions made it and where. Changing one re-runs the
//! scenario in place as a what-if (the link records it as `p=axis:value`); the summary line
//! labels a what-if with its departures, and one button goes back to the version's own.

use crate::dom::value_of;
use bulkpool_allocator::model::policy::{Axis, PolicySpec, Rules};
use bulkpool_allocator::{Mode, Scenario};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PoliciesProps {
    /// The scenario as the choice has it (its own semantics, its policy spec).
    pub scenario: Scenario,
    pub mode: Mode,
    /// What the current run follows.
    pub rules: Rules,
    /// A choice changed: run this scenario in place.
    pub on_change: Callback<Scenario>,
}

#[function_component]
pub fn PoliciesPanel(props: &PoliciesProps) -> Html {
    let rules = props.rules;
    let axes = props.scenario.policy_axes(rules.sem, props.mode);
    if axes.is_empty() {
        return html! {};
    }
    let label = rules.what_if_label();
    let set = |axis: Axis| {
        let (sc, on_change) = (props.scenario.clone(), props.on_change.clone());
        Callback::from(move |e: Event| {
            let Ok(target) = rules.policies.with(axis, &value_of(&e)) else {
                return;
            };
            let mut next = sc.clone();
            next.policy = PolicySpec::between(rules.named, target);
            on_change.emit(next);
        })
    };
    let reset = {
        let (sc, on_change) = (props.scenario.clone(), props.on_change.clone());
        Callback::from(move |_: MouseEvent| {
            let mut next = sc.clone();
            next.policy = PolicySpec::default();
            on_change.emit(next);
        })
    };
    html! {
        <details class={classes!("policies", label.is_some().then_some("what-if"))} open={label.is_some()}>
            <summary>
                { "Policies… " }
                { match &label {
                    Some(l) => html! { <span class="what-if-label">{ l.clone() }</span> },
                    None => html! { <span class="muted">{ format!("{}'s own design choices", rules.sem.short()) }</span> },
                } }
            </summary>
            <div class="policy-axes">
                { for axes.iter().map(|&axis| {
                    let id = format!("policy-{}", axis.name());
                    let now = rules.policies.get(axis);
                    let own = rules.named.get(axis);
                    let choice = axis.choices().iter().find(|c| c.name == now);
                    html! {
                        <div class="policy" data-axis={axis.name()}>
                            <label for={id.clone()}>{ axis.title() }</label>
                            <select id={id.clone()} data-axis={axis.name()} onchange={set(axis)} aria-describedby={format!("{id}-help")}>
                                { for axis.choices().iter().map(|c| html! {
                                    <option value={c.name} selected={c.name == now}>
                                        { if c.name == own { format!("{} ({})", c.name, rules.sem.short()) } else { c.name.to_string() } }
                                    </option>
                                }) }
                            </select>
                            { match choice { Some(c) => html! {
                                <p id={format!("{id}-help")} class="policy-help muted">
                                    { format!("{}. Made by: {}. Source: {}.", c.what, c.made_by, c.source) }
                                </p>
                            }, None => html! {} } }
                        </div>
                    }
                }) }
            </div>
            { if label.is_some() { html! {
                <button class="policies-reset" onclick={reset}>{ format!("Back to {}'s own choices", rules.sem.short()) }</button>
            } } else { html! {} } }
        </details>
    }
}
