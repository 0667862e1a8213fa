//! A modal dialog: focus moves into it when it opens, Tab and Shift+Tab stay inside it, Escape
//! and a click on the backdrop close it, and focus goes back to where it was when it closes.
//! While one is open the page's keyboard shortcuts are off (see `hooks::keyboard`).

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent};
use yew::prelude::*;

/// Elements Tab can reach inside a dialog.
const FOCUSABLE: &str = "a[href], button:not([disabled]), textarea, input, select, summary, [tabindex]:not([tabindex='-1'])";

#[derive(Properties, PartialEq)]
pub struct DialogProps {
    /// The id of the dialog's heading.
    pub labelledby: AttrValue,
    #[prop_or_default]
    pub class: Classes,
    /// A selector for the element to focus first; by default the dialog itself, so that
    /// reading starts at its heading.
    #[prop_or_default]
    pub focus: Option<AttrValue>,
    pub on_close: Callback<()>,
    pub children: Html,
}

fn focusables(panel: &Element) -> Vec<HtmlElement> {
    let Ok(list) = panel.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<HtmlElement>().ok())
        .collect()
}

/// Is `el` the document's focused element?
fn is_active(el: &HtmlElement) -> bool {
    gloo_utils::document()
        .active_element()
        .is_some_and(|a| a == *el.as_ref())
}

#[function_component]
pub fn Dialog(props: &DialogProps) -> Html {
    let panel = use_node_ref();
    {
        let panel = panel.clone();
        let first = props.focus.clone();
        use_effect_with((), move |_| {
            let opener = gloo_utils::document()
                .active_element()
                .and_then(|e| e.dyn_into::<HtmlElement>().ok());
            if let Some(el) = panel.cast::<Element>() {
                // On a touch screen, focusing a text box opens the keyboard over the dialog:
                // focus the dialog itself there.
                let coarse = gloo_utils::window()
                    .match_media("(pointer: coarse)")
                    .ok()
                    .flatten()
                    .is_some_and(|m| m.matches());
                let target = first
                    .filter(|_| !coarse)
                    .and_then(|s| el.query_selector(&s).ok().flatten())
                    .or(Some(el))
                    .and_then(|e| e.dyn_into::<HtmlElement>().ok());
                if let Some(t) = target {
                    let _ = t.focus();
                }
            }
            move || {
                if let Some(o) = opener {
                    let _ = o.focus();
                }
            }
        });
    }
    let onkeydown = {
        let (panel, close) = (panel.clone(), props.on_close.clone());
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "Escape" => {
                e.prevent_default();
                close.emit(());
            }
            "Tab" => {
                let Some(el) = panel.cast::<Element>() else {
                    return;
                };
                let all = focusables(&el);
                let (Some(first), Some(last)) = (all.first(), all.last()) else {
                    e.prevent_default();
                    return;
                };
                let active = gloo_utils::document().active_element();
                let inside = active.as_ref().is_some_and(|a| el.contains(Some(a)));
                let on_dialog = active.as_ref() == Some(&el);
                if e.shift_key() && (is_active(first) || !inside || on_dialog) {
                    e.prevent_default();
                    let _ = last.focus();
                } else if !e.shift_key() && (is_active(last) || !inside) {
                    e.prevent_default();
                    let _ = first.focus();
                }
            }
            _ => {}
        })
    };
    let backdrop = use_node_ref();
    let onclick = {
        let (close, backdrop) = (props.on_close.clone(), backdrop.clone());
        Callback::from(move |e: MouseEvent| {
            // Only a click on the backdrop itself, not one that bubbled up from the dialog.
            // (Yew delegates events, so `current_target` is not the backdrop: compare nodes.)
            let on_backdrop = match (e.target(), backdrop.get()) {
                (Some(t), Some(b)) => t.dyn_ref::<web_sys::Node>() == Some(&b),
                _ => false,
            };
            if on_backdrop {
                close.emit(());
            }
        })
    };
    html! {
        <div ref={backdrop} class="overlay" {onclick} {onkeydown}>
            <div ref={panel} class={classes!("dialog", props.class.clone())} role="dialog" aria-modal="true"
                aria-labelledby={props.labelledby.clone()} tabindex="-1">
                { props.children.clone() }
            </div>
        </div>
    }
}
