//! The playback controls: stepping, clamping at both ends, play and pause with the timer.
#![cfg(target_arch = "wasm32")]

mod common;

use bulkpool_allocator::Mode;
use bulkpool_web::state::View;
use common::*;
use gloo_timers::future::TimeoutFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn next_and_prev_step_and_clamp_at_both_ends() {
    let total = trace("s1", Mode::List).len();
    let app = mount_app("s1", Mode::List, 0, View::Main).await;
    assert_eq!(text(&app, ".step-n"), format!("step 0 / {total}"));
    assert!(
        q(&app, ".ctl.prev").has_attribute("disabled"),
        "prev is disabled at step 0"
    );
    click(&app, ".ctl.next").await;
    click(&app, ".ctl.next").await;
    assert_eq!(text(&app, ".step-n"), format!("step 2 / {total}"));
    click(&app, ".ctl.prev").await;
    assert_eq!(text(&app, ".step-n"), format!("step 1 / {total}"));
    click(&app, ".ctl.last").await;
    assert_eq!(text(&app, ".step-n"), format!("step {total} / {total}"));
    assert!(
        q(&app, ".ctl.next").has_attribute("disabled"),
        "next is disabled at the end"
    );
    click(&app, ".ctl.next").await;
    assert_eq!(
        text(&app, ".step-n"),
        format!("step {total} / {total}"),
        "clamped at the end"
    );
    click(&app, ".ctl.first").await;
    assert_eq!(text(&app, ".step-n"), format!("step 0 / {total}"));
}

#[wasm_bindgen_test]
async fn play_advances_with_the_timer_and_pause_stops_it() {
    let app = mount_app("s5", Mode::List, 0, View::Main).await;
    // 8×: one step every 87 ms.
    let speed = q(&app, ".speed select")
        .dyn_into::<web_sys::HtmlSelectElement>()
        .unwrap();
    speed.set_value("5");
    speed
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
    click(&app, ".ctl.play").await;
    assert_eq!(
        q(&app, ".ctl.play").get_attribute("aria-label").unwrap(),
        "Pause (Space)"
    );
    // The app's interval timer moves the step (one every 87 ms).
    until(&app, |el| step_of(el) >= 2).await;
    let playing_at: usize = step_of(&app);
    assert!(
        playing_at >= 2,
        "the timer advanced the step (now {playing_at})"
    );
    click(&app, ".ctl.play").await;
    assert_eq!(
        q(&app, ".ctl.play").get_attribute("aria-label").unwrap(),
        "Play (Space)"
    );
    let paused_at = step_of(&app);
    TimeoutFuture::new(300).await;
    yew::scheduler::flush().await;
    assert_eq!(step_of(&app), paused_at, "no step after pause");
}

fn step_of(app: &web_sys::Element) -> usize {
    let t = text(app, ".step-n");
    t.trim_start_matches("step ")
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

use wasm_bindgen::JsCast;
