//! The address bar: the page's link is read at start and on Back/Forward (`popstate`), and
//! written as the user moves — a new history entry per scenario, mode, semantics or view, while
//! a new step replaces the entry (`url::is_new_entry`), and a tour stop is an entry of its own.
//! The links themselves are `crate::url`.

use crate::state::{Action, Choice, LanesBy, Player, View};
use crate::url;
use bulkpool_allocator::view::link;
use yew::prelude::*;

/// The page's query string.
pub fn current_search() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
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

/// Puts `q` into the address bar: a new history entry if `may_push` and `url::is_new_entry`,
/// else in place of the current one.
pub(crate) fn write(q: &str, may_push: bool) {
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
    let _ = if may_push && url::is_new_entry(&now, q) {
        history.push_state_with_url(&null, "", Some(q))
    } else {
        history.replace_state_with_url(&null, "", Some(q))
    };
}

/// Keeps the address bar and the player together (when `urls`; a mounted test app leaves the
/// page's address alone). The address follows the player, not while playing, nor while a long
/// run is generated (it keeps the link being opened); the first write only tidies the link
/// the page was opened with, and is skipped when `keep` (the page has something to say about
/// that link: a notice, another model), so that the address bar still shows what was clicked
/// until the user moves. Back and Forward restore the entry's choice, step and view.
#[hook]
pub fn use_address_bar(
    player: &Player,
    dispatch: UseReducerDispatcher<Player>,
    urls: bool,
    keep: bool,
) {
    let first = use_mut_ref(|| true);
    // The query at step 0 of the last view written: a user's scenario is written out whole in
    // its link (its compressed JSON), once per view and not at every step (`link::at_step`),
    // and in a task of its own, as its run's first render is one already (P3b).
    type Written = (Choice, View, LanesBy, bool);
    let cache = use_mut_ref(|| None::<(Written, String)>);
    let pending = use_mut_ref(|| None::<gloo_timers::callback::Timeout>);
    use_effect_with(
        (
            player.choice.clone(),
            player.step,
            player.view,
            player.lanes_by,
            player.playing,
            player.embed,
            player.loading.is_some(),
            player.tour,
        ),
        move |(choice, step, view, by, playing, embed, loading, tour)| {
            // A write not done yet is of a view the player has left.
            pending.borrow_mut().take();
            if urls && !playing && !loading {
                let key = (choice.clone(), *view, *by, *embed);
                let (step, tour) = (*step, *tour);
                let known = cache.borrow().as_ref().is_some_and(|(k, _)| *k == key);
                let write_it = move || {
                    let mut cache = cache.borrow_mut();
                    if !cache.as_ref().is_some_and(|(k, _)| *k == key) {
                        let (choice, view, by, embed) = &key;
                        let q = url::query(choice, 0, *view, *by, *embed);
                        *cache = Some((key, q));
                    }
                    let base = cache.as_ref().map_or("", |(_, q)| q.as_str());
                    let q = url::with_tour(&link::at_step(base, step), tour);
                    let first = std::mem::replace(&mut *first.borrow_mut(), false);
                    if !(first && keep) {
                        write(&q, !first);
                    }
                };
                if known || !choice.is_custom() {
                    write_it();
                } else {
                    *pending.borrow_mut() = Some(gloo_timers::callback::Timeout::new(0, write_it));
                }
            }
        },
    );
    use_effect_with((), move |_| {
        let listener = urls.then(|| {
            gloo_events::EventListener::new(&gloo_utils::window(), "popstate", move |_| {
                let p = url::player_for(&current_search());
                dispatch.dispatch(Action::Restore(Box::new(p)));
            })
        });
        move || drop(listener)
    });
}
