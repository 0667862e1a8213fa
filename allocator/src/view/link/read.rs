//! Reading a link: `parse` turns a query of either format into what it opens, with a sentence
//! for every part it could not use; `model` reads `m=` alone.

use super::scenario::decode_scenario;
use super::{Link, Opened, Source, View, MAX_QUERY, VERSION};
use crate::model::policy::PolicySpec;
use crate::model::types::{Mode, Semantics};
use crate::model::version::{MODEL, UNVERSIONED};
use crate::scenario::presets::{self, PRESETS};
use crate::scenario::Scenario;
use crate::view::overrides::{apply_overrides, CUT};

pub(crate) fn clip(s: &str) -> String {
    let c: String = s.chars().take(24).collect();
    if c.len() < s.len() {
        format!("{c}…")
    } else {
        c
    }
}

/// The keys a link may carry (formats 0 and 1).
const KEYS: [&str; 12] = [
    "v", "m", "s", "o", "c", "json", "mode", "sem", "step", "view", "embed", "p",
];

/// `parse(query).model` without reading the rest: a user's scenario is a whole compressed JSON
/// to inflate and parse, and the page asks for the model on its first render.
pub fn model(query: &str) -> u32 {
    let query = query.strip_prefix('?').unwrap_or(query);
    if query.len() > MAX_QUERY {
        return UNVERSIONED;
    }
    form_urlencoded::parse(query.as_bytes())
        .filter(|(k, _)| k == "m")
        .last()
        .and_then(|(_, m)| model_number(&m))
        .unwrap_or(UNVERSIONED)
}

/// `m=`'s value: a model number from 1.
fn model_number(m: &str) -> Option<u32> {
    m.parse::<u32>().ok().filter(|&n| n >= 1)
}

