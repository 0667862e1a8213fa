//! Making a player: for a choice (its run simulated at once, or generated in slices when it is
//! long), for a run already made, s1 when what was asked for cannot run, and a new run's
//! player with what the session keeps from the last one.

use super::lanes::{self, Align, LanesBy, Own};
use super::loading::{is_long, Loading, Then};
use super::stepping::cheap_to_rebuild;
use super::{full_reduce, plan, Choice, HelpTab, Player, TraceRef, View, WorldRef, DEFAULT_SPEED};
use bulkpool_allocator::scenario::presets;
use bulkpool_allocator::Trace;
use std::rc::Rc;

/// Two notices as one.
pub(super) fn joined(a: Option<String>, b: Option<String>) -> Option<String> {
    match (a, b) {
        (Some(a), Some(b)) => Some(format!("{a} {b}")),
        (a, b) => a.or(b),
    }
}

impl Player {
    /// The player for `choice`: its run, simulated once; or, for a long run, `current` (s1 at
    /// the start) with a request to generate it in slices (`loading`). An error when the
    /// choice cannot run at all (a user's scenario that fails its checks).
    pub fn try_open(
        choice: Choice,
        step: usize,
        view: View,
        notice: Option<String>,
        current: Option<&Player>,
    ) -> Result<Player, String> {
        let (c, fallback) = plan(&choice)?;
        let notice = joined(notice, fallback);
        let sc = c.scenario();
        if !is_long(&sc, c.mode) {
            let trace = crate::choice::run(&c)?;
            return Ok(Player::from_run(c, trace, step, view, notice));
        }
        let mut jobs = vec![(c.mode, sc)];
        if view == View::Compare {
            jobs.extend(lanes::jobs(&c, LanesBy::Mode));
        }
        let then = Then::Open {
            choice: c,
            step,
            view,
            notice,
        };
        let base = match current {
            Some(p) => p.clone(),
            None => Player::placeholder(),
        };
        let id = base.requests + 1;
        Ok(Player {
            loading: Some(Rc::new(Loading::new(id, then, jobs))),
            requests: id,
            playing: false,
            ..base
        })
    }

    /// What a page shows behind a long run it generates, with no player before it: s1 at
    /// step 0. A page load makes it in a task of its own (`full_start`): it is the simulator's
    /// first run, whose code the browser compiles on first call.
    pub fn placeholder() -> Player {
        Player::new(Choice::of(&presets::PRESETS[0]), 0, View::Main, None)
    }

    /// `try_open`, or s1 with a notice when the choice cannot run.
    pub fn open(
        choice: Choice,
        step: usize,
        view: View,
        notice: Option<String>,
        current: Option<&Player>,
    ) -> Player {
        Player::try_open(choice, step, view, notice.clone(), current)
            .unwrap_or_else(|e| Player::s1(step, view, notice, &e))
    }

    /// The player for `choice`, simulated at once however long the run (s1 with a notice
    /// when it cannot run).
    pub fn new(choice: Choice, step: usize, view: View, notice: Option<String>) -> Player {
        let run =
            plan(&choice).and_then(|(c, fallback)| Ok((crate::choice::run(&c)?, c, fallback)));
        match run {
            Ok((trace, c, fallback)) => {
                Player::from_run(c, trace, step, view, joined(notice, fallback))
            }
            Err(e) => Player::s1(step, view, notice, &e),
        }
    }

    /// s1, when what was asked for cannot run.
    pub(super) fn s1(step: usize, view: View, notice: Option<String>, why: &str) -> Player {
        let s1 = Choice::of(&presets::PRESETS[0]);
        // s1 always runs (tested natively and in the browser); nothing else to show.
        let trace = crate::choice::run(&s1).unwrap_or_else(|_| unreachable!("preset s1 runs"));
        let why = format!("The scenario cannot run: {why}. Showing s1.");
        Player::from_run(s1, trace, step, view, joined(notice, Some(why)))
    }

    /// The player of a run already made (`choice` is what `plan` returned for it).
    pub fn from_run(
        choice: Choice,
        trace: Rc<Trace>,
        step: usize,
        view: View,
        notice: Option<String>,
    ) -> Player {
        let mut p = Player::of_run(choice, trace, step, view, notice);
        p.reducer = Some(full_reduce);
        if view == View::Compare && !is_long(&p.choice.scenario(), p.choice.mode) {
            let own = Own {
                trace: &p.trace.0,
                world: &p.world,
                at: p.main_step(),
            };
            p.lanes = Some(lanes::compute(
                &p.choice,
                LanesBy::Mode,
                own,
                step,
                Align::Step,
            ));
        }
        p.step = step.min(p.len());
        p
    }

    /// `from_run` without the compare view's lanes (the first module's player has none).
    pub(crate) fn of_run(
        choice: Choice,
        trace: Rc<Trace>,
        step: usize,
        view: View,
        notice: Option<String>,
    ) -> Player {
        let main = step.min(trace.len());
        let world = Rc::new(trace.state_at(main));
        let prev_work = if main > 0 && cheap_to_rebuild(&world) {
            trace.state_at(main - 1).work
        } else {
            world.work
        };
        let world = WorldRef(world);
        let mut p = Player {
            choice,
            trace: TraceRef(trace),
            step,
            world,
            prev_work,
            playing: false,
            speed: DEFAULT_SPEED,
            view,
            help: false,
            help_tab: HelpTab::About,
            editor: false,
            mine: false,
            lanes: None,
            notice,
            embed: false,
            predict: None,
            loading: None,
            moves: 0,
            requests: 0,
            explore: false,
            lanes_by: LanesBy::Mode,
            align: Align::Step,
            tour: None,
            tour_last: 0,
            tour_done: false,
            tour_offer: false,
            upgrade: None,
            reducer: None,
        };
        p.step = step.min(p.len());
        p
    }

    /// A new run's player (`p`) with what the session keeps from this one: the speed, the
    /// counters and the tour.
    pub(super) fn carried(&self, p: Player) -> Player {
        let mut p = Player {
            speed: self.speed,
            moves: self.moves,
            requests: self.requests.max(p.requests),
            explore: self.explore,
            align: self.align,
            tour: self.tour,
            tour_last: self.tour_last,
            tour_done: self.tour_done,
            tour_offer: self.tour_offer,
            ..p
        };
        // New runs come with lanes by mode; the session's layout by version is kept, its lanes
        // generated in slices when the scenario is long (never at once: that could freeze).
        if self.lanes_by != p.lanes_by {
            p.lanes_by = self.lanes_by;
            if p.lanes.is_some() {
                if is_long(&p.choice.scenario(), p.choice.mode) {
                    let id = p.requests + 1;
                    let jobs = lanes::jobs(&p.choice, p.lanes_by);
                    p.loading = Some(Rc::new(Loading::new(id, Then::Lanes, jobs)));
                    p.requests = id;
                    p.lanes = None;
                } else {
                    p.lanes = Some(lanes::compute(
                        &p.choice,
                        p.lanes_by,
                        p.own(),
                        p.step,
                        p.align,
                    ));
                }
            }
        }
        p
    }
}
