//! The URL is the permalink: `?s=s5&mode=list&sem=rfc-2022&step=36&view=compare`, or
//! `?json=<scenario>&…` for a scenario of the user's. Only the query is used, so links work
//! wherever the site is hosted. Bad values are reported and replaced by defaults; a scenario in
//! a link is validated like a scenario file, so its size is bounded and it cannot panic.

use crate::state::{Choice, Player, View};
use bulkpool_allocator::{presets, Mode, Scenario, Semantics};

/// The longest query we look at (a scenario in a link is a few hundred bytes to a few KiB);
/// anything longer is ignored with a notice.
pub const MAX_QUERY: usize = 16 * 1024;

/// What a query asks for, plus a sentence for each part that could not be used.
pub struct Parsed {
    pub choice: Choice,
    pub step: usize,
    pub view: View,
    pub problems: Vec<String>,
}

pub fn parse(query: &str) -> Parsed {
    let mut out = Parsed {
        choice: Choice::of(&presets::PRESETS[0]),
        step: 0,
        view: View::Main,
        problems: Vec::new(),
    };
    let query = query.trim_start_matches('?');
    if query.is_empty() {
        return out;
    }
    if query.len() > MAX_QUERY {
        out.problems.push(format!(
            "The link's query is longer than {MAX_QUERY} characters and was ignored."
        ));
        return out;
    }
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(query) else {
        out.problems
            .push("The link's query could not be read.".into());
        return out;
    };
    if let Some(s) = params.get("s") {
        match presets::find(&s) {
            Some(p) => out.choice = Choice::of(p),
            None => out
                .problems
                .push(format!("Unknown scenario `{}`; showing s1.", clip(&s))),
        }
    }
    if let Some(json) = params.get("json") {
        match Scenario::from_json(&json) {
            Ok(sc) => out.choice = Choice::custom(sc),
            Err(e) => out.problems.push(format!(
                "The scenario in the link is not valid ({e}); showing s1."
            )),
        }
    }
    if let Some(m) = params.get("mode") {
        match Mode::parse(&m) {
            Ok(mode) => out.choice.mode = mode,
            Err(_) => out.problems.push(format!(
                "Unknown mode `{}` (list, array or callback).",
                clip(&m)
            )),
        }
    }
    if let Some(s) = params.get("sem") {
        match Semantics::parse(&s) {
            Ok(sem) => out.choice.semantics = Some(sem),
            Err(_) => out
                .problems
                .push(format!("Unknown semantics `{}`.", clip(&s))),
        }
    }
    if let Some(v) = params.get("step") {
        match v.parse::<u32>() {
            Ok(n) => out.step = n as usize,
            Err(_) => out
                .problems
                .push(format!("`step={}` is not a step number.", clip(&v))),
        }
    }
    if let Some(v) = params.get("view") {
        match v.as_str() {
            "compare" => out.view = View::Compare,
            "step" | "main" => {}
            _ => out
                .problems
                .push(format!("Unknown view `{}` (step or compare).", clip(&v))),
        }
    }
    out
}

fn clip(s: &str) -> String {
    s.chars().take(24).collect()
}

/// The query for a choice, step and view.
pub fn query(choice: &Choice, step: usize, view: View) -> String {
    let Ok(params) = web_sys::UrlSearchParams::new() else {
        return String::new();
    };
    match &choice.custom {
        Some(sc) => params.append("json", &serde_json::to_string(&**sc).unwrap_or_default()),
        None => params.append("s", choice.preset),
    }
    params.append("mode", choice.mode.name());
    if let Some(sem) = choice.semantics {
        params.append("sem", sem.name());
    }
    if step > 0 {
        params.append("step", &step.to_string());
    }
    if view == View::Compare {
        params.append("view", "compare");
    }
    format!("?{}", String::from(params.to_string()))
}

/// The player a query asks for, with a notice for every part that could not be used.
pub fn player_for(search: &str) -> Player {
    let parsed = parse(search);
    let notice = (!parsed.problems.is_empty()).then(|| parsed.problems.join(" "));
    let mut player = Player::new(parsed.choice, parsed.step, parsed.view, notice);
    if parsed.step > player.len() {
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

/// A query without its step: what a history entry stands for.
fn without_step(query: &str) -> String {
    match web_sys::UrlSearchParams::new_with_str(query.trim_start_matches('?')) {
        Ok(p) => {
            p.delete("step");
            String::from(p.to_string())
        }
        Err(_) => query.to_string(),
    }
}

/// Puts the choice, step and view into the address bar. A new scenario, mode, semantics or
/// view is a new history entry, so Back returns to it; a new step replaces the current one.
pub fn sync(choice: &Choice, step: usize, view: View) {
    write(choice, step, view, true);
}

/// Puts the choice, step and view into the address bar without adding a history entry.
pub fn replace(choice: &Choice, step: usize, view: View) {
    write(choice, step, view, false);
}

fn write(choice: &Choice, step: usize, view: View, may_push: bool) {
    let q = query(choice, step, view);
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
    let _ = if !may_push || without_step(&now) == without_step(&q) {
        history.replace_state_with_url(&null, "", Some(&q))
    } else {
        history.push_state_with_url(&null, "", Some(&q))
    };
}
