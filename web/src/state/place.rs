//! Keeping the user's place when the run changes under them (a switch of delivery mode or
//! semantics, an edit or an Explore knob): the same task, phase and round in the new run, or
//! the nearest step, with a notice when the step number or the semantics changed.

use super::{Player, View};
use bulkpool_allocator::view::place::{Match, Places};
use bulkpool_allocator::Trace;

impl Player {
    /// After a switch of delivery mode or semantics (`self` is the new run at step 0): the
    /// step at the old player's place, the same task, phase and round or the nearest step, and
    /// a notice when the step number or the semantics changed under the user.
    pub(super) fn keep_place(&mut self, old: &Player) {
        let (from, to) = (&old.trace.0, &self.trace.0);
        let (step, how) = match self.view {
            // Compare lanes are aligned by step number; keep it.
            View::Compare => (old.step.min(self.len()), Match::Same),
            View::Main => Places::of(from).locate(old.main_step(), &Places::of(to)),
        };
        let mut said = Vec::new();
        if self.choice.semantics.is_none() && to.semantics != from.semantics {
            said.push(format!(
                "{} delivery runs {}, the preset's semantics for it.",
                capitalized(to.mode.name()),
                to.semantics.title()
            ));
        }
        let here = old
            .event()
            .map(|e| (from.task_name(e.task).to_string(), e.phase.name()));
        if self.view == View::Main && (step != old.step || how != Match::Same) {
            let was = format!("Step {} of the {} run", old.step, describe_run(from));
            said.push(match (how, here) {
                (Match::Same, _) | (_, None) => {
                    format!("{was} is step {step} here: the same task, phase and round.")
                }
                (Match::Phase, Some((task, phase))) => format!(
                    "{was} is {task} in {phase}; this run's nearest such step is {step}, in another round."
                ),
                (Match::Fraction, Some((task, phase))) => format!(
                    "{was} is {task} in {phase}, which never happens in this run: showing step {step}, as far into it."
                ),
            });
        }
        if !said.is_empty() {
            let joined = said.join(" ");
            self.notice = Some(match self.notice.take() {
                Some(n) => format!("{n} {joined}"),
                None => joined,
            });
        }
        *self = self.at(step);
    }
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// "list, RFC 2022"
fn describe_run(t: &Trace) -> String {
    format!("{}, {}", t.mode, t.semantics.short())
}
