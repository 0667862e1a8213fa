//! Permalinks: what a link opens, and the link for a view. Used by the web app's address bar
//! and by `bulkpool link`; pure, so that it is tested and fuzzed natively.
//!
//! Format 1 (`v=1`), after the page's address:
//! `?v=1&m=2&s=s5&mode=list&sem=k6.0&step=36&view=compare&embed=1`, where `m` is the model that
//! made it (`model::version`; none: model 1), and a variant of a preset adds
//! overrides in the scenario format's field names (`&o=zone.free:40,tasks.0.ops.0.nr:12`) and a
//! scenario of the user's is `c=`, its minimal JSON deflated and base64url-encoded.
//! Format 0 (no `v`) is the first app's: `?s=…` or `?json=<scenario>`, `mode`, `sem`, `step`,
//! `view`. Every link of either format keeps opening (tests/links.rs holds the corpus).
//!
//! Bad input is never fatal: every part that cannot be used becomes a sentence in `problems`,
//! and sizes are bounded before any decoding.

use crate::model::policy::PolicySpec;
use crate::model::types::{Mode, Semantics};
use crate::model::version::{MODEL, UNVERSIONED};
use crate::scenario::presets::{self, PRESETS};
use crate::scenario::{Op, Scenario};
use base64::Engine;
use serde_json::{Map, Value};
use std::collections::HashMap;

pub use crate::view::overrides::{apply_overrides, base_for, overrides, variant_label};
use crate::view::overrides::{keep, CUT};

/// The format this version writes.
pub const VERSION: u32 = 1;
/// The longest query read; anything longer is ignored with a notice.
pub const MAX_QUERY: usize = 16 * 1024;
/// At most this many overrides, each path at most `MAX_DEPTH` names deep.
pub const MAX_OVERRIDES: usize = 64;
pub const MAX_DEPTH: usize = 8;
/// A compressed scenario may inflate to at most this many bytes (a scenario file's own limits
/// then apply).
pub const MAX_INFLATED: usize = 256 * 1024;

/// Which scenario a link opens.
#[derive(Clone, Debug, PartialEq)]
pub enum Source {
    Preset(&'static str),
    /// A scenario of the user's; `base` is the preset it was made from, if any, so that a
    /// variant can be written as that preset plus overrides.
    Custom {
        scenario: Box<Scenario>,
        base: Option<&'static str>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum View {
    #[default]
    Step,
    /// The compare view, one lane per delivery mode.
    Compare,
    /// The compare view, one lane per semantics (RFC, v2, 6.19, v6.0).
    Versions,
    /// The compare view, one lane per value of a design choice (`view=policy-drain`).
    Policy(crate::model::policy::Axis),
}

/// Everything a link says.
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    pub source: Source,
    /// The delivery mode; `None`: the scenario's own.
    pub mode: Option<Mode>,
    pub semantics: Option<Semantics>,
    pub step: usize,
    pub view: View,
    /// The compact player for an iframe.
    pub embed: bool,
}

impl Default for Link {
    fn default() -> Self {
        Link {
            source: Source::Preset(PRESETS[0].id),
            mode: None,
            semantics: None,
            step: 0,
            view: View::Step,
            embed: false,
        }
    }
}

impl Link {
    /// The scenario the link opens (a preset's, or the user's), with its own mode.
    pub fn scenario(&self) -> Scenario {
        match &self.source {
            Source::Preset(id) => presets::find(id).unwrap_or(&PRESETS[0]).scenario(),
            Source::Custom { scenario, .. } => (**scenario).clone(),
        }
    }

    /// The delivery mode the link opens in.
    pub fn mode(&self) -> Mode {
        self.mode.unwrap_or_else(|| self.scenario().mode)
    }
}

/// What a query opens, which format it was written in, and a sentence for every part that
/// could not be used.
#[derive(Clone, Debug, PartialEq)]
pub struct Opened {
    pub link: Link,
    pub format: u32,
    /// The model that made the link (`m=`; links without it are `UNVERSIONED`).
    pub model: u32,
    pub problems: Vec<String>,
}

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
        match decode_scenario(c) {
            Ok(sc) => {
                link.source = Source::Custom {
                    scenario: Box::new(sc),
                    base: None,
                }
            }
            Err(e) => {
                lost = true;
                problems.push(format!(
                    "The scenario in the link cannot be read ({e}; {CUT}); showing s1."
                ))
            }
        }
    }
    if let Some(json) = get("json") {
        if get("s").is_some() || get("c").is_some() {
            problems.push("The link names two scenarios; showing the one in `json`.".into());
        }
        match Scenario::from_json(json) {
            Ok(sc) => {
                link.source = Source::Custom {
                    scenario: Box::new(sc),
                    base: None,
                }
            }
            Err(e) => {
                lost = true;
                problems.push(format!(
                    "The scenario in the link is not valid ({e}); showing s1."
                ))
            }
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

fn escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if keep(b) {
            o.push(b as char);
        } else {
            o.push_str(&format!("%{b:02X}"));
        }
    }
    o
}

