//! A run's trace: the initial world, one event per step, and checkpoints so that the world at
//! any step is rebuilt in O(events since the nearest checkpoint).

pub(crate) mod apply;
pub mod ending;
pub mod event;
mod holdings;
pub mod invariants;
pub mod listing;

use crate::model::policy::Rules;
use crate::model::types::{Mode, Semantics};
use crate::model::world::World;
use crate::scenario::Scenario;
use crate::trace::event::Event;
use serde::Serialize;

/// Memory the checkpoints of one trace may use, in bytes (estimated).
const CHECKPOINT_BUDGET: usize = 48 << 20;
/// The finest checkpoint interval, in events.
const MIN_INTERVAL: usize = 32;

/// Worlds after every `interval` events. When there are too many for the budget, every other
/// one is dropped and the interval doubles, so memory stays bounded on long runs.
#[derive(Clone, Debug)]
pub struct Checkpoints {
    interval: usize,
    max: usize,
    saved: Vec<(usize, World)>,
}

impl Checkpoints {
    pub fn new(initial: &World) -> Checkpoints {
        let bytes = initial.approx_bytes().max(1);
        let max = (CHECKPOINT_BUDGET / bytes).clamp(4, 4096);
        // Copying a world costs about as much as replaying bytes / 256 events: checkpoint no
        // more often than that, so checkpoints never dominate generation time.
        let interval = (bytes / 256).next_power_of_two().max(MIN_INTERVAL);
        Checkpoints {
            interval,
            max,
            saved: Vec::new(),
        }
    }

    /// Called after each event with the number of events so far.
    pub fn after_event(&mut self, step: usize, world: &World) {
        if !step.is_multiple_of(self.interval) {
            return;
        }
        self.saved.push((step, world.clone()));
        if self.saved.len() > self.max {
            self.interval *= 2;
            let interval = self.interval;
            self.saved.retain(|(s, _)| s.is_multiple_of(interval));
        }
    }

    pub fn interval(&self) -> usize {
        self.interval
    }

    pub fn len(&self) -> usize {
        self.saved.len()
    }

    /// The steps whose world is saved, in order.
    pub fn steps(&self) -> Vec<usize> {
        self.saved.iter().map(|(s, _)| *s).collect()
    }

    pub fn is_empty(&self) -> bool {
        self.saved.is_empty()
    }

    fn nearest(&self, step: usize) -> Option<&(usize, World)> {
        let i = self.saved.partition_point(|(s, _)| *s <= step);
        i.checked_sub(1).map(|i| &self.saved[i])
    }
}

/// Why a run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum End {
    /// Every task finished its program.
    Done,
    /// Simulated time reached the scenario's horizon with tasks still waiting.
    Horizon,
    /// Tasks wait for something that can never happen (no timer, nobody runnable).
    Stalled,
}

#[derive(Clone, Debug)]
pub struct Trace {
    pub scenario: Scenario,
    pub mode: Mode,
    pub semantics: Semantics,
    /// The design choices the run followed (`model::policy`): its semantics' own unless the
    /// scenario departs from them (a what-if).
    pub rules: Rules,
    pub initial: World,
    pub events: Vec<Event>,
    checkpoints: Checkpoints,
    final_world: World,
    pub end: End,
    /// How the run ended, once `explain::outcome::classify` has decided it.
    outcome: std::cell::OnceCell<ending::Outcome>,
    /// The listing lines some step reaches, once `reached` has looked.
    reached: std::cell::OnceCell<listing::Reached>,
}

impl Trace {
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        scenario: Scenario,
        mode: Mode,
        rules: Rules,
        initial: World,
        events: Vec<Event>,
        checkpoints: Checkpoints,
        final_world: World,
        end: End,
    ) -> Trace {
        Trace {
            scenario,
            mode,
            semantics: rules.sem,
            rules,
            initial,
            events,
            checkpoints,
            final_world,
            end,
            outcome: std::cell::OnceCell::new(),
            reached: std::cell::OnceCell::new(),
        }
    }

    /// The lines of each pseudo-code listing that some step of this run reaches (one pass over
    /// the events, the first time it is asked).
    pub fn reached(&self) -> &listing::Reached {
        self.reached
            .get_or_init(|| listing::Reached::of(self.events.iter().map(|e| e.line)))
    }

    /// The cache of `explain::outcome::classify`.
    pub(crate) fn outcome_cache(&self) -> &std::cell::OnceCell<ending::Outcome> {
        &self.outcome
    }

    /// What the run followed: its semantics and its policies.
    pub fn rules(&self) -> Rules {
        self.rules
    }

    /// The number of steps after the initial state.
    pub fn len(&self) -> usize {
        self.events.len()
    }

    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    pub fn final_world(&self) -> &World {
        &self.final_world
    }

    pub fn task_name(&self, task: crate::model::types::TaskId) -> &str {
        self.scenario
            .tasks
            .get(task as usize)
            .map_or("system", |t| t.name.as_str())
    }

    pub fn checkpoint_interval(&self) -> usize {
        self.checkpoints.interval()
    }

    /// The steps with a saved world (checkpoints), in order.
    pub fn checkpoint_steps(&self) -> Vec<usize> {
        self.checkpoints.steps()
    }

    /// The world after `step` events (0 = the initial state). `step` is clamped to the length.
    pub fn state_at(&self, step: usize) -> World {
        let step = step.min(self.len());
        if step == self.len() {
            return self.final_world.clone();
        }
        let (from, mut world) = match self.checkpoints.nearest(step) {
            Some((s, w)) => (*s, w.clone()),
            None => (0, self.initial.clone()),
        };
        self.replay(&mut world, from, step);
        world
    }

    /// Moves `world`, which is the state after `from` events, to the state after `to` events.
    /// Forward moves replay; backward moves rebuild from the nearest checkpoint.
    pub fn seek(&self, world: &mut World, from: usize, to: usize) {
        let to = to.min(self.len());
        if to >= from && to - from <= self.checkpoints.interval() {
            self.replay(world, from, to);
        } else {
            *world = self.state_at(to);
        }
    }

    /// Replays the whole run from its initial world: `f` gets each event's index, the event
    /// and the world just after it. The one walk over a run that the text account, the JSON
    /// output and the tests share.
    pub fn for_each_step<'a>(&'a self, mut f: impl FnMut(usize, &'a Event, &World)) {
        let mut world = self.initial.clone();
        for (i, ev) in self.events.iter().enumerate() {
            let mut applied = *ev;
            world.apply(&mut applied);
            f(i, ev, &world);
        }
    }

    fn replay(&self, world: &mut World, from: usize, to: usize) {
        for ev in &self.events[from..to] {
            let mut ev = *ev;
            world.apply(&mut ev);
        }
    }
}