/// Reads a query (with or without its leading `?`).
pub fn parse(query: &str) -> Opened {
    let mut out = Opened {
        link: Link::default(),
        format: 0,
        model: UNVERSIONED,
        problems: Vec::new(),
    };
    let query = query.strip_prefix('?').unwrap_or(query);
    if query.is_empty() {
        return out;
    }
    if query.len() > MAX_QUERY {
        out.problems.push(format!(
            "The link's query is longer than {MAX_QUERY} characters and was ignored."
        ));
        return out;
    }
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let get = |key: &str| {
        pairs
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    };
    if let Some(v) = get("v") {
        match v.parse::<u32>() {
            Ok(n) if n <= VERSION => out.format = n,
            Ok(n) => {
                out.format = n;
                out.problems.push(format!(
                    "This link was written by a newer bulkpool (format {n}); this one reads format {VERSION}, so parts of it may be ignored."
                ));
            }
            Err(_) => out
                .problems
                .push(format!("`v={}` is not a link format version.", clip(v))),
        }
    }
    if let Some(m) = get("m") {
        match model_number(m) {
            Some(n) => out.model = n,
            None => out.problems.push(format!(
                "`m={}` is not a model number (this site runs model {MODEL}).",
                clip(m)
            )),
        }
    }
    if out.format <= VERSION {
        for (k, _) in &pairs {
            if !KEYS.contains(&k.as_str()) {
                out.problems.push(format!(
                    "`{}` is not part of a bulkpool link and was ignored.",
                    clip(k)
                ));
            }
        }
    }
    let link = &mut out.link;
    let problems = &mut out.problems;
    // A link whose scenario cannot be read shows s1 from its start, not at the link's step.
    let mut lost = false;
    if let Some(m) = get("mode") {
        match Mode::parse(&m.to_ascii_lowercase()) {
            Ok(mode) => link.mode = Some(mode),
            Err(_) => problems.push(format!(
                "Unknown mode `{}` (list, array or callback).",
                clip(m)
            )),
        }
    }
    if let Some(s) = get("s") {
        match presets::find(s) {
            Some(p) => link.source = Source::Preset(p.id),
            None => {
                lost = true;
                problems.push(format!("Unknown scenario `{}`; showing s1.", clip(s)))
            }
        }
    }
    if let (Some(o), Source::Preset(id)) = (get("o"), &link.source) {
        let id = *id;
        let base = presets::find(id).unwrap_or(&PRESETS[0]).scenario();
        match apply_overrides(&base, o, link.mode) {
            // Overrides that change nothing leave the preset.
            Ok(scenario) if scenario == base => {}
            Ok(scenario) => {
                link.source = Source::Custom {
                    scenario: Box::new(scenario),
                    base: Some(id),
                }
            }
            Err(e) => problems.push(format!(
                "The link's change to {id} cannot be used ({e}{}); showing {id} as it is.",
                if e.contains("is not path:value") {
                    format!("; {CUT}")
                } else {
                    String::new()
                }
            )),
        }
    }
    if let Some(c) = get("c") {
        if let Err(e) = open_custom(link, decode_scenario(c)) {
            lost = true;
            problems.push(format!(
                "The scenario in the link cannot be read ({e}; {CUT}); showing s1."
            ))
        }
    }
    if let Some(json) = get("json") {
        if get("s").is_some() || get("c").is_some() {
            problems.push("The link names two scenarios; showing the one in `json`.".into());
        }
        if let Err(e) = open_custom(link, Scenario::from_json(json)) {
            lost = true;
            problems.push(format!(
                "The scenario in the link is not valid ({e}); showing s1."
            ))
        }
    }
    if let Some(s) = get("sem") {
        match Semantics::parse(&s.to_ascii_lowercase()) {
            Ok(sem) => link.semantics = Some(sem),
            Err(_) => problems.push(format!("Unknown semantics `{}`.", clip(s))),
        }
    }
    if let Some(v) = get("step") {
        match v.parse::<u32>() {
            Ok(n) => link.step = n as usize,
            Err(_) => problems.push(format!("`step={}` is not a step number.", clip(v))),
        }
    }
    if let Some(v) = get("view") {
        match v {
            "compare" => link.view = View::Compare,
            "versions" => link.view = View::Versions,
            "step" | "main" => {}
            _ => match v
                .strip_prefix("policy-")
                .map(crate::model::policy::Axis::parse)
            {
                Some(Ok(axis)) => link.view = View::Policy(axis),
                _ => problems.push(format!(
                    "Unknown view `{}` (step, compare, versions or policy-<axis>).",
                    clip(v)
                )),
            },
        }
    }
    if let Some(v) = get("embed") {
        match v {
            "1" | "true" => link.embed = true,
            "0" | "false" => {}
            _ => problems.push(format!("`embed={}` is not 1 or 0.", clip(v))),
        }
    }
    if let Some(p) = get("p").filter(|_| !lost) {
        // Design choices that depart from the version's own (`model::policy`): a what-if of
        // the scenario, under the link's semantics and mode.
        let mut sc = link.scenario();
        if link.semantics.is_some() {
            sc.semantics = link.semantics;
        }
        let mode = link.mode();
        let named = sc.named_policies(sc.semantics_for(mode));
        let spec = PolicySpec::parse(p, sc.policy.over(named))
            .map(|spec| PolicySpec::between(named, spec.over(sc.policy.over(named))));
        match spec {
            Ok(spec) => {
                let mut what_if = link.scenario();
                what_if.policy = spec;
                let mut check = what_if.clone();
                check.semantics = sc.semantics;
                match check.validate(mode) {
                    Ok(_) if spec.is_empty() => {}
                    Ok(_) => {
                        let base = match &link.source {
                            Source::Preset(id) => Some(*id),
                            Source::Custom { base, .. } => *base,
                        };
                        link.source = Source::Custom {
                            scenario: Box::new(what_if),
                            base,
                        }
                    }
                    Err(e) => problems.push(format!(
                        "The link's design choices cannot be used ({}: {}); showing the run without them.",
                        e.field, e.message
                    )),
                }
            }
            Err(e) => problems.push(format!(
                "The link's design choices cannot be read ({e}); showing the run without them."
            )),
        }
    }
    if lost && matches!(link.source, Source::Preset(_)) {
        link.source = Source::Preset(PRESETS[0].id);
        link.step = 0;
    }
    out
}

/// A user's scenario read from `c=` or `json=` becomes the link's source; an error is the
/// caller's to word.
fn open_custom<E>(link: &mut Link, read: Result<Scenario, E>) -> Result<(), E> {
    link.source = Source::Custom {
        scenario: Box::new(read?),
        base: None,
    };
    Ok(())
}
