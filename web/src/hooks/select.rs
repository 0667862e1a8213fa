//! A `<select>` whose shown choice follows the state. Yew renders `selected` attributes, but
//! once the user has picked an option the browser no longer moves the selection when those
//! attributes change (Back and Forward, a fallback to the preset's semantics): set the value.

use wasm_bindgen::JsCast;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// A ref for a select that shows `value` after every render.
#[hook]
pub fn use_select_value(value: String) -> NodeRef {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect(move || {
            if let Some(s) = node
                .get()
                .and_then(|n| n.dyn_into::<HtmlSelectElement>().ok())
            {
                if s.value() != value {
                    s.set_value(&value);
                }
            }
        });
    }
    node
}
