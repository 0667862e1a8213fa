//! Playback controls: first, previous, play/pause, next, last; speed; "step n / total".

use crate::hooks::select::use_select_value;
use crate::state::{Action, Player, SPEEDS, SPEED_LABELS};
use yew::prelude::*;

// Icons as SVG paths (16×16): no icon font, nothing to download.
const FIRST: &str = "M2 2h2v12H2zM14 2v12L5 8z";
const PREV: &str = "M12 2v12L3 8z";
const PLAY: &str = "M4 2v12l10-6z";
const PAUSE: &str = "M3 2h4v12H3zM9 2h4v12H9z";
const NEXT: &str = "M4 2v12l9-6z";
const LAST: &str = "M12 2h2v12h-2zM2 2v12l9-6z";

#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    pub step: usize,
    pub total: usize,
    pub playing: bool,
    pub speed: usize,
    pub now_ms: u64,
    pub dispatch: UseReducerDispatcher<Player>,
}

#[function_component]
pub fn Controls(props: &ControlsProps) -> Html {
    let button = |label: &'static str,
                  class: &'static str,
                  icon: &'static str,
                  action: fn() -> Action,
                  disabled: bool| {
        let d = props.dispatch.clone();
        html! {
            // A mouse click does not leave the focus on the button, so that Space goes on
            // playing and pausing; the keyboard still reaches every button with Tab.
            <button class={classes!("ctl", class)} aria-label={label} title={label} {disabled}
                onmousedown={Callback::from(|e: MouseEvent| e.prevent_default())}
                onclick={Callback::from(move |_| crate::marks::dispatch(&d, action()))}>
                <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true"><path d={icon} fill="currentColor" /></svg>
            </button>
        }
    };
    let at_start = props.step == 0;
    let at_end = props.step >= props.total;
    let speed_ref = use_select_value(props.speed.to_string());
    let on_speed = {
        let d = props.dispatch.clone();
        Callback::from(move |e: Event| {
            if let Ok(i) = crate::dom::value_of(&e).parse::<usize>() {
                d.dispatch(Action::SetSpeed(i));
            }
        })
    };
    let (play_label, play_icon) = if props.playing {
        ("Pause (Space)", PAUSE)
    } else {
        ("Play (Space)", PLAY)
    };
    html! {
        <section class="controls" aria-label="Playback">
            { button("First step (Home)", "first", FIRST, || Action::First, at_start) }
            { button("Previous step (←)", "prev", PREV, || Action::Step(-1), at_start) }
            { button(play_label, "play", play_icon, || Action::Toggle, false) }
            { button("Next step (→)", "next", NEXT, || Action::Step(1), at_end) }
            { button("Last step (End)", "last", LAST, || Action::Last, at_end) }
            <label class="speed">
                <span>{ "Speed" }</span>
                <select ref={speed_ref} onchange={on_speed} aria-label="Playback speed">
                    { for (0..SPEEDS.len()).map(|i| html! {
                        <option value={i.to_string()} selected={i == props.speed}>{ SPEED_LABELS[i] }</option>
                    }) }
                </select>
            </label>
            <span class="counter" aria-live="off">
                <span class="step-n">{ format!("step {} / {}", props.step, props.total) }</span>
                <span class="clock">{ format!("t = {} ms", props.now_ms) }</span>
            </span>
        </section>
    }
}
