//! A panic is visible. Besides the console log (`console_error_panic_hook`), the panic hook puts
//! a notice over the page: "Internal error — please report it", with the page's link to copy.
//!
//! The notice is made with plain DOM calls in an element of its own appended to `<body>`, and
//! styled inline: WebAssembly aborts at a panic (`panic = "abort"`, and wasm32 cannot unwind),
//! so the Yew app may never render again and the notice cannot be part of it. Nothing in here
//! panics: a panic inside a panic hook aborts without a word.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, HtmlInputElement};

/// The notice's heading.
pub const HEADING: &str = "Internal error — please report it";

/// What the notice asks for.
pub const ASK: &str = "Something inside bulkpool went wrong, and the page may no longer respond \
    (reloading it starts again). To report it, send this page's link and what you did just \
    before:";

const STYLE: &str = "position: fixed; top: 0; left: 0; right: 0; z-index: 2147483647; \
    background: #fff4f4; color: #1a1a1a; border-bottom: 3px solid #b00020; \
    padding: 12px 16px; font: 15px/1.4 system-ui, sans-serif; \
    box-shadow: 0 2px 8px rgba(0, 0, 0, 0.3); max-height: 60vh; overflow: auto;";

/// Installs the panic hook. Through Yew's `set_custom_panic_hook`: `Renderer::render` replaces
/// a hook set with `std::panic::set_hook` by its own, which only logs.
pub fn install() {
    yew::set_custom_panic_hook(Box::new(hook));
}

fn hook(info: &std::panic::PanicHookInfo<'_>) {
    console_error_panic_hook::hook(info);
    show_internal_error(&info.to_string());
}

/// Shows the notice with `message` (the panic's) under "Details", and the address bar's link.
/// A second call keeps the one notice: it adds its message and refreshes the link.
pub fn show_internal_error(message: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let link = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    let existing = document
        .query_selector("body > .internal-error")
        .ok()
        .flatten();
    if let Some(notice) = existing {
        if let Some(pre) = notice
            .query_selector(".internal-error-message")
            .ok()
            .flatten()
        {
            let before = pre.text_content().unwrap_or_default();
            pre.set_text_content(Some(&format!("{before}\n\n{message}")));
        }
        if let Some(input) = notice
            .query_selector(".internal-error-link")
            .ok()
            .flatten()
            .and_then(|i| i.dyn_into::<HtmlInputElement>().ok())
        {
            input.set_value(&link);
        }
        return;
    }
    let _ = build(&document, &link, message);
}

/// The notice; `Err` only if the DOM refuses an element (then there is nothing more to do).
fn build(document: &Document, link: &str, message: &str) -> Result<(), JsValue> {
    let el = |tag: &str, class: &str, text: Option<&str>| -> Result<Element, JsValue> {
        let e = document.create_element(tag)?;
        if !class.is_empty() {
            e.set_class_name(class);
        }
        e.set_text_content(text);
        Ok(e)
    };
    let notice = el("div", "internal-error", None)?;
    notice.set_attribute("role", "alert")?;
    notice.set_attribute("style", STYLE)?;
    let heading = el("strong", "internal-error-heading", Some(HEADING))?;
    heading.set_attribute("style", "display: block; font-size: 17px; color: #8a0019;")?;
    let ask = el("p", "", Some(ASK))?;
    ask.set_attribute("style", "margin: 4px 0;")?;
    let row = el("div", "", None)?;
    row.set_attribute("style", "display: flex; gap: 8px; flex-wrap: wrap;")?;
    let input = el("input", "internal-error-link", None)?.unchecked_into::<HtmlInputElement>();
    input.set_read_only(true);
    input.set_value(link);
    input.set_attribute("aria-label", "This page's link")?;
    input.set_attribute(
        "style",
        "flex: 1 1 24em; min-width: 0; font: 14px monospace;",
    )?;
    let copy = el("button", "internal-error-copy", Some("Copy link"))?;
    copy.set_attribute("type", "button")?;
    let details = el("details", "", None)?;
    let summary = el("summary", "", Some("Details"))?;
    let pre = el("pre", "internal-error-message", Some(message))?;
    pre.set_attribute("style", "white-space: pre-wrap; margin: 4px 0;")?;
    row.append_child(&input)?;
    row.append_child(&copy)?;
    details.append_child(&summary)?;
    details.append_child(&pre)?;
    for child in [&heading, &ask, &row, &details] {
        notice.append_child(child)?;
    }
    // Selecting the link on focus lets Ctrl+C copy it where the clipboard is refused.
    let on_focus = {
        let input = input.clone();
        Closure::<dyn FnMut()>::new(move || input.select())
    };
    input.add_event_listener_with_callback("focus", on_focus.as_ref().unchecked_ref())?;
    on_focus.forget();
    let on_copy = {
        let (input, copy) = (input.clone(), copy.clone());
        Closure::<dyn FnMut()>::new(move || copy_link(&input, &copy))
    };
    copy.add_event_listener_with_callback("click", on_copy.as_ref().unchecked_ref())?;
    on_copy.forget();
    document
        .body()
        .ok_or_else(|| JsValue::from_str("no body"))?
        .append_child(&notice)?;
    Ok(())
}

/// Copies the link with the Clipboard API; where it is missing or refuses, selects the link
/// and says to press Ctrl+C.
fn copy_link(input: &HtmlInputElement, button: &Element) {
    let by_hand = {
        let (input, button) = (input.clone(), button.clone());
        move || {
            let _ = input.focus();
            input.select();
            button.set_text_content(Some("Press Ctrl+C (⌘C) to copy"));
        }
    };
    let Some(window) = web_sys::window() else {
        return;
    };
    let clipboard = window.navigator().clipboard();
    // `navigator.clipboard` is undefined outside secure contexts even though web-sys types it.
    if JsCast::unchecked_ref::<JsValue>(&clipboard).is_undefined() {
        by_hand();
        return;
    }
    let done = {
        let button = button.clone();
        Closure::once(move |_: JsValue| button.set_text_content(Some("Copied")))
    };
    let refused = Closure::once(move |_: JsValue| by_hand());
    let _ = clipboard.write_text(&input.value()).then2(&done, &refused);
    done.forget();
    refused.forget();
}
