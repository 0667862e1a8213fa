//! Predict mode's panel: the question before a step worth guessing, its choices (keys 1–4), and
//! after the answer whether it was right and why, in one sentence, with the step that decides
//! it; the score, and how many questions are still ahead. A live region, so a screen reader
//! reads the question and the verdict. While a question waits, the page holds back what would
//! give it away (`app.rs`: the scenario's summary, the timeline ahead).

use crate::predict::Predict;
use crate::state::{Action, Player};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PredictProps {
    pub predict: Predict,
    /// The step on screen.
    pub step: usize,
    pub dispatch: UseReducerDispatcher<Player>,
}

#[function_component]
pub fn PredictPanel(props: &PredictProps) -> Html {
    let pr = &props.predict;
    let score = format!("Score: {} right of {} asked", pr.right, pr.asked);
    let body = if let Some(i) = pr.pending {
        let q = &pr.questions[i];
        let skip = {
            let d = props.dispatch.clone();
            Callback::from(move |_| crate::marks::dispatch(&d, Action::SkipQuestion))
        };
        html! {
            <>
                <p class="question" id="predict-q">{ format!("Before step {}: {}", q.ask, q.prompt) }</p>
                <p class="muted hint">{ format!("Answer with 1–{} (or click), or Skip to go on; ← and the timeline still move.", q.choices.len()) }</p>
                <div class="choices" role="group" aria-labelledby="predict-q">
                    { for q.choices.iter().enumerate().map(|(k, c)| {
                        let d = props.dispatch.clone();
                        html! {
                            <button class="choice" data-choice={k.to_string()}
                                onclick={Callback::from(move |_| crate::marks::dispatch(&d, Action::Answer(k)))}>
                                <kbd>{ k + 1 }</kbd>{ " " }{ c.clone() }
                            </button>
                        }
                    }) }
                    <button class="skip" onclick={skip}>{ "Skip" }</button>
                </div>
            </>
        }
    } else if let Some((i, k)) = pr.last {
        let q = &pr.questions[i];
        let right = k == q.answer;
        let show = {
            let d = props.dispatch.clone();
            let to = q.decides;
            Callback::from(move |_| crate::marks::dispatch(&d, Action::Seek(to)))
        };
        html! {
            <>
                <p class={classes!("verdict", if right { "right" } else { "wrong" })}>
                    { if right { format!("Right: {}.", q.choices[k]) } else { format!("Not quite: you said {}; the answer is {}.", q.choices[k], q.choices[q.answer]) } }
                </p>
                <p class="why">
                    <b>{ format!("Step {} decides it: ", q.decides) }</b>{ q.why.clone() }
                    { if q.decides != props.step { html! { <>{ " " }<button class="link-button show-decides" onclick={show}>{ format!("Show step {}", q.decides) }</button></> } } else { html! {} } }
                </p>
            </>
        }
    } else {
        let (ahead, passed) = pr.left(props.step);
        let passed = if passed > 0 {
            format!(" {passed} were passed by jumping ahead: step back before them to be asked.")
        } else {
            String::new()
        };
        html! { <p class="muted predict-status">{ match ahead {
            0 => format!("No more questions ahead in this run.{passed}"),
            1 => format!("The player stops before 1 more step to ask what happens next.{passed}"),
            n => format!("The player stops before {n} more steps to ask what happens next.{passed}"),
        } }</p> }
    };
    html! {
        <section class="panel predict" aria-labelledby="predict-h">
            <h2 id="predict-h">{ "Predict" }</h2>
            <div aria-live="polite">{ body }</div>
            <p class="score">{ score }</p>
        </section>
    }
}
