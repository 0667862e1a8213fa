//! Sharing for a mailing-list reply: copy the link, this step as text, or the run as text
//! (repeated steps folded, every step, a range of steps, or the summary). The text comes from
//! `bulkpool_allocator` (`step_text`, `text::account`, `with_link`), the renderer of
//! `bulkpool run`, never a second one. A run's text links to the run, a range's to its first
//! step. Where the clipboard is unavailable or refuses, a dialog shows the text selected in a
//! read-only box, to copy by hand.
//!
//! The menu closes on Escape and on a click elsewhere; the status line after a copy clears
//! when the step changes or after a few seconds, and takes no room (nothing moves).

use crate::components::dialog::Dialog;
use crate::state::TraceRef;
use bulkpool_allocator::explain::step_text::{step_text, with_link, with_variant};
use bulkpool_allocator::explain::text::{account, Detail};
use wasm_bindgen::JsCast;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// How long a copy's status stays.
const STATUS_MS: u32 = 4_000;

#[derive(Properties, PartialEq)]
pub struct ShareProps {
    pub trace: TraceRef,
    /// The step the page shows (of `trace`).
    pub step: usize,
    /// The full address of this view at another step (0: the run from its start).
    pub link_at: Callback<usize, AttrValue>,
    /// For a variant of a preset, what it changes ("s5 + zone.free=40").
    #[prop_or_default]
    pub variant: Option<AttrValue>,
    /// In the compare view, every lane's run (the text then has one part per lane).
    #[prop_or_default]
    pub lanes: Vec<TraceRef>,
}

/// What to copy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum What {
    Link,
    Step,
    Run(Detail),
}

/// The text of a choice: the link, or an account that ends with `link`. In the compare view
/// (`lanes`), one account per lane, each under its own heading.
pub fn text_of(
    what: What,
    trace: &bulkpool_allocator::Trace,
    lanes: &[TraceRef],
    step: usize,
    link: &str,
    variant: Option<&str>,
) -> String {
    let one = |t: &bulkpool_allocator::Trace| {
        let text = match what {
            What::Step => step_text(t, step.min(t.len())),
            What::Run(Detail::Steps(a, b)) => {
                let b = b.min(t.len());
                account(t, Detail::Steps(a.min(b).max(1), b))
            }
            What::Run(d) => account(t, d),
            What::Link => String::new(),
        };
        with_variant(&text, variant)
    };
    match what {
        What::Link => link.to_string(),
        _ if lanes.is_empty() => with_link(&one(trace), link),
        _ => {
            let parts: Vec<String> = lanes
                .iter()
                .map(|l| {
                    // "== list delivery; Yang Shi RFC, Oct 2022 lane ==": what the lane runs.
                    let title = bulkpool_allocator::explain::text::title(&l.0);
                    let what = title
                        .rsplit_once(" (")
                        .map_or(title.as_str(), |(_, w)| w.trim_end_matches(')'));
                    let head: String = format!("== {what} lane ").chars().take(70).collect();
                    format!(
                        "{head}{}\n{}",
                        "=".repeat(72usize.saturating_sub(head.chars().count())),
                        one(&l.0)
                    )
                })
                .collect();
            with_link(&parts.join("\n"), link)
        }
    }
}

fn label(what: What) -> &'static str {
    match what {
        What::Link => "the link",
        What::Step => "this step as text",
        What::Run(Detail::Folded) => "the whole run as text",
        What::Run(Detail::Full) => "every step as text",
        What::Run(Detail::Steps(..)) => "the steps as text",
        What::Run(Detail::Summary) => "the summary as text",
    }
}

/// The step a text's link opens: this one for a step, the range's first, else the run.
fn link_step(what: What, step: usize) -> usize {
    match what {
        What::Link | What::Step => step,
        What::Run(Detail::Steps(a, _)) => a,
        What::Run(_) => 0,
    }
}

