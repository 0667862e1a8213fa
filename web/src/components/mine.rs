//! "Mine": the user's saved scenarios. Save the current one under a name (a name in use asks
//! before it replaces), open or delete a saved one (a deletion can be undone), download any as
//! the JSON file `bulkpool run` reads, named after its saved name, and open such a file. A file is
//! checked like a link's scenario or the editor's text (`editor::check`), with the same messages.

use crate::components::dialog::Dialog;
use crate::components::editor::check;
use crate::saved::{self, Saved};
use crate::state::{Action, Choice, Player};
use bulkpool_allocator::{presets, Scenario};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct MineProps {
    pub choice: Choice,
    pub saved: Rc<Vec<Saved>>,
    pub on_saved: Callback<Vec<Saved>>,
    pub dispatch: UseReducerDispatcher<Player>,
}

/// The choice that opens a saved scenario.
pub fn open_saved(s: &Saved) -> Choice {
    Choice::custom(
        s.scenario.clone(),
        s.base.as_deref().and_then(presets::find),
    )
}

/// Offers `scenario` as a download named `name` (made safe as a file name). The file's JSON keeps
/// the scenario's own name, which ties a preset's variant to its preset.
pub fn download(scenario: &Scenario, name: &str) {
    let name: String = name
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let blob =
        gloo_file::Blob::new_with_options(scenario.to_json().as_str(), Some("application/json"));
    let url = gloo_file::ObjectUrl::from(blob);
    let doc = gloo_utils::document();
    if let Some(a) = doc
        .create_element("a")
        .ok()
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        a.set_href(&url);
        a.set_download(&format!("{name}.json"));
        a.click();
    }
    // A browser may read the URL after `click` returns, when the download starts: revoke it a
    // minute later rather than at once, as FileSaver.js does.
    gloo_timers::callback::Timeout::new(60_000, move || drop(url)).forget();
}

