//! Predict mode's state: the run's questions, the one waiting for an answer, the last answer
//! (shown with the step it reveals) and the score. The questions come from
//! `bulkpool_allocator::view::predict`; this only keeps track.

use crate::choice::Choice;
use bulkpool_allocator::view::predict::{questions, Question};
use bulkpool_allocator::{simulate, Mode, Semantics, Trace};
use std::rc::Rc;

/// Runs longer than this get questions without the other runs' answers (each other run is a
/// whole simulation).
const OTHERS_UP_TO: usize = 5_000;

#[derive(Clone, Debug, PartialEq)]
pub struct Predict {
    pub questions: Rc<Vec<Question>>,
    /// The question shown now, waiting for an answer (an index into `questions`).
    pub pending: Option<usize>,
    /// The last question answered and the choice made, shown while its step is on screen.
    pub last: Option<(usize, usize)>,
    /// Questions already answered (each is asked once).
    pub answered: Vec<bool>,
    pub right: u32,
    pub asked: u32,
}

impl Predict {
    /// The questions of `trace`, the run of `choice`; wrong choices come from the scenario's
    /// runs in the other modes and semantics.
    pub fn new(choice: &Choice, trace: &Trace) -> Predict {
        let mut others = Vec::new();
        if trace.len() <= OTHERS_UP_TO {
            let sc = choice.scenario();
            for mode in Mode::ALL {
                for sem in Semantics::ALL {
                    if mode == trace.mode && sem == trace.semantics {
                        continue;
                    }
                    let mut x = sc.clone();
                    x.semantics = Some(sem);
                    if x.estimate_events(mode) > OTHERS_UP_TO as u64 {
                        continue;
                    }
                    if let Ok(t) = simulate(&x, mode) {
                        others.push(t);
                    }
                }
            }
        }
        let refs: Vec<&Trace> = others.iter().collect();
        let qs = questions(trace, &refs);
        Predict {
            answered: vec![false; qs.len()],
            questions: Rc::new(qs),
            pending: None,
            last: None,
            right: 0,
            asked: 0,
        }
    }

    /// The unanswered question asked before `step` is shown, if any.
    pub fn before(&self, step: usize) -> Option<usize> {
        self.questions
            .iter()
            .position(|q| q.ask == step)
            .filter(|&i| !self.answered[i])
    }

    /// The questions not answered yet: still ahead of `step` (asked before a later step), and
    /// passed by a jump (asked at or before `step`).
    pub fn left(&self, step: usize) -> (usize, usize) {
        let open = || {
            self.questions
                .iter()
                .zip(&self.answered)
                .filter(|(_, a)| !**a)
        };
        let ahead = open().filter(|(q, _)| q.ask > step).count();
        (ahead, open().count() - ahead)
    }

    /// Records choice `k` for the pending question; returns the step that shows its answer.
    pub fn answer(&mut self, k: usize) -> Option<usize> {
        let i = self.pending.take()?;
        let q = &self.questions[i];
        if k >= q.choices.len() {
            self.pending = Some(i);
            return None;
        }
        self.answered[i] = true;
        self.asked += 1;
        if k == q.answer {
            self.right += 1;
        }
        self.last = Some((i, k));
        Some(q.step)
    }
}
