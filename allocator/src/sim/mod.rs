//! The simulator: each task's program is an `async` function that reads the world and emits
//! events; `emit` applies the event and yields, so one poll = one step. The executor below picks
//! which task to poll (run queue order, preemption at lock releases), advances the clock when
//! every task waits, and records the events and periodic checkpoints that make a `Trace`.

mod alloc;
mod consumer;
mod ctx;
mod dmcrypt;
mod mainline;
mod mempool;
mod page;
mod program;
mod yangshi;

pub(crate) use ctx::Ctx;

use crate::model::types::{Mode, TaskId};
use crate::model::world::{TaskState, World};
use crate::scenario::layout::build_world;
use crate::scenario::{limits, Preempt, Scenario, ScenarioError};
use crate::trace::event::{Event, EventKind, FreeTo, From, Phase};
use crate::trace::listing::{Line, Listing};
use crate::trace::{End, Trace};
use ctx::{Env, PoolLock, Shared};
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

const KSWAPD_TICK_MS: u64 = 100;

/// Runs a scenario in one delivery mode and returns its trace.
pub fn simulate(scenario: &Scenario, mode: Mode) -> Result<Trace, ScenarioError> {
    let mut sim = Simulation::new(scenario, mode)?;
    loop {
        if let Some(done) = sim.run(usize::MAX) {
            return done;
        }
    }
}

type Program = Pin<Box<dyn Future<Output = ()>>>;

/// A run in progress, to be advanced a slice at a time (`run`), so that a long run can yield
/// to a browser's event loop between slices. `simulate` is one slice of unlimited size.
pub struct Simulation {
    scenario: Scenario,
    mode: Mode,
    rules: crate::model::policy::Rules,
    /// The world before the first step: copied by the first `run` (so that setting up and
    /// copying a large world are two slices), taken when the run ends.
    initial: Option<World>,
    started: bool,
    /// The world and what was recorded; taken when the run ends.
    shared: Option<Rc<RefCell<Shared>>>,
    tasks: Vec<Program>,
}

impl Simulation {
    /// Validates the scenario and sets the run up; nothing has happened yet.
    pub fn new(scenario: &Scenario, mode: Mode) -> Result<Simulation, ScenarioError> {
        let semantics = scenario.validate(mode)?;
        let initial = build_world(scenario, mode, semantics)?;
        let rules = scenario.rules_for(mode);
        let policies = rules.policies;
        let env = Rc::new(Env {
            sem: semantics,
            mode,
            pool_kind: initial.pool.as_ref().map(|p| p.kind),
            policies,
            first_override: scenario.policy.first,
        });
        let shared = Rc::new(RefCell::new(Shared::new(initial)));
        let tasks = scenario
            .tasks
            .iter()
            .enumerate()
            .map(|(i, spec)| {
                let ctx = Ctx::new(shared.clone(), env.clone(), i as TaskId);
                let fut: Program = Box::pin(program::run(ctx, spec.ops.clone()));
                fut
            })
            .collect();
        Ok(Simulation {
            scenario: scenario.clone(),
            mode,

            initial: None,
            started: false,
            shared: Some(shared),
            tasks,
            rules,
        })
    }

    /// Events so far.
    pub fn events(&self) -> usize {
        self.shared.as_ref().map_or(0, |s| s.borrow().events.len())
    }

    /// Events until the next checkpoint, a copy of the whole world (about 10 bytes a frame:
    /// milliseconds for a zone of 2^20 frames); 0 before the first step and after the end. A
    /// caller that runs in time slices starts a slice before it, so that the copy never lands
    /// at the end of a full one.
    pub fn events_to_checkpoint(&self) -> usize {
        match (&self.shared, self.started) {
            (Some(s), true) => {
                let s = s.borrow();
                let every = s.checkpoints.interval();
                every - s.events.len() % every
            }
            _ => 0,
        }
    }

    /// What one checkpoint's copy of the world takes, in bytes (estimated, as the checkpoints'
    /// budget counts it); 0 after the end.
    pub fn world_bytes(&self) -> usize {
        self.shared
            .as_ref()
            .map_or(0, |s| s.borrow().world().approx_bytes())
    }

