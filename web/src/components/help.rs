//! The help: one dialog with four tabs. "About" says what this is, tells the story (the tour's
//! stops, each a button into the tour) and gives the timeline of versions; "Notation" explains
//! every term, gfp flag, source tag, colour and outcome on screen; "Keyboard" lists the keys;
//! "Model notes" shows docs/MODEL.md as a page. `?` opens it at the keyboard, the header's
//! button at About.

use crate::components::dialog::Dialog;
use crate::components::doc::Doc;
use crate::components::legend::legend_body;
use crate::state::{Action, HelpTab, Player, Tour};
use bulkpool_allocator::view::tour::STOPS;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HelpProps {
    pub tab: HelpTab,
    pub dispatch: UseReducerDispatcher<Player>,
}

pub const SHORTCUTS: [(&str, &str); 10] = [
    ("Space", "play / pause (on a focused button: press it)"),
    ("← →", "previous / next step"),
    (
        "PgUp PgDn",
        "10 steps back / forward; in the tour, the previous / next stop",
    ),
    ("Home End", "first / last step"),
    ("+ −", "faster / slower"),
    ("j k l", "previous, play/pause, next"),
    ("1 2 3 4", "in Predict, answer with that choice"),
    ("?", "this help, at the keys"),
    ("Esc", "close a dialog; leave the tour"),
    (
        "Tab",
        "move between controls; ← → also move between the tabs of this help",
    ),
];

/// What happened around the proposal, with the posts to read.
pub const HISTORY: [(&str, &str, Option<&str>); 9] = [
    ("v5.13, 2021", "Mel Gorman's bulk page allocator: one call fills a list or an array with pages.", None),
    ("May 2022", "\"Always attempt to allocate at least one page\": when the bulk allocator took nothing in a call it now falls back to the single-page path, however much of the array was already filled (s11).", Some("20220526091210.GC3441@techsingularity.net")),
    ("Oct 2022", "Yang Shi's RFC: a mempool page bulk allocator for dm-crypt, with list and array delivery.", Some("20221005180341.1738796-1-shy828301@gmail.com")),
    ("Oct 2022", "Mel Gorman: a list means inserting pages only to take them off again, and an array cannot serve as the bio's bvecs, so it needs its own buffer and a copy; use a callback with an opaque data pointer.", Some("20221013123830.opbulq4qad56kuev@techsingularity.net")),
    ("Feb 2023", "Yang Shi's v2, with array and callback delivery. Neither version was merged.", Some("20230214190221.1156876-1-shy828301@gmail.com")),
    ("v6.5, 2023", "dm-crypt allocates compound pages instead (Mikulas Patocka, commit 5054e778fcd9; s15).", Some("alpine.LRH.2.21.2302161245210.18393@file01.intranet.prod.int.rdu2.redhat.com")),
    ("v6.14, 2025", "The bulk allocator's list interface is removed; the array functions are renamed alloc_pages_bulk.", Some("cover.1734453061.git.luizcap@redhat.com")),
    ("v6.19, 2025", "Christoph Hellwig's mempool_alloc_bulk: the reserve is drained all at once or not at all (s8c).", Some("20251111135300.752962-1-hch@lst.de")),
    ("v7.0, 2026", "Its first user: the blk-crypto fallback puts the page array inside the bio's own bvec storage.", Some("20260109060813.2226714-1-hch@lst.de")),
];

const TABS: [(HelpTab, &str, &str); 4] = [
    (HelpTab::About, "about", "About"),
    (HelpTab::Notation, "notation", "Notation"),
    (HelpTab::Keyboard, "keyboard", "Keyboard"),
    (HelpTab::Model, "model", "Model notes"),
];

