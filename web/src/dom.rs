//! Small DOM helpers shared by the components.

use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

/// The value of the `<input>`, `<select>` or `<textarea>` an event came from ("" for anything
/// else).
pub fn value_of(e: &web_sys::Event) -> String {
    let Some(target) = e.target() else {
        return String::new();
    };
    if let Some(i) = target.dyn_ref::<HtmlInputElement>() {
        return i.value();
    }
    if let Some(s) = target.dyn_ref::<HtmlSelectElement>() {
        return s.value();
    }
    target
        .dyn_ref::<HtmlTextAreaElement>()
        .map(|t| t.value())
        .unwrap_or_default()
}