#[function_component]
pub fn ShareMenu(props: &ShareProps) -> Html {
    // The text that could not go to the clipboard, shown for copying by hand.
    let fallback = use_state(|| None::<(What, String)>);
    let status = use_state(String::new);
    let open = use_state(|| false);
    let menu = use_node_ref();
    let timer = use_mut_ref(|| None::<gloo_timers::callback::Timeout>);
    let total = props.trace.0.len();
    // The range of steps to copy: the ten steps up to this one (the step it was made for).
    let range_of = |step: usize| (step.saturating_sub(10).max(1), step.max(1));
    let from = use_state_eq(|| range_of(props.step).0.to_string());
    let to = use_state_eq(|| range_of(props.step).1.to_string());
    // A copy's status says nothing about another step.
    {
        let (status, timer) = (status.clone(), timer.clone());
        use_effect_with(props.step, move |_| {
            status.set(String::new());
            timer.borrow_mut().take();
        });
    }
    // The range follows the step and the run: another step or another run (a new scenario,
    // mode or semantics at the same step), a new range; the same ones keep what the reader
    // typed. Not reset when the menu opens: the open's toggle event may come after typing.
    {
        let (from, to) = (from.clone(), to.clone());
        // The dependencies compare the run by identity (`TraceRef`).
        use_effect_with((props.step, props.trace.clone()), move |(step, _)| {
            let (a, b) = range_of(*step);
            from.set(a.to_string());
            to.set(b.to_string());
        });
    }
    // While open: Escape, or a click outside the menu, closes it.
    {
        let menu = menu.clone();
        use_effect_with(*open, move |open| {
            let listeners = open.then(|| {
                let close = {
                    let menu = menu.clone();
                    move |focus: bool| {
                        if let Some(d) = menu.cast::<web_sys::HtmlDetailsElement>() {
                            d.set_open(false);
                            if focus {
                                if let Some(s) = d
                                    .query_selector("summary")
                                    .ok()
                                    .flatten()
                                    .and_then(|s| s.dyn_into::<web_sys::HtmlElement>().ok())
                                {
                                    let _ = s.focus();
                                }
                            }
                        }
                    }
                };
                let doc = gloo_utils::document();
                let esc = {
                    let close = close.clone();
                    gloo_events::EventListener::new(&doc, "keydown", move |e| {
                        if e.dyn_ref::<web_sys::KeyboardEvent>()
                            .is_some_and(|k| k.key() == "Escape")
                        {
                            close(true);
                        }
                    })
                };
                let menu2 = menu.clone();
                let outside = gloo_events::EventListener::new(&doc, "pointerdown", move |e| {
                    let inside = menu2.get().zip(e.target()).is_some_and(|(m, t)| {
                        t.dyn_ref::<web_sys::Node>()
                            .is_some_and(|n| m.contains(Some(n)))
                    });
                    if !inside {
                        close(false);
                    }
                });
                (esc, outside)
            });
            move || drop(listeners)
        });
    }
    let on_toggle = {
        let (menu, open) = (menu.clone(), open.clone());
        Callback::from(move |_: Event| {
            let now = menu
                .cast::<web_sys::HtmlDetailsElement>()
                .is_some_and(|d| d.open());
            open.set(now);
        })
    };
    let copy_what = {
        let (trace, step, link_at) = (props.trace.clone(), props.step, props.link_at.clone());
        let (lanes, variant) = (props.lanes.clone(), props.variant.clone());
        let (fallback, status, menu, timer) = (
            fallback.clone(),
            status.clone(),
            menu.clone(),
            timer.clone(),
        );
        move |what: What| {
            let link = link_at.emit(link_step(what, step));
            let text = text_of(what, &trace.0, &lanes, step, &link, variant.as_deref());
            if let Some(d) = menu.cast::<web_sys::HtmlDetailsElement>() {
                d.set_open(false);
            }
            let clipboard = gloo_utils::window().navigator().clipboard();
            // The Clipboard API exists only in secure contexts (https, localhost).
            if !js_sys_has(&clipboard) {
                fallback.set(Some((what, text)));
                return;
            }
            let promise = clipboard.write_text(&text);
            let (fallback, status, timer) = (fallback.clone(), status.clone(), timer.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match wasm_bindgen_futures::JsFuture::from(promise).await {
                    Ok(_) => {
                        status.set(match what {
                            What::Link => "Copied the link.".to_string(),
                            _ => format!(
                                "Copied {} ({}).",
                                label(what),
                                bulkpool_allocator::explain::narrate::count(
                                    text.lines().count() as u64,
                                    "line"
                                )
                            ),
                        });
                        let status = status.clone();
                        *timer.borrow_mut() =
                            Some(gloo_timers::callback::Timeout::new(STATUS_MS, move || {
                                status.set(String::new())
                            }));
                    }
                    Err(_) => fallback.set(Some((what, text))),
                }
            });
        }
    };
    let copy = |what: What| {
        let copy_what = copy_what.clone();
        Callback::from(move |_: MouseEvent| copy_what(what))
    };
    let copy_range = {
        let (from, to, status, copy_what) =
            (from.clone(), to.clone(), status.clone(), copy_what.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match Detail::steps(&format!("{}..{}", *from, *to), total) {
                Ok(d) => copy_what(What::Run(d)),
                Err(msg) => status.set(format!("Cannot copy: {msg}.")),
            }
        })
    };
    let close = {
        let fallback = fallback.clone();
        Callback::from(move |()| fallback.set(None))
    };
    // Typing a new range: the status of the last copy no longer describes it.
    let input = |state: &UseStateHandle<String>| {
        let (state, status, timer) = (state.clone(), status.clone(), timer.clone());
        Callback::from(move |e: InputEvent| {
            state.set(crate::dom::value_of(&e));
            status.set(String::new());
            timer.borrow_mut().take();
        })
    };
    html! {
        <div class="share">
            <details class="share-menu" ref={menu.clone()} ontoggle={on_toggle}>
                <summary>{ "Copy ▾" }</summary>
                <ul role="list">
                    <li><button class="copy-link" onclick={copy(What::Link)}>{ "Copy link" }</button></li>
                    <li><button class="copy-step" onclick={copy(What::Step)}>{ "Copy this step as text" }</button></li>
                    <li><button class="copy-run" onclick={copy(What::Run(Detail::Folded))}
                        title="Steps that repeat earlier ones are folded into a line each">{ "Copy the whole run as text" }</button></li>
                    <li><button class="copy-full" onclick={copy(What::Run(Detail::Full))}>{ "Copy every step as text" }</button></li>
                    <li><button class="copy-summary" onclick={copy(What::Run(Detail::Summary))}
                        title="The header, how the run ended, the counters and the sources">{ "Copy the summary as text" }</button></li>
                    <li>
                        <form class="copy-range" onsubmit={copy_range}>
                            <label>{ "Steps " }
                                <input class="range-from" type="number" min="1" max={total.to_string()} value={(*from).clone()} oninput={input(&from)} aria-label="first step" />
                            </label>
                            <label>{ " to " }
                                <input class="range-to" type="number" min="1" max={total.to_string()} value={(*to).clone()} oninput={input(&to)} aria-label="last step" />
                            </label>
                            <button type="submit" class="copy-steps">{ "Copy as text" }</button>
                        </form>
                    </li>
                </ul>
            </details>
            <span class="share-status" role="status">{ (*status).clone() }</span>
            { match &*fallback {
                Some((what, text)) => html! {
                    <Dialog labelledby="copy-h" class="copy-dialog" on_close={close.clone()} focus={AttrValue::from(".copy-text")}>
                        <div class="dialog-top">
                            <h2 id="copy-h">{ format!("Copy {}", label(*what)) }</h2>
                            <button class="close-x" aria-label="Close" onclick={close.reform(|_: MouseEvent| ())}>{ "×" }</button>
                        </div>
                        <p class="muted">{ "The clipboard is not available here: the text is selected, press Ctrl+C (⌘C) to copy it." }</p>
                        <FallbackText text={AttrValue::from(text.clone())} />
                    </Dialog>
                },
                None => html! {},
            } }
        </div>
    }
}

/// `navigator.clipboard` is undefined outside secure contexts even though web-sys types it.
fn js_sys_has(clipboard: &web_sys::Clipboard) -> bool {
    !JsCast::unchecked_ref::<wasm_bindgen::JsValue>(clipboard).is_undefined()
}

#[derive(Properties, PartialEq)]
struct FallbackProps {
    text: AttrValue,
}

/// A read-only box with the text, selected once it is shown.
#[function_component]
fn FallbackText(props: &FallbackProps) -> Html {
    let area = use_node_ref();
    {
        let area = area.clone();
        use_effect_with(props.text.clone(), move |_| {
            if let Some(t) = area.cast::<HtmlTextAreaElement>() {
                t.select();
            }
        });
    }
    html! {
        <textarea ref={area} class="copy-text" readonly=true rows="16" aria-label="Text to copy" value={props.text.clone()} />
    }
}
