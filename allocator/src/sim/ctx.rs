//! The context a task's program runs with: read access to the world, the current phase, and
//! `emit`, which applies one event and yields so the executor can schedule the next step.

use crate::model::types::{Mode, Semantics, TaskId};
use crate::model::world::{PoolKind, World};
use crate::trace::event::{Event, EventKind, Phase};
use crate::trace::listing::Line;
use crate::trace::Checkpoints;
use std::cell::{Cell, Ref, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

/// What a run is configured with: fixed for the whole run.
pub(crate) struct Env {
    /// The era facts and provenance of the run (never a policy: those are `policies`).
    pub sem: Semantics,
    pub mode: Mode,
    pub pool_kind: Option<PoolKind>,
    /// The design choices the run follows.
    pub policies: crate::model::policy::Policies,
    /// The scenario's own choice of who calls the bulk allocator first, if it departs from
    /// the version's: otherwise each mempool bulk op's `bulk_first` decides under v6.19.
    pub first_override: Option<crate::model::policy::FirstCall>,
}

impl Env {
    /// Who calls the bulk allocator first for a mempool bulk op with this `bulk_first`.
    pub fn first_call(&self, bulk_first: bool) -> crate::model::policy::FirstCall {
        use crate::model::policy::FirstCall;
        match (self.first_override, self.policies.first) {
            (Some(f), _) => f,
            (None, FirstCall::Mempool) => FirstCall::Mempool,
            (None, _) if bulk_first => FirstCall::Caller,
            (None, _) => FirstCall::Nobody,
        }
    }
}

/// What the step just emitted does to the mempool's lock, for the scheduler's switch points.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PoolLock {
    /// Inferred from the event's kind (sim/mod.rs `is_switch_point`).
    Auto,
    /// The step runs with the pool lock held and keeps it: nothing else may run before the
    /// task's next step (v6.0 `mempool_alloc` from its "reserve empty" test to
    /// `prepare_to_wait`, and the same tails of v2 and v6.19; v6.19 filling every hole of
    /// the array from the reserve).
    Held,
    /// The step ends by releasing the pool lock.
    Released,
}

/// The state every task shares: the world, the events so far and the checkpoints. The world
/// is private to this file: the executor and the programs read it (`world`), and `push`, which
/// applies an event with `World::apply` and records it, is the only way to change it.
pub(crate) struct Shared {
    world: World,
    pub events: Vec<Event>,
    pub checkpoints: Checkpoints,
    /// How the last event left the pool lock.
    pub pool_lock: PoolLock,
}

impl Shared {
    pub fn new(world: World) -> Shared {
        Shared {
            checkpoints: Checkpoints::new(&world),
            world,
            events: Vec::new(),
            pool_lock: PoolLock::Auto,
        }
    }

    pub fn world(&self) -> &World {
        &self.world
    }

    /// The final world, the events and the checkpoints, once the run has ended.
    pub fn into_parts(self) -> (World, Vec<Event>, Checkpoints) {
        (self.world, self.events, self.checkpoints)
    }

    /// Applies and records one event; returns it with its outcome fields filled in.
    pub fn push(&mut self, mut ev: Event) -> EventKind {
        self.world.apply(&mut ev);
        self.events.push(ev);
        self.checkpoints.after_event(self.events.len(), &self.world);
        ev.kind
    }
}

#[derive(Clone)]
pub(crate) struct Ctx {
    shared: Rc<RefCell<Shared>>,
    pub env: Rc<Env>,
    pub task: TaskId,
    phase: Rc<Cell<Phase>>,
}

/// The end of one step: `Pending` once, then the applied event's outcome.
#[must_use = "a step ends only when it is awaited"]
pub(crate) struct Step {
    kind: EventKind,
    yielded: bool,
}

impl Future for Step {
    type Output = EventKind;
    fn poll(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<EventKind> {
        if self.yielded {
            Poll::Ready(self.kind)
        } else {
            self.yielded = true;
            Poll::Pending
        }
    }
}

impl Ctx {
    pub fn new(shared: Rc<RefCell<Shared>>, env: Rc<Env>, task: TaskId) -> Ctx {
        Ctx {
            shared,
            env,
            task,
            phase: Rc::new(Cell::new(Phase::Setup)),
        }
    }

    pub fn world(&self) -> Ref<'_, World> {
        Ref::map(self.shared.borrow(), |s| &s.world)
    }

    pub fn set_phase(&self, phase: Phase) {
        self.phase.set(phase);
    }

    /// Applies `kind` as this task's next step; awaiting the result ends the step. (The event
    /// is applied when `emit` is called: callers await it at once.)
    pub fn emit(&self, line: Line, kind: EventKind) -> Step {
        self.emit_with(line, kind, PoolLock::Auto)
    }

    /// Like `emit`, for a step taken with the pool lock held that keeps holding it.
    pub fn emit_locked(&self, line: Line, kind: EventKind) -> Step {
        self.emit_with(line, kind, PoolLock::Held)
    }

    /// Like `emit`, for a step that ends by releasing the pool lock.
    pub fn emit_unlock(&self, line: Line, kind: EventKind) -> Step {
        self.emit_with(line, kind, PoolLock::Released)
    }

    fn emit_with(&self, line: Line, kind: EventKind, lock: PoolLock) -> Step {
        let ev = Event {
            task: self.task,
            phase: self.phase.get(),
            line,
            kind,
        };
        let mut s = self.shared.borrow_mut();
        s.pool_lock = lock;
        Step {
            kind: s.push(ev),
            yielded: false,
        }
    }
}
