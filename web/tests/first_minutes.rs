//! What a new user meets first: dialogs that close, switches that keep the place, the compare
//! view's per-lane status, the outcome at the end, a custom scenario's own lesson.
#![cfg(target_arch = "wasm32")]

mod common;

use bulkpool_allocator::{presets, Mode, Phase, Scenario};
use bulkpool_web::app::page_title;
use bulkpool_web::state::{Choice, View};
use bulkpool_web::{App, AppProps, Start};
use common::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn dialogs(app: &web_sys::Element) -> usize {
    all(app, "[role=dialog]").len()
}

#[wasm_bindgen_test]
async fn cancel_closes_the_editor_and_close_the_help_keeping_the_step() {
    let app = mount_app("s5", Mode::List, 36, View::Main).await;
    click(&app, ".edit-button").await;
    assert_eq!(dialogs(&app), 1);
    click(&app, ".editor .close").await;
    assert_eq!(dialogs(&app), 0, "Cancel closes the editor");
    assert_eq!(text(&app, ".step-n"), "step 36 / 78");
    assert!(
        text(&app, "#scenario-summary").starts_with("s5 — "),
        "still the preset"
    );
    click(&app, ".help-button").await;
    assert_eq!(dialogs(&app), 1);
    assert!(
        text(&app, "[role=tabpanel]").contains("What this is"),
        "the help opens at About"
    );
    click(&app, "[role=tab][data-tab=notation]").await;
    assert!(
        text(&app, "[role=tabpanel]").contains("nr_free_pages"),
        "the help carries the legend"
    );
    assert!(
        text(&app, "[role=tabpanel]").contains("NOMEMALLOC"),
        "and the gfp flags"
    );
    click(&app, "[role=dialog] .close").await;
    assert_eq!(dialogs(&app), 0);
}

#[wasm_bindgen_test]
async fn a_mode_switch_keeps_the_phase_task_and_round() {
    let t = trace("s5", Mode::List);
    let sleep = t
        .events
        .iter()
        .position(|e| e.phase == Phase::Sleep)
        .unwrap()
        + 1;
    let app = mount_app("s5", Mode::List, sleep, View::Main).await;
    assert_eq!(text(&app, ".phase.lit"), "Sleep / wake");
    let round = text(&app, ".phase-facts .round");
    click(&app, "button[data-mode=array]").await;
    assert_ne!(
        text(&app, ".step-n"),
        format!("step 0 / {}", trace("s5", Mode::Array).len())
    );
    assert_eq!(text(&app, ".phase.lit"), "Sleep / wake");
    assert_eq!(text(&app, ".phase-facts .round"), round);
    assert!(text(&app, ".notice").contains("the same task, phase and round"));
}

#[wasm_bindgen_test]
async fn the_compare_view_says_what_every_lane_does_and_hides_the_delivery_switch() {
    let app = mount_app("s6", Mode::List, 12, View::Compare).await;
    assert!(
        all(&app, "button[data-mode]").is_empty(),
        "no delivery switch"
    );
    let lanes = all(&app, ".lane-status li");
    assert_eq!(lanes.len(), 3);
    let status = |mode: &str| text(&app, &format!(".lane-status li[data-mode={mode}]"));
    assert!(status("list").contains("completed"), "{}", status("list"));
    assert!(
        status("array").contains("Pool drain"),
        "{}",
        status("array")
    );
    // One timeline track per lane, each as long as its run against the longest.
    let tracks = all(&app, ".tl-row .track");
    assert_eq!(tracks.len(), 3);
    // The style's first declaration (the bar's colours, a gradient, come after it).
    let width = |i: usize| {
        let style = tracks[i].get_attribute("style").unwrap();
        style.split(';').next().unwrap().to_string()
    };
    assert_eq!(width(1), "width: 100.000%", "the array lane is the longest");
    assert_ne!(width(0), width(1));
}

#[wasm_bindgen_test]
async fn the_last_step_says_how_the_run_ended() {
    let total = trace("s8", Mode::List).len();
    let app = mount_app("s8", Mode::List, total - 1, View::Main).await;
    assert!(
        all(&app, ".narration .outcome").is_empty(),
        "not before the end"
    );
    click(&app, ".ctl.next").await;
    let outcome = text(&app, ".narration .outcome");
    assert!(outcome.contains("Outcome: deadlock."), "{outcome}");
    assert!(
        outcome.contains("every 5 s timeout repeats the same retry without progress"),
        "{outcome}"
    );
    assert_eq!(
        text(&app, ".narration .outcome .outcome-badge"),
        "deadlock",
        "the badge says the class, never done"
    );
}

#[wasm_bindgen_test]
async fn a_custom_scenario_starts_with_its_own_description() {
    let mut sc: Scenario = presets::find("s5").unwrap().scenario();
    sc.name = "mine".into();
    let el = root();
    let props = AppProps {
        start: Some(Start {
            choice: Choice::custom(sc, None),
            step: 0,
            view: View::Main,
        }),
        then: None,
        ..Default::default()
    };
    yew::Renderer::<App>::with_root_and_props(el.clone(), props).render();
    yew::scheduler::flush().await;
    let intro = text(&el, ".narration-text");
    assert!(intro.starts_with("custom scenario “mine”"), "{intro}");
    assert!(!intro.contains("Happy path"), "{intro}");
}

#[wasm_bindgen_test]
fn the_title_names_the_scenario_and_the_step() {
    let s5 = Choice::of(presets::find("s5").unwrap());
    assert_eq!(page_title(&s5, 36, View::Main), "s5 step 36 — bulkpool");
    assert_eq!(page_title(&s5, 0, View::Main), "s5 — bulkpool");
    assert_eq!(
        page_title(&s5, 3, View::Compare),
        "s5 step 3 (compare) — bulkpool"
    );
}
