//! "From /proc…": a scenario from a machine's /proc/zoneinfo and /proc/buddyinfo pasted into two
//! text areas (docs/IMPORT.md). `allocator::scenario::import` parses, checks and builds; this
//! dialog lists the zones it found, shows its notes or its error, and opens the result like any
//! custom scenario (the address bar then links to it).

use crate::components::dialog::Dialog;
use crate::components::doc::Doc;
use crate::hooks::select::use_select_value;
use crate::state::{Action, Choice, Player};
use bulkpool_allocator::scenario::import::{self, Imported, Options, Parsed};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ImportProps {
    pub dispatch: UseReducerDispatcher<Player>,
}

/// The button beside "Edit JSON", and the dialog it opens.
#[function_component]
pub fn ImportButton(props: &ImportProps) -> Html {
    let open = use_state(|| false);
    let show = {
        let open = open.clone();
        Callback::from(move |_| open.set(true))
    };
    let on_close = {
        let open = open.clone();
        Callback::from(move |()| open.set(false))
    };
    html! {
        <>
            <button class="import-button" title="A scenario from your machine's /proc/zoneinfo and /proc/buddyinfo" onclick={show}>{ "From /proc…" }</button>
            { if *open { html! { <ImportDialog dispatch={props.dispatch.clone()} {on_close} /> } } else { html! {} } }
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct DialogProps {
    pub dispatch: UseReducerDispatcher<Player>,
    pub on_close: Callback<()>,
}

/// A zone's value in the picker: "0:Normal".
fn key(node: u32, name: &str) -> String {
    format!("{node}:{name}")
}

/// The import the dialog would open: the files parsed, then the zone and scale asked.
fn preview(
    parsed: &Result<Parsed, import::ImportError>,
    zone: &str,
    scale: &str,
) -> Result<Imported, String> {
    let parsed = parsed.as_ref().map_err(|e| e.message.clone())?;
    let (node, name) = match zone.split_once(':') {
        Some((n, z)) => (n.parse().ok(), Some(z.to_string())),
        None => (None, None),
    };
    let scale = scale.trim().parse().map_err(|_| {
        format!(
            "scale `{}`: a whole number from 1 to {}",
            scale.trim(),
            import::MAX_SCALE
        )
    })?;
    parsed
        .import(&Options {
            zone: name,
            node,
            cpu: None,
            scale,
        })
        .map_err(|e| e.message)
}

#[function_component]
pub fn ImportDialog(props: &DialogProps) -> Html {
    let zoneinfo = use_state(String::new);
    let buddyinfo = use_state(String::new);
    // The picked zone ("node:name"); empty: the importer's default.
    let zone = use_state(String::new);
    let scale = use_state(|| "1".to_string());
    let parsed = use_memo(((*zoneinfo).clone(), (*buddyinfo).clone()), |(z, b)| {
        import::parse(z, b, None)
    });
    let choices = match &*parsed {
        Ok(p) => p.choices(),
        Err(_) => Vec::new(),
    };
    // The zone shown: the one picked if the files still have it, else the importer's default.
    let shown = match (
        &*parsed,
        choices.iter().any(|c| key(c.node, &c.name) == *zone),
    ) {
        (_, true) => (*zone).clone(),
        (Ok(p), false) => p
            .pick(&Options::default())
            .map(|z| key(z.node, &z.name))
            .unwrap_or_default(),
        (Err(_), false) => String::new(),
    };
    let result = use_memo(
        (parsed.clone(), shown.clone(), (*scale).clone()),
        |(p, z, s)| preview(p, z, s),
    );
    let zone_ref = use_select_value(shown.clone());
    let both = !zoneinfo.trim().is_empty() && !buddyinfo.trim().is_empty();
    let text_input = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: InputEvent| state.set(crate::dom::value_of(&e)))
    };
    let on_zone = {
        let zone = zone.clone();
        Callback::from(move |e: Event| zone.set(crate::dom::value_of(&e)))
    };
    let on_scale = {
        let scale = scale.clone();
        Callback::from(move |e: InputEvent| scale.set(crate::dom::value_of(&e)))
    };
    let run = {
        let (result, d, close) = (
            result.clone(),
            props.dispatch.clone(),
            props.on_close.clone(),
        );
        Callback::from(move |_| {
            if let Ok(i) = &*result {
                close.emit(());
                d.dispatch(Action::Select(Choice::custom(i.scenario.clone(), None)));
            }
        })
    };
    let cancel = props.on_close.reform(|_: MouseEvent| ());
    let (error, notes) = match (&*result, both) {
        (_, false) => (String::new(), Vec::new()),
        (Ok(i), true) => (String::new(), i.notes.clone()),
        (Err(e), true) => (e.clone(), Vec::new()),
    };
    html! {
        <Dialog labelledby="import-h" class="import" on_close={props.on_close.clone()} focus={AttrValue::from(".zoneinfo-text")}>
            <h2 id="import-h">{ "A scenario from /proc" }</h2>
            <p class="muted">{ "Paste your machine's /proc/zoneinfo and /proc/buddyinfo (read one right after the other). One zone, CPU 0's per-CPU list and one 1 MiB dm-crypt bio on dm-crypt's page pool become a scenario you can edit afterwards. Nothing leaves this page." }</p>
            <label class="import-field">
                <span>{ "/proc/zoneinfo" }</span>
                <textarea class="zoneinfo-text" spellcheck="false" value={(*zoneinfo).clone()} oninput={text_input(&zoneinfo)}
                    placeholder="Node 0, zone      DMA …" aria-describedby="import-error" />
            </label>
            <label class="import-field">
                <span>{ "/proc/buddyinfo" }</span>
                <textarea class="buddyinfo-text" spellcheck="false" value={(*buddyinfo).clone()} oninput={text_input(&buddyinfo)}
                    placeholder="Node 0, zone      DMA      0      0 …" aria-describedby="import-error" />
            </label>
            <div class="import-pickers">
                <label class="field">
                    <span>{ "Zone" }</span>
                    <select id="import-zone" ref={zone_ref} onchange={on_zone} disabled={choices.is_empty()}>
                        { for choices.iter().map(|c| {
                            let k = key(c.node, &c.name);
                            html! { <option value={k.clone()} selected={k == shown}>{ c.label() }</option> }
                        }) }
                    </select>
                </label>
                <label class="field">
                    <span>{ "Scale ×1/" }</span>
                    <input class="import-scale" type="number" min="1" max={import::MAX_SCALE.to_string()} value={(*scale).clone()} oninput={on_scale} />
                </label>
            </div>
            <p id="import-error" class="editor-error import-error" role="alert">{ error }</p>
            { if notes.is_empty() { html! {} } else { html! {
                <details class="import-notes">
                    <summary>{ format!("What the import read, ignored and adapted ({})", notes.len()) }</summary>
                    <ul>{ for notes.iter().map(|n| html! { <li>{ n.clone() }</li> }) }</ul>
                </details>
            } } }
            <div class="editor-buttons">
                <button class="import-run primary" onclick={run} disabled={!both || result.is_err()}>{ "Import" }</button>
                <button class="close" onclick={cancel}>{ "Cancel" }</button>
            </div>
            <details class="reference">
                <summary>{ "How the import works (docs/IMPORT.md)" }</summary>
                <Doc name="IMPORT.md" />
            </details>
        </Dialog>
    }
}