/// The query (with its `?`) of a link, in format `VERSION`, made with this `MODEL`. A scenario
/// made from a preset is written as the preset plus overrides when that is how it differs,
/// else compressed.
pub fn encode(link: &Link) -> String {
    let mut q = vec![format!("v={VERSION}"), format!("m={MODEL}")];
    // Design choices go in `p=`, against the version's own bundle; the scenario without them
    // is written as before.
    let mut policy = None;
    let stripped;
    let source = match &link.source {
        Source::Custom { scenario, base } if !scenario.policy.is_empty() => {
            let mut sc = (**scenario).clone();
            if link.semantics.is_some() {
                sc.semantics = link.semantics;
            }
            let named = sc.named_policies(sc.semantics_for(link.mode.unwrap_or(sc.mode)));
            policy = Some(scenario.policy.to_list(named));
            let mut plain = (**scenario).clone();
            plain.policy = PolicySpec::default();
            stripped = match base.and_then(presets::find) {
                Some(p) if p.scenario() == plain => Source::Preset(p.id),
                _ => Source::Custom {
                    scenario: Box::new(plain),
                    base: *base,
                },
            };
            &stripped
        }
        s => s,
    };
    match source {
        Source::Preset(id) => q.push(format!("s={id}")),
        Source::Custom { scenario, base } => {
            let variant = base.and_then(|id| {
                let p = presets::find(id)?;
                let o = overrides(&p.scenario(), scenario)?;
                Some((p.id, o))
            });
            match variant {
                Some((id, o)) if o.is_empty() => q.push(format!("s={id}")),
                Some((id, o)) => {
                    q.push(format!("s={id}"));
                    q.push(format!("o={}", escape(&o)));
                }
                None => q.push(format!("c={}", encode_scenario(scenario))),
            }
        }
    }
    finish(q, link, policy)
}

/// `encode` for a link to a preset, which needs no scenario encoder: the web player's first
/// module writes its address bar with it (the rest of the format is `encode`'s own).
pub fn encode_preset(id: &str, link: &Link) -> String {
    finish(
        vec![
            format!("v={VERSION}"),
            format!("m={MODEL}"),
            format!("s={id}"),
        ],
        link,
        None,
    )
}

/// `encode(link)` with the link's step changed to `step`, from `encoded` = `encode(link)`:
/// without writing the scenario again, which for a user's scenario is its whole compressed
/// JSON (the web player writes its address bar at every step). `finish`'s order: the step
/// goes before the view, `embed` and `p`.
pub fn at_step(encoded: &str, step: usize) -> String {
    let query = encoded.strip_prefix('?').unwrap_or(encoded);
    let mut parts: Vec<String> = query
        .split('&')
        .filter(|p| !p.starts_with("step="))
        .map(str::to_string)
        .collect();
    if step > 0 {
        let after = ["view=", "embed=", "p="];
        let at = parts
            .iter()
            .position(|p| after.iter().any(|k| p.starts_with(k)))
            .unwrap_or(parts.len());
        parts.insert(at, format!("step={step}"));
    }
    format!("?{}", parts.join("&"))
}

/// The parameters after the scenario's, in `encode`'s order.
fn finish(mut q: Vec<String>, link: &Link, policy: Option<String>) -> String {
    if let Some(mode) = link.mode {
        q.push(format!("mode={}", mode.name()));
    }
    if let Some(sem) = link.semantics {
        q.push(format!("sem={}", sem.name()));
    }
    if link.step > 0 {
        q.push(format!("step={}", link.step));
    }
    match link.view {
        View::Step => {}
        View::Compare => q.push("view=compare".into()),
        View::Versions => q.push("view=versions".into()),
        View::Policy(axis) => q.push(format!("view=policy-{}", axis.name())),
    }
    if link.embed {
        q.push("embed=1".into());
    }
    if let Some(p) = policy.filter(|p| !p.is_empty()) {
        q.push(format!("p={}", escape(&p)));
    }
    format!("?{}", q.join("&"))
}

