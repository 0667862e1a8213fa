//! "From /proc…" in a real browser: paste two captured files, the zone picker lists the zones
//! the importer found (a zone above 2^20 pages says what scale it needs), the notes or the
//! error are shown, and Import opens the scenario like any custom one.
#![cfg(target_arch = "wasm32")]

mod common;

use bulkpool_allocator::Mode;
use bulkpool_web::state::View;
use common::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

const ZONEINFO: &str = include_str!("../../allocator/tests/proc/6.18.44-fc-v1272/zoneinfo");
const BUDDYINFO: &str = include_str!("../../allocator/tests/proc/6.18.44-fc-v1272/buddyinfo");

async fn paste(app: &web_sys::Element, sel: &str, text: &str) {
    let area = q(app, sel).dyn_into::<HtmlTextAreaElement>().unwrap();
    area.set_value(text);
    area.dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
}

fn options(app: &web_sys::Element) -> Vec<String> {
    all(app, "#import-zone option")
        .iter()
        .map(|o| o.text_content().unwrap_or_default())
        .collect()
}

async fn pick(app: &web_sys::Element, value: &str) {
    let s = q(app, "#import-zone")
        .dyn_into::<HtmlSelectElement>()
        .unwrap();
    s.set_value(value);
    s.dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
}

#[wasm_bindgen_test]
async fn pasted_files_list_their_zones_and_a_picked_zone_opens_as_a_custom_scenario() {
    let app = mount_app("s1", Mode::List, 0, View::Main).await;
    click(&app, ".import-button").await;
    assert_eq!(all(&app, "[role=dialog].import").len(), 1);
    assert!(
        q(&app, ".import-run").has_attribute("disabled"),
        "nothing to import yet"
    );
    // Another /proc file: the importer's message, naming the line.
    paste(&app, ".zoneinfo-text", "MemTotal:        8046464 kB\n").await;
    paste(&app, ".buddyinfo-text", BUDDYINFO).await;
    assert_eq!(
        text(&app, ".import-error"),
        "zoneinfo line 1: `MemTotal:        8046464 kB` comes before any `Node <n>, zone <name>` line: is this /proc/zoneinfo?"
    );
    paste(&app, ".zoneinfo-text", ZONEINFO).await;
    assert_eq!(
        options(&app),
        vec![
            "node 0 DMA · 3840 pages",
            "node 0 DMA32 · 772848 pages",
            "node 0 Normal · 1277952 pages, needs ×1/2",
        ]
    );
    // The default is Normal, which does not fit as is: the refusal, and no Import.
    let shown = q(&app, "#import-zone")
        .dyn_into::<HtmlSelectElement>()
        .unwrap()
        .value();
    assert_eq!(shown, "0:Normal");
    assert!(
        text(&app, ".import-error").contains("Or import it scaled ×1/2 (Scale ×1/2 in the dialog"),
        "{}",
        text(&app, ".import-error")
    );
    assert!(q(&app, ".import-run").has_attribute("disabled"));
    // Scaled on request.
    let scale = q(&app, ".import-scale")
        .dyn_into::<HtmlInputElement>()
        .unwrap();
    scale.set_value("2");
    scale
        .dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
    assert_eq!(text(&app, ".import-error"), "");
    assert!(text(&app, ".import-notes").contains("scaled ×1/2: 1277952 frames become 638976"));
    // DMA32 instead, as is.
    scale.set_value("1");
    scale
        .dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    pick(&app, "0:DMA32").await;
    assert_eq!(text(&app, ".import-error"), "");
    assert!(
        text(&app, ".import-notes").contains("F = 772848 free pages from buddyinfo line 2"),
        "{}",
        text(&app, ".import-notes")
    );
    click(&app, ".import-run").await;
    assert!(all(&app, "[role=dialog]").is_empty(), "the dialog closes");
    // A long run is generated in slices first (`generate`), then shown.
    appears(&app, "#scenario option[value=custom]").await;
    assert!(text(&app, "#scenario").contains("“node 0 DMA32 (/proc)”"));
    assert!(
        text(&app, "#scenario-summary").contains("custom scenario “node 0 DMA32 (/proc)”: Imported from /proc/zoneinfo and /proc/buddyinfo: zone DMA32 of node 0"),
        "{}",
        text(&app, "#scenario-summary")
    );
}

#[wasm_bindgen_test]
async fn escape_and_cancel_close_it_unchanged() {
    let app = mount_app("s5", Mode::List, 3, View::Main).await;
    click(&app, ".import-button").await;
    paste(&app, ".zoneinfo-text", ZONEINFO).await;
    click(&app, ".import .close").await;
    assert!(all(&app, "[role=dialog]").is_empty());
    click(&app, ".import-button").await;
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Escape");
    init.set_bubbles(true);
    let esc = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    q(&app, ".zoneinfo-text").dispatch_event(&esc).unwrap();
    yew::scheduler::flush().await;
    assert!(all(&app, "[role=dialog]").is_empty());
    assert!(text(&app, "#scenario-summary").contains("s5"));
}
