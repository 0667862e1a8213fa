//! The Explore panel: the scenario's knobs (`bulkpool_allocator::view::explore`), each a field
//! path with its bounds, that re-run the scenario at once on a change (Enter, Tab, a spin
//! button, a select) and a moment after the last keystroke while typing (the player keeps the
//! place, and the link records the change as an override); and sweeps of one knob, drawn by
//! `SweepChart`, whose points open their run in the step view. Opened on a phone, the panel
//! scrolls into view.

mod sweep;

use crate::dom::value_of;
use bulkpool_allocator::view::explore::{knobs, knobs_in, narrows, Kind, Knob};
use bulkpool_allocator::view::link::apply_overrides;
use bulkpool_allocator::{Mode, Scenario, Semantics};
use gloo_timers::callback::Timeout;
use std::collections::HashMap;
use std::rc::Rc;
use sweep::SweepPanel;
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

#[function_component]
pub fn ExplorePanel(props: &ExploreProps) -> Html {
    let sc = props.scenario.0.clone();
    // Each number's range is what runs with the others as they are (validated, not simulated:
    // `knobs_in`, up to about 30 ms here for `big`), found a task after the scenario is shown;
    // until then, the format's bounds.
    // Whether they can be narrowed at all (`narrows`), once per scenario and mode rather than
    // at every keystroke; a scenario that cannot asks for nothing later.
    let can_narrow = *use_memo((props.scenario.clone(), props.mode), |(sc, mode)| {
        narrows(&sc.0, *mode)
    });
    let narrowed = use_state(|| None::<(ScenarioRef, Mode, Rc<Vec<Knob>>)>);
    {
        let narrowed = narrowed.clone();
        use_effect_with(
            (props.scenario.clone(), props.mode),
            move |(sc, mode): &(ScenarioRef, Mode)| {
                let (sc, mode) = (sc.clone(), *mode);
                let timer = can_narrow.then(|| {
                    Timeout::new(0, move || {
                        let found = Rc::new(knobs_in(&sc.0, mode));
                        narrowed.set(Some((sc, mode, found)));
                    })
                });
                move || drop(timer)
            },
        );
    }
    let found = match &*narrowed {
        Some((s, m, k)) if *s == props.scenario && *m == props.mode => Some(k.clone()),
        _ => None,
    };
    // What the ranges shown are, said under the knobs: the values that run, the format's
    // bounds until those are found, or the format's bounds for good (`narrows`).
    let ranges = if !can_narrow {
        ("format", "Each range is the format's bounds: this scenario is too large to check every value first. A value that cannot run is refused with the reason.")
    } else if found.is_some() {
        (
            "run",
            "Each range is the values that run with the other numbers as they are.",
        )
    } else {
        (
            "pending",
            "Each range is the format's bounds until the values that run are found.",
        )
    };
    let all: Rc<Vec<Knob>> = found.unwrap_or_else(|| Rc::new(knobs(&sc)));
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

    let numeric: Rc<Vec<Knob>> = Rc::new(
        all.iter()
            .filter(|k| matches!(k.kind, Kind::Number { .. }))
            .cloned()
            .collect(),
    );
    let reset = {
        let on_reset = props.on_reset.clone();
        Callback::from(move |_: MouseEvent| on_reset.emit(()))
    };

    html! {
        <section class="panel explore" aria-labelledby="explore-h" ref={panel}>
            <h2 id="explore-h">{ "Explore" }</h2>
            <p class="muted">{ "Change a number and the run is simulated again; the link keeps the change." }</p>
            <p class="muted knob-ranges" data-ranges={ranges.0}>{ ranges.1 }</p>
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

            <SweepPanel scenario={props.scenario.clone()} {numeric} on_open={props.on_open.clone()} />
        </section>
    }
}
