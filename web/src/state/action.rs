//! What the player can be asked to do: every input (buttons, keys, the timeline, the URL,
//! the playback timer, a long run's generation) is one of these `Action`s.

use super::{Align, Choice, HelpTab, LanesBy, Player, Tour, View};
use bulkpool_allocator::Trace;
use std::rc::Rc;

pub enum Action {
    Step(isize),
    Seek(usize),
    First,
    Last,
    Toggle,
    Play,
    Pause,
    Tick,
    Faster,
    Slower,
    SetSpeed(usize),
    Select(Choice),
    SetView(View),
    ToggleHelp,
    /// Opens the help at a tab (or shows that tab).
    OpenHelp(HelpTab),
    /// Closes the help and the editor.
    Close,
    OpenEditor,
    OpenMine,
    DismissNotice,
    /// Back or Forward: the choice, step and view of a history entry, replacing the player.
    Restore(Box<Player>),
    /// The editor's Run: a scenario made from the current one.
    RunEdited(Box<bulkpool_allocator::Scenario>),
    /// A long run's generation: events so far.
    Progress(u64),
    /// Its runs, in the order of the request's jobs.
    Generated(Rc<Vec<Result<Rc<Trace>, String>>>),
    /// Stop generating.
    CancelLoading,
    /// Predict mode on or off.
    TogglePredict,
    /// Answer the pending question with choice n (0-based).
    Answer(usize),
    /// Go on without answering.
    SkipQuestion,
    /// The Explore panel on or off.
    ToggleExplore,
    /// The compare view's lanes by delivery mode or by version.
    SetLanesBy(LanesBy),
    /// The compare view's lanes lined up by step, phase or time.
    SetAlign(Align),
    /// A knob of the Explore panel changed: run this scenario (the current one's own scenario
    /// with the change), in the same mode and semantics, keeping the place.
    Explore(Box<bulkpool_allocator::Scenario>),
    /// Undo the knobs: the preset the scenario was made from, in the same mode and semantics.
    ResetExplore,
    /// The guided tour: open a stop, resume, next, back, close, or decline the offer.
    Tour(Tour),
    /// PageDown (1) or PageUp (-1): the next or previous stop while the tour is open, else
    /// ten steps.
    Page(isize),
    /// Escape with no dialog open: leaves the tour.
    Escape,
    /// A sweep's point: this scenario in this mode and semantics (None: the scenario's own),
    /// in the step view.
    OpenPoint(
        Box<bulkpool_allocator::Scenario>,
        bulkpool_allocator::Mode,
        Option<bulkpool_allocator::Semantics>,
    ),
}

impl Action {
    /// A step action: one that moves the player along its run. Dispatching one is timed
    /// (`crate::marks::dispatch`), and `Player::moves` counts those that moved the step.
    pub fn moves_step(&self) -> bool {
        matches!(
            self,
            Action::Step(_)
                | Action::Seek(_)
                | Action::First
                | Action::Last
                | Action::Tick
                | Action::Answer(_)
                | Action::SkipQuestion
                | Action::Page(_)
        )
    }
}
