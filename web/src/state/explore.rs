//! The actions of the Explore panel and of the compare view's layout: a knob's variant run in
//! place, Reset, a sweep's point opened, and the lanes by mode or by version. Each comes down
//! to a `Select` or a `SetView` of the reducer, so place-keeping and long runs work as for any
//! other choice.

use super::{Action, Choice, LanesBy, Player, View};
use bulkpool_allocator::{Mode, Scenario, Semantics};
use std::rc::Rc;

impl Player {
    /// The choice for `sc`, a scenario made from this choice's own (an Explore knob or a
    /// sweep's point), in `mode` and this choice's semantics: back at the preset's own numbers
    /// it is the preset itself, with its short link.
    fn variant_of(
        &self,
        sc: bulkpool_allocator::Scenario,
        mode: bulkpool_allocator::Mode,
    ) -> Choice {
        let choice = match self.choice.root() {
            Some(p) if p.scenario() == sc => Choice::of(p),
            _ => self.choice.edited(sc),
        };
        Choice {
            mode,
            semantics: self.choice.semantics,
            ..choice
        }
    }

    /// A knob changed: the variant, in this mode and semantics, keeping the place.
    pub(super) fn explore_to(self: Rc<Self>, sc: Scenario) -> Rc<Self> {
        let choice = self.variant_of(sc, self.choice.mode);
        self.apply(Action::Select(choice))
    }

    /// The preset the scenario was made from, in the same mode and semantics.
    pub(super) fn reset_explore(self: Rc<Self>) -> Rc<Self> {
        match self.choice.root() {
            Some(p) => {
                let choice = Choice {
                    mode: self.choice.mode,
                    semantics: self.choice.semantics,
                    ..Choice::of(p)
                };
                self.apply(Action::Select(choice))
            }
            None => self,
        }
    }

    /// A sweep's point, in the step view.
    pub(super) fn open_point(
        self: Rc<Self>,
        sc: Scenario,
        mode: Mode,
        semantics: Option<Semantics>,
    ) -> Rc<Self> {
        let choice = Choice {
            semantics,
            ..self.variant_of(sc, mode)
        };
        let p = self.apply(Action::SetView(View::Main));
        p.apply(Action::Select(choice))
    }

    /// The compare view's lanes by mode or by version; shown again with the new lanes
    /// (generated in slices if they are long).
    pub(super) fn set_lanes_by(self: Rc<Self>, by: LanesBy) -> Rc<Self> {
        if by == self.lanes_by {
            return self;
        }
        let p = Player {
            lanes_by: by,
            lanes: None,
            ..(*self).clone()
        };
        if p.view != View::Compare {
            return Rc::new(p);
        }
        let p = Rc::new(Player {
            view: View::Main,
            ..p
        });
        p.apply(Action::SetView(View::Compare))
    }
}