// ---- a whole scenario --------------------------------------------------------------------

/// The scenario's JSON without the fields that equal their defaults: what `c=` compresses.
pub fn minimal_json(sc: &Scenario) -> String {
    let whole = || serde_json::to_string(sc).unwrap_or_default();
    // The scenario without its ops: a long scenario repeats a few ops (a request and its free,
    // a thousand times), so each distinct op is written and minimised once, below.
    let mut shell = sc.clone();
    for t in &mut shell.tasks {
        t.ops = Vec::new();
    }
    let Ok(Value::Object(mut top)) = serde_json::to_value(&shell) else {
        return whole();
    };
    let default = Scenario::default();
    let defaults = serde_json::to_value(&default).unwrap_or(Value::Null);
    drop_defaults(&mut top, &defaults);
    // The shell's tasks never equal the default's, whose task has an op.
    if sc.tasks == default.tasks {
        top.retain(|k, _| k != "tasks");
    }
    for key in ["zone", "pcp", "pool"] {
        if let (Some(Value::Object(m)), Some(d)) = (top.get_mut(key), defaults.get(key)) {
            drop_defaults(m, d);
        }
    }
    if let Some(Value::Object(m)) = top.get_mut("pool") {
        let d = serde_json::to_value(crate::scenario::PoolSpec::default()).unwrap_or(Value::Null);
        drop_defaults(m, &d);
    }
    if let Some(Value::Array(tasks)) = top.get_mut("tasks") {
        let d = serde_json::to_value(crate::scenario::TaskSpec::default()).unwrap_or(Value::Null);
        let mut minimised: HashMap<&Op, Value> = HashMap::new();
        for (t, spec) in tasks.iter_mut().zip(&sc.tasks) {
            if let Value::Object(m) = t {
                if let Some(ops) = m.get_mut("ops") {
                    let each = spec.ops.iter().map(|op| {
                        minimised
                            .entry(op)
                            .or_insert_with(|| {
                                let mut v = serde_json::to_value(op).unwrap_or(Value::Null);
                                minimal_op(&mut v);
                                v
                            })
                            .clone()
                    });
                    *ops = Value::Array(each.collect());
                }
                drop_defaults(m, &d);
            }
        }
    }
    let small = Value::Object(top).to_string();
    // Keep it only if it reads back as the same scenario.
    match Scenario::from_json(&small) {
        Ok(back) if back == *sc => small,
        _ => whole(),
    }
}

fn drop_defaults(m: &mut Map<String, Value>, defaults: &Value) {
    m.retain(|k, v| defaults.get(k) != Some(v));
}

/// An op without the fields equal to that op's defaults.
fn minimal_op(op: &mut Value) {
    let Ok(original) = serde_json::from_value::<Op>(op.clone()) else {
        return;
    };
    let Value::Object(m) = op else { return };
    let keys: Vec<String> = m.keys().filter(|k| *k != "op").cloned().collect();
    for k in keys {
        let Some(v) = m.remove(&k) else { continue };
        let same =
            serde_json::from_value::<Op>(Value::Object(m.clone())).is_ok_and(|o| o == original);
        if !same {
            m.insert(k, v);
        }
    }
}

/// `c=`: the minimal JSON, deflated, base64url without padding.
pub fn encode_scenario(sc: &Scenario) -> String {
    let json = minimal_json(sc);
    let packed = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 10);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(packed)
}

/// Reads a `c=` value back into a scenario (bounded: the text, the inflated size, and then the
/// scenario's own checks when it runs).
pub fn decode_scenario(text: &str) -> Result<Scenario, String> {
    let packed = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text.trim_end_matches('='))
        .map_err(|_| "not base64url".to_string())?;
    let json =
        miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_INFLATED).map_err(|e| {
            match e.status {
                miniz_oxide::inflate::TINFLStatus::HasMoreOutput => {
                    format!("it inflates past {MAX_INFLATED} bytes")
                }
                _ => "not a compressed scenario".to_string(),
            }
        })?;
    let json = String::from_utf8(json).map_err(|_| "not UTF-8 text".to_string())?;
    Scenario::from_json(&json).map_err(|e| e.to_string())
}
