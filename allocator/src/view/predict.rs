//! Predict mode: before the steps worth guessing, a question about what happens next, with two
//! to four choices. The right answer is the trace's; the wrong ones come from the same scenario
//! under the other modes and semantics (what happens there at the same place), then from nearby
//! values. Nothing is written per preset, so a scenario of the user's gets questions too.
//!
//! Asked before what the screen would give away: a bulk allocator's return (how many pages) is
//! asked before the call begins, what the reserve holds after a drain before the drain begins,
//! and what a task does next before it moves to another stage of a mempool call. Each question
//! names the step that decides it, with that step's narration as the one-sentence reason.

use crate::model::task::{CallKind, CallResult};
use crate::trace::event::{EventKind, Phase};
use crate::trace::Trace;
use crate::view::place::Places;

/// One question, asked before step `ask` (1-based) is shown; step `step` shows its answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Question {
    /// The step whose event is the answer (`ask <= step`).
    pub step: usize,
    /// The question is asked before this step is shown, so nothing on screen gives the answer.
    pub ask: usize,
    pub prompt: String,
    pub choices: Vec<String>,
    /// The index of the right choice.
    pub answer: usize,
    /// The step that decides the answer, and its narration: why, in one sentence.
    pub decides: usize,
    pub why: String,
}

/// What a question asks about an event, and that event's answer.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Ask {
    /// How many pages the bulk allocator returns.
    Returns(u32),
    /// What the task does next.
    Next(&'static str),
    /// How many elements the reserve holds after the drain.
    Reserve(u32),
}

/// The stages a task can move to, in the words of the choices.
const NEXT: [&str; 6] = [
    "calls the bulk allocator again",
    "takes pages from the mempool reserve",
    "retries at once with the full gfp mask",
    "sleeps on the pool's wait queue",
    "returns with every page it asked for",
    "returns false: it may not sleep",
];

fn next_of(kind: &EventKind, phase: Phase) -> Option<&'static str> {
    match kind {
        EventKind::CallEnd {
            call: CallKind::MempoolBulk | CallKind::MainlineBulk | CallKind::MempoolAlloc,
            result,
        } => Some(match result {
            CallResult::Bool(false) => NEXT[5],
            _ => NEXT[4],
        }),
        EventKind::CallEnd { .. } => None,
        _ => match phase {
            Phase::BulkCall => Some(NEXT[0]),
            Phase::PoolDrain => Some(NEXT[1]),
            Phase::SleepableRetry => Some(NEXT[2]),
            Phase::Sleep => Some(NEXT[3]),
            _ => None,
        },
    }
}

/// What, if anything, to ask before event `i` of `t`.
fn ask(t: &Trace, i: usize) -> Option<Ask> {
    let e = &t.events[i];
    let mine = || t.events[..i].iter().rev().filter(move |p| p.task == e.task);
    match e.kind {
        // Asked before the call begins (`asked_at`), so no page taken so far gives it away.
        EventKind::BulkReturn { ret, .. } => return Some(Ask::Returns(ret)),
        // Only after a drain that took something: else the reserve on screen is the answer.
        EventKind::DrainEnd { curr_nr, .. } => {
            let took = mine()
                .take_while(|p| {
                    !matches!(p.kind, EventKind::Round { .. } | EventKind::DrainEnd { .. })
                })
                .any(|p| {
                    matches!(
                        p.kind,
                        EventKind::Take {
                            from: crate::trace::event::From::Pool,
                            ..
                        }
                    )
                });
            return took.then_some(Ask::Reserve(curr_nr));
        }
        _ => {}
    }
    // A stage change of a task inside a mempool call: its previous step was in another stage.
    let prev = t.events[..i].iter().rev().find(|p| p.task == e.task)?;
    let stage = |p: Phase| {
        matches!(
            p,
            Phase::BulkCall | Phase::PoolDrain | Phase::SleepableRetry | Phase::Sleep
        )
    };
    let entering = e.phase != prev.phase && stage(e.phase) && stage(prev.phase);
    let ending = matches!(e.kind, EventKind::CallEnd { .. }) && stage(prev.phase);
    if entering || ending {
        return next_of(&e.kind, e.phase).map(Ask::Next);
    }
    None
}

/// What the other runs answer at the same place, if they ask the same kind of question there.
fn elsewhere(mine: &Ask, step: usize, others: &[(&Trace, Places)], here: &Places) -> Vec<Ask> {
    let kind = std::mem::discriminant(mine);
    others
        .iter()
        .filter_map(|(o, places)| {
            let s = here.step_in(step, places);
            // The same kind of question within a few steps of the mapped place.
            (s.saturating_sub(3)..(s + 3).min(o.len()))
                .filter_map(|j| ask(o, j))
                .find(|a| std::mem::discriminant(a) == kind)
        })
        .collect()
}

