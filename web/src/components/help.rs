//! The keyboard help overlay (`?`).

use crate::components::dialog::Dialog;
use crate::components::doc::Doc;
use crate::components::legend::legend_body;
use crate::state::{Action, Player};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HelpProps {
    pub dispatch: UseReducerDispatcher<Player>,
}

pub const SHORTCUTS: [(&str, &str); 8] = [
    ("Space", "play / pause (on a focused button: press it)"),
    ("← →", "previous / next step"),
    ("PgUp PgDn", "10 steps back / forward"),
    ("Home End", "first / last step"),
    ("+ −", "faster / slower"),
    ("?", "this help"),
    ("Esc", "close"),
    ("j k l", "previous, play/pause, next"),
];

/// What happened around the proposal, with the posts to read.
pub const HISTORY: [(&str, &str, Option<&str>); 8] = [
    ("v5.13, 2021", "Mel Gorman's bulk page allocator: list and array interfaces.", None),
    ("May 2022", "\"Always attempt to allocate at least one page\": the account == 0 fix (s11).", Some("20220526091210.GC3441@techsingularity.net")),
    ("Oct 2022", "Yang Shi's RFC: a mempool page bulk allocator for dm-crypt (list, array).", Some("20221005180341.1738796-1-shy828301@gmail.com")),
    ("Oct 2022", "Mel Gorman: a list means inserting pages only to take them off again, and an array cannot serve as the bio's bvecs, so it needs its own buffer and a copy; use a callback with an opaque data pointer.", Some("20221013123830.opbulq4qad56kuev@techsingularity.net")),
    ("Feb 2023", "Yang Shi's v2 with callbacks (array, callback). Neither version was merged.", Some("20230214190221.1156876-1-shy828301@gmail.com")),
    ("v6.5", "dm-crypt allocates compound pages instead (Mikulas Patocka, commit 5054e778fcd9; s15).", Some("alpine.LRH.2.21.2302161245210.18393@file01.intranet.prod.int.rdu2.redhat.com")),
    ("v6.19", "Christoph Hellwig's mempool_alloc_bulk: all-or-nothing draining (s8c).", Some("20251111135300.752962-1-hch@lst.de")),
    ("v7.0", "Its first user: the blk-crypto fallback puts the page array inside the bio's own bvec storage.", Some("20260109060813.2226714-1-hch@lst.de")),
];

#[function_component]
pub fn HelpOverlay(props: &HelpProps) -> Html {
    let close = {
        let d = props.dispatch.clone();
        Callback::from(move |_| d.dispatch(Action::Close))
    };
    let on_close = {
        let d = props.dispatch.clone();
        Callback::from(move |()| d.dispatch(Action::Close))
    };
    html! {
        <Dialog labelledby="help-h" class="help" {on_close}>
            <div class="dialog-top">
                <h2 id="help-h">{ "Keyboard shortcuts" }</h2>
                <button class="close-x" aria-label="Close the help" title="Close (Esc)" onclick={close.clone()}>{ "×" }</button>
            </div>
            <dl>
                { for SHORTCUTS.iter().map(|(k, v)| html! { <><dt><kbd>{ *k }</kbd></dt><dd>{ *v }</dd></> }) }
            </dl>
            <p>{ "Every view is a link: copy the address bar to share this scenario, mode and step. Back and Forward go through the scenarios and views you chose." }</p>
            <h2 class="help-h2">{ "Notation" }</h2>
            { legend_body("h3") }
            <details class="reference model-notes">
                <summary>{ "docs/MODEL.md: how the model follows the kernel, and what it simplifies (the SIMPL steps)" }</summary>
                <Doc name="MODEL.md" />
            </details>
            <h2 class="help-h2">{ "Background" }</h2>
            <ul class="history">
                { for HISTORY.iter().map(|(when, what, lore)| html! {
                    <li><span class="when">{ *when }</span>{ " " }{ *what }
                        { match lore {
                            Some(id) => html! { <>{ " · " }<a href={format!("https://lore.kernel.org/all/{id}/")} target="_blank" rel="noopener noreferrer">{ "lore" }</a></> },
                            None => html! {},
                        } }
                    </li>
                }) }
            </ul>
            <button class="close" onclick={close}>{ "Close" }</button>
        </Dialog>
    }
}
