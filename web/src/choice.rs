//! What to simulate: a preset or the user's own scenario, a delivery mode and a semantics, and
//! how a choice that cannot run falls back. Pure: no browser API (tested natively).

use bulkpool_allocator::scenario::presets::{self, Preset};
use bulkpool_allocator::view::link::{self, Link};
use bulkpool_allocator::{Mode, Scenario, ScenarioError, Semantics, Trace};
use std::rc::Rc;

/// Which scenario: one of the presets, or the user's own (from the editor, a link, a file or
/// "Mine").
#[derive(Clone, Debug)]
pub enum Source {
    Preset(&'static Preset),
    Custom {
        scenario: Rc<Scenario>,
        /// The preset it was made from, if any, so that its link can be that preset plus
        /// overrides and an edit keeps the place.
        base: Option<&'static Preset>,
        /// For a variant of `base`, what it changes ("s5 + zone.free=40"), made once here: the
        /// first module, which has no user's scenarios, then carries no scenario encoder.
        variant: Option<Rc<str>>,
    },
}

impl PartialEq for Source {
    fn eq(&self, other: &Self) -> bool {
        let id = |p: &Option<&'static Preset>| p.map(|p| p.id);
        match (self, other) {
            (Source::Preset(a), Source::Preset(b)) => a.id == b.id,
            (
                Source::Custom {
                    scenario: a,
                    base: x,
                    ..
                },
                Source::Custom {
                    scenario: b,
                    base: y,
                    ..
                },
            ) => a == b && id(x) == id(y),
            _ => false,
        }
    }
}

/// What to simulate: a scenario, a delivery mode, and a semantics (None = the scenario's own).
#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    pub source: Source,
    pub mode: Mode,
    pub semantics: Option<Semantics>,
}

impl Choice {
    /// The default choice for a preset: its own mode and semantics.
    pub fn of(preset: &'static Preset) -> Choice {
        Choice {
            source: Source::Preset(preset),
            mode: preset.scenario().mode,
            semantics: None,
        }
    }

    /// A user's scenario in its own mode; `base` is the preset it was made from, if any.
    pub fn custom(sc: Scenario, base: Option<&'static Preset>) -> Choice {
        Choice {
            mode: sc.mode,
            source: Source::Custom {
                variant: base
                    .and_then(|b| link::variant_label(b.id, &sc))
                    .map(Rc::from),
                scenario: Rc::new(sc),
                base,
            },
            semantics: None,
        }
    }

