//! The keyboard help overlay (`?`).

use crate::state::{Action, Player};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HelpProps {
    pub dispatch: UseReducerDispatcher<Player>,
}

pub const SHORTCUTS: [(&str, &str); 8] = [
    ("Space", "play / pause"),
    ("← →", "previous / next step"),
    ("PgUp PgDn", "10 steps back / forward"),
    ("Home End", "first / last step"),
    ("+ −", "faster / slower"),
    ("?", "this help"),
    ("Esc", "close"),
    ("j k l", "previous, play/pause, next"),
];

#[function_component]
pub fn HelpOverlay(props: &HelpProps) -> Html {
    let close = {
        let d = props.dispatch.clone();
        Callback::from(move |_| d.dispatch(Action::CloseHelp))
    };
    html! {
        <div class="overlay" role="dialog" aria-modal="true" aria-labelledby="help-h">
            <div class="dialog">
                <h2 id="help-h">{ "Keyboard shortcuts" }</h2>
                <dl>
                    { for SHORTCUTS.iter().map(|(k, v)| html! { <><dt><kbd>{ *k }</kbd></dt><dd>{ *v }</dd></> }) }
                </dl>
                <p>{ "Every view is a link: copy the address bar to share this scenario, mode and step." }</p>
                <button class="close" onclick={close}>{ "Close" }</button>
            </div>
        </div>
    }
}
