//! The compare view's lanes: the same scenario in list, array and callback delivery, each run
//! with its world at the shared step, or (`Align`) at the same phase or the same time as the
//! player's own run at that step. The player keeps them and moves them with the step, so a
//! render reads the worlds and never rebuilds one.

use crate::choice::simulate;
use crate::choice::Choice;
use crate::state::{TraceRef, WorldRef};
use bulkpool_allocator::model::policy::{Axis, PolicySpec};
use bulkpool_allocator::view::place::Places;
use bulkpool_allocator::view::versions::{mode_under, semantics_for, under, VERSIONS};
use bulkpool_allocator::{Mode, Scenario, Trace};
use std::cell::OnceCell;
use std::rc::Rc;

/// A lane's run and its world at the lane's step: the shared step, clamped to the run (or the
/// step at the same phase or time, `Align`).
#[derive(Clone)]
pub struct Run {
    pub trace: TraceRef,
    pub at: usize,
    pub world: WorldRef,
    /// The run's places and each step's time, made when first needed to line lanes up.
    index: Rc<OnceCell<Index>>,
}

/// How the compare view lines its lanes up at the shared step (U27): at the same step number,
/// at the same task, phase and round as the player's own run at that step
/// (`view::place::Places`), or at the same simulated time.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Align {
    #[default]
    Step,
    Phase,
    Time,
}

/// What lining up needs of a run: its places, and the time at each step (`times[s]`).
pub struct Index {
    places: Places,
    times: Vec<u64>,
}

impl Index {
    /// A run's index (the lanes make theirs once, `Run::index`).
    pub fn of_trace(t: &Trace) -> Index {
        Index::of(t)
    }

    fn of(t: &Trace) -> Index {
        let mut times = Vec::with_capacity(t.len() + 1);
        times.push(t.initial.now_ms);
        t.for_each_step(|_, _, w| times.push(w.now_ms));
        Index {
            places: Places::of(t),
            times,
        }
    }
}

/// The step of a run at time `ms`, placed as far into the steps at that time as `frac` of
/// the own run's steps at that time (many steps share one time); else its last step before.
fn step_at_time(times: &[u64], ms: u64, frac: (usize, usize)) -> usize {
    let first = times.partition_point(|&t| t < ms);
    let after = times.partition_point(|&t| t <= ms);
    if first < after {
        let span = after - first;
        first + (frac.0 * span / frac.1.max(1)).min(span - 1)
    } else {
        first.saturating_sub(1)
    }
}

/// The lane's step at the shared step `step`: the step clamped to the run, or the step of the
/// same place or time as the own run's at `step`.
pub fn lane_step(
    lane: &Trace,
    lane_index: &Index,
    step: usize,
    own: &Trace,
    own_index: &Index,
    align: Align,
) -> usize {
    match align {
        Align::Step => step.min(lane.len()),
        Align::Phase => own_index
            .places
            .step_in(step.min(own.len()), &lane_index.places),
        Align::Time => {
            let s = step.min(own.len());
            let times = &own_index.times;
            let ms = times[s];
            let first = times.partition_point(|&t| t < ms);
            let after = times.partition_point(|&t| t <= ms);
            step_at_time(&lane_index.times, ms, (s - first, after - first))
        }
    }
}

/// How the compare view lays its lanes out: one per delivery mode, or one per version (the
/// RFC, v2, 6.19 and v6.0, each in a mode it offers).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LanesBy {
    #[default]
    Mode,
    Version,
    /// One lane per value of a design choice (`model::policy`), the rest as the run has them.
    Policy(Axis),
}

/// One lane of the compare view: its name (a delivery mode or a version), the mode it runs
/// in, and its run, or why it cannot run.
#[derive(Clone)]
pub struct Lane {
    pub label: &'static str,
    pub mode: Mode,
    pub run: Result<Run, String>,
}

