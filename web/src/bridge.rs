//! What crosses between the two WebAssembly modules (`crate::lazy`): the first-render module
//! (the player) and the one loaded on first use (`crate::extra`: the help, the tour's card,
//! Explore, the editor, Mine, the importer, the texts of Copy ▾ and Predict's questions).
//! The modules share no memory, so everything is JSON: a feature's arguments go one way, its
//! messages (`Msg`, the player actions it asks for) come back. Both sides are this crate's
//! code, compiled twice; a message the player cannot read is logged and dropped, never a panic.

use crate::choice::Choice;
use crate::state::{Action, HelpTab, Tour};
use bulkpool_allocator::scenario::presets;
use bulkpool_allocator::{Mode, Scenario, Semantics};
use serde::{Deserialize, Serialize};

/// A `Choice` as JSON: a preset by id, or a user's scenario (with the preset it came from).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChoiceWire {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preset: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenario: Option<Scenario>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
    pub mode: Mode,
    #[serde(default)]
    pub semantics: Option<Semantics>,
}

impl From<&Choice> for ChoiceWire {
    fn from(c: &Choice) -> Self {
        let (preset, scenario, base) = match &c.source {
            crate::choice::Source::Preset(p) => (Some(p.id.to_string()), None, None),
            crate::choice::Source::Custom { scenario, base } => (
                None,
                Some((**scenario).clone()),
                base.map(|b| b.id.to_string()),
            ),
        };
        ChoiceWire {
            preset,
            scenario,
            base,
            mode: c.mode,
            semantics: c.semantics,
        }
    }
}

impl ChoiceWire {
    /// The choice; an unknown preset id is an error (both modules have the same presets).
    pub fn choice(self) -> Result<Choice, String> {
        let mut c = match (self.preset, self.scenario) {
            (Some(id), _) => {
                Choice::of(presets::find(&id).ok_or_else(|| format!("no preset named {id:?}"))?)
            }
            (None, Some(sc)) => Choice::custom(sc, self.base.as_deref().and_then(presets::find)),
            (None, None) => return Err("a choice needs a preset or a scenario".into()),
        };
        c.mode = self.mode;
        c.semantics = self.semantics;
        Ok(c)
    }
}

/// A player action a feature of the second module asks for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Msg {
    /// Close the help, the editor or Mine.
    Close,
    OpenHelp(HelpTab),
    Tour(Tour),
    /// Open this choice (Mine, the importer).
    Select(ChoiceWire),
    /// The editor's Run.
    RunEdited(Scenario),
    /// An Explore knob changed.
    Explore(Scenario),
    ResetExplore,
    /// A sweep's point or a design matrix row.
    OpenPoint(Scenario, Mode, Option<Semantics>),
    /// Mine changed the saved scenarios: read them again (the header lists them).
    Saved,
    /// Predict: an answer, a skip, or "Show step n".
    Answer(usize),
    SkipQuestion,
    Seek(usize),
    /// The feature asks to be put away (the notice over a link of another model: "Stay").
    Done,
}

impl Msg {
    /// The player action, or why there is none.
    pub fn action(self) -> Result<Action, String> {
        Ok(match self {
            Msg::Close => Action::Close,
            Msg::OpenHelp(t) => Action::OpenHelp(t),
            Msg::Tour(t) => Action::Tour(t),
            Msg::Select(c) => Action::Select(c.choice()?),
            Msg::RunEdited(sc) => Action::RunEdited(Box::new(sc)),
            Msg::Explore(sc) => Action::Explore(Box::new(sc)),
            Msg::ResetExplore => Action::ResetExplore,
            Msg::OpenPoint(sc, m, s) => Action::OpenPoint(Box::new(sc), m, s),
            Msg::Answer(k) => Action::Answer(k),
            Msg::SkipQuestion => Action::SkipQuestion,
            Msg::Seek(s) => Action::Seek(s),
            Msg::Saved | Msg::Done => return Err(format!("{self:?} is not a player action")),
        })
    }

    /// The message for a player action a feature asks for (none for the actions only the
    /// player itself makes).
    pub fn of(a: Action) -> Option<Msg> {
        Some(match a {
            Action::Close => Msg::Close,
            Action::OpenHelp(t) => Msg::OpenHelp(t),
            Action::Tour(t) => Msg::Tour(t),
            Action::Select(c) => Msg::Select(ChoiceWire::from(&c)),
            Action::RunEdited(sc) => Msg::RunEdited(*sc),
            Action::Explore(sc) => Msg::Explore(*sc),
            Action::ResetExplore => Msg::ResetExplore,
            Action::OpenPoint(sc, m, s) => Msg::OpenPoint(*sc, m, s),
            Action::Answer(k) => Msg::Answer(k),
            Action::SkipQuestion => Msg::SkipQuestion,
            Action::Seek(s) => Msg::Seek(s),
            _ => return None,
        })
    }

    pub fn to_json(&self) -> String {
        json(self)
    }

    pub fn from_json(s: &str) -> Result<Msg, String> {
        serde_json::from_str(s).map_err(|e| e.to_string())
    }
}

/// The help's arguments.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HelpArgs {
    pub tab: HelpTab,
}

/// The tour's card (`stop`) or its offer (`offer`, with the stop a tour left midway resumes at).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TourArgs {
    pub stop: Option<usize>,
    pub resume: Option<usize>,
}

/// The Explore panel and the design matrix.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExploreArgs {
    pub scenario: Scenario,
    pub mode: Mode,
    /// The semantics the run follows.
    pub semantics: Semantics,
    /// The preset a variant was made from ("Reset to preset").
    pub base: Option<String>,
}

/// The notice over a link made with another model: which, and the link's query as opened.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModelArgs {
    pub model: u32,
    pub query: String,
}

/// The editor and Mine: the choice on screen.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChoiceArgs {
    pub choice: ChoiceWire,
}

/// Arguments that are empty (the importer).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NoArgs {}

/// Copy ▾ (`components::share::ShareMenu`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShareArgs {
    /// The view's query at step 0: the runs are simulated again from it.
    pub query: String,
    pub step: usize,
    pub total: usize,
    /// It opens open (the user opened it before this module was there).
    pub open: bool,
}

/// The arguments of a feature that has none.
pub fn no_args() -> String {
    json(&NoArgs::default())
}

/// JSON of any arguments.
///
/// Through `serde_json::Value`, which the link encoder already serializes scenarios into: one
/// serializer in the player's module instead of two.
pub fn json<T: Serialize>(args: &T) -> String {
    serde_json::to_value(args)
        .map(|v| v.to_string())
        .unwrap_or_default()
}
