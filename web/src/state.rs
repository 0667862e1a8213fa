//! The player: one `Reducible` state that every input goes through — buttons, keyboard, the
//! timeline, the URL and the playback timer all send the same `Action`s.
//!
//! The reducer is pure: it reads the player and the action and returns a player, and does
//! nothing else — no browser API, no global state. Performance marks (`crate::marks`), timers
//! (`crate::hooks`), the address bar and generation in slices (`crate::generate`) are effects
//! around it. This module and the ones it uses compile and run natively, and
//! `state/reducer_tests.rs` drives every action there.

mod action;
mod dialogs;
mod explore;
#[cfg(test)]
mod explore_tests;
mod generation;
pub mod lanes;
pub mod lite;
#[cfg(test)]
mod lite_tests;
pub mod loading;
mod open;
mod place;
#[cfg(test)]
mod reducer_tests;
mod stepping;
#[cfg(test)]
mod tests;
pub mod tour;
#[cfg(test)]
mod tour_tests;

pub use crate::choice::{plan, Choice, Source};
use crate::predict::Predict;
pub use action::Action;
use bulkpool_allocator::model::world::Work;
use bulkpool_allocator::{Event, Trace, World};
pub use lanes::{Align, Lane, LanesBy, LanesRef, Own};
use loading::{is_long, Loading, Then};
use std::rc::Rc;
pub use tour::Tour;
use yew::Reducible;

/// Playback speeds; 1× is one step every `BASE_STEP_MS`.
pub const SPEEDS: [f64; 6] = [0.25, 0.5, 1.0, 2.0, 4.0, 8.0];
pub const SPEED_LABELS: [&str; 6] = ["0.25×", "0.5×", "1×", "2×", "4×", "8×"];
pub const BASE_STEP_MS: f64 = 700.0;
const DEFAULT_SPEED: usize = 2;

/// A trace shared by components; compared by identity, never by content.
#[derive(Clone)]
pub struct TraceRef(pub Rc<Trace>);

impl PartialEq for TraceRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// A world shared by components; compared by identity.
#[derive(Clone)]
pub struct WorldRef(pub Rc<World>);

impl PartialEq for WorldRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    Main,
    Compare,
}

/// The help's tabs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum HelpTab {
    /// What this is, the story and the timeline of versions.
    #[default]
    About,
    /// The terms, gfp flags, source tags, colours and outcomes the panels use.
    Notation,
    Keyboard,
    /// docs/MODEL.md: how the model follows the kernel and what it simplifies.
    Model,
}

#[derive(Clone)]
pub struct Player {
    pub choice: Choice,
    pub trace: TraceRef,
    pub step: usize,
    pub world: WorldRef,
    /// Work counters one step earlier, to highlight what the step changed.
    pub prev_work: Work,
    pub playing: bool,
    pub speed: usize,
    pub view: View,
    pub help: bool,
    /// The help's tab shown.
    pub help_tab: HelpTab,
    /// The scenario editor is open.
    pub editor: bool,
    /// The "Mine" dialog (saved scenarios) is open.
    pub mine: bool,
    /// Lanes of the compare view, computed when it is first shown for a choice; their worlds
    /// follow the step while the compare view is shown.
    pub lanes: Option<Rc<Vec<Lane>>>,
    /// A message about input that could not be used as given (URL, invalid combination).
    pub notice: Option<String>,
    /// The compact player of `?embed=1`, for an iframe.
    pub embed: bool,
    /// Predict mode, when on.
    pub predict: Option<Predict>,
    /// Runs being generated in slices (a long scenario); the player shows what it showed
    /// before until they are ready.
    pub loading: Option<Rc<Loading>>,
    /// How many step actions have moved the step: the root component measures `step-render`
    /// when it changes (the action was marked when dispatched, `crate::marks`).
    pub moves: u32,
    /// Requests for runs generated in slices so far; a new request takes the next number as
    /// its `Loading::id`.
    pub requests: u32,
    /// The Explore panel (knobs and sweeps) is shown.
    pub explore: bool,
    /// The compare view's lanes: one per delivery mode or one per version.
    pub lanes_by: LanesBy,
    /// How the compare view lines its lanes up: by step, phase or time.
    pub align: Align,
    /// The guided tour's open stop (from 0), if it is open (`state::tour`).
    pub tour: Option<usize>,
    /// The stop to resume the tour at (the last one opened), and whether it was finished:
    /// kept in local storage by the app.
    pub tour_last: usize,
    pub tour_done: bool,
    /// The first visit's offer of the tour is shown.
    pub tour_offer: bool,
    /// The first module's player (`state::lite`) met an action only the whole app has: what
    /// it asks the whole app to do once loaded (`crate::full`), and how many times it has
    /// asked (each ask hands over again: the one before may have failed to load).
    pub upgrade: Option<(u32, String)>,
    /// Which reducer this player runs: the whole app's (`Player::apply`), given by the whole
    /// app's constructors (`from_run` and those built on it), or none, the first module's
    /// (`state::lite`, whose constructor is `of_run`). A function, not a flag, so that the
    /// first module, which never builds a whole app's player, does not carry its reducer.
    pub reducer: Option<Reducer>,
}

