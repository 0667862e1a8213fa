//! A page load renders its first screen in three passes a task apart (`hooks::stages`, P3b in
//! docs/PERFORMANCE.md): the header, the controls and the narration; then the timeline and the
//! state panels; then the rest. An app mounted any other way renders everything at once.

mod common;

use bulkpool_allocator::model::version::MODEL;
use bulkpool_allocator::presets;
use bulkpool_web::lite::{Lite, LiteProps, Start as Opened};
use bulkpool_web::state::{Choice, View};
use bulkpool_web::{App, AppProps, Start};
use common::root;
use gloo_timers::future::TimeoutFuture;
use wasm_bindgen_test::*;
use web_sys::Element;
use yew::Callback;

wasm_bindgen_test_configure!(run_in_browser);

fn has(el: &Element, sel: &str) -> bool {
    el.query_selector(sel).unwrap().is_some()
}

/// What each pass shows: the narration and the controls, the zone panel and the timeline, the
/// code panel and the legend's body.
fn shown(el: &Element) -> [bool; 6] {
    [
        has(el, ".panel.narration"),
        has(el, ".controls"),
        has(el, ".panel.zone"),
        has(el, ".timeline"),
        has(el, ".panel.code"),
        has(el, ".panel.frames"),
    ]
}

/// The next pass: the app's timer for it fires first (it was set before this one), then its
/// render runs.
async fn next_pass() {
    TimeoutFuture::new(0).await;
    yew::scheduler::flush().await;
}

/// An app just mounted in `el` shows each pass in turn, a task apart; the closed legend's
/// body waits for the last.
async fn three_passes(el: &Element) {
    yew::scheduler::flush().await;
    assert_eq!(
        shown(el),
        [true, true, false, false, false, false],
        "first pass"
    );
    assert!(
        !has(el, ".legend-body"),
        "the closed legend's body waits for the last pass"
    );
    next_pass().await;
    assert_eq!(
        shown(el),
        [true, true, true, true, false, false],
        "second pass"
    );
    next_pass().await;
    assert_eq!(shown(el), [true; 6], "last pass");
}

fn s5_at_36() -> Start {
    Start {
        choice: Choice::of(presets::find("s5").unwrap()),
        step: 36,
        view: View::Main,
    }
}

#[wasm_bindgen_test]
async fn the_whole_app_opening_a_page_load_renders_in_three_passes() {
    let el = root();
    let props = AppProps {
        start: Some(s5_at_36()),
        staged: true,
        ..Default::default()
    };
    yew::Renderer::<App>::with_root_and_props(el.clone(), props).render();
    three_passes(&el).await;
    assert!(has(&el, ".legend-body"));
}

#[wasm_bindgen_test]
async fn the_whole_app_mounted_otherwise_renders_everything_at_once() {
    let el = root();
    let props = AppProps {
        start: Some(s5_at_36()),
        ..Default::default()
    };
    yew::Renderer::<App>::with_root_and_props(el.clone(), props).render();
    yew::scheduler::flush().await;
    assert_eq!(shown(&el), [true; 6]);
    assert!(has(&el, ".legend-body"));
}

#[wasm_bindgen_test]
async fn the_first_module_renders_a_step_link_in_three_passes() {
    let el = root();
    let player = bulkpool_web::lite::open(&format!("?v=1&m={MODEL}&s=s5&mode=list&step=36"))
        .expect("the first module opens a preset's step link");
    let props = LiteProps {
        start: Opened(std::rc::Rc::new(player)),
        hand_over: Callback::noop(),
    };
    yew::Renderer::<Lite>::with_root_and_props(el.clone(), props).render();
    three_passes(&el).await;
}