    /// At most how many events the whole run has (`Scenario::estimate_events`).
    pub fn estimate(&self) -> u64 {
        self.scenario.estimate_events(self.mode)
    }

    /// The world before the first step and the events so far: the prefix of a run that has
    /// not ended, for a test that stops a long run early. `None` before the first slice and
    /// after the end (when `run` has returned the whole trace).
    pub fn prefix(&self) -> Option<(World, Vec<Event>)> {
        let initial = self.initial.clone()?;
        let events = self.shared.as_ref()?.borrow().events.clone();
        Some((initial, events))
    }

    /// Advances the run by at most `budget` scheduler steps (a task's poll or a timer). Returns
    /// the trace once the run has ended, `None` while it goes on. After it has returned the
    /// trace, it returns an error.
    pub fn run(&mut self, budget: usize) -> Option<Result<Trace, ScenarioError>> {
        let Some(shared) = self.shared.clone() else {
            return Some(Err(ScenarioError {
                field: "scenario".into(),
                message: "internal error: the run has already ended".into(),
            }));
        };
        if !self.started {
            self.started = true;
            self.initial = Some(shared.borrow().world().clone());
            // A slice of its own where the world is large (its copy is most of the set-up).
            if budget != usize::MAX {
                return None;
            }
        }
        let preempt = self.scenario.preempt;
        let horizon = self.scenario.horizon_ms;
        let waker = Waker::noop();
        let mut cx = Context::from_waker(waker);
        for _ in 0..budget {
            let (before, front) = {
                let s = shared.borrow();
                (s.events.len(), s.world().runq.front().copied())
            };
            if before as u64 >= limits::MAX_EVENTS {
                self.tasks.clear();
                self.shared = None;
                return Some(Err(ScenarioError {
                    field: "scenario".into(),
                    message: format!("the run reached the limit of {} events", limits::MAX_EVENTS),
                }));
            }
            let end = match front {
                Some(t) => {
                    if self.tasks[t as usize].as_mut().poll(&mut cx) == Poll::Ready(()) {
                        // A program always ends with TaskDone, which leaves the run queue; a
                        // program that ended without it is a bug of the simulator, reported
                        // as such (never repaired by changing the world outside an event).
                        self.tasks.clear();
                        self.shared = None;
                        return Some(Err(ScenarioError {
                            field: "scenario".into(),
                            message: format!("internal error: task {t}'s program ended without its TaskDone step; please report it"),
                        }));
                    }
                    let mut s = shared.borrow_mut();
                    if s.events.len() > before {
                        maybe_preempt(&mut s, t, preempt);
                    }
                    None
                }
                None => {
                    let mut s = shared.borrow_mut();
                    match next_timer(s.world()) {
                        Some((at, _)) if at > horizon => Some(End::Horizon),
                        Some((_, mut ev)) => {
                            if let EventKind::Timeout { task, .. } = ev.kind {
                                // The timeout resumes the sleeper's own listing at its sleep line.
                                if let Some(sleep) = s.events.iter().rev().find(|e| {
                                    e.task == task && matches!(e.kind, EventKind::Sleep { .. })
                                }) {
                                    ev.line = sleep.line;
                                }
                            }
                            s.push(ev);
                            None
                        }
                        None if s.world().tasks.iter().all(|t| t.state == TaskState::Done) => {
                            Some(End::Done)
                        }
                        None => Some(End::Stalled),
                    }
                }
            };
            if let Some(end) = end {
                drop(shared);
                return Some(self.finish(end));
            }
        }
        None
    }

    fn finish(&mut self, end: End) -> Result<Trace, ScenarioError> {
        // The programs hold the other references to the shared state: drop them first.
        self.tasks.clear();
        let gone = || ScenarioError {
            field: "scenario".into(),
            message: "internal error: a task outlived the run".into(),
        };
        let shared = self.shared.take().ok_or_else(gone)?;
        let shared = Rc::try_unwrap(shared).map_err(|_| gone())?;
        let (world, events, checkpoints) = shared.into_inner().into_parts();
        Ok(Trace::new(
            self.scenario.clone(),
            self.mode,
            self.rules,
            self.initial.take().ok_or_else(gone)?,
            events,
            checkpoints,
            world,
            end,
        ))
    }
}

