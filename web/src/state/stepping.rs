//! Moving through a run: a step, a jump, playback's tick, Play and Pause, the speed. In Predict
//! mode one step forward onto a step with a question asks it first.

use super::{lanes, Action, Own, Player, View, WorldRef, SPEEDS};
use bulkpool_allocator::World;
use std::rc::Rc;

impl Player {
    /// The player at another step: the world moved with `Trace::seek` (replay forward, or
    /// rebuild from the nearest checkpoint backward), and in the compare view every lane's.
    pub(super) fn at(&self, step: usize) -> Player {
        let step = step.min(self.len());
        let trace = &self.trace.0;
        let (from, to) = (self.main_step(), step.min(trace.len()));
        let (world, prev_work) = if from == to {
            (self.world.clone(), self.prev_work)
        } else {
            let mut world = (*self.world.0).clone();
            trace.seek(&mut world, from, to);
            let prev_work = if to == from + 1 {
                self.world.0.work
            } else if to > 0 && cheap_to_rebuild(&world) {
                trace.state_at(to - 1).work
            } else {
                world.work
            };
            (WorldRef(Rc::new(world)), prev_work)
        };
        let lanes = match (self.view, &self.lanes) {
            (View::Compare, Some(l)) => {
                let own = Own {
                    trace,
                    world: &world,
                    at: to,
                };
                Some(lanes::seek(l, step, own, self.align))
            }
            (_, l) => l.clone(),
        };
        Player {
            step,
            world,
            prev_work,
            lanes,
            ..self.clone()
        }
    }

    /// Step, Seek, First, Last or Tick.
    pub(super) fn step_to(self: Rc<Self>, action: Action) -> Rc<Self> {
        let len = self.len();
        let seek = |to: usize| -> Rc<Self> {
            let to = to.min(len);
            if to == self.step {
                return self.clone();
            }
            let mut p = self.at(to);
            if let Some(pr) = p.predict.as_mut() {
                // A jump drops the question waiting before the next step (it is asked again
                // when the player steps onto it), and the revealed answer stays up only on the
                // step it revealed.
                pr.pending = None;
                if pr.last.is_some_and(|(i, _)| pr.questions[i].step != to) {
                    pr.last = None;
                }
            }
            Rc::new(p)
        };
        // Predict mode: one step forward onto a step with a question asks it first.
        let forward = |to: usize| -> Rc<Self> {
            if let Some(pr) = &self.predict {
                if pr.pending.is_some() {
                    return self.clone();
                }
                if self.view == View::Main && to == self.step + 1 {
                    if let Some(i) = pr.before(to) {
                        let mut p = (*self).clone();
                        if let Some(pr) = p.predict.as_mut() {
                            pr.pending = Some(i);
                            pr.last = None;
                        }
                        p.playing = false;
                        return Rc::new(p);
                    }
                }
            }
            seek(to)
        };
        match action {
            Action::Step(1) => forward(self.step + 1),
            Action::Step(n) => seek(self.step.saturating_add_signed(n)),
            Action::Seek(i) => seek(i),
            Action::First => seek(0),
            Action::Last => seek(len),
            Action::Tick if self.step >= len => Rc::new(Player {
                playing: false,
                ..(*self).clone()
            }),
            Action::Tick => forward(self.step + 1),
            _ => self,
        }
    }

    /// Play, Pause or Toggle (playing from the end starts over).
    pub(super) fn play(self: Rc<Self>, action: Action) -> Rc<Self> {
        let playing = match action {
            Action::Play => true,
            Action::Pause => false,
            _ => !self.playing,
        };
        if playing == self.playing {
            return self;
        }
        let mut p = if playing && self.step >= self.len() {
            self.at(0)
        } else {
            (*self).clone()
        };
        p.playing = playing;
        Rc::new(p)
    }

    /// Faster, Slower or SetSpeed.
    pub(super) fn speed(self: Rc<Self>, action: Action) -> Rc<Self> {
        let speed = match action {
            Action::Faster => (self.speed + 1).min(SPEEDS.len() - 1),
            Action::Slower => self.speed.saturating_sub(1),
            Action::SetSpeed(s) => s.min(SPEEDS.len() - 1),
            _ => self.speed,
        };
        if speed == self.speed {
            return self;
        }
        Rc::new(Player {
            speed,
            ..(*self).clone()
        })
    }
}

/// Whether rebuilding the world one step earlier, only to show what a jump's last step added to
/// the counters, is cheap. Above a few hundred thousand frames a world is megabytes to copy, and
/// a jump then shows no "+1".
pub(super) fn cheap_to_rebuild(world: &World) -> bool {
    world.approx_bytes() < 1 << 20
}
