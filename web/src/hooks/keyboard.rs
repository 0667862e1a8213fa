//! Keyboard shortcuts: Space plays or pauses, ←/→ step, Home/End jump, +/− change the speed,
//! `?` opens the help and Escape closes it. Keys typed into form fields are left alone.

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
        "PageUp" => Action::Step(-10),
        "PageDown" => Action::Step(10),
        "Home" => Action::First,
        "End" => Action::Last,
        "+" | "=" => Action::Faster,
        "-" | "_" => Action::Slower,
        "?" => Action::ToggleHelp,
        "Escape" => Action::CloseHelp,
        _ => return None,
    })
}

fn typing_into_a_field(e: &KeyboardEvent) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .map(|el| {
            matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA")
                && el.get_attribute("type").as_deref() != Some("range")
        })
        .unwrap_or(false)
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
                if e.ctrl_key() || e.meta_key() || e.alt_key() || typing_into_a_field(e) {
                    return;
                }
                if let Some(action) = action_for(&e.key()) {
                    e.prevent_default();
                    player.dispatch(action);
                }
            },
        );
        move || drop(listener)
    });
}
