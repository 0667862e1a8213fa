//! How a run ended, as exactly one class decided by a rule that names its evidence
//! (docs/MODEL.md §9): `completed`, `deadlock`, `livelock` or `cut`, with the caller bugs the
//! kernel warns about alongside. Every view that sums a run up (the text account, the JSON
//! summary, the last step's narration, the compare lanes, the sweeps) shows this class.

use crate::model::task::TaskState;
use crate::model::world::World;
use crate::sim::Simulation;
use crate::trace::ending::seconds;
pub use crate::trace::ending::{Class, Outcome};
use crate::trace::event::EventKind;
use crate::trace::{End, Trace};

/// How many earlier timeouts the periodicity test compares the last one with.
const LOOK_BACK: usize = 8;
/// How far past its horizon a run is continued when its own trace cannot decide it.
const LOOK_AHEAD_MS: u64 = 30_000;
/// Runs longer than this are not continued (the classification must stay cheap: a web view
/// classifies every lane and sweep point); they are `cut`, and the rule says why.
const LOOK_AHEAD_MAX_EVENTS: usize = 20_000;

fn names(t: &Trace, w: &World, which: impl Fn(&TaskState) -> bool) -> Vec<String> {
    w.tasks
        .iter()
        .enumerate()
        .filter(|(_, task)| which(&task.state))
        .map(|(i, _)| t.task_name(i as u8).to_string())
        .collect()
}

