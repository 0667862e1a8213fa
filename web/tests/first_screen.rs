//! A page load renders its first screen in three passes a task apart (`hooks::stages`, P3b in
//! docs/PERFORMANCE.md): the header, the controls and the narration; then the timeline and the
//! state panels; then the rest. An app mounted any other way renders everything at once.

mod common;

use bulkpool_allocator::model::version::MODEL;
use bulkpool_allocator::presets;
use bulkpool_web::lite::{Lite, LiteProps, Start as Opened};
use bulkpool_web::state::{Choice, View};
use bulkpool_web::{App, AppProps, Start};
use common::{root, states};
use wasm_bindgen_test::*;
use web_sys::Element;
use yew::Callback;

wasm_bindgen_test_configure!(run_in_browser);

fn has(el: &Element, sel: &str) -> bool {
    el.query_selector(sel).unwrap().is_some()
}

/// What each pass shows: the narration and the controls; the zone panel and the timeline; the
/// code panel, the frame map and the legend's body (the closed legend's body waits for the
/// last pass).
fn shown(el: &Element) -> [bool; 7] {
    [
        has(el, ".panel.narration"),
        has(el, ".controls"),
        has(el, ".panel.zone"),
        has(el, ".timeline"),
        has(el, ".panel.code"),
        has(el, ".panel.frames"),
        has(el, ".legend-body"),
    ]
}

const FIRST: [bool; 7] = [true, true, false, false, false, false, false];
const PANELS: [bool; 7] = [true, true, true, true, false, false, false];
const ALL: [bool; 7] = [true; 7];

/// The first module's last pass: its legend has no body until the whole app takes over.
const LITE_ALL: [bool; 7] = [true, true, true, true, true, true, false];

/// Each state of `el` while `mount` renders into it, until it shows `last`. The app's own
/// timers pace the passes; a MutationObserver records what each shows.
async fn passes(el: &Element, last: [bool; 7], mount: impl FnOnce()) -> Vec<[bool; 7]> {
    states(el, shown, move |now| *now == last, mount).await
}

/// `seen` shows the first pass alone, then the panels without the rest, then `last`, and never
/// takes anything away. Yew 0.23's scheduler may yield to the browser inside a pass (after
/// 16 ms, with a component's new props not yet rendered), so a pass can arrive in more than one
/// batch; each pass is whole before the next one's timer is set, so its state is always seen.
fn assert_three_passes(seen: &[[bool; 7]], last: [bool; 7]) {
    assert_eq!(seen.first(), Some(&FIRST), "the first pass alone: {seen:?}");
    assert!(
        seen.contains(&PANELS),
        "the panels without the rest: {seen:?}"
    );
    assert_eq!(seen.last(), Some(&last), "everything: {seen:?}");
    for pair in seen.windows(2) {
        let grew = pair[0].iter().zip(pair[1]).all(|(was, is)| !was || is);
        assert!(grew, "a pass took something away: {seen:?}");
    }
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
    let seen = passes(&el, ALL, || {
        yew::Renderer::<App>::with_root_and_props(el.clone(), props).render();
    })
    .await;
    assert_three_passes(&seen, ALL);
}

#[wasm_bindgen_test]
async fn the_whole_app_mounted_otherwise_renders_everything_at_once() {
    let el = root();
    let props = AppProps {
        start: Some(s5_at_36()),
        ..Default::default()
    };
    let seen = passes(&el, ALL, || {
        yew::Renderer::<App>::with_root_and_props(el.clone(), props).render();
    })
    .await;
    assert_eq!(seen, [ALL]);
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
    let seen = passes(&el, LITE_ALL, || {
        yew::Renderer::<Lite>::with_root_and_props(el.clone(), props).render();
    })
    .await;
    assert_three_passes(&seen, LITE_ALL);
}

/// While a page load's long run is generated: the generating notice, the controls, the
/// narration, the zone panel, the frame map.
fn while_generating(el: &Element) -> [bool; 5] {
    [
        has(el, ".generating"),
        has(el, ".controls"),
        has(el, ".panel.narration"),
        has(el, ".panel.zone"),
        has(el, ".panel.frames"),
    ]
}

#[wasm_bindgen_test]
async fn a_page_load_of_a_long_run_shows_no_narration_until_the_run_is_there() {
    let el = root();
    // 65,536 frames at step 5,000: a long run by its estimate, generated in slices.
    let query = format!("?v=1&m={MODEL}&s=big&mode=callback&step=5000");
    let player = bulkpool_web::app::open_page(&query, None);
    assert!(player.loading.is_some(), "the link is a long run");
    let props = AppProps {
        opened: Some(Opened(std::rc::Rc::new(player))),
        staged: true,
        ..Default::default()
    };
    let done = [false, true, true, true, true];
    let seen = states(
        &el,
        while_generating,
        move |now| *now == done,
        || {
            yew::Renderer::<App>::with_root_and_props(el.clone(), props).render();
        },
    )
    .await;
    assert_eq!(
        seen.first(),
        Some(&[true, true, false, false, false]),
        "the header, the controls and the progress: {seen:?}"
    );
    assert!(has(&el, ".header"));
    let before_the_run = seen.iter().take_while(|s| s[0]).count();
    assert!(
        seen[..before_the_run].iter().all(|s| !s[2]),
        "no narration of the placeholder: {seen:?}"
    );
    assert_eq!(
        seen[before_the_run],
        [false, true, true, false, false],
        "the run's first pass: {seen:?}"
    );
    let step = text_of(&el, ".step-n");
    assert!(
        step.starts_with("step 5000 / "),
        "the run at its step: {step}"
    );
}

fn text_of(el: &Element, sel: &str) -> String {
    el.query_selector(sel)
        .unwrap()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}
