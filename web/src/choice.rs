//! What to simulate: a preset or the user's own scenario, a delivery mode and a semantics, and
//! how a choice that cannot run falls back.

use crate::state::View;
use bulkpool_allocator::scenario::presets::{self, Preset};
use bulkpool_allocator::view::link::{Link, Source, View as LinkView};
use bulkpool_allocator::{simulate, Mode, Scenario, Semantics, Trace};
use std::rc::Rc;

/// What to simulate: a preset or a scenario of the user's, a delivery mode, and a semantics
/// (None = the scenario's own).
#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    pub preset: &'static str,
    /// A scenario from the editor or a link; when set, `preset` is not used.
    pub custom: Option<Rc<Scenario>>,
    /// The preset a custom scenario was made from, so that its link can be that preset plus
    /// overrides.
    pub base: Option<&'static str>,
    pub mode: Mode,
    pub semantics: Option<Semantics>,
}

impl Choice {
    pub fn preset(&self) -> &'static Preset {
        presets::find(self.preset).unwrap_or(&presets::PRESETS[0])
    }

    pub fn scenario(&self) -> Scenario {
        let mut sc = match &self.custom {
            Some(sc) => (**sc).clone(),
            None => self.preset().scenario(),
        };
        if self.semantics.is_some() {
            sc.semantics = self.semantics;
        }
        sc
    }

    /// The default choice for a preset: its own mode and semantics.
    pub fn of(preset: &'static Preset) -> Choice {
        Choice {
            preset: preset.id,
            custom: None,
            base: None,
            mode: preset.scenario().mode,
            semantics: None,
        }
    }

    /// A user's scenario in its own mode.
    pub fn custom(sc: Scenario) -> Choice {
        let mode = sc.mode;
        Choice {
            preset: "custom",
            custom: Some(Rc::new(sc)),
            base: None,
            mode,
            semantics: None,
        }
    }

    /// A user's scenario made from this choice's (the editor's Run): it remembers the preset
    /// it came from.
    pub fn edited(&self, sc: Scenario) -> Choice {
        let base = match self.custom {
            Some(_) => self.base,
            None => Some(self.preset().id),
        };
        Choice {
            base,
            ..Choice::custom(sc)
        }
    }

    /// The link for this choice at a step and view.
    pub fn link(&self, step: usize, view: View, embed: bool) -> Link {
        let source = match &self.custom {
            Some(sc) => Source::Custom {
                scenario: Box::new((**sc).clone()),
                base: self.base,
            },
            None => Source::Preset(self.preset().id),
        };
        Link {
            source,
            mode: Some(self.mode),
            semantics: self.semantics,
            step,
            view: match view {
                View::Main => LinkView::Step,
                View::Compare => LinkView::Compare,
            },
            embed,
        }
    }

    /// The choice a link opens.
    pub fn from_link(link: &Link) -> Choice {
        let mut c = match &link.source {
            Source::Preset(id) => Choice::of(presets::find(id).unwrap_or(&presets::PRESETS[0])),
            Source::Custom { scenario, base } => Choice {
                base: *base,
                ..Choice::custom((**scenario).clone())
            },
        };
        if let Some(m) = link.mode {
            c.mode = m;
        }
        c.semantics = link.semantics;
        c
    }

    /// Whether two choices run the same scenario (in any mode or semantics).
    pub fn same_scenario(&self, other: &Choice) -> bool {
        self.preset == other.preset && self.custom == other.custom
    }

    /// Whether `other` is this scenario or one made from it (an edit keeps the place too).
    pub fn related(&self, other: &Choice) -> bool {
        let root = |c: &Choice| {
            if c.custom.is_some() {
                c.base
            } else {
                Some(c.preset)
            }
        };
        self.same_scenario(other) || (root(self).is_some() && root(self) == root(other))
    }

    /// The scenario's short name: the preset's id, or the user's scenario's name.
    pub fn id(&self) -> String {
        match &self.custom {
            Some(sc) => format!("“{}”", sc.name),
            None => self.preset.to_string(),
        }
    }

    pub fn title(&self) -> String {
        match (&self.custom, self.variant()) {
            (Some(_), Some(v)) => format!("variant {v}"),
            (Some(sc), None) => format!("custom scenario “{}”", sc.name),
            (None, _) => self.preset().title.to_string(),
        }
    }

    /// For a variant of a preset: "s5 + zone.free=40, pcp.count=3".
    pub fn variant(&self) -> Option<String> {
        let sc = self.custom.as_ref()?;
        bulkpool_allocator::view::link::variant_label(self.base?, sc)
    }

    pub fn summary(&self) -> String {
        if let (Some(_), Some(base)) = (&self.custom, self.base.and_then(presets::find)) {
            if self.variant().is_some() {
                return format!(
                    "{}'s own description, which the changes may no longer fit: {}",
                    base.id, base.summary
                );
            }
        }
        match &self.custom {
            Some(sc) if sc.description.is_empty() => {
                "A scenario of your own (edit it with “Edit JSON”).".into()
            }
            Some(sc) => sc.description.clone(),
            None => self.preset().summary.to_string(),
        }
    }

    pub fn lesson(&self) -> String {
        match &self.custom {
            Some(_) => self.summary(),
            None => self.preset().lesson.to_string(),
        }
    }
}

/// Runs `choice`. A preset falls back to its own mode and semantics if the combination is not
/// valid (with a notice); a user's scenario that does not run is an error.
pub fn run_choice(choice: &Choice) -> Result<(Rc<Trace>, Choice, Option<String>), String> {
    let (c, notice) = plan(choice)?;
    let t = simulate(&c.scenario(), c.mode).map_err(|e| message(choice, &e))?;
    Ok((Rc::new(t), c, notice))
}

/// What `choice` runs as: itself, or, when the combination is invalid, the scenario's own
/// semantics, then (for a preset) its own mode; with a notice saying so. Only validates, so it
/// is cheap for any scenario.
pub fn plan(choice: &Choice) -> Result<(Choice, Option<String>), String> {
    let mut attempts = vec![
        choice.clone(),
        Choice {
            semantics: None,
            ..choice.clone()
        },
    ];
    if choice.custom.is_none() {
        attempts.push(Choice::of(choice.preset()));
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

/// A preset's field paths mean nothing to the reader; a user's scenario's do.
fn message(choice: &Choice, e: &bulkpool_allocator::ScenarioError) -> String {
    if choice.custom.is_some() {
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
    let name = if c.custom.is_some() {
        "the scenario"
    } else {
        c.preset
    };
    format!("{name} in {} delivery{sem}", c.mode)
}
