//! The header: scenario picker, delivery-mode switch, semantics switch, view switch, editor and
//! help; under them the scenario's title and point, which semantics are unavailable and why, and
//! the notation legend.

use crate::hooks::select::use_select_value;
use crate::saved::Saved;
use crate::state::{Action, Choice, Player, View};
use bulkpool_allocator::scenario::presets::{self, PRESETS};
use bulkpool_allocator::{Mode, Semantics};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    pub choice: Choice,
    /// The semantics the current run actually follows.
    pub semantics: Semantics,
    pub view: View,
    /// The user's saved scenarios, listed under "Mine", and what opens one (by its place in the
    /// list; the first module has none).
    #[prop_or_default]
    pub saved: Rc<Vec<Saved>>,
    #[prop_or_default]
    pub open_saved: Callback<usize>,
    pub dispatch: UseReducerDispatcher<Player>,
    /// A Predict question waits: the summary, which may tell its answer, is held back.
    #[prop_or_default]
    pub hold_back: bool,
    /// "From /proc…" and the Notation disclosure, which the first module (`crate::lite`)
    /// shows as buttons that load the whole app.
    pub import: Html,
    pub legend: Html,
}

/// The chosen value of a select. The select keeps the focus (↑ ↓ go on choosing); ← → and
/// the other step keys step the run even there (`hooks::keyboard`).
pub fn take_select_value(e: &Event) -> String {
    crate::dom::value_of(e)
}

/// The semantics that cannot run this scenario in `mode` (in the compare view, `None`: in some
/// mode), each with the modes it can, in the page's words: "v6.19 (array only)".
pub fn unavailable(choice: &Choice, mode: Option<Mode>) -> Vec<String> {
    let scenario = choice.scenario();
    Semantics::ALL
        .iter()
        .filter_map(|&s| {
            let mut sc = scenario.clone();
            sc.semantics = Some(s);
            let modes: Vec<&str> = Mode::ALL
                .iter()
                .filter(|&&m| sc.validate(m).is_ok())
                .map(|m| m.name())
                .collect();
            let err = match mode {
                Some(m) => sc.validate(m).err()?,
                None if modes.len() == Mode::ALL.len() => return None,
                None => Mode::ALL.iter().find_map(|&m| sc.validate(m).err())?,
            };
            Some(match modes.as_slice() {
                [] => {
                    // "v6.0 has no mempool page-bulk API: use …" → "v6.0 (no mempool page-bulk API)"
                    let why = crate::choice::plain(&err.message);
                    let why = why.split(": use").next().unwrap_or_default();
                    let why = why.strip_prefix(s.short()).unwrap_or(why).trim_start();
                    let why = why.strip_prefix("has ").unwrap_or(why);
                    format!("{} ({why})", s.short())
                }
                [one] => format!("{} ({one} only)", s.short()),
                many => format!("{} ({} only)", s.short(), many.join(" and ")),
            })
        })
        .collect()
}

/// The semantics the scenario runs under in this mode when none is chosen.
fn own_semantics(choice: &Choice) -> Option<Semantics> {
    choice.own_scenario().validate(choice.mode).ok()
}

