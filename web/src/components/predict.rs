//! Predict mode's panel: the question before a step worth guessing, its choices (keys 1–4), and
//! after the answer whether it was right, with the score. A live region, so a screen reader reads
//! the question and the verdict.

use crate::predict::Predict;
use crate::state::{Action, Player};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PredictProps {
    pub predict: Predict,
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
                <p class="question" id="predict-q">{ format!("Before step {}: {}", q.step, q.prompt) }</p>
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
        html! {
            <p class={classes!("verdict", if right { "right" } else { "wrong" })}>
                { if right { format!("Right: {}.", q.choices[k]) } else { format!("Not quite: you said {}; the answer is {}.", q.choices[k], q.choices[q.answer]) } }
            </p>
        }
    } else {
        let left = pr.answered.iter().filter(|a| !**a).count();
        html! { <p class="muted">{ format!("The player stops before {left} more steps to ask what happens next.") }</p> }
    };
    html! {
        <section class="panel predict" aria-labelledby="predict-h">
            <h2 id="predict-h">{ "Predict" }</h2>
            <div aria-live="polite">{ body }</div>
            <p class="score">{ score }</p>
        </section>
    }
}