    /// The preset, for a preset's choice.
    pub fn preset(&self) -> Option<&'static Preset> {
        match self.source {
            Source::Preset(p) => Some(p),
            Source::Custom { .. } => None,
        }
    }

    pub fn is_custom(&self) -> bool {
        matches!(self.source, Source::Custom { .. })
    }

    /// The preset this scenario is, or was made from.
    pub fn root(&self) -> Option<&'static Preset> {
        match self.source {
            Source::Preset(p) => Some(p),
            Source::Custom { base, .. } => base,
        }
    }

    /// The scenario with the chosen semantics applied.
    pub fn scenario(&self) -> Scenario {
        let mut sc = self.own_scenario();
        if self.semantics.is_some() {
            sc.semantics = self.semantics;
        }
        sc
    }

    /// The scenario as the preset or the user wrote it, with its own semantics.
    pub fn own_scenario(&self) -> Scenario {
        match &self.source {
            Source::Preset(p) => p.scenario(),
            Source::Custom { scenario, .. } => (**scenario).clone(),
        }
    }

    /// A user's scenario made from this choice's (the editor's Run): it remembers the preset
    /// it came from.
    pub fn edited(&self, sc: Scenario) -> Choice {
        Choice::custom(sc, self.root())
    }

    /// Where a link to this choice says the scenario comes from.
    pub fn link_source(&self) -> link::Source {
        match &self.source {
            Source::Preset(p) => link::Source::Preset(p.id),
            Source::Custom { scenario, base, .. } => link::Source::Custom {
                scenario: Box::new((**scenario).clone()),
                base: base.map(|p| p.id),
            },
        }
    }

    /// The choice a link opens.
    pub fn from_link(l: &Link) -> Choice {
        let mut c = match &l.source {
            link::Source::Preset(id) => {
                Choice::of(presets::find(id).unwrap_or(&presets::PRESETS[0]))
            }
            link::Source::Custom { scenario, base } => {
                Choice::custom((**scenario).clone(), base.and_then(presets::find))
            }
        };
        if let Some(m) = l.mode {
            c.mode = m;
        }
        c.semantics = l.semantics;
        c
    }

    /// Whether two choices run the same scenario (in any mode or semantics).
    pub fn same_scenario(&self, other: &Choice) -> bool {
        match (&self.source, &other.source) {
            (Source::Preset(a), Source::Preset(b)) => a.id == b.id,
            (Source::Custom { scenario: a, .. }, Source::Custom { scenario: b, .. }) => a == b,
            _ => false,
        }
    }

    /// Whether `other` is this scenario or one made from it (an edit keeps the place too).
    pub fn related(&self, other: &Choice) -> bool {
        let root = |c: &Choice| c.root().map(|p| p.id);
        self.same_scenario(other) || (root(self).is_some() && root(self) == root(other))
    }

    /// The scenario's short name: the preset's id, or the user's scenario's name.
    pub fn id(&self) -> String {
        match &self.source {
            Source::Preset(p) => p.id.to_string(),
            Source::Custom { scenario, .. } => format!("“{}”", scenario.name),
        }
    }

    pub fn title(&self) -> String {
        match (&self.source, self.variant()) {
            (Source::Preset(p), _) => p.title.to_string(),
            (Source::Custom { .. }, Some(v)) => format!("variant {v}"),
            (Source::Custom { scenario, .. }, None) => {
                format!("custom scenario “{}”", scenario.name)
            }
        }
    }

    /// For a variant of a preset: "s5 + zone.free=40, pcp.count=3".
    pub fn variant(&self) -> Option<String> {
        match &self.source {
            Source::Custom { variant, .. } => variant.as_deref().map(str::to_string),
            _ => None,
        }
    }

    pub fn summary(&self) -> String {
        match &self.source {
            Source::Preset(p) => p.summary.to_string(),
            Source::Custom {
                base: Some(base), ..
            } if self.variant().is_some() => format!(
                "{}'s own description, which the changes may no longer fit: {}",
                base.id, base.summary
            ),
            Source::Custom { scenario, .. } if scenario.description.is_empty() => {
                "A scenario of your own (edit it with “Edit JSON”).".into()
            }
            Source::Custom { scenario, .. } => scenario.description.clone(),
        }
    }

    pub fn lesson(&self) -> String {
        match &self.source {
            Source::Preset(p) => p.lesson.to_string(),
            Source::Custom { .. } => self.summary(),
        }
    }
}

/// What `choice` runs as: itself, or, when the combination is invalid, the scenario's own
/// semantics, then (for a preset) its own mode; with a notice saying so. Only validates, so it
/// is cheap for any scenario: nothing is simulated.
pub fn plan(choice: &Choice) -> Result<(Choice, Option<String>), String> {
    let mut attempts = vec![
        choice.clone(),
        Choice {
            semantics: None,
            ..choice.clone()
        },
    ];
    if let Some(p) = choice.preset() {
        attempts.push(Choice::of(p));
    }
    let mut first_error = None;
    for c in attempts {
        match c.scenario().validate(c.mode) {
            Ok(_) => {
                let notice = first_error.map(|e| {
                    format!(
                        "{} cannot run: {e}. Showing {} instead.",
                        describe(choice),
                        describe(&c)
                    )
                });
                return Ok((c, notice));
            }
            Err(e) => {
                first_error.get_or_insert(message(choice, &e));
            }
        }
    }
    Err(first_error.unwrap_or_default())
}

/// Every run the player makes goes through here (the tests count them).
pub(crate) fn simulate(sc: &Scenario, mode: Mode) -> Result<Trace, ScenarioError> {
    #[cfg(test)]
    crate::testing::count_simulation();
    bulkpool_allocator::simulate(sc, mode)
}

