//! The scenario editor: the current scenario as JSON (the format of docs/SCENARIO.md and
//! `bulkpool show`), editable; "Run" validates it and errors name the field and the limit.

use crate::state::{Action, Choice, Player};
use bulkpool_allocator::{Mode, Scenario};
use wasm_bindgen::JsCast;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// Scenario texts longer than this are refused before parsing.
pub const MAX_TEXT: usize = 64 * 1024;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub choice: Choice,
    pub dispatch: UseReducerDispatcher<Player>,
}

/// Parses and validates an edited scenario; the error is one line naming the field.
pub fn check(text: &str) -> Result<(Scenario, Mode), String> {
    if text.len() > MAX_TEXT {
        return Err(format!(
            "the scenario is {} bytes; the limit is {MAX_TEXT}",
            text.len()
        ));
    }
    let sc = Scenario::from_json(text).map_err(|e| e.to_string())?;
    let mode = sc.mode;
    sc.validate(mode).map_err(|e| e.to_string())?;
    Ok((sc, mode))
}

#[function_component]
pub fn ScenarioEditor(props: &EditorProps) -> Html {
    let initial = use_memo(props.choice.clone(), |c| c.scenario().to_json());
    let text = use_state(|| (*initial).clone());
    let error = use_state(|| None::<String>);
    let oninput = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(t) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok())
            {
                text.set(t.value());
            }
        })
    };
    let run = {
        let (text, error, d) = (text.clone(), error.clone(), props.dispatch.clone());
        Callback::from(move |_| match check(&text) {
            Ok((sc, _)) => {
                error.set(None);
                d.dispatch(Action::Select(Choice::custom(sc)));
            }
            Err(e) => error.set(Some(e)),
        })
    };
    let cancel = {
        let d = props.dispatch.clone();
        Callback::from(move |_| d.dispatch(Action::CloseHelp))
    };
    html! {
        <div class="overlay" role="dialog" aria-modal="true" aria-labelledby="editor-h">
            <div class="dialog editor">
                <h2 id="editor-h">{ "Scenario (JSON)" }</h2>
                <p class="muted">{ "Every field is optional; see docs/SCENARIO.md. The address bar then links to this exact scenario." }</p>
                <textarea class="scenario-text" spellcheck="false" aria-label="Scenario JSON" value={(*text).clone()} {oninput} />
                <p class="editor-error" role="alert">{ (*error).clone().unwrap_or_default() }</p>
                <div class="editor-buttons">
                    <button class="run primary" onclick={run}>{ "Run" }</button>
                    <button class="close" onclick={cancel}>{ "Cancel" }</button>
                </div>
            </div>
        </div>
    }
}