#[function_component]
pub fn Header(props: &HeaderProps) -> Html {
    let choice = props.choice.clone();
    let preset = choice.preset();
    let custom = choice.is_custom();
    let scenario_ref = use_select_value(preset.map_or("custom", |p| p.id).to_string());
    let semantics_ref = use_select_value(
        choice
            .semantics
            .map(|s| s.name().to_string())
            .unwrap_or_default(),
    );
    let on_preset = {
        let d = props.dispatch.clone();
        let mode = choice.mode;
        let open_saved = props.open_saved.clone();
        Callback::from(move |e: Event| {
            let value = take_select_value(&e);
            if let Some(i) = value
                .strip_prefix("mine:")
                .and_then(|i| i.parse::<usize>().ok())
            {
                open_saved.emit(i);
            } else if let Some(p) = presets::find(&value) {
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
        let compare = props.view == View::Compare;
        Callback::from(move |e: Event| {
            let semantics = Semantics::parse(&take_select_value(&e)).ok();
            let mut next = Choice {
                semantics,
                ..choice.clone()
            };
            // The compare view shows every mode: keep the semantics, move the hidden mode to
            // one it offers.
            if compare && next.scenario().validate(next.mode).is_err() {
                if let Some(&m) = Mode::ALL
                    .iter()
                    .find(|&&m| next.scenario().validate(m).is_ok())
                {
                    next.mode = m;
                }
            }
            d.dispatch(Action::Select(next));
        })
    };
    let mode_button = |mode: Mode| {
        let d = props.dispatch.clone();
        let pressed = mode == choice.mode;
        let choice = choice.clone();
        // An explicit semantics stays if it offers the mode; if not, the run falls back to the
        // preset's and a notice says so.
        let onclick = Callback::from(move |_| {
            d.dispatch(Action::Select(Choice {
                mode,
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
    let compare = props.view == View::Compare;
    // Which semantics can run the scenario: validating it once per semantics and mode is work
    // in proportion to its ops (a user's scenario may have thousands), so it is done once per
    // choice and view, not at every render.
    let checks = use_memo((choice.clone(), compare), |(choice, compare)| {
        let scenario = choice.scenario();
        let disabled: Vec<bool> = Semantics::ALL
            .iter()
            .map(|&s| {
                let mut sc = scenario.clone();
                sc.semantics = Some(s);
                if *compare {
                    Mode::ALL.iter().all(|&m| sc.validate(m).is_err())
                } else {
                    sc.validate(choice.mode).is_err()
                }
            })
            .collect();
        // The compare view names each lane's semantics in its title, and a lane whose mode
        // the semantics does not offer says so itself: nothing falls back, so no note there.
        let missing = if *compare {
            Vec::new()
        } else {
            unavailable(choice, Some(choice.mode))
        };
        (disabled, missing, own_semantics(choice))
    });
    let semantics_options = Semantics::ALL.iter().zip(&checks.0).map(|(&s, &disabled)| {
        let selected = choice.semantics == Some(s);
        html! {
            <option value={s.name()} {selected} {disabled}>{ if disabled && !compare { format!("{} (not with {})", s.short(), choice.mode) } else if disabled { format!("{} (not for this scenario)", s.short()) } else { s.short().to_string() } }</option>
        }
    });
    let missing = checks.1.clone();
    let help = {
        let d = props.dispatch.clone();
        Callback::from(move |_| d.dispatch(Action::OpenHelp(crate::state::HelpTab::About)))
    };
    let edit = {
        let d = props.dispatch.clone();
        Callback::from(move |_| d.dispatch(Action::OpenEditor))
    };
    html! {
        <header class="header">
            <div class="brand">
                <h1>{ "bulkpool" }</h1>
                <span class="tagline">{ "Linux's mempool page bulk allocator, step by step" }</span>
            </div>
            <div class="pickers">
                <label class="field field-scenario">
                    <span>{ "Scenario" }</span>
                    <select id="scenario" ref={scenario_ref} onchange={on_preset} aria-describedby="scenario-summary">
                        { for PRESETS.iter().map(|p| html! {
                            <option value={p.id} selected={preset.is_some_and(|c| c.id == p.id)} title={p.title}>{ format!("{} · {}", p.id, p.slug) }</option>
                        }) }
                        { if props.saved.is_empty() { html! {} } else { html! {
                            <optgroup label="Mine">
                                { for props.saved.iter().enumerate().map(|(i, s)| html! {
                                    <option value={format!("mine:{i}")}>{ s.name.clone() }</option>
                                }) }
                            </optgroup>
                        } } }
                        { if custom { html! { <option value="custom" selected=true>{ choice.id() }</option> } } else { html! {} } }
                    </select>
                </label>
                { if compare { html! {} } else { html! {
                    <div class="field" role="group" aria-label="Delivery mode">
                        <span>{ "Delivery" }</span>
                        <div class="segs">{ for Mode::ALL.into_iter().map(mode_button) }</div>
                    </div>
                } } }
                <label class="field field-semantics">
                    <span>{ "Semantics" }</span>
                    <select id="semantics" ref={semantics_ref} onchange={on_semantics} aria-describedby="semantics-note">
                        <option value="" selected={choice.semantics.is_none()}>{ format!("preset ({})", props.semantics.short()) }</option>
                        { for semantics_options }
                    </select>
                </label>
                <div class="field" role="group" aria-label="View">
                    <span>{ "View" }</span>
                    <div class="segs">{ view_button(View::Main, "Step") }{ view_button(View::Compare, "Compare") }</div>
                </div>
                <div class="header-buttons">
                    <button class="tour-button" title="A guided tour of the story, stop by stop"
                        onclick={{ let d = props.dispatch.clone(); Callback::from(move |_| d.dispatch(Action::Tour(crate::state::Tour::Resume))) }}>{ "Tour" }</button>
                    <button class="edit-button" title="Edit this scenario as JSON" onclick={edit}>{ "Edit JSON" }</button>
                    { props.import.clone() }
                    <button class="mine-button" title="Save, open, download and load your own scenarios"
                        onclick={{ let d = props.dispatch.clone(); Callback::from(move |_| d.dispatch(Action::OpenMine)) }}>{ "Mine…" }</button>
                    <button class="help-button" aria-label="Help: about, notation, keyboard, model notes" title="Help: about, notation, keyboard, model notes (? for the keys)" onclick={help}>{ "?" }</button>
                </div>
            </div>
            <p id="scenario-summary" class="summary">
                <b class="scenario-title">{ if custom { choice.title() } else { format!("{} — {}", choice.id(), choice.title()) } }</b>{ ": " }
                { if props.hold_back { html! { <span class="muted held-back">{ "(the summary waits until you answer the question)" }</span> } } else { html! { choice.summary() } } }
                <span class="run-semantics">{ format!(" · Semantics: {}", props.semantics.title()) }</span>
                { match checks.2 {
                    Some(own) if own != props.semantics && !custom => html! {
                        <span class="muted">{ format!(" (the description is of the preset under {}, its own semantics)", own.short()) }</span>
                    },
                    _ => html! {},
                } }
            </p>
            { if missing.is_empty() { html! { <p id="semantics-note" class="semantics-note"></p> } } else {
                let names: Vec<&str> = missing.iter().map(|m| m.split(" (").next().unwrap_or_default()).collect();
                let head = format!("Not with {} delivery: {}", choice.mode, names.join(", "));
                let body = format!("Not available with {} delivery: {}.", choice.mode, missing.join(", "));
                html! {
                    <details id="semantics-note" class="semantics-note">
                        <summary>{ head }<span class="why">{ " — why?" }</span></summary>
                        <p>{ body }</p>
                    </details>
                }
            } }
            { props.legend.clone() }
        </header>
    }
}