impl Player {
    /// The number of steps: the trace's, or in the compare view the longest lane's.
    pub fn len(&self) -> usize {
        match (&self.view, &self.lanes) {
            (View::Compare, Some(lanes)) => lanes::longest(lanes).max(self.trace.0.len()),
            _ => self.trace.0.len(),
        }
    }

    /// The step of the selected trace shown in the main view (the shared step, clamped).
    pub fn main_step(&self) -> usize {
        self.step.min(self.trace.0.len())
    }

    pub fn is_empty(&self) -> bool {
        self.trace.0.is_empty()
    }

    /// The event that led to the current step (none at step 0).
    pub fn event(&self) -> Option<&Event> {
        self.main_step()
            .checked_sub(1)
            .and_then(|i| self.trace.0.events.get(i))
    }

    pub fn step_ms(&self) -> u32 {
        (BASE_STEP_MS / SPEEDS[self.speed]) as u32
    }

    /// The player's run and its world, for its mode's lane.
    fn own(&self) -> Own<'_> {
        Own {
            trace: &self.trace.0,
            world: &self.world,
            at: self.main_step(),
        }
    }

    /// What `reduce` does, but for counting the step actions that moved the step.
    fn apply(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::Step(_) | Action::Seek(_) | Action::First | Action::Last | Action::Tick => {
                self.step_to(action)
            }
            Action::Play | Action::Pause | Action::Toggle => self.play(action),
            Action::Faster | Action::Slower | Action::SetSpeed(_) => self.speed(action),
            Action::Select(choice) => {
                if choice == self.choice {
                    return self;
                }
                // A choice that cannot run leaves the page as it was, with a notice.
                let p = match Player::try_open(choice, 0, self.view, None, Some(&self)) {
                    Ok(p) => p,
                    Err(e) => {
                        return Rc::new(Player {
                            notice: Some(format!("The scenario cannot run: {e}")),
                            ..(*self).clone()
                        })
                    }
                };
                if p.loading.is_some() {
                    return Rc::new(p);
                }
                let mut p = Player {
                    embed: self.embed,
                    ..self.carried(p)
                };
                if self.predict.is_some() {
                    p.predict = Some(Predict::new(&p.choice, &p.trace.0));
                }
                if p.choice.related(&self.choice) {
                    p.keep_place(&self);
                }
                Rc::new(p)
            }
            Action::RunEdited(sc) => {
                // Unchanged: nothing to run; the preset and its short link stay.
                if *sc == self.choice.scenario() {
                    return Rc::new(Player {
                        editor: false,
                        ..(*self).clone()
                    });
                }
                let choice = self.choice.edited(*sc);
                self.apply(Action::Select(choice))
            }
            Action::SetView(view) => {
                if view == self.view {
                    return self;
                }
                if view == View::Compare
                    && self.lanes.is_none()
                    && is_long(&self.choice.scenario(), self.choice.mode)
                {
                    let id = self.requests + 1;
                    let jobs = lanes::jobs(&self.choice, self.lanes_by);
                    return Rc::new(Player {
                        loading: Some(Rc::new(Loading::new(id, Then::Lanes, jobs))),
                        requests: id,
                        playing: false,
                        ..(*self).clone()
                    });
                }
                let lanes = match (view, &self.lanes) {
                    (View::Compare, None) => Some(lanes::compute(
                        &self.choice,
                        self.lanes_by,
                        self.own(),
                        self.step,
                        self.align,
                    )),
                    (View::Compare, Some(l)) => {
                        Some(lanes::seek(l, self.step, self.own(), self.align))
                    }
                    (View::Main, l) => l.clone(),
                };
                let p = Player {
                    view,
                    lanes,
                    ..(*self).clone()
                };
                let step = p.step.min(p.len());
                Rc::new(if step == p.step { p } else { p.at(step) })
            }
            Action::OpenEditor
            | Action::ToggleHelp
            | Action::OpenHelp(_)
            | Action::Close
            | Action::OpenMine => self.dialog(action),
            Action::Restore(p) => self.restore(p),
            Action::Progress(events) => self.progress(events),
            Action::CancelLoading => self.cancel_loading(),
            Action::Generated(results) => self.generated(&results),
            Action::TogglePredict => Rc::new(Player {
                predict: match self.predict {
                    Some(_) => None,
                    None => Some(Predict::new(&self.choice, &self.trace.0)),
                },
                playing: false,
                ..(*self).clone()
            }),
            Action::Answer(k) => {
                let mut p = (*self).clone();
                let Some(to) = p.predict.as_mut().and_then(|pr| pr.answer(k)) else {
                    return self;
                };
                let mut p = p.at(to);
                p.playing = false;
                Rc::new(p)
            }
            Action::SkipQuestion => {
                let mut p = (*self).clone();
                let Some(i) = p.predict.as_mut().and_then(|pr| pr.pending.take()) else {
                    return self;
                };
                if let Some(pr) = p.predict.as_mut() {
                    pr.answered[i] = true;
                }
                let to = p.step + 1;
                Rc::new(p.at(to))
            }
            Action::SetLanesBy(by) => self.set_lanes_by(by),
            Action::ToggleExplore => Rc::new(Player {
                explore: !self.explore,
                ..(*self).clone()
            }),
            Action::Explore(sc) => self.explore_to(*sc),
            Action::ResetExplore => self.reset_explore(),
            Action::OpenPoint(sc, mode, semantics) => self.open_point(*sc, mode, semantics),
            Action::SetAlign(align) => {
                if align == self.align {
                    return self;
                }
                let lanes = match (self.view, &self.lanes) {
                    (View::Compare, Some(l)) => Some(lanes::seek(l, self.step, self.own(), align)),
                    (_, l) => l.clone(),
                };
                Rc::new(Player {
                    align,
                    lanes,
                    ..(*self).clone()
                })
            }
            Action::Tour(t) => self.tour(t),
            Action::Page(dir) => self.page(dir),
            Action::Escape => self.escape(),
            Action::DismissNotice => Rc::new(Player {
                notice: None,
                ..(*self).clone()
            }),
        }
    }
}

/// A player's reducer (`Player::reducer`).
pub type Reducer = fn(Rc<Player>, Action) -> Rc<Player>;

fn full_reduce(p: Rc<Player>, action: Action) -> Rc<Player> {
    p.apply(action)
}

impl Reducible for Player {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let (timed, before) = (action.moves_step(), self.step);
        let mut next = match self.reducer {
            Some(full) => full(self, action),
            None => self.lite(action),
        };
        if timed && next.step != before {
            Rc::make_mut(&mut next).moves += 1;
        }
        next
    }
}
