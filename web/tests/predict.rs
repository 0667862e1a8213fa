//! Predict mode in the component tree: the player stops before a question and holds back what
//! would give it away, an answer reveals the step, says why, and counts toward the score.
#![cfg(target_arch = "wasm32")]

mod common;

use bulkpool_allocator::{presets, Mode};
use bulkpool_web::predict::Predict;
use bulkpool_web::state::{Choice, View};
use common::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn the_player_asks_before_the_step_and_scores_the_answer() {
    let t = trace("s5", Mode::List);
    // The questions the app asks: with the other runs' answers among the choices.
    let mut qs = (*Predict::new(&Choice::of(presets::find("s5").unwrap()), &t).questions).clone();
    qs.sort_by_key(|q| q.ask);
    let q = qs[0].clone();
    let app = mount_app("s5", Mode::List, q.ask - 1, View::Main).await;
    click(&app, ".predict-toggle").await;
    assert_eq!(q_attr(&app, ".predict-toggle", "aria-pressed"), "true");
    click(&app, ".ctl.next").await;
    assert_eq!(
        text(&app, ".step-n"),
        format!("step {} / {}", q.ask - 1, t.len()),
        "stopped before the step"
    );
    assert!(text(&app, ".predict .question").contains(&q.prompt));
    // Held back while it waits: the summary and the timeline ahead.
    assert!(text(&app, "#scenario-summary").contains("waits until you answer"));
    assert_eq!(all(&app, ".tl-fog").len(), 1);
    let choices = all(&app, ".predict .choice");
    assert_eq!(choices.len(), q.choices.len());
    // Next does nothing while a question waits.
    click(&app, ".ctl.next").await;
    assert_eq!(
        text(&app, ".step-n"),
        format!("step {} / {}", q.ask - 1, t.len())
    );
    click(
        &app,
        &format!(".predict .choice[data-choice=\"{}\"]", q.answer),
    )
    .await;
    assert_eq!(
        text(&app, ".step-n"),
        format!("step {} / {}", q.step, t.len()),
        "the answer reveals the step"
    );
    assert!(text(&app, ".predict .verdict").starts_with("Right"));
    assert!(text(&app, ".predict .why").contains(&format!("Step {} decides it", q.decides)));
    assert!(
        all(&app, ".tl-fog").is_empty(),
        "nothing held back after the answer"
    );
    assert_eq!(text(&app, ".predict .score"), "Score: 1 right of 1 asked");
    // A wrong answer to the next question.
    let next = qs[1].clone();
    click(&app, ".ctl.last").await;
    click(&app, ".ctl.first").await;
    for _ in 0..next.ask - 1 {
        // Skip the earlier questions without answering.
        if !all(&app, ".predict .skip").is_empty() {
            click(&app, ".predict .skip").await;
        } else {
            click(&app, ".ctl.next").await;
        }
    }
    if all(&app, ".predict .question").is_empty() {
        click(&app, ".ctl.next").await;
    }
    let wrong = (next.answer + 1) % next.choices.len();
    click(&app, &format!(".predict .choice[data-choice=\"{wrong}\"]")).await;
    assert!(
        text(&app, ".predict .verdict").starts_with("Not quite"),
        "{}",
        text(&app, ".predict .verdict")
    );
    assert_eq!(text(&app, ".predict .score"), "Score: 1 right of 2 asked");
}

fn q_attr(el: &web_sys::Element, sel: &str, attr: &str) -> String {
    q(el, sel).get_attribute(attr).unwrap_or_default()
}
