//! A place in a run, and the same place in another run of the scenario: when the user switches
//! delivery mode or semantics, the player stays on the same task, phase and round instead of
//! jumping back to step 0.
//!
//! A place is the event's block: a maximal run of consecutive events of one task in one phase
//! and round, counted among the earlier blocks with the same task, phase and round, plus the
//! offset inside it.

use crate::model::types::TaskId;
use crate::model::world::CallKind;
use crate::trace::event::{EventKind, Phase};
use crate::trace::Trace;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Key {
    task: TaskId,
    phase: Phase,
    round: u32,
}

/// A block of events with one key: where it starts, how long it is and which occurrence of its
/// key it is.
#[derive(Clone, Copy, Debug)]
struct Block {
    key: Key,
    nth: usize,
    start: usize,
    len: usize,
}

fn blocks(t: &Trace) -> Vec<Block> {
    let mut rounds: Vec<u32> = Vec::new();
    let mut out: Vec<Block> = Vec::new();
    let mut seen: std::collections::HashMap<Key, usize> = std::collections::HashMap::new();
    for (i, e) in t.events.iter().enumerate() {
        let task = e.task as usize;
        if rounds.len() <= task {
            rounds.resize(task + 1, 0);
        }
        match e.kind {
            EventKind::CallStart { call, .. } if call != CallKind::DmCrypt => rounds[task] = 0,
            EventKind::Round { round, .. } => rounds[task] = round,
            _ => {}
        }
        let key = Key {
            task: e.task,
            phase: e.phase,
            round: rounds[task],
        };
        match out.last_mut() {
            Some(b) if b.key == key => b.len += 1,
            _ => {
                let n = seen.entry(key).or_insert(0);
                let nth = *n;
                *n += 1;
                out.push(Block {
                    key,
                    nth,
                    start: i,
                    len: 1,
                });
            }
        }
    }
    out
}

/// How closely a step of another run matches the place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Match {
    /// The start, the end, or the same task, phase and round.
    Same,
    /// The nearest step of the same task and phase, in another round.
    Phase,
    /// The other run has no step of that task in that phase: as far into the run.
    Fraction,
}

/// The blocks of a run, to look places up in.
pub struct Places {
    blocks: Vec<Block>,
    len: usize,
}

impl Places {
    pub fn of(t: &Trace) -> Places {
        Places {
            blocks: blocks(t),
            len: t.len(),
        }
    }

    /// The step of `to` at the place of step `step` of this run: the same occurrence of the
    /// same task, phase and round (the same offset in it, or its last step); else the nearest
    /// step of that task, phase and round, then of that task and phase; else the same fraction
    /// of the run. Step 0 stays 0 and the end stays the end.
    pub fn step_in(&self, step: usize, to: &Places) -> usize {
        self.locate(step, to).0
    }

    /// `step_in`, and how closely the step matches.
    pub fn locate(&self, step: usize, to: &Places) -> (usize, Match) {
        if step == 0 || to.len == 0 {
            return (0, Match::Same);
        }
        if step >= self.len {
            return (to.len, Match::Same);
        }
        let i = step - 1;
        let Some(b) = self
            .blocks
            .iter()
            .find(|b| b.start <= i && i < b.start + b.len)
        else {
            return (step.min(to.len), Match::Fraction);
        };
        let offset = i - b.start;
        if let Some(t) = to.blocks.iter().find(|t| t.key == b.key && t.nth == b.nth) {
            return (t.start + offset.min(t.len - 1) + 1, Match::Same);
        }
        let nearest = |matches: &dyn Fn(&Block) -> bool| {
            to.blocks
                .iter()
                .filter(|t| matches(t))
                .map(|t| t.start + offset.min(t.len - 1))
                .min_by_key(|&j| j.abs_diff(i))
        };
        if let Some(j) = nearest(&|t| t.key == b.key) {
            return (j + 1, Match::Same);
        }
        if let Some(j) = nearest(&|t| t.key.task == b.key.task && t.key.phase == b.key.phase) {
            return (j + 1, Match::Phase);
        }
        let j = (step as u128 * to.len as u128 / self.len as u128) as usize;
        (j.clamp(1, to.len), Match::Fraction)
    }
}

/// The step of `to` at the place of step `step` of `from` (see [`Places::step_in`]).
pub fn same_place(from: &Trace, step: usize, to: &Trace) -> usize {
    Places::of(from).step_in(step, &Places::of(to))
}