impl Lane {
    /// The lane's name as a reader reads it: a mode (`list`), a version as the lanes' titles
    /// spell it (`RFC 2022`, not `rfc-2022`), or a design choice's value.
    pub fn name(&self) -> &'static str {
        bulkpool_allocator::Semantics::parse(self.label).map_or(self.label, |s| s.short())
    }

    /// A CSS-safe name for the lane's colour: `list`, `rfc-2022`, `mainline-6-19`.
    pub fn class(&self) -> String {
        self.label.replace('.', "-")
    }
}

/// Lanes compared by identity.
#[derive(Clone)]
pub struct LanesRef(pub Rc<Vec<Lane>>);

impl PartialEq for LanesRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The choice's own run and its world at the step (at `min(step, its length)`): its mode's lane
/// shares both with the player, so the compare view copies one world fewer per step.
#[derive(Clone, Copy)]
pub struct Own<'a> {
    pub trace: &'a Rc<Trace>,
    pub world: &'a WorldRef,
    /// The step of `world`.
    pub at: usize,
}

impl Run {
    fn new(trace: Rc<Trace>, step: usize) -> Run {
        let at = step.min(trace.len());
        Run {
            world: WorldRef(Rc::new(trace.state_at(at))),
            trace: TraceRef(trace),
            at,
            index: Rc::new(OnceCell::new()),
        }
    }

    /// The run's index for lining up, made once.
    pub fn index(&self) -> &Index {
        self.index.get_or_init(|| Index::of(&self.trace.0))
    }

    /// The run at another of its own steps: the same world if the lane's step stays (a lane
    /// that has ended), else the world moved with `Trace::seek`.
    fn seek(&self, to: usize, own: Own) -> Run {
        let to = to.min(self.trace.0.len());
        if to == self.at {
            return self.clone();
        }
        if Rc::ptr_eq(&self.trace.0, own.trace) && own.at == to {
            return Run {
                trace: self.trace.clone(),
                at: to,
                world: own.world.clone(),
                index: self.index.clone(),
            };
        }
        let mut world = (*self.world.0).clone();
        self.trace.0.seek(&mut world, self.at, to);
        Run {
            trace: self.trace.clone(),
            at: to,
            world: WorldRef(Rc::new(world)),
            index: self.index.clone(),
        }
    }
}

/// Every lane's run, with its label: every mode (with the scenario's own semantics where the
/// chosen one lacks the mode), or every version (`bulkpool_allocator::view::versions`).
fn all_jobs(choice: &Choice, by: LanesBy) -> Vec<(&'static str, Mode, Scenario)> {
    match by {
        LanesBy::Mode => Mode::ALL
            .iter()
            .map(|&mode| {
                let mut sc = choice.scenario();
                // A mode the scenario's semantics does not offer keeps that semantics, so
                // its lane fails validation and says why: nothing is substituted.
                if let Ok(sem) = semantics_for(&sc, mode) {
                    sc.semantics = sem;
                }
                (mode.name(), mode, sc)
            })
            .collect(),
        LanesBy::Policy(axis) => {
            let base = choice.scenario();
            let mode = choice.mode;
            let rules = base.rules_for(mode);
            axis.choices()
                .iter()
                .filter_map(|c| {
                    let target = rules.policies.with(axis, c.name).ok()?;
                    let mut sc = base.clone();
                    sc.policy = PolicySpec::between(rules.named, target);
                    Some((c.name, mode, sc))
                })
                .collect()
        }
        LanesBy::Version => VERSIONS
            .iter()
            .map(|&sem| {
                let base = choice.scenario();
                match under(&base, choice.mode, sem) {
                    Ok((mode, sc)) => (sem.name(), mode, sc),
                    // It cannot run: its run fails validation and the lane says why.
                    Err(_) => {
                        let mode = mode_under(sem, choice.mode);
                        let sc = Scenario {
                            semantics: Some(sem),
                            ..base
                        };
                        (sem.name(), mode, sc)
                    }
                }
            })
            .collect(),
    }
}