/// Simulates a choice `plan` returned: its one run.
pub fn run(planned: &Choice) -> Result<Rc<Trace>, String> {
    simulate(&planned.scenario(), planned.mode)
        .map(Rc::new)
        .map_err(|e| message(planned, &e))
}

/// A preset's field paths mean nothing to the reader; a user's scenario's do.
fn message(choice: &Choice, e: &ScenarioError) -> String {
    if choice.is_custom() {
        plain(&e.to_string())
    } else {
        plain(&e.message)
    }
}

/// A validation message in the words the page uses: semantics by their labels, not their ids.
pub fn plain(message: &str) -> String {
    Semantics::ALL
        .iter()
        .fold(message.to_string(), |m, s| m.replace(s.name(), s.short()))
}

fn describe(c: &Choice) -> String {
    let sem = c
        .semantics
        .map(|s| format!(", {}", s.short()))
        .unwrap_or_else(|| ", the preset's semantics".into());
    let name = match c.source {
        Source::Preset(p) => p.id,
        Source::Custom { .. } => "the scenario",
    };
    format!("{name} in {} delivery{sem}", c.mode)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(id: &str) -> &'static Preset {
        presets::find(id).unwrap()
    }

    #[test]
    fn an_invalid_semantics_falls_back_to_the_presets_own_with_a_notice() {
        // v6.0 has no mempool bulk API for s8's list delivery.
        let c = Choice {
            semantics: Some(Semantics::K6_0),
            mode: Mode::List,
            ..Choice::of(s("s8"))
        };
        let (planned, notice) = plan(&c).unwrap();
        assert_eq!(planned.semantics, None);
        assert_eq!(planned.mode, Mode::List);
        assert_eq!(planned.preset().unwrap().id, "s8");
        let notice = notice.expect("a fallback says so");
        assert!(
            notice.starts_with("s8 in list delivery, v6.0 cannot run"),
            "{notice}"
        );
        assert!(
            notice.contains("Showing s8 in list delivery, the preset's semantics"),
            "{notice}"
        );
        // s8c runs array only: its own mode is the last resort.
        let (planned, notice) = plan(&Choice {
            mode: Mode::List,
            ..Choice::of(s("s8c"))
        })
        .unwrap();
        assert_eq!(planned, Choice::of(s("s8c")));
        assert!(notice.is_some());
    }

    #[test]
    fn a_custom_scenario_that_cannot_run_is_an_error_naming_the_field() {
        let mut sc = s("s5").scenario();
        sc.zone.pages = 0;
        let e = plan(&Choice::custom(sc, Some(s("s5")))).unwrap_err();
        assert!(e.contains("zone.pages"), "{e}");
    }

    #[test]
    fn an_edit_remembers_the_preset_and_is_related_to_it() {
        let s5 = Choice::of(s("s5"));
        let mut sc = s5.scenario();
        sc.zone.free = Some(40);
        let edited = s5.edited(sc.clone());
        assert_eq!(edited.root().unwrap().id, "s5");
        assert!(edited.related(&s5) && s5.related(&edited));
        assert!(!edited.same_scenario(&s5));
        assert_eq!(edited.variant().as_deref(), Some("s5 + zone.free=40"));
        // An edit of the edit still comes from s5.
        assert_eq!(edited.edited(sc).root().unwrap().id, "s5");
        assert!(!Choice::custom(s5.scenario(), None).related(&s5));
    }

    #[test]
    fn a_link_source_round_trips() {
        let mut sc = s("s5").scenario();
        sc.zone.free = Some(40);
        for c in [Choice::of(s("s8")), Choice::custom(sc, Some(s("s5")))] {
            let l = Link {
                source: c.link_source(),
                mode: Some(c.mode),
                semantics: c.semantics,
                step: 0,
                view: link::View::Step,
                embed: false,
            };
            assert_eq!(Choice::from_link(&l), c);
        }
    }
}
