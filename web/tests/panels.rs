//! The phase strip, the destination view in each mode, and the compare view's counters.
#![cfg(target_arch = "wasm32")]

mod common;

use bulkpool_allocator::model::world::CallKind;
use bulkpool_allocator::trace::event::{EventKind, Phase};
use bulkpool_allocator::Mode;
use bulkpool_web::state::View;
use common::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn phase_strip_lights_the_phase_and_shows_round_and_gfp() {
    let t = trace("s5", Mode::List);
    let drain = t
        .events
        .iter()
        .position(|e| e.phase == Phase::PoolDrain)
        .unwrap()
        + 1;
    let app = mount_app("s5", Mode::List, drain, View::Main).await;
    assert_eq!(text(&app, ".phase.lit"), "Pool drain");
    assert!(text(&app, ".round").contains("round 1"));
    let sleep = step_after(&t, |k| matches!(k, EventKind::Sleep { .. }));
    let app = mount_app("s5", Mode::List, sleep, View::Main).await;
    assert_eq!(text(&app, ".phase.lit"), "Sleep / wake");
    assert!(text(&app, ".round").contains("round 2"));
    let flags: Vec<String> = all(&app, ".gfp .flag")
        .iter()
        .map(|f| f.text_content().unwrap())
        .collect();
    // The full mask in round 2, spelled as the narration spells it: GFP_NOIO (which holds
    // DIRECT_RECLAIM, as its tooltip says), then the flags the mempool adds.
    assert_eq!(
        flags,
        ["GFP_NOIO", "NORETRY", "NOMEMALLOC", "NOWARN", "HIGHMEM"],
        "the full mask in round 2"
    );
    let title = q(&app, ".gfp .flag")
        .get_attribute("title")
        .unwrap_or_default();
    assert!(title.contains("DIRECT_RECLAIM"), "{title}");
    assert!(
        text(&app, ".waitq").contains("5.0 s left"),
        "the sleeper's countdown"
    );
}

fn after_bulk_call(mode: Mode) -> usize {
    step_after(&trace("s1", mode), |k| {
        matches!(
            k,
            EventKind::CallEnd {
                call: CallKind::MempoolBulk,
                ..
            }
        )
    })
}

#[wasm_bindgen_test]
async fn list_destination_is_a_linked_list_head_first() {
    let app = mount_app("s1", Mode::List, after_bulk_call(Mode::List), View::Main).await;
    let nodes = all(&app, ".dest-list .node.page");
    assert_eq!(nodes.len(), 8);
    // Head insertion: the last page taken is first.
    assert_eq!(nodes[0].text_content().unwrap(), "219");
    assert_eq!(nodes[7].text_content().unwrap(), "212");
    assert!(text(&app, ".delivery h3").contains("bio: 0 / 8"));
}

#[wasm_bindgen_test]
async fn array_destination_shows_slots_and_the_scan_cursor() {
    let t = trace("s1", Mode::Array);
    let third = t
        .events
        .iter()
        .enumerate()
        .filter(|(_, e)| matches!(e.kind, EventKind::Take { .. }))
        .nth(2)
        .unwrap()
        .0
        + 1;
    let app = mount_app("s1", Mode::Array, third, View::Main).await;
    let slots = all(&app, ".dest-array .slot");
    assert_eq!(slots.len(), 8);
    assert_eq!(all(&app, ".dest-array .slot.page").len(), 3);
    assert_eq!(all(&app, ".dest-array .slot.empty").len(), 5);
    assert_eq!(
        text(&app, ".dest-array .slot.cursor .idx"),
        "2",
        "the loop is at slot 2"
    );
}

#[wasm_bindgen_test]
async fn callback_destination_lists_each_call_and_fills_the_bio() {
    let app = mount_app(
        "s1",
        Mode::Callback,
        after_bulk_call(Mode::Callback),
        View::Main,
    )
    .await;
    assert_eq!(all(&app, ".dest-callbacks .cb").len(), 8);
    let calls = text(&app, ".dest-callbacks");
    assert!(
        calls.contains("data = { bio of A, size 32768 }"),
        "the first call has the whole bio to fill: {calls}"
    );
    assert!(
        calls.contains("data = { bio of A, size 4096 }"),
        "the last call adds the last page"
    );
    assert_eq!(all(&app, ".bvecs .bvec.full").len(), 8);
    assert!(text(&app, ".delivery h3").contains("bio: 8 / 8"));
}

#[wasm_bindgen_test]
async fn stale_array_is_shown_as_an_error() {
    let total = trace("s10", Mode::Array).len();
    let app = mount_app("s10", Mode::Array, total, View::Main).await;
    assert_eq!(all(&app, ".dest-array .slot.stale").len(), 8);
    assert!(text(&app, ".delivery .error").contains("stale pointers"));
}

