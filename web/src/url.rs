//! The address bar: the permalink of the current view (`bulkpool_allocator::view::link`, format 1:
//! `?v=1&s=s5&mode=list&step=36`, a preset plus overrides, or a compressed scenario), read at
//! start and on Back/Forward, written as the user moves. Only the query is used, so links work
//! wherever the site is hosted.

use crate::state::{Choice, Player, View};
use bulkpool_allocator::view::link::{self, View as LinkView};

/// The player a query asks for, with a notice for every part that could not be used.
pub fn player_for(search: &str) -> Player {
    let opened = link::parse(search);
    let l = &opened.link;
    let notice = (!opened.problems.is_empty()).then(|| opened.problems.join(" "));
    let view = match l.view {
        LinkView::Step => View::Main,
        LinkView::Compare => View::Compare,
    };
    let mut player = Player::open(Choice::from_link(l), l.step, view, notice, None);
    player.embed = l.embed;
    if player.loading.is_none() && l.step > player.len() {
        let msg = format!("The run has {} steps; showing the last.", player.len());
        player.notice = Some(player.notice.map_or(msg.clone(), |n| format!("{n} {msg}")));
    }
    player
}

/// The page's query string.
pub fn current_search() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// The player the page's current URL asks for.
pub fn initial_player() -> Player {
    player_for(&current_search())
}

/// The query for a choice at a step and view.
pub fn query(choice: &Choice, step: usize, view: View, embed: bool) -> String {
    link::encode(&choice.link(step, view, embed))
}

/// The full address of a view: this page's address with the view's query.
pub fn address(query: &str) -> String {
    let Some(loc) = web_sys::window().map(|w| w.location()) else {
        return query.to_string();
    };
    let origin = loc.origin().unwrap_or_default();
    let path = loc.pathname().unwrap_or_default();
    format!("{origin}{path}{query}")
}

/// A query without its step: what a history entry stands for.
fn without_step(query: &str) -> String {
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.starts_with("step="))
        .collect::<Vec<_>>()
        .join("&")
}

/// Puts the view into the address bar. A new scenario, mode, semantics or view is a new history
/// entry, so Back returns to it; a new step replaces the current one.
pub fn sync(query: &str) {
    write(query, true);
}

/// Puts the view into the address bar without adding a history entry.
pub fn replace(query: &str) {
    write(query, false);
}

fn write(q: &str, may_push: bool) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let now = window.location().search().unwrap_or_default();
    if now == q {
        return;
    }
    let Ok(history) = window.history() else {
        return;
    };
    let null = wasm_bindgen::JsValue::NULL;
    let _ = if !may_push || without_step(&now) == without_step(q) {
        history.replace_state_with_url(&null, "", Some(q))
    } else {
        history.push_state_with_url(&null, "", Some(q))
    };
}