fn list(names: &[String]) -> String {
    match names {
        [] => "no task".into(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The caller bugs a run shows: each kernel warning that fired, and stale array slots used as
/// pages (scenario 10: the kernel cannot tell them from pages).
fn caller_bugs(t: &Trace) -> Option<String> {
    let mut bugs: Vec<&str> = Vec::new();
    for ev in &t.events {
        if let EventKind::KernelWarning { warning } = ev.kind {
            if !bugs.contains(&warning.bug()) {
                bugs.push(warning.bug());
            }
        }
    }
    if t.final_world().tasks.iter().any(|task| task.stats.garbage) {
        bugs.push("stale pointers in the array");
    }
    (!bugs.is_empty()).then(|| bugs.join("; "))
}

/// How a finished trace ended (computed once per trace, then cached in it).
pub fn classify(t: &Trace) -> Outcome {
    t.outcome_cache().get_or_init(|| decide(t)).clone()
}

fn decide(t: &Trace) -> Outcome {
    let w = t.final_world();
    let waiting = names(t, w, |s| *s != TaskState::Done);
    let (class, rule) = match t.end {
        End::Done => (
            Class::Completed,
            "every task finished its program".to_string(),
        ),
        End::Stalled => stalled(t, w),
        End::Horizon => horizon(t, w),
    };
    Outcome {
        class,
        rule,
        at_ms: w.now_ms,
        horizon_ms: (class == Class::Cut).then_some(t.scenario.horizon_ms),
        waiting,
        caller_bug: caller_bugs(t),
    }
}

/// No task can run and no timer is pending: whoever loops in the page allocator loops forever.
fn stalled(t: &Trace, w: &World) -> (Class, String) {
    let looping = names(t, w, |s| matches!(s, TaskState::RetryingAlloc { .. }));
    let blocked = names(t, w, |s| *s == TaskState::BlockedOnMutex);
    let also = if blocked.is_empty() {
        String::new()
    } else {
        format!(" ({} waits on bio_alloc_lock behind it)", list(&blocked))
    };
    if !looping.is_empty() {
        return (
            Class::Livelock,
            format!(
                "{} {} in the page allocator (an order-0 request without NORETRY is too small to fail){also}, and nothing can free or reclaim memory: no task can run, no I/O is pending, and kswapd has nothing left to reclaim",
                list(&looping),
                if looping.len() == 1 { "loops" } else { "loop" },
            ),
        );
    }
    let waiting = names(t, w, |s| *s != TaskState::Done);
    (
        Class::Deadlock,
        format!(
            "{} {} for an event that cannot happen: no task can run and no timer is pending",
            list(&waiting),
            if waiting.len() == 1 { "waits" } else { "wait" },
        ),
    )
}

/// The horizon ended the run. Progress is still possible if a task's I/O is pending, kswapd
/// still reclaims, or the state at the last timeout differs from the state at every earlier
/// one; otherwise the run is periodic: the same retry forever.
fn horizon(t: &Trace, w: &World) -> (Class, String) {
    let at = seconds(t.scenario.horizon_ms);
    if let Some((i, until)) = w
        .tasks
        .iter()
        .enumerate()
        .find_map(|(i, task)| match task.state {
            TaskState::Io { until_ms } => Some((i, until_ms)),
            _ => None,
        })
    {
        return (
            Class::Cut,
            format!(
                "the {at} horizon ended the run while {}'s I/O was still pending (it completes at t = {until} ms), so progress was still possible",
                t.task_name(i as u8)
            ),
        );
    }
    let k = &w.zone.kswapd;
    if k.awake && k.rate > 0 && !w.zone.reclaim.is_empty() {
        return (
            Class::Cut,
            format!(
                "the {at} horizon ended the run while kswapd was still reclaiming ({} pages left to reclaim), so progress was still possible",
                w.zone.reclaim.len()
            ),
        );
    }
    if let Some(found) = periodic(t, w, "") {
        return found;
    }
    // The trace ends too early to tell: continue the same run past the horizon.
    let Some(longer) = look_ahead(t) else {
        return (
            Class::Cut,
            format!(
                "the {at} horizon ended the run before any state repeated, and the run is too long to continue past it here, so progress cannot be ruled out"
            ),
        );
    };
    let past = format!("continuing past the {at} horizon, ");
    let lw = longer.final_world();
    match longer.end {
        End::Done => (
            Class::Cut,
            format!(
                "the {at} horizon ended the run while progress was still possible: {past}every task finishes by t = {} ms",
                lw.now_ms
            ),
        ),
        End::Stalled => {
            let (class, rule) = stalled(&longer, lw);
            (class, format!("{past}{rule}"))
        }
        End::Horizon => periodic(&longer, lw, &past).unwrap_or_else(|| {
            (
                Class::Cut,
                format!(
                    "the {at} horizon ended the run while progress was still possible: {past}the tasks still change what they hold, the reserve or the zone from one round to the next"
                ),
            )
        }),
    }
}

/// The class of a run whose state repeats (`repeat`), with `prefix` before its rule.
fn periodic(t: &Trace, w: &World, prefix: &str) -> Option<(Class, String)> {
    let (earlier, later) = repeat(t)?;
    let sleepers = names(t, w, |s| matches!(s, TaskState::SleepingOnPool { .. }));
    let class = if sleepers.is_empty() {
        Class::Livelock
    } else {
        Class::Deadlock
    };
    Some((
        class,
        format!(
            "{prefix}the state at t = {later} ms repeats the state at t = {earlier} ms (every page, the reserve, each task's holdings and its time to the next timeout): every 5 s timeout repeats the same retry without progress, and no task is left that could free to the pool ({} {} asleep on it)",
            list(&sleepers),
            if sleepers.len() == 1 { "is" } else { "are" },
        ),
    ))
}

/// The same run continued `LOOK_AHEAD_MS` past its horizon, if it is short enough and the
/// longer run stays within the model's bounds.
fn look_ahead(t: &Trace) -> Option<Trace> {
    if t.len() > LOOK_AHEAD_MAX_EVENTS {
        return None;
    }
    let mut sc = t.scenario.clone();
    sc.horizon_ms = sc.horizon_ms.checked_add(LOOK_AHEAD_MS)?;
    let mut sim = Simulation::new(&sc, t.mode).ok()?;
    let budget = t.len() + 4 * LOOK_AHEAD_MAX_EVENTS;
    loop {
        if let Some(done) = sim.run(1_024) {
            return done.ok();
        }
        if sim.events() > budget {
            return None;
        }
    }
}

/// The world at a moment when every task waits, with what does not decide the future taken out:
/// the clock (deadlines become times left), counters and statistics, and each call's round
/// number.
fn normalized(w: &World) -> World {
    let mut n = w.clone();
    let now = n.now_ms;
    n.now_ms = 0;
    n.work = Default::default();
    n.zone.stats = Default::default();
    n.zone.kswapd.wakeups = 0;
    n.zone.kswapd.reclaimed = 0;
    for task in &mut n.tasks {
        task.stats = Default::default();
        if let Some(c) = task.call.as_mut() {
            c.round = 0;
        }
        task.state = match task.state {
            TaskState::SleepingOnPool { deadline_ms, .. } => TaskState::SleepingOnPool {
                since_ms: 0,
                deadline_ms: deadline_ms.saturating_sub(now),
            },
            TaskState::Io { until_ms } => TaskState::Io {
                until_ms: until_ms.saturating_sub(now),
            },
            TaskState::RetryingAlloc { .. } => TaskState::RetryingAlloc { since_ms: 0 },
            s => s,
        };
    }
    n
}

/// Two timeouts' moments whose worlds are the same once normalized, the first of the cycle
/// the last timeout belongs to and the next one like it, if the last timeout repeats any of
/// the `LOOK_BACK` before it: then the run repeats forever from there (the simulation is
/// deterministic, and each task, asleep on the pool, resumes the same retry).
fn repeat(t: &Trace) -> Option<(u64, u64)> {
    let timeouts: Vec<(usize, u64)> = t
        .events
        .iter()
        .enumerate()
        .filter_map(|(i, e)| match e.kind {
            EventKind::Timeout { at_ms, .. } => Some((i, at_ms)),
            _ => None,
        })
        .collect();
    let recent = &timeouts[timeouts.len().saturating_sub(LOOK_BACK + 1)..];
    // The world just before a timeout is applied: every task waits.
    let worlds: Vec<World> = recent
        .iter()
        .map(|(i, _)| normalized(&t.state_at(*i)))
        .collect();
    let last = worlds.last()?;
    let first = worlds.iter().position(|w| w == last)?;
    let next = worlds[first + 1..].iter().position(|w| w == last)? + first + 1;
    Some((recent[first].1, recent[next].1))
}
