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

/// The page's clock (`performance.now()`), in milliseconds; 0 where there is none.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}