fn lane_counter(app: &web_sys::Element, mode: &str, counter: &str) -> u64 {
    text(
        app,
        &format!(".lane[data-mode={mode}] tr[data-counter={counter}] td"),
    )
    .parse()
    .unwrap()
}

#[wasm_bindgen_test]
async fn compare_view_counts_each_modes_work() {
    let app = mount_app("s1", Mode::List, 10_000, View::Compare).await;
    assert_eq!(all(&app, ".lane").len(), 3);
    assert_eq!(lane_counter(&app, "list", "list_inserts"), 8);
    assert_eq!(lane_counter(&app, "list", "list_removes"), 8);
    assert_eq!(lane_counter(&app, "array", "array_zeroing_writes"), 8);
    assert_eq!(lane_counter(&app, "array", "array_reads"), 17);
    assert_eq!(lane_counter(&app, "callback", "callbacks"), 8);
    assert_eq!(lane_counter(&app, "callback", "total"), 16);
    assert_eq!(lane_counter(&app, "list", "total"), 24);
    assert_eq!(lane_counter(&app, "array", "total"), 41);
    assert_eq!(all(&app, ".bars .bar-row").len(), 3);
    // Every lane of s1 completes: its bar is the request's cost, with no "stopped" note.
    assert_eq!(all(&app, ".bars .bar-stuck").len(), 0);
    assert!(app.query_selector(".chart-stuck").unwrap().is_none());
    let values: Vec<String> = all(&app, ".bar-value")
        .iter()
        .map(|e| e.text_content().unwrap_or_default())
        .collect();
    assert_eq!(
        values,
        [
            "24 now / 24 at the end",
            "41 now / 41 at the end",
            "16 now / 16 at the end"
        ]
    );
}

#[wasm_bindgen_test]
async fn compare_lanes_step_together() {
    let app = mount_app("s6", Mode::List, 0, View::Compare).await;
    for _ in 0..12 {
        click(&app, ".ctl.next").await;
    }
    assert_eq!(
        text(&app, ".lane[data-mode=list] .outcome-badge"),
        "completed"
    );
    assert!(
        all(&app, ".lane[data-mode=array] .outcome-badge").is_empty(),
        "array is still at it"
    );
    assert!(text(&app, ".lane[data-mode=array] .lane-step").contains("step 12 /"));
}

#[wasm_bindgen_test]
async fn the_editor_rejects_a_bad_scenario_and_runs_a_good_one() {
    let app = mount_app("s1", Mode::List, 0, View::Main).await;
    click(&app, ".edit-button").await;
    let area = q(&app, ".scenario-text")
        .dyn_into::<web_sys::HtmlTextAreaElement>()
        .unwrap();
    assert!(
        area.value().contains("\"name\": \"s1-happy-path\""),
        "prefilled with the current scenario"
    );
    let set = |text: &str| {
        area.set_value(text);
        area.dispatch_event(&web_sys::InputEvent::new("input").unwrap())
            .unwrap();
    };
    set(r#"{ "zone": { "pages": 4194304 } }"#);
    yew::scheduler::flush().await;
    click(&app, ".editor .run").await;
    assert!(
        text(&app, ".editor-error").contains("zone.pages: 4194304 is out of range"),
        "{}",
        text(&app, ".editor-error")
    );
    set(r#"{ "name": "mine", "zone": { "free": 45 }, "pcp": { "count": 6 } }"#);
    yew::scheduler::flush().await;
    click(&app, ".editor .run").await;
    assert!(all(&app, ".editor").is_empty(), "the editor closes");
    assert!(text(&app, "#scenario").contains("“mine”"));
    assert!(
        text(&app, "#scenario-summary").contains("variant s1 + name=mine"),
        "{}",
        text(&app, "#scenario-summary")
    );
    click(&app, ".ctl.last").await;
    assert_eq!(
        text(&app, ".f-value"),
        "F = 45",
        "s3's zone, from the edited JSON"
    );
    assert_eq!(text(&app, ".pcp-count"), "C = 5");
}

use wasm_bindgen::JsCast;

#[wasm_bindgen_test]
async fn a_compound_page_is_one_bvec_in_the_bio() {
    let total = trace("s15", Mode::List).len();
    let app = mount_app("s15", Mode::List, total, View::Main).await;
    let compound = all(&app, ".bvecs .bvec.compound");
    assert_eq!(compound.len(), 1);
    assert!(compound[0].text_content().unwrap().ends_with("×256"));
    assert!(text(&app, ".delivery h3").contains("bio: 1 / 256 bvecs"));
}
