//! The first module's player (`crate::lite`): the step view of a preset, stepped, played and
//! switched to another preset, mode or semantics. Any other action is one for the whole app
//! (`crate::full`), loaded on first use: the player records what to do there (`upgrade`) and
//! the page hands over to it. The actions it shares with the whole app's reducer run the same
//! code (`Player::at`, `play`, `speed`, `keep_place`).

use super::{Action, HelpTab, Player, View};
use std::rc::Rc;

/// What the whole app does first after taking over from the first module (`crate::full`):
/// the action that asked for it, by name. "" is nothing.
pub fn upgrade_for(action: &Action) -> String {
    let help = |t: HelpTab| {
        match t {
            HelpTab::About => "help:about",
            HelpTab::Notation => "help:notation",
            HelpTab::Keyboard => "help:keyboard",
            HelpTab::Model => "help:model",
        }
        .to_string()
    };
    match action {
        Action::OpenHelp(t) => help(*t),
        Action::ToggleHelp => help(HelpTab::Keyboard),
        Action::Tour(_) => "tour".into(),
        Action::ToggleExplore => "explore".into(),
        Action::TogglePredict => "predict".into(),
        Action::OpenEditor => "editor".into(),
        Action::OpenMine => "mine".into(),
        Action::SetView(View::Compare) => "compare".into(),
        _ => String::new(),
    }
}

/// The action `upgrade_for` named, for the whole app (none for "", for "open:<query>", which
/// it opens instead of the address bar's, and for what it does on the page itself: "import",
/// "copy", "legend").
pub fn action_for(upgrade: &str) -> Option<Action> {
    Some(match upgrade {
        "help:about" => Action::OpenHelp(HelpTab::About),
        "help:notation" => Action::OpenHelp(HelpTab::Notation),
        "help:keyboard" => Action::OpenHelp(HelpTab::Keyboard),
        "help:model" => Action::OpenHelp(HelpTab::Model),
        "tour" => Action::Tour(super::Tour::Resume),
        "explore" => Action::ToggleExplore,
        "predict" => Action::TogglePredict,
        "editor" => Action::OpenEditor,
        "mine" => Action::OpenMine,
        "compare" => Action::SetView(View::Compare),
        _ => return None,
    })
}

/// The query of a preset's choice at a step (`link::encode`'s, written without its scenario
/// encoder); none for a user's scenario.
pub fn query_of(choice: &super::Choice, step: usize, embed: bool) -> Option<String> {
    use bulkpool_allocator::view::link::{encode_preset, Link, Source, View as LinkView};
    let id = choice.preset()?.id;
    Some(encode_preset(
        id,
        &Link {
            source: Source::Preset(id),
            mode: Some(choice.mode),
            semantics: choice.semantics,
            step,
            view: LinkView::Step,
            embed,
        },
    ))
}

impl Player {
    /// The player for a preset's choice at a step, or `None` when only the whole app can show
    /// it (a fallback with its notice, a step past the end).
    pub fn lite_open(choice: super::Choice, step: usize) -> Option<Player> {
        if choice.is_custom() {
            return None;
        }
        let (c, fallback) = super::plan(&choice).ok()?;
        if fallback.is_some() || super::loading::is_long(&c.scenario(), c.mode) {
            return None;
        }
        let trace = crate::choice::run(&c).ok()?;
        if step > trace.len() {
            return None;
        }
        Some(Player::of_run(c, trace, step, View::Main, None))
    }

    /// The first module's reducer.
    pub(super) fn lite(self: Rc<Self>, action: Action) -> Rc<Self> {
        let len = self.len();
        // Its own seek, not `Player::step_to`: that one asks Predict's questions, code the
        // first module would then carry (+495 B gzip, measured) for players that never predict.
        let seek = |to: usize| -> Rc<Self> {
            let to = to.min(len);
            if to == self.step {
                self.clone()
            } else {
                Rc::new(self.at(to))
            }
        };
        match action {
            Action::Step(n) => seek(self.step.saturating_add_signed(n)),
            Action::Page(n) => seek(self.step.saturating_add_signed(10 * n.signum())),
            Action::Seek(i) => seek(i),
            Action::First => seek(0),
            Action::Last => seek(len),
            Action::Tick if self.step >= len => Rc::new(Player {
                playing: false,
                ..(*self).clone()
            }),
            Action::Tick => seek(self.step + 1),
            Action::Play | Action::Pause | Action::Toggle => self.play(action),
            Action::Faster | Action::Slower | Action::SetSpeed(_) => self.speed(action),
            Action::Select(choice) if choice == self.choice => self,
            Action::Select(choice) => match Player::lite_open(choice.clone(), 0) {
                Some(p) => {
                    let mut p = Player {
                        speed: self.speed,
                        moves: self.moves,
                        embed: self.embed,
                        ..p
                    };
                    if p.choice.related(&self.choice) {
                        p.keep_place(&self);
                    }
                    Rc::new(p)
                }
                // Another choice the whole app opens (with its notice).
                None => {
                    let to = query_of(&choice, 0, self.embed).unwrap_or_default();
                    self.hand_over(format!("open:{to}"))
                }
            },
            Action::DismissNotice => Rc::new(Player {
                notice: None,
                ..(*self).clone()
            }),
            // Nothing to do without a tour, a question or a dialog.
            Action::SetView(View::Main)
            | Action::Escape
            | Action::Answer(_)
            | Action::SkipQuestion
            | Action::Close => self,
            other => self.hand_over(upgrade_for(&other)),
        }
    }

    fn hand_over(self: Rc<Self>, upgrade: String) -> Rc<Self> {
        let asked = self.upgrade.as_ref().map_or(0, |u| u.0).wrapping_add(1);
        Rc::new(Player {
            upgrade: Some((asked, upgrade)),
            playing: false,
            ..(*self).clone()
        })
    }
}
