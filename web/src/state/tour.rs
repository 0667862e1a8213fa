//! The guided tour's actions: a stop (`bulkpool_allocator::view::tour::AT`, where the stops
//! open) opens its state
//! (preset, mode, semantics, view and step) through the reducer's own actions, so the player,
//! the panels and the keys go on working inside it; Next, Back, Close, and PageDown / PageUp
//! and Escape while the tour is open.

use super::{Action, Choice, LanesBy, Player, View};
use bulkpool_allocator::view::link::View as LinkView;
use bulkpool_allocator::view::tour::AT;
use std::rc::Rc;

/// What the tour is asked to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tour {
    /// Open stop n (from 0).
    Open(usize),
    /// Open the stop the user left off at (`Player::tour_last`), or the first after the last.
    Resume,
    Next,
    Back,
    /// Leave the tour; the place is kept for Resume.
    Close,
    /// "Not now": the offer is put away, and not made again (the tour counts as done with;
    /// the header's Tour button still resumes it).
    Decline,
}

/// The number of stops.
pub fn stops() -> usize {
    AT.len()
}

impl Player {
    /// Stop `i`'s state, with the tour open at it: the stop's choice opened at its step and
    /// view in the stop's layout of lanes (a long run is generated in slices and opens there
    /// when ready, as any link does).
    pub(super) fn open_stop(self: Rc<Self>, i: usize) -> Rc<Self> {
        let Some(at) = AT.get(i) else {
            return self;
        };
        let link = at.link();
        let (view, by) = match link.view {
            LinkView::Step => (View::Main, self.lanes_by),
            LinkView::Compare => (View::Compare, LanesBy::Mode),
            LinkView::Versions => (View::Compare, LanesBy::Version),
            LinkView::Policy(axis) => (View::Compare, LanesBy::Policy(axis)),
        };
        let base = Player {
            predict: None,
            playing: false,
            lanes_by: by,
            tour: Some(i),
            tour_last: i,
            tour_offer: false,
            notice: None,
            ..(*self).clone()
        };
        let choice = Choice::from_link(&link);
        match Player::try_open(choice, link.step, view, None, Some(&base)) {
            Ok(p) if p.loading.is_some() => Rc::new(p),
            Ok(p) => {
                let p = Player {
                    embed: base.embed,
                    ..base.carried(p)
                };
                // Lanes by version are longer or shorter than by mode: the stop's step again.
                let step = link.step.min(p.len());
                Rc::new(if step == p.step { p } else { p.at(step) })
            }
            Err(e) => Rc::new(Player {
                notice: Some(format!("The scenario cannot run: {e}")),
                ..base
            }),
        }
    }

    pub(super) fn tour(self: Rc<Self>, t: Tour) -> Rc<Self> {
        match (t, self.tour) {
            (Tour::Open(i), _) => self.open_stop(i),
            (Tour::Resume, _) => {
                let i = if self.tour_last + 1 >= stops() && self.tour_done {
                    0
                } else {
                    self.tour_last.min(stops() - 1)
                };
                self.open_stop(i)
            }
            (Tour::Next, Some(i)) if i + 1 < stops() => self.open_stop(i + 1),
            // Next on the last stop ends the tour.
            (Tour::Next, Some(_)) => Rc::new(Player {
                tour: None,
                tour_done: true,
                ..(*self).clone()
            }),
            (Tour::Back, Some(i)) if i > 0 => self.open_stop(i - 1),
            (Tour::Close, Some(_)) => Rc::new(Player {
                tour: None,
                ..(*self).clone()
            }),
            (Tour::Decline, _) if self.tour_offer => Rc::new(Player {
                tour_offer: false,
                tour_done: true,
                ..(*self).clone()
            }),
            _ => self,
        }
    }

    /// PageDown / PageUp: the next or previous stop while the tour is open, else ten steps.
    pub(super) fn page(self: Rc<Self>, dir: isize) -> Rc<Self> {
        match (self.tour, dir > 0) {
            (Some(_), true) => self.tour(Tour::Next),
            (Some(_), false) => self.tour(Tour::Back),
            (None, _) => self.apply(Action::Step(10 * dir.signum())),
        }
    }

    /// Escape on the page (no dialog open): leaves the tour.
    pub(super) fn escape(self: Rc<Self>) -> Rc<Self> {
        self.tour(Tour::Close)
    }
}