/// Whether the last event released a lock at which this scenario's scheduler switches tasks.
/// `lock` is what the emitting code said about the pool lock; by default the event's kind
/// decides.
fn is_switch_point(ev: &Event, preempt: Preempt, lock: PoolLock) -> bool {
    if lock == PoolLock::Held || preempt == Preempt::None {
        return false;
    }
    // A take from the reserve releases the pool lock, unless it was emitted with the lock
    // kept (`emit_locked`: v6.19 fills every hole under one hold).
    let pool_lock = lock == PoolLock::Released
        || matches!(
            ev.kind,
            EventKind::Take {
                from: From::Pool,
                ..
            }
        )
        || matches!(
            ev.kind,
            EventKind::DrainEnd { .. }
                | EventKind::PoolShort { .. }
                | EventKind::Free {
                    to: FreeTo::Pool,
                    ..
                }
        );
    let other_lock = matches!(
        ev.kind,
        EventKind::BulkReturn { .. }
            | EventKind::Take {
                from: From::Pcp | From::Buddy,
                pgalloc: true,
                ..
            }
            | EventKind::Free {
                to: FreeTo::Pcp | FreeTo::Buddy,
                ..
            }
            | EventKind::DirectReclaim { .. }
    );
    match preempt {
        Preempt::None => false,
        Preempt::PoolLock => pool_lock,
        Preempt::AnyLock => pool_lock || other_lock,
    }
}

fn maybe_preempt(s: &mut Shared, t: TaskId, preempt: Preempt) {
    let Some(last) = s.events.last().copied() else {
        return;
    };
    let w = s.world();
    if w.runq.front() != Some(&t)
        || w.runq.len() < 2
        || !is_switch_point(&last, preempt, s.pool_lock)
    {
        return;
    }
    let to = w.runq[1];
    s.push(Event {
        task: t,
        phase: last.phase,
        line: last.line,
        kind: EventKind::Switch { to },
    });
}

/// The next thing to happen when every task waits: a sleeper's timeout, an I/O completion, or
/// kswapd's next 100 ms of reclaim (or kswapd going back to sleep).
fn next_timer(w: &World) -> Option<(u64, Event)> {
    let mut best: Option<(u64, Event)> = None;
    let mut consider = |at: u64, ev: Event| {
        if best.as_ref().is_none_or(|(b, _)| at < *b) {
            best = Some((at, ev));
        }
    };
    for (i, task) in w.tasks.iter().enumerate() {
        let t = i as TaskId;
        match task.state {
            TaskState::SleepingOnPool { deadline_ms, .. } => consider(
                deadline_ms,
                Event {
                    task: t,
                    phase: Phase::Wake,
                    line: Line(Listing::Task, 4),
                    kind: EventKind::Timeout {
                        task: t,
                        at_ms: deadline_ms,
                    },
                },
            ),
            TaskState::Io { until_ms } => consider(
                until_ms,
                Event {
                    task: t,
                    phase: Phase::Setup,
                    line: Line(Listing::Task, 3),
                    kind: EventKind::IoDone { at_ms: until_ms },
                },
            ),
            _ => {}
        }
    }
    let k = &w.zone.kswapd;
    if k.awake {
        // kswapd's balance test is strict, as `__zone_watermark_ok`: free > high.
        let done = w.zone.buddy.nr_free_pages() > w.zone.wmark.high || w.zone.reclaim.is_empty();
        let system = crate::model::types::SYSTEM;
        if done {
            consider(
                w.now_ms,
                Event {
                    task: system,
                    phase: Phase::Setup,
                    line: Line(Listing::Task, 5),
                    kind: EventKind::KswapdSleep {
                        balanced: w.zone.buddy.nr_free_pages() > w.zone.wmark.high,
                    },
                },
            );
        } else if k.rate > 0 {
            let at = w.now_ms + KSWAPD_TICK_MS;
            consider(
                at,
                Event {
                    task: system,
                    phase: Phase::Setup,
                    line: Line(Listing::Task, 5),
                    kind: EventKind::KswapdReclaim {
                        freed: 0,
                        at_ms: at,
                    },
                },
            );
        }
    }
    best
}
