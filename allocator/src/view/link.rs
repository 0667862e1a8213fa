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
use crate::model::version::MODEL;
use crate::scenario::presets::{self, PRESETS};
use crate::scenario::Scenario;

mod read;
mod scenario;

pub(crate) use read::clip;
pub use read::{model, parse};
pub use scenario::{decode_scenario, encode_scenario, minimal_json};

use crate::view::overrides::keep;
pub use crate::view::overrides::{apply_overrides, base_for, overrides, variant_label};

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