/// Two to four choices: the answer, what other runs do, then nearby values; in a fixed order
/// (numbers ascending, stages in their order), so the same run always asks the same way.
/// `floor`: the least the answer can be given what the page already shows (pages taken in
/// this call), so no choice below it is offered.
fn choices(
    answer: &Ask,
    seen: &[Ask],
    requested: u32,
    min_nr: u32,
    floor: u32,
) -> (Vec<String>, usize) {
    match answer {
        Ask::Returns(n) | Ask::Reserve(n) => {
            let mut v: Vec<u32> = vec![*n];
            let from_runs = seen.iter().filter_map(|a| match a {
                Ask::Returns(m) | Ask::Reserve(m) => Some(*m),
                _ => None,
            });
            let near = match answer {
                Ask::Returns(_) => vec![requested, n.saturating_sub(1), n + 1, 0, 1],
                _ => vec![min_nr, n + 1, n.saturating_sub(1), 0],
            };
            for m in from_runs.chain(near) {
                if v.len() < 4 && !v.contains(&m) && m >= floor {
                    v.push(m);
                }
            }
            v.sort_unstable();
            let at = v.iter().position(|m| m == n).unwrap_or(0);
            let unit = |m: u32| match answer {
                Ask::Returns(_) if m == 1 => "1 page".to_string(),
                Ask::Returns(_) => format!("{m} pages"),
                _ if m == 1 => "1 element".to_string(),
                _ => format!("{m} elements"),
            };
            (v.into_iter().map(unit).collect(), at)
        }
        Ask::Next(s) => {
            let mut v: Vec<&str> = vec![s];
            let from_runs = seen.iter().filter_map(|a| match a {
                Ask::Next(o) => Some(*o),
                _ => None,
            });
            for o in from_runs.chain(NEXT.iter().copied()) {
                if v.len() < 4 && !v.contains(&o) {
                    v.push(o);
                }
            }
            v.sort_by_key(|o| NEXT.iter().position(|n| n == o));
            let at = v.iter().position(|o| o == s).unwrap_or(0);
            (v.into_iter().map(str::to_string).collect(), at)
        }
    }
}

/// Where the question about event `i` is asked (an index into the events: before that step is
/// shown) and which event decides it. A return: before the call's `BulkEnter`, decided by the
/// first step that limits it (a failed zone check, a shortcut, the single-page path, a stop),
/// else the return itself. A drain: before its first step, decided by its end. What a task
/// does next: at the step itself.
fn asked_at(t: &Trace, i: usize, a: &Ask) -> (usize, usize) {
    let e = &t.events[i];
    let mine = || (0..i).rev().filter(move |&j| t.events[j].task == e.task);
    match a {
        Ask::Returns(_) => {
            let enter = mine()
                .find(|&j| matches!(t.events[j].kind, EventKind::BulkEnter { .. }))
                .unwrap_or(i);
            let decides = (enter..i)
                .filter(|&j| t.events[j].task == e.task)
                .find(|&j| {
                    matches!(
                        t.events[j].kind,
                        EventKind::WatermarkCheck {
                            mark: crate::model::zone::Mark::BulkLow,
                            check: crate::model::zone::Check { ok: false, .. },
                            ..
                        } | EventKind::BulkShortcut { .. }
                            | EventKind::SinglePath { .. }
                            | EventKind::BulkStop { .. }
                            | EventKind::PcpLock { ok: false, .. }
                    )
                })
                .unwrap_or(i);
            (enter, decides)
        }
        Ask::Reserve(_) => {
            let start = mine()
                .take_while(|&j| t.events[j].phase == Phase::PoolDrain)
                .last()
                .unwrap_or(i);
            (start, i)
        }
        Ask::Next(_) => (i, i),
    }
}

/// Every question of a run. `others` are the same scenario's runs under the other modes and
/// semantics (empty is fine: the wrong choices then are nearby values only).
pub fn questions(t: &Trace, others: &[&Trace]) -> Vec<Question> {
    let here = Places::of(t);
    let others: Vec<(&Trace, Places)> = others.iter().map(|o| (*o, Places::of(o))).collect();
    let min_nr = t.initial.pool.as_ref().map_or(0, |p| p.min_nr);
    let mut requested = 0;
    let mut out: Vec<Question> = Vec::new();
    let names = |id: crate::model::types::TaskId| t.task_name(id).to_string();
    for (i, e) in t.events.iter().enumerate() {
        if let EventKind::BulkEnter { nr, .. } = e.kind {
            requested = nr;
        }
        let Some(a) = ask(t, i) else { continue };
        let step = i + 1;
        let (at, decides) = asked_at(t, i, &a);
        // One question per step: a later one asked at the same step is dropped.
        if out.iter().any(|q| q.ask == at + 1) {
            continue;
        }
        let seen = elsewhere(&a, step, &others, &here);
        let nr = match a {
            Ask::Returns(_) => match t.events[at].kind {
                EventKind::BulkEnter { nr, .. } => nr,
                _ => requested,
            },
            _ => requested,
        };
        let (choices, answer) = choices(&a, &seen, nr, min_nr, 0);
        if choices.len() < 2 {
            continue;
        }
        let who = t.task_name(e.task);
        let prompt = match a {
            Ask::Returns(_) => format!(
                "{who} asks the bulk allocator for {nr} page{} ({} delivery). What will it return?",
                if nr == 1 { "" } else { "s" },
                t.mode
            ),
            Ask::Next(_) => format!("What does {who} do next?"),
            Ask::Reserve(_) => {
                format!("{who} is about to drain the mempool reserve. How many elements will it hold after the drain?")
            }
        };
        let ev = &t.events[decides];
        let why = crate::explain::narrate::narrate(ev, &t.state_at(decides + 1), t.rules(), &names);
        out.push(Question {
            step,
            ask: at + 1,
            prompt,
            choices,
            answer,
            decides: decides + 1,
            why,
        });
    }
    out
}
