//! Links: the permalink of a view (`bulkpool_allocator::view::link`, format 1:
//! `?v=1&s=s5&mode=list&step=36`, a preset plus overrides, or a compressed scenario) and the
//! player a link opens. Pure functions of the query string, tested natively; reading and
//! writing the address bar is `hooks::address_bar`. Only the query is used, so links work
//! wherever the site is hosted.
//!
//! A stop of the guided tour adds `tour=N` (1 to the number of stops): alone, `?tour=4`
//! opens the stop's own state; with a view's query, that view with the tour open at stop 4.
//! It is read here, beside the allocator's link format, which knows nothing of the tour.

use crate::state::{Action, Choice, LanesBy, Player, View};
use bulkpool_allocator::view::link::{self, Link, View as LinkView};

/// `tour=…` taken out of a query: the rest of the query, and the stop it names (from 0), or a
/// sentence saying why it names none.
pub fn split_tour(search: &str) -> (String, Option<Result<usize, String>>) {
    let search = search.strip_prefix('?').unwrap_or(search);
    let mut tour = None;
    let rest: Vec<&str> = search
        .split('&')
        .filter(|part| match part.split_once('=') {
            Some(("tour", v)) => {
                let n = crate::state::tour::stops();
                tour = Some(match v.parse::<usize>() {
                    Ok(i) if (1..=n).contains(&i) => Ok(i - 1),
                    _ => Err(format!(
                        "The tour has stops 1 to {n}; `tour={}` is not one of them.",
                        v.chars().take(12).collect::<String>()
                    )),
                });
                false
            }
            _ => !part.is_empty(),
        })
        .collect();
    (rest.join("&"), tour)
}

/// The model a page's query was made with, when it is a link of another model than this
/// site's: the notice over it says so. The start page (no query) and a tour stop's own link
/// (`?tour=N`) are no link of any model.
pub fn other_model(search: &str) -> Option<u32> {
    let (query, _) = split_tour(search);
    if query.is_empty() {
        return None;
    }
    let model = link::model(&query);
    (model != bulkpool_allocator::model::version::MODEL).then_some(model)
}

/// The query of a view with the tour open at `tour` (from 0), if it is.
pub fn with_tour(query: &str, tour: Option<usize>) -> String {
    match tour {
        Some(i) if query.is_empty() || query == "?" => format!("?tour={}", i + 1),
        Some(i) => format!("{query}&tour={}", i + 1),
        None => query.to_string(),
    }
}

/// Whether a query names no view: empty, or only its format version.
pub fn names_no_view(search: &str) -> bool {
    let (rest, _) = split_tour(search);
    rest.split('&').all(|p| p.is_empty() || p.starts_with("v="))
}

/// The player a query asks for, with a notice for every part that could not be used. Never
/// panics, whatever the query.
pub fn player_for(search: &str) -> Player {
    player_behind(search, None)
}

/// `player_for`, with `behind` as what a long run shows while it is generated (else
/// `Player::placeholder`).
pub fn player_behind(search: &str, behind: Option<&Player>) -> Player {
    let (rest, tour) = split_tour(search);
    let player_at = |rest: &str| player_at(rest, behind);
    match tour {
        None => player_at(&rest),
        Some(Err(why)) => {
            let mut p = player_at(&rest);
            p.notice = Some(p.notice.map_or(why.clone(), |n| format!("{n} {why}")));
            p
        }
        // `?tour=4` alone: the stop's own state.
        Some(Ok(i)) if names_no_view(&rest) => {
            use yew::Reducible;
            let p = std::rc::Rc::new(player_at(&rest));
            (*p.reduce(Action::Tour(crate::state::Tour::Open(i)))).clone()
        }
        Some(Ok(i)) => {
            let mut p = player_at(&rest);
            p.tour = Some(i);
            p.tour_last = i;
            p
        }
    }
}

/// The player of a view's query (without `tour`).
fn player_at(search: &str, behind: Option<&Player>) -> Player {
    let opened = link::parse(search);
    let l = &opened.link;
    let notice = (!opened.problems.is_empty()).then(|| opened.problems.join(" "));
    let view = match l.view {
        LinkView::Step => View::Main,
        LinkView::Compare | LinkView::Versions | LinkView::Policy(_) => View::Compare,
    };
    let mut player = Player::open(Choice::from_link(l), l.step, view, notice, behind);
    player.embed = l.embed;
    let by = match l.view {
        LinkView::Versions => Some(LanesBy::Version),
        LinkView::Policy(axis) => Some(LanesBy::Policy(axis)),
        _ => None,
    };
    if let Some(by) = by {
        use yew::Reducible;
        player = (*std::rc::Rc::new(player).reduce(Action::SetLanesBy(by))).clone();
    }
    if player.loading.is_none() && l.step > player.len() {
        let msg = format!("The run has {} steps; showing the last.", player.len());
        player.notice = Some(player.notice.map_or(msg.clone(), |n| format!("{n} {msg}")));
    }
    player
}

/// The link for a choice at a step and view.
pub fn link_of(choice: &Choice, step: usize, view: View, by: LanesBy, embed: bool) -> Link {
    Link {
        source: choice.link_source(),
        mode: Some(choice.mode),
        semantics: choice.semantics,
        step,
        view: match (view, by) {
            (View::Main, _) => LinkView::Step,
            (View::Compare, LanesBy::Mode) => LinkView::Compare,
            (View::Compare, LanesBy::Version) => LinkView::Versions,
            (View::Compare, LanesBy::Policy(axis)) => LinkView::Policy(axis),
        },
        embed,
    }
}

/// The query for a choice at a step and view.
pub fn query(choice: &Choice, step: usize, view: View, by: LanesBy, embed: bool) -> String {
    link::encode(&link_of(choice, step, view, by, embed))
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

/// Whether the address bar going from query `now` to `next` is a new history entry (a new
/// scenario, mode, semantics or view), so that Back returns to it; a new step only replaces
/// the entry.
pub fn is_new_entry(now: &str, next: &str) -> bool {
    without_step(now) != without_step(next)
}

#[cfg(test)]
mod tests;
