//! A panic is visible: the notice, and the hook that shows it on a real panic.
//!
//! WebAssembly cannot unwind (wasm32's std is built with `panic = "abort"`), so
//! `std::panic::catch_unwind` cannot catch a panic here. A panic inside a DOM event listener
//! is a real one that leaves the test running: the hook runs, WebAssembly traps, and the
//! browser reports the trap as that listener's error while `click()` returns. This file is its
//! own WebAssembly instance, so the hook it installs (and the trap) touch no other test.
#![cfg(target_arch = "wasm32")]

use bulkpool_web::internal_error::{install, show_internal_error, HEADING};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn notices() -> Vec<Element> {
    let list = gloo_utils::document()
        .query_selector_all("body > .internal-error")
        .unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .collect()
}

fn clear() {
    for n in notices() {
        n.remove();
    }
}

fn part(notice: &Element, sel: &str) -> Element {
    notice
        .query_selector(sel)
        .unwrap()
        .unwrap_or_else(|| panic!("the notice has no {sel}"))
}

#[wasm_bindgen_test]
fn the_notice_says_what_happened_and_offers_the_pages_link() {
    clear();
    show_internal_error("panicked at web/src/x.rs:1:1:\nboom");
    let all = notices();
    assert_eq!(all.len(), 1);
    let n = &all[0];
    assert_eq!(n.get_attribute("role").as_deref(), Some("alert"));
    assert_eq!(
        part(n, ".internal-error-heading").text_content().unwrap(),
        HEADING
    );
    assert_eq!(HEADING, "Internal error — please report it");
    let href = gloo_utils::window().location().href().unwrap();
    let link = part(n, ".internal-error-link")
        .dyn_into::<HtmlInputElement>()
        .unwrap();
    assert_eq!(link.value(), href, "the address bar's link");
    assert!(link.read_only());
    assert_eq!(
        part(n, "button.internal-error-copy")
            .text_content()
            .unwrap(),
        "Copy link"
    );
    let message = part(n, ".internal-error-message").text_content().unwrap();
    assert!(message.ends_with("boom"), "{message}");
    // Fixed over the page, whatever the app's stylesheet does.
    let style = n.get_attribute("style").unwrap();
    assert!(style.contains("position: fixed"), "{style}");

    show_internal_error("a second one");
    let all = notices();
    assert_eq!(all.len(), 1, "one notice");
    let message = part(&all[0], ".internal-error-message")
        .text_content()
        .unwrap();
    assert!(
        message.contains("boom") && message.ends_with("a second one"),
        "{message}"
    );
    // Focusing the link selects it, for Ctrl+C where the clipboard is refused.
    link.focus().unwrap();
    assert_eq!(
        (
            link.selection_start().unwrap(),
            link.selection_end().unwrap()
        ),
        (Some(0), Some(href.encode_utf16().count() as u32))
    );
    clear();
}

#[wasm_bindgen_test]
fn a_panic_shows_the_notice_through_the_hook() {
    clear();
    install();
    let doc = gloo_utils::document();
    let button = doc
        .create_element("button")
        .unwrap()
        .dyn_into::<HtmlElement>()
        .unwrap();
    doc.body().unwrap().append_child(&button).unwrap();
    let listener = gloo_events::EventListener::new(&button, "click", |_| {
        panic!("a panic in a click handler");
    });
    assert!(notices().is_empty());
    button.click();
    let all = notices();
    assert_eq!(all.len(), 1, "the hook showed the notice");
    let message = part(&all[0], ".internal-error-message")
        .text_content()
        .unwrap();
    assert!(message.contains("panicked at"), "{message}");
    assert!(message.contains("a panic in a click handler"), "{message}");
    drop(listener);
    button.remove();
    clear();
}
