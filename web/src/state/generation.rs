//! A long run's request through its life: a history entry that comes back with one, the
//! generation's progress, Stop, and the runs once they are ready.

use super::lanes::{self, Align, LanesBy};
use super::loading::{Loading, Then};
use super::open::joined;
use super::{Player, View};
use bulkpool_allocator::Trace;
use std::rc::Rc;

impl Player {
    /// Back or Forward. A long run being generated keeps the current view on screen until it
    /// is ready, under a request of this session's numbering.
    pub(super) fn restore(self: Rc<Self>, p: Box<Player>) -> Rc<Self> {
        match &p.loading {
            Some(l) => {
                let id = self.requests + 1;
                Rc::new(Player {
                    loading: Some(Rc::new(Loading {
                        id,
                        ..(**l).clone()
                    })),
                    requests: id,
                    notice: p.notice.clone(),
                    playing: false,
                    ..(*self).clone()
                })
            }
            // The entry's tour stop (or none) is the link's.
            None => {
                let tour = p.tour;
                let mut p = self.carried(*p);
                p.tour = tour;
                p.tour_last = tour.unwrap_or(p.tour_last);
                Rc::new(p)
            }
        }
    }

    /// The generation's progress: events so far.
    pub(super) fn progress(self: Rc<Self>, events: u64) -> Rc<Self> {
        let Some(l) = &self.loading else {
            return self;
        };
        let mut l = (**l).clone();
        l.events = events;
        Rc::new(Player {
            loading: Some(Rc::new(l)),
            ..(*self).clone()
        })
    }

    /// Stop generating: the page keeps the run it shows.
    pub(super) fn cancel_loading(self: Rc<Self>) -> Rc<Self> {
        Rc::new(Player {
            loading: None,
            notice: Some(
                "Generating the run was stopped; the page still shows the run before it.".into(),
            ),
            ..(*self).clone()
        })
    }

    /// The request's runs, in the order of its jobs.
    pub(super) fn generated(self: Rc<Self>, results: &[Result<Rc<Trace>, String>]) -> Rc<Self> {
        let Some(loading) = self.loading.clone() else {
            return self;
        };
        match &loading.then {
            Then::Lanes => Rc::new(Player {
                lanes: Some(lanes::assemble(
                    &self.choice,
                    self.lanes_by,
                    self.own(),
                    results.iter().cloned(),
                    self.step,
                    self.align,
                )),
                view: View::Compare,
                loading: None,
                ..(*self).clone()
            }),
            Then::Open {
                choice,
                step,
                view,
                notice,
            } => match results.first() {
                Some(Ok(trace)) => {
                    let mut p = Player::from_run(
                        choice.clone(),
                        trace.clone(),
                        *step,
                        *view,
                        notice.clone(),
                    );
                    if *view == View::Compare {
                        p.lanes = Some(lanes::assemble(
                            choice,
                            LanesBy::Mode,
                            p.own(),
                            results.iter().skip(1).cloned(),
                            *step,
                            Align::Step,
                        ));
                        p.step = (*step).min(p.len());
                    }
                    let mut p = Player {
                        embed: self.embed,
                        ..self.carried(p)
                    };
                    if *step > p.len() {
                        let msg = format!("The run has {} steps; showing the last.", p.len());
                        p.notice = joined(p.notice, Some(msg));
                    }
                    Rc::new(p)
                }
                Some(Err(e)) => Rc::new(Player {
                    loading: None,
                    notice: Some(format!("The scenario cannot run: {e}")),
                    ..(*self).clone()
                }),
                None => Rc::new(Player {
                    loading: None,
                    ..(*self).clone()
                }),
            },
        }
    }
}
