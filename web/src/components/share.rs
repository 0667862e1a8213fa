//! Sharing for a mailing-list reply: copy the link, this step as text, or the whole run as text.
//! The text comes from `bulkpool_allocator` (`step_text`, `text::render`, `with_link`), the
//! renderer of `bulkpool run`, never a second one. Where the clipboard is unavailable or refuses,
//! a dialog shows the text selected in a read-only box, to copy by hand.

use crate::components::dialog::Dialog;
use crate::state::TraceRef;
use bulkpool_allocator::step_text::{step_text, with_link};
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
}

/// What to copy.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum What {
    Link,
    Step,
    Run,
}

/// The text of a choice: the link, or an account that ends with it.
pub fn text_of(what: What, trace: &bulkpool_allocator::Trace, step: usize, link: &str) -> String {
    match what {
        What::Link => link.to_string(),
        What::Step => with_link(&step_text(trace, step), link),
        What::Run => with_link(&bulkpool_allocator::text::render(trace), link),
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
        let (fallback, status, menu) = (fallback.clone(), status.clone(), menu.clone());
        Callback::from(move |_: MouseEvent| {
            let text = text_of(what, &trace.0, step, &link);
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
                    Ok(_) => status.set(format!(
                        "Copied {} ({} lines).",
                        label(what),
                        text.lines().count()
                    )),
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