fn about(dispatch: &UseReducerDispatcher<Player>) -> Html {
    let tour = |i: usize| {
        let d = dispatch.clone();
        Callback::from(move |_| {
            d.dispatch(Action::Close);
            d.dispatch(Action::Tour(Tour::Open(i)));
        })
    };
    html! {
        <>
            <h3>{ "What this is" }</h3>
            <p>{ "bulkpool steps through Linux's page allocator, its bulk allocator and the mempool page bulk allocator Yang Shi proposed for dm-crypt in 2022, one event at a time. Each step names the kernel line or the patch mail it models, and a tag says where the model simplifies. Everything runs in your browser; the bulkpool command-line tool prints the same runs as 72-column text." }</p>
            <p>
                { "Pick a scenario in the header, step with ← →, switch the delivery mode or the kernel version, and compare them side by side. Explore changes a scenario's numbers and sweeps one of them; Predict stops before the steps worth guessing." }
            </p>
            <h3>{ "The story, in the tour's stops" }</h3>
            <ol class="story">
                { for STOPS.iter().enumerate().map(|(i, s)| html! {
                    <li><button class="link-button" onclick={tour(i)}>{ s.title }</button></li>
                }) }
            </ol>
            <h3>{ "Timeline" }</h3>
            <ul class="history">
                { for HISTORY.iter().map(|(when, what, lore)| html! {
                    <li><span class="when">{ *when }</span>{ " " }{ *what }
                        { match lore {
                            Some(id) => html! { <>{ " · " }<a href={format!("https://lore.kernel.org/all/{id}/")} target="_blank" rel="noopener noreferrer">{ "the mail" }</a></> },
                            None => html! {},
                        } }
                    </li>
                }) }
            </ul>
        </>
    }
}

fn keyboard() -> Html {
    html! {
        <>
            <dl class="keys">
                { for SHORTCUTS.iter().map(|(k, v)| html! { <><dt><kbd>{ *k }</kbd></dt><dd>{ *v }</dd></> }) }
            </dl>
            <p>{ "Every view is a link: copy the address bar to share this scenario, mode and step. Back and Forward go through the scenarios, views and tour stops you chose." }</p>
        </>
    }
}

#[function_component]
pub fn HelpOverlay(props: &HelpProps) -> Html {
    let d = props.dispatch.clone();
    let close = Callback::from(move |_| d.dispatch(Action::Close));
    let d = props.dispatch.clone();
    let on_close = Callback::from(move |()| d.dispatch(Action::Close));
    let at = TABS.iter().position(|t| t.0 == props.tab).unwrap_or(0);
    // ← → between the tabs, as a tab list does.
    let onkeydown = {
        let d = props.dispatch.clone();
        Callback::from(move |e: KeyboardEvent| {
            let to = match e.key().as_str() {
                "ArrowRight" => (at + 1) % TABS.len(),
                "ArrowLeft" => (at + TABS.len() - 1) % TABS.len(),
                "Home" => 0,
                "End" => TABS.len() - 1,
                _ => return,
            };
            e.prevent_default();
            d.dispatch(Action::OpenHelp(TABS[to].0));
            if let Some(tab) = gloo_utils::document()
                .get_element_by_id(&format!("help-tab-{}", TABS[to].1))
                .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = tab.focus();
            }
        })
    };
    let (_, key, _) = TABS[at];
    let body = match props.tab {
        HelpTab::About => about(&props.dispatch),
        HelpTab::Notation => legend_body("h3"),
        HelpTab::Keyboard => keyboard(),
        HelpTab::Model => html! { <Doc name="MODEL.md" /> },
    };
    html! {
        <Dialog labelledby="help-h" class="help" {on_close}>
            <div class="dialog-top">
                <h2 id="help-h">{ "Help" }</h2>
                <button class="close-x" aria-label="Close the help" title="Close (Esc)" onclick={close.clone()}>{ "×" }</button>
            </div>
            <div class="help-tabs" role="tablist" aria-label="Help" {onkeydown}>
                { for TABS.iter().map(|(tab, key, label)| {
                    let selected = *tab == props.tab;
                    let d = props.dispatch.clone();
                    let tab = *tab;
                    html! {
                        <button role="tab" id={format!("help-tab-{key}")} data-tab={*key} class={classes!("help-tab", selected.then_some("on"))}
                            aria-selected={selected.to_string()} aria-controls={format!("help-panel-{key}")}
                            tabindex={if selected { "0" } else { "-1" }}
                            onclick={Callback::from(move |_| d.dispatch(Action::OpenHelp(tab)))}>{ *label }</button>
                    }
                }) }
            </div>
            <div class="help-panel" role="tabpanel" id={format!("help-panel-{key}")} aria-labelledby={format!("help-tab-{key}")} data-tab={key}>
                { body }
            </div>
            <button class="close" onclick={close}>{ "Close" }</button>
        </Dialog>
    }
}
