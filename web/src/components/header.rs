//! The header: scenario picker, delivery-mode switch, semantics switch, view switch, help.

use crate::state::{Action, Choice, Player, View};
use bulkpool_allocator::presets::{self, PRESETS};
use bulkpool_allocator::{Mode, Semantics};
use wasm_bindgen::JsCast;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    pub choice: Choice,
    /// The semantics the current run actually follows.
    pub semantics: Semantics,
    pub view: View,
    pub dispatch: UseReducerDispatcher<Player>,
}

fn select_value(e: &Event) -> String {
    e.target()
        .and_then(|t| t.dyn_into::<HtmlSelectElement>().ok())
        .map(|s| s.value())
        .unwrap_or_default()
}

#[function_component]
pub fn Header(props: &HeaderProps) -> Html {
    let choice = props.choice.clone();
    let preset = choice.preset();
    let custom = choice.custom.is_some();
    let on_preset = {
        let d = props.dispatch.clone();
        let mode = choice.mode;
        Callback::from(move |e: Event| {
            if let Some(p) = presets::find(&select_value(&e)) {
                d.dispatch(Action::Select(Choice {
                    mode,
                    ..Choice::of(p)
                }));
            }
        })
    };
    let on_semantics = {
        let d = props.dispatch.clone();
        let choice = choice.clone();
        Callback::from(move |e: Event| {
            let semantics = Semantics::parse(&select_value(&e)).ok();
            d.dispatch(Action::Select(Choice {
                semantics,
                ..choice.clone()
            }));
        })
    };
    let mode_button = |mode: Mode| {
        let d = props.dispatch.clone();
        let pressed = mode == choice.mode;
        let choice = choice.clone();
        let onclick = Callback::from(move |_| {
            d.dispatch(Action::Select(Choice {
                mode,
                semantics: None,
                ..choice.clone()
            }))
        });
        html! {
            <button class={classes!("seg", pressed.then_some("on"))} aria-pressed={pressed.to_string()} {onclick}
                data-mode={mode.name()}>{ mode.name() }</button>
        }
    };
    let view_button = |view: View, label: &'static str| {
        let d = props.dispatch.clone();
        let pressed = view == props.view;
        html! {
            <button class={classes!("seg", pressed.then_some("on"))} aria-pressed={pressed.to_string()}
                data-view={label.to_lowercase()} onclick={Callback::from(move |_| d.dispatch(Action::SetView(view)))}>{ label }</button>
        }
    };
    let scenario = choice.scenario();
    let semantics_options = Semantics::ALL.iter().map(|&s| {
        let mut sc = scenario.clone();
        sc.semantics = Some(s);
        let why = sc.validate(choice.mode).err().map(|e| e.message);
        let selected = choice.semantics == Some(s);
        let disabled = why.is_some();
        html! {
            <option value={s.name()} {selected} {disabled} title={why.unwrap_or_default()}>{ s.title() }</option>
        }
    });
    let help = {
        let d = props.dispatch.clone();
        Callback::from(move |_| d.dispatch(Action::ToggleHelp))
    };
    let edit = {
        let d = props.dispatch.clone();
        Callback::from(move |_| d.dispatch(Action::OpenEditor))
    };
    html! {
        <header class="header">
            <div class="brand">
                <h1>{ "bulkpool" }</h1>
                <span class="tagline">{ "the mempool page bulk allocator, step by step" }</span>
            </div>
            <div class="pickers">
                <label class="field">
                    <span>{ "Scenario" }</span>
                    <select id="scenario" onchange={on_preset} aria-describedby="scenario-summary">
                        { for PRESETS.iter().map(|p| html! {
                            <option value={p.id} selected={!custom && p.id == preset.id}>{ format!("{} — {}", p.id, p.title) }</option>
                        }) }
                        { if custom { html! { <option value="custom" selected=true>{ choice.title() }</option> } } else { html! {} } }
                    </select>
                </label>
                <div class="field" role="group" aria-label="Delivery mode">
                    <span>{ "Delivery" }</span>
                    <div class="segs">{ for Mode::ALL.into_iter().map(mode_button) }</div>
                </div>
                <label class="field">
                    <span>{ "Semantics" }</span>
                    <select id="semantics" onchange={on_semantics}>
                        <option value="" selected={choice.semantics.is_none()}>{ format!("preset: {}", props.semantics.title()) }</option>
                        { for semantics_options }
                    </select>
                </label>
                <div class="field" role="group" aria-label="View">
                    <span>{ "View" }</span>
                    <div class="segs">{ view_button(View::Main, "Step") }{ view_button(View::Compare, "Compare") }</div>
                </div>
                <button class="edit-button" title="Edit this scenario as JSON" onclick={edit}>{ "Edit JSON" }</button>
                <button class="help-button" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" onclick={help}>{ "?" }</button>
            </div>
            <p id="scenario-summary" class="summary">{ choice.summary() }</p>
        </header>
    }
}
