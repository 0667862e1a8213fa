//! The scenario editor: the current scenario as JSON (the format of docs/SCENARIO.md and
//! `bulkpool show`), editable; "Run" validates it and errors name the field and the limit, or
//! put the caret where the JSON broke. Cancel, Escape and the backdrop close it unchanged.

use crate::components::dialog::Dialog;
use crate::components::doc::Doc;
use crate::state::{Action, Choice, Player};
use bulkpool_allocator::{Mode, Scenario};
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// Scenario texts longer than this are refused before parsing.
pub const MAX_TEXT: usize = bulkpool_allocator::view::link::MAX_INFLATED;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub choice: Choice,
    pub dispatch: UseReducerDispatcher<Player>,
}

/// Why an edited scenario cannot run, and where in the text (line, column; 1-based) when the
/// JSON itself is broken.
#[derive(Clone, Debug, PartialEq)]
pub struct EditError {
    pub message: String,
    pub at: Option<(usize, usize)>,
}

/// Parses and validates an edited scenario; the error is one line naming the field, or the
/// position of a JSON error.
pub fn check(text: &str) -> Result<(Scenario, Mode), EditError> {
    if text.len() > MAX_TEXT {
        return Err(EditError {
            message: format!(
                "the scenario is {} bytes; the limit is {MAX_TEXT}",
                text.len()
            ),
            at: None,
        });
    }
    let sc = Scenario::from_json(text).map_err(|e| {
        // serde_json's message ends with the position the field already names.
        let at = position(&e.field);
        let message = match at {
            Some((l, c)) => {
                let suffix = format!(" at line {l} column {c}");
                let m = e.message.strip_suffix(&suffix).unwrap_or(&e.message);
                format!("line {l}, column {c}: {m}")
            }
            None => e.to_string(),
        };
        EditError { message, at }
    })?;
    let mode = sc.mode;
    sc.validate(mode).map_err(|e| EditError {
        message: crate::choice::plain(&e.to_string()),
        at: None,
    })?;
    Ok((sc, mode))
}

/// "line 13 column 16" → (13, 16).
fn position(field: &str) -> Option<(usize, usize)> {
    let rest = field.strip_prefix("line ")?;
    let (l, c) = rest.split_once(" column ")?;
    Some((l.parse().ok()?, c.parse().ok()?))
}

/// The UTF-16 offset of a 1-based line and column (columns count characters), for
/// `setSelectionRange`.
fn offset_of(text: &str, line: usize, column: usize) -> u32 {
    let mut units = 0;
    for (i, l) in text.split('\n').enumerate() {
        if i + 1 == line {
            let col: usize = l
                .chars()
                .take(column.saturating_sub(1))
                .map(char::len_utf16)
                .sum();
            return (units + col) as u32;
        }
        units += l.encode_utf16().count() + 1;
    }
    units as u32
}

#[function_component]
pub fn ScenarioEditor(props: &EditorProps) -> Html {
    let initial = use_memo(props.choice.clone(), |c| c.scenario().to_json());
    let text = use_state(|| (*initial).clone());
    let error = use_state(|| None::<String>);
    let area = use_node_ref();
    // The editor opens at the top of the file with the caret there (U20), after the dialog has
    // focused the text (its effect runs first: it is a child).
    {
        let area = area.clone();
        use_effect_with((), move |_| {
            if let Some(t) = area.cast::<HtmlTextAreaElement>() {
                let _ = t.set_selection_range(0, 0);
                t.set_scroll_top(0);
            }
        });
    }
    let oninput = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            text.set(crate::dom::value_of(&e));
        })
    };
    let run = {
        let (text, error, d, area) = (
            text.clone(),
            error.clone(),
            props.dispatch.clone(),
            area.clone(),
        );
        Callback::from(move |_| match check(&text) {
            Ok((sc, _)) => {
                error.set(None);
                d.dispatch(Action::RunEdited(Box::new(sc)));
            }
            Err(e) => {
                // Put the caret where the JSON broke.
                if let (Some((l, c)), Some(t)) = (e.at, area.cast::<HtmlTextAreaElement>()) {
                    let at = offset_of(&text, l, c);
                    let _ = t.focus();
                    let _ = t.set_selection_range(at, at);
                }
                error.set(Some(e.message));
            }
        })
    };
    let on_close = {
        let d = props.dispatch.clone();
        Callback::from(move |()| d.dispatch(Action::Close))
    };
    let cancel = on_close.reform(|_: MouseEvent| ());
    html! {
        <Dialog labelledby="editor-h" class="editor" {on_close} focus={AttrValue::from(".scenario-text")}>
            <h2 id="editor-h">{ "Scenario (JSON)" }</h2>
            <p class="muted">{ "Every field is optional; the format is below. Run shows the result and the address bar then links to this exact scenario. Cancel or Escape leaves everything as it was." }</p>
            <textarea ref={area} class="scenario-text" spellcheck="false" aria-label="Scenario JSON" aria-describedby="editor-error" value={(*text).clone()} {oninput} />
            <p id="editor-error" class="editor-error" role="alert">{ (*error).clone().unwrap_or_default() }</p>
            <div class="editor-buttons">
                <button class="run primary" onclick={run}>{ "Run" }</button>
                <button class="close" onclick={cancel}>{ "Cancel" }</button>
            </div>
            <details class="reference">
                <summary>{ "The scenario format (docs/SCENARIO.md)" }</summary>
                <Doc name="SCENARIO.md" />
            </details>
        </Dialog>
    }
}
