//! Sharing for a mailing-list reply: copy the link, this step as text, or the whole run as text.
//! The text comes from `bulkpool_allocator` (`step_text`, `text::render`, `with_link`), the
//! renderer of `bulkpool run`, never a second one. Where the clipboard is unavailable or refuses,
//! a dialog shows the text selected in a read-only box, to copy by hand.

use crate::components::dialog::Dialog;
use crate::state::TraceRef;
use bulkpool_allocator::explain::step_text::{step_text, with_link, with_variant};
use wasm_bindgen::JsCast;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ShareProps {
    pub trace: TraceRef,
    /// The step the page shows (of `trace`).
    pub step: usize,
    /// The full address of this view.
    pub link: AttrValue,
    /// For a variant of a preset, what it changes ("s5 + zone.free=40").
    #[prop_or_default]
    pub variant: Option<AttrValue>,
    /// In the compare view, every lane's run (the text then has one part per lane).
    #[prop_or_default]
    pub lanes: Vec<TraceRef>,
}

/// What to copy.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum What {
    Link,
    Step,
    Run,
}

/// The text of a choice: the link, or an account that ends with it. In the compare view
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
            _ => bulkpool_allocator::explain::text::render(t),
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
                    let head = format!("== {} delivery lane ", l.0.mode);
                    format!(
                        "{head}{}\n{}",
                        "=".repeat(72 - head.chars().count()),
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
        What::Run => "the whole run as text",
    }
}

#[function_component]
pub fn ShareMenu(props: &ShareProps) -> Html {
    // The text that could not go to the clipboard, shown for copying by hand.
    let fallback = use_state(|| None::<(What, String)>);
    let status = use_state(String::new);
    let menu = use_node_ref();
    let copy = |what: What| {
        let (trace, step, link) = (props.trace.clone(), props.step, props.link.clone());
        let (lanes, variant) = (props.lanes.clone(), props.variant.clone());
        let (fallback, status, menu) = (fallback.clone(), status.clone(), menu.clone());
        Callback::from(move |_: MouseEvent| {
            let text = text_of(what, &trace.0, &lanes, step, &link, variant.as_deref());
            if let Some(d) = menu.cast::<web_sys::HtmlDetailsElement>() {
                d.set_open(false);
            }
            let clipboard = gloo_utils::window().navigator().clipboard();
            // The Clipboard API exists only in secure contexts (https, localhost).
            let has_api = js_sys_has(&clipboard);
            if !has_api {
                fallback.set(Some((what, text)));
                return;
            }
            let promise = clipboard.write_text(&text);
            let (fallback, status) = (fallback.clone(), status.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match wasm_bindgen_futures::JsFuture::from(promise).await {
                    Ok(_) => status.set(match what {
                        What::Link => "Copied the link.".to_string(),
                        _ => format!(
                            "Copied {} ({}).",
                            label(what),
                            bulkpool_allocator::explain::narrate::count(
                                text.lines().count() as u64,
                                "line"
                            )
                        ),
                    }),
                    Err(_) => fallback.set(Some((what, text))),
                }
            });
        })
    };
    let close = {
        let fallback = fallback.clone();
        Callback::from(move |()| fallback.set(None))
    };
    html! {
        <div class="share">
            <details class="share-menu" ref={menu.clone()}>
                <summary>{ "Copy ▾" }</summary>
                <ul role="list">
                    <li><button class="copy-link" onclick={copy(What::Link)}>{ "Copy link" }</button></li>
                    <li><button class="copy-step" onclick={copy(What::Step)}>{ "Copy this step as text" }</button></li>
                    <li><button class="copy-run" onclick={copy(What::Run)}>{ "Copy the whole run as text" }</button></li>
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
