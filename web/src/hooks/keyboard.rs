//! Keyboard shortcuts: Space plays or pauses, ←/→ step, Home/End jump, +/− change the speed,
//! `?` opens the help, PageDown/PageUp go through the tour's stops while it is open and
//! Escape leaves it. Keys typed into form fields are left alone, Space and Enter press a
//! focused button or link, and while a dialog is open it has the keyboard to itself (Escape
//! closes it: see `components::dialog`).

use crate::state::{Action, Player};
use gloo_events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;
use yew::prelude::*;

/// The action a key stands for, if any.
pub fn action_for(key: &str) -> Option<Action> {
    Some(match key {
        " " | "k" => Action::Toggle,
        "ArrowLeft" | "j" => Action::Step(-1),
        "ArrowRight" | "l" => Action::Step(1),
        // Ten steps, or the tour's previous and next stop while it is open.
        "PageUp" => Action::Page(-1),
        "PageDown" => Action::Page(1),
        "Escape" => Action::Escape,
        "Home" => Action::First,
        "End" => Action::Last,
        "+" | "=" => Action::Faster,
        "-" | "_" => Action::Slower,
        "?" => Action::ToggleHelp,
        // Predict mode's choices (ignored when no question is waiting).
        "1" => Action::Answer(0),
        "2" => Action::Answer(1),
        "3" => Action::Answer(2),
        "4" => Action::Answer(3),
        _ => return None,
    })
}

fn target(e: &KeyboardEvent) -> Option<web_sys::Element> {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
}

/// Keys that belong to the focused form field. A select keeps ↑ ↓ (and typing to find an
/// option), but ← → and the other step keys step the run: after picking a scenario, "Press →"
/// must work.
fn typing_into_a_field(e: &KeyboardEvent) -> bool {
    target(e).is_some_and(|el| match el.tag_name().as_str() {
        "TEXTAREA" => true,
        "INPUT" => el.get_attribute("type").as_deref() != Some("range"),
        "SELECT" => !matches!(
            e.key().as_str(),
            "ArrowLeft" | "ArrowRight" | "PageUp" | "PageDown" | "+" | "-" | "?"
        ),
        _ => false,
    })
}

/// Space on a focused control presses it (a button, a link, a disclosure, the scrubber): the
/// shortcut is only for when no control has the focus.
fn space_on_a_control(e: &KeyboardEvent) -> bool {
    e.key() == " "
        && target(e).is_some_and(|el| {
            matches!(el.tag_name().as_str(), "BUTTON" | "A" | "SUMMARY" | "INPUT")
                || el.get_attribute("role").as_deref() == Some("button")
        })
}

/// A modal dialog is open: the page behind it takes no shortcuts.
fn dialog_open() -> bool {
    gloo_utils::document()
        .query_selector("[aria-modal=true]")
        .ok()
        .flatten()
        .is_some()
}

#[hook]
pub fn use_keyboard(player: UseReducerDispatcher<Player>) {
    use_effect_with((), move |_| {
        let options = EventListenerOptions::enable_prevent_default();
        let listener = EventListener::new_with_options(
            &gloo_utils::document(),
            "keydown",
            options,
            move |e| {
                let Some(e) = e.dyn_ref::<KeyboardEvent>() else {
                    return;
                };
                if e.ctrl_key()
                    || e.meta_key()
                    || e.alt_key()
                    || typing_into_a_field(e)
                    || space_on_a_control(e)
                    || dialog_open()
                {
                    return;
                }
                if let Some(action) = action_for(&e.key()) {
                    e.prevent_default();
                    crate::marks::dispatch(&player, action);
                }
            },
        );
        move || drop(listener)
    });
}
