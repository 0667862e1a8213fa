//! The mempool's sleep/wake guarantees, checked on a run's events.

use bulkpool_allocator::model::policy::Drain;
use bulkpool_allocator::model::world::{CallKind, TaskState};
use bulkpool_allocator::trace::event::{EventKind, FreeTo};
use bulkpool_allocator::trace::listing::Listing;
use bulkpool_allocator::{Event, Trace, World};

/// What a task asleep on the pool needs from the reserve before it can go on: one element for
/// `mempool_alloc` and a call that drains partially (Yang Shi's, or a what-if), every hole of
/// the array for v6.19's all-or-nothing `mempool_alloc_bulk`, and all that is still missing
/// for a Yang Shi call that drains all or nothing (a what-if).
pub fn pool_need(w: &World, task: u8, drain: Drain) -> u32 {
    let t = w.task(task);
    match t.call {
        Some(c) if c.kind == CallKind::MempoolBulk && drain == Drain::AllOrNothing => {
            c.remaining.max(1)
        }
        Some(c) if c.kind == CallKind::MainlineBulk && drain == Drain::AllOrNothing => {
            t.array
                .iter()
                .take(c.requested as usize)
                .filter(|s| !s.is_filled())
                .count() as u32
        }
        _ => 1,
    }
}

/// Whether events are a whole run or the prefix of one (a run stopped early).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Events {
    Whole,
    /// The last event may be a free into the reserve whose `wake_up` is the next step, not
    /// taken yet.
    Prefix,
}

/// Which of the guarantees of `check_sleep_wake_events` a run must keep.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Guarantees {
    /// All three.
    All,
    /// The first two: the run adds elements with `mempool_init` or `mempool_resize`, which
    /// wake nobody in the kernel either, so a sleeper may rightly lie beside a full reserve.
    NoLostWakeUpCheck,
}

/// The mempool's sleep/wake guarantees (domain.md §8.1e, §8.3, §10), checked after every event:
/// 1. a task joins the wait queue only when the reserve cannot give it what it needs (the test
///    and the enqueue are one pool-lock hold);
/// 2. a `mempool_free` that refills the reserve while someone sleeps is followed, by the same
///    task, by `wake_up`;
/// 3. whenever nothing can run, no task that went to sleep in this run sleeps beside a reserve
///    that holds what it needs (no lost wake-up).
///
/// Holds wherever the pool lock is held from the short reserve to the enqueue (policy `lock:
/// held`: v6.0's `mempool_alloc`, v2 and v6.19, or a what-if); not for the RFC, which drops it
/// before it sleeps. Elements added by `mempool_init` or `mempool_resize` wake nobody in the kernel
/// either: runs with those ops keep only the first two (`Guarantees::NoLostWakeUpCheck`).
pub fn check_sleep_wake(trace: &Trace) -> Result<(), String> {
    check_sleep_wake_events(
        &trace.initial,
        &trace.events,
        Events::Whole,
        Guarantees::All,
        trace.rules().policies.drain,
    )
}

/// `check_sleep_wake` on `events` from `initial`: a whole run, or the prefix of one.
pub fn check_sleep_wake_events(
    initial: &World,
    events: &[Event],
    whole: Events,
    keep: Guarantees,
    drain: Drain,
) -> Result<(), String> {
    let mut w = initial.clone();
    let mut slept = vec![false; w.tasks.len()];
    for (i, ev) in events.iter().enumerate() {
        let step = i + 1;
        if let EventKind::Sleep { .. } = ev.kind {
            let need = pool_need(&w, ev.task, drain);
            if w.curr_nr() >= need {
                return Err(format!(
                    "step {step}: task {} sleeps with {} in the reserve and needs {need}",
                    ev.task,
                    w.curr_nr()
                ));
            }
            slept[ev.task as usize] = true;
        }
        let mut e = *ev;
        w.apply(&mut e);
        if let EventKind::Free {
            to: FreeTo::Pool, ..
        } = ev.kind
        {
            let sleepers = w.pool.as_ref().map_or(0, |p| p.waiters.len());
            let last_of_prefix = whole == Events::Prefix && i + 1 == events.len();
            if ev.line.0 == Listing::MempoolFree && sleepers > 0 && !last_of_prefix {
                let next = events.get(i + 1);
                if !next.is_some_and(|n| {
                    n.task == ev.task && matches!(n.kind, EventKind::WakeUp { .. })
                }) {
                    return Err(format!(
                        "step {step}: task {} refilled the reserve with {sleepers} asleep and did not wake them (next: {next:?})",
                        ev.task
                    ));
                }
            }
        }
        if keep == Guarantees::All && w.runq.is_empty() {
            for (t, task) in w.tasks.iter().enumerate() {
                if slept[t] && matches!(task.state, TaskState::SleepingOnPool { .. }) {
                    let need = pool_need(&w, t as u8, drain);
                    if w.curr_nr() >= need {
                        return Err(format!(
                            "after step {step}: nothing can run and task {t} sleeps beside a reserve of {} (needs {need}): a lost wake-up",
                            w.curr_nr()
                        ));
                    }
                }
            }
        }
    }
    Ok(())
}