#[function_component]
pub fn MineDialog(props: &MineProps) -> Html {
    let current = props.choice.scenario();
    let name = use_state(|| current.name.clone());
    let message = use_state(String::new);
    let error = use_state(String::new);
    // A name in use, waiting for "Replace" to be pressed.
    let confirm = use_state(|| None::<String>);
    // The last deletion and where it was, for Undo.
    let deleted = use_state(|| None::<(Saved, usize)>);
    let d = props.dispatch.clone();
    let on_close = {
        let d = d.clone();
        Callback::from(move |()| d.dispatch(Action::Close))
    };
    let on_name = {
        let (name, confirm) = (name.clone(), confirm.clone());
        Callback::from(move |e: InputEvent| {
            name.set(crate::dom::value_of(&e));
            confirm.set(None);
        })
    };
    let save = {
        let (name, message, error, on_saved, confirm, deleted) = (
            name.clone(),
            message.clone(),
            error.clone(),
            props.on_saved.clone(),
            confirm.clone(),
            deleted.clone(),
        );
        let base = props.choice.root().map(|p| p.id);
        let sc = current.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let replaced = saved::has(&name);
            // A name in use: ask first; the second press replaces.
            if replaced && confirm.as_deref() != Some(name.trim()) {
                confirm.set(Some(name.trim().to_string()));
                error.set(String::new());
                message.set(format!(
                    "“{}” is saved already: press Replace to overwrite it, or change the name.",
                    name.trim()
                ));
                return;
            }
            confirm.set(None);
            deleted.set(None);
            match saved::save(&name, sc.clone(), base) {
                Ok(list) => {
                    error.set(String::new());
                    message.set(format!(
                        "{} “{}”.",
                        if replaced { "Replaced" } else { "Saved" },
                        name.trim()
                    ));
                    on_saved.emit(list);
                }
                Err(e) => error.set(format!("Not saved: {e}.")),
            }
        })
    };
    let open_file = {
        let (error, d) = (error.clone(), d.clone());
        Callback::from(move |e: Event| {
            let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            else {
                return;
            };
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            let file = gloo_file::File::from(file);
            if file.size() > crate::components::editor::MAX_TEXT as u64 {
                error.set(format!(
                    "{}: {} bytes; the limit is {}.",
                    file.name(),
                    file.size(),
                    crate::components::editor::MAX_TEXT
                ));
                return;
            }
            let (error, d) = (error.clone(), d.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match gloo_file::futures::read_as_text(&file).await {
                    Err(e) => error.set(format!("{}: cannot be read ({e}).", file.name())),
                    Ok(text) => match check(&text) {
                        // A file named after a preset is that preset's variant (as the CLI does).
                        Ok((sc, _)) => {
                            let base = bulkpool_allocator::view::link::base_for(&sc)
                                .and_then(presets::find);
                            d.dispatch(Action::Select(Choice::custom(sc, base)))
                        }
                        Err(e) => error.set(format!("{}: {}", file.name(), e.message)),
                    },
                }
            });
        })
    };
    html! {
        <Dialog labelledby="mine-h" class="mine" {on_close}>
            <div class="dialog-top">
                <h2 id="mine-h">{ "My scenarios" }</h2>
                <button class="close-x" aria-label="Close" onclick={{ let d = d.clone(); Callback::from(move |_| d.dispatch(Action::Close)) }}>{ "×" }</button>
            </div>
            <form class="save-form" onsubmit={save}>
                <label>{ "Save the current scenario as " }
                    <input class="save-name" type="text" maxlength={saved::MAX_NAME.to_string()} value={(*name).clone()} oninput={on_name} />
                </label>
                <button class="save primary" type="submit">{ if confirm.is_some() { "Replace" } else { "Save" } }</button>
            </form>
            <p class="mine-message" role="status">
                { (*message).clone() }
                { match &*deleted { Some((s, at)) => {
                    let (s, at, on_saved, message, deleted, error) = (s.clone(), *at, props.on_saved.clone(), message.clone(), deleted.clone(), error.clone());
                    html! { <>{ " " }<button class="undo" onclick={Callback::from(move |_| match saved::restore(s.clone(), at) {
                        Ok(list) => {
                            message.set(format!("“{}” is back.", s.name));
                            deleted.set(None);
                            on_saved.emit(list);
                        }
                        Err(e) => error.set(format!("Not restored: {e}.")),
                    })}>{ "Undo" }</button></> }
                } None => html! {} } }
            </p>
            <p class="mine-error" role="alert">{ (*error).clone() }</p>
            { if props.saved.is_empty() { html! { <p class="muted">{ "Nothing saved yet. Saved scenarios stay in this browser and appear in the Scenario picker under “Mine”." }</p> } } else { html! {
                <ul class="saved-list">
                    { for props.saved.iter().enumerate().map(|(at, s)| {
                        let open = { let (d, c) = (d.clone(), open_saved(s)); Callback::from(move |_| d.dispatch(Action::Select(c.clone()))) };
                        let get = { let (sc, n) = (s.scenario.clone(), s.name.clone()); Callback::from(move |_| download(&sc, &n)) };
                        let del = {
                            let (s, on_saved, error, message, deleted, confirm) = (s.clone(), props.on_saved.clone(), error.clone(), message.clone(), deleted.clone(), confirm.clone());
                            Callback::from(move |_| match saved::delete(&s.name) {
                                Ok(list) => {
                                    confirm.set(None);
                                    message.set(format!("Deleted “{}”.", s.name));
                                    deleted.set(Some((s.clone(), at)));
                                    on_saved.emit(list)
                                }
                                Err(e) => error.set(format!("Not deleted: {e}.")),
                            })
                        };
                        html! {
                            <li class="saved" data-name={s.name.clone()}>
                                <span class="saved-name">{ s.name.clone() }</span>
                                <button class="open" onclick={open}>{ "Open" }</button>
                                <button class="download" onclick={get}>{ "Download" }</button>
                                <button class="delete" aria-label={format!("Delete {}", s.name)} onclick={del}>{ "Delete" }</button>
                            </li>
                        }
                    }) }
                </ul>
            } } }
            <div class="file-row">
                <button class="download-current" onclick={{ let sc = current.clone(); Callback::from(move |_| download(&sc, &sc.name)) }}>{ "Download the current scenario" }</button>
                <label class="open-file">{ "Open file… " }
                    <input type="file" accept=".json,application/json" onchange={open_file} />
                </label>
            </div>
            <p class="muted">{ "A downloaded file runs with `bulkpool run file.json`; a file opened here is checked like a link's scenario." }</p>
        </Dialog>
    }
}