/// Whether a lane's run is the run of `choice` itself (a choice `plan` returned).
fn is_main(choice: &Choice, job: &(&'static str, Mode, Scenario)) -> bool {
    job.1 == choice.mode && job.2 == choice.scenario()
}

/// The lanes' runs still to make once `choice`'s own run is at hand: every lane but its own,
/// which is that run.
pub fn jobs(choice: &Choice, by: LanesBy) -> Vec<(Mode, Scenario)> {
    all_jobs(choice, by)
        .into_iter()
        .filter(|j| !is_main(choice, j))
        .map(|(_, mode, sc)| (mode, sc))
        .collect()
}

/// The lanes of `choice` (whose run is `own`) at `step`, with `others` the runs of
/// `jobs(choice)`, in that order.
pub fn assemble(
    choice: &Choice,
    by: LanesBy,
    own: Own,
    others: impl IntoIterator<Item = Result<Rc<Trace>, String>>,
    step: usize,
    align: Align,
) -> Rc<Vec<Lane>> {
    let mut others = others.into_iter();
    let lanes = all_jobs(choice, by)
        .into_iter()
        .map(|job| {
            let run = if is_main(choice, &job) {
                Ok(Run {
                    trace: TraceRef(own.trace.clone()),
                    at: step.min(own.trace.len()),
                    world: own.world.clone(),
                    index: Rc::new(OnceCell::new()),
                })
            } else {
                others
                    .next()
                    .unwrap_or_else(|| Err("this lane's run was not generated".into()))
                    .map(|t| Run::new(t, step))
            };
            Lane {
                label: job.0,
                mode: job.1,
                run,
            }
        })
        .collect();
    let lanes = Rc::new(lanes);
    if align == Align::Step {
        lanes
    } else {
        seek(&lanes, step, own, align)
    }
}

/// The lanes of `choice` (whose run is `own`) at `step`, the other runs simulated at once.
pub fn compute(choice: &Choice, by: LanesBy, own: Own, step: usize, align: Align) -> Rc<Vec<Lane>> {
    let others: Vec<_> = jobs(choice, by)
        .iter()
        .map(|(mode, sc)| simulate(sc, *mode).map(Rc::new).map_err(|e| e.to_string()))
        .collect();
    assemble(choice, by, own, others, step, align)
}

/// The lanes at another shared step (`own` is the player's run and world at it), lined up by
/// `align`; the same lanes if no lane's world moves.
pub fn seek(lanes: &Rc<Vec<Lane>>, step: usize, own: Own, align: Align) -> Rc<Vec<Lane>> {
    let own_index = (align != Align::Step).then(|| {
        lanes
            .iter()
            .filter_map(|l| l.run.as_ref().ok())
            .find(|r| Rc::ptr_eq(&r.trace.0, own.trace))
            .map(|r| r.index.clone())
            .unwrap_or_else(|| Rc::new(OnceCell::new()))
    });
    let to = |r: &Run| match &own_index {
        None => step.min(r.trace.0.len()),
        Some(oi) => {
            let oi = oi.get_or_init(|| Index::of(own.trace));
            lane_step(&r.trace.0, r.index(), step, own.trace, oi, align)
        }
    };
    let targets: Vec<Option<usize>> = lanes.iter().map(|l| l.run.as_ref().ok().map(&to)).collect();
    let moves = lanes
        .iter()
        .zip(&targets)
        .any(|(l, t)| matches!((&l.run, t), (Ok(r), Some(t)) if r.at != *t));
    if !moves {
        return lanes.clone();
    }
    Rc::new(
        lanes
            .iter()
            .zip(targets)
            .map(|(l, t)| Lane {
                label: l.label,
                mode: l.mode,
                run: l
                    .run
                    .as_ref()
                    .map(|r| r.seek(t.unwrap_or(r.at), own))
                    .map_err(Clone::clone),
            })
            .collect(),
    )
}

/// The longest lane: the compare view's step count.
pub fn longest(lanes: &[Lane]) -> usize {
    lanes
        .iter()
        .filter_map(|l| l.run.as_ref().ok())
        .map(|r| r.trace.0.len())
        .max()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests;
