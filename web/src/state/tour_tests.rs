//! The guided tour in the reducer and in links, natively: every stop opens its state with the
//! tour at it, the tour's keys and buttons move through the stops, and the player goes on
//! working inside a stop.

use super::tests::{go, player};
use super::*;
use bulkpool_allocator::view::link::View as LinkView;
use bulkpool_allocator::view::tour::STOPS;
use bulkpool_allocator::Mode;

fn at_stop(p: &Player, i: usize) {
    let stop = &STOPS[i];
    let at = &stop.at;
    assert_eq!(p.tour, Some(i), "stop {}", i + 1);
    assert_eq!(p.tour_last, i);
    assert_eq!(
        p.choice.preset().map(|p| p.id),
        Some(at.preset),
        "stop {}",
        i + 1
    );
    if let Some(m) = at.mode {
        assert_eq!(p.choice.mode, m, "stop {}", i + 1);
    }
    assert_eq!(p.choice.semantics, at.semantics, "stop {}", i + 1);
    let (view, by) = match at.view {
        LinkView::Step => (View::Main, None),
        LinkView::Compare => (View::Compare, Some(LanesBy::Mode)),
        LinkView::Versions => (View::Compare, Some(LanesBy::Version)),
        LinkView::Policy(axis) => (View::Compare, Some(LanesBy::Policy(axis))),
    };
    assert_eq!(p.view, view, "stop {}", i + 1);
    if let Some(by) = by {
        assert_eq!(p.lanes_by, by, "stop {}", i + 1);
        let lanes = p.lanes.as_ref().expect("the compare view has its lanes");
        assert!(
            lanes.iter().all(|l| l.run.is_ok()),
            "stop {}: every lane runs",
            i + 1
        );
    }
    assert_eq!(p.step, at.step.min(p.len()), "stop {}", i + 1);
    assert_eq!(p.notice, None, "stop {}", i + 1);
    assert!(p.predict.is_none() && !p.playing);
}

/// A long run (s15's 256 pages) is generated in slices in the browser; here, at once.
fn settle(p: Rc<Player>) -> Rc<Player> {
    let Some(l) = p.loading.clone() else {
        return p;
    };
    let runs = l
        .jobs
        .iter()
        .map(|(m, sc)| {
            bulkpool_allocator::simulate(sc, *m)
                .map(Rc::new)
                .map_err(|e| e.to_string())
        })
        .collect();
    go(&p, Action::Generated(Rc::new(runs)))
}

#[test]
fn every_stop_opens_its_state_from_anywhere_and_from_its_link() {
    let start = player("s5", Mode::Callback, 30, View::Compare);
    for i in 0..STOPS.len() {
        let p = settle(go(&start, Action::Tour(Tour::Open(i))));
        at_stop(&p, i);
        let linked = settle(Rc::new(crate::url::player_for(&format!("?tour={}", i + 1))));
        at_stop(&linked, i);
        assert!(
            *linked.world.0 == *p.world.0,
            "stop {}: the same world",
            i + 1
        );
    }
}

#[test]
fn next_back_page_keys_and_escape_move_through_the_tour() {
    let p = go(
        &player("s1", Mode::List, 0, View::Main),
        Action::Tour(Tour::Resume),
    );
    at_stop(&p, 0);
    assert!(
        Rc::ptr_eq(&go(&p, Action::Tour(Tour::Back)), &p),
        "no stop before the first"
    );
    let p2 = go(&p, Action::Tour(Tour::Next));
    at_stop(&p2, 1);
    at_stop(&go(&p2, Action::Page(1)), 2);
    at_stop(&go(&p2, Action::Page(-1)), 0);
    at_stop(&go(&p2, Action::Tour(Tour::Back)), 0);
    // The player works inside a stop: steps, the view, the scenario; the tour stays open.
    let stepped = go(&p2, Action::Step(1));
    assert_eq!((stepped.step, stepped.tour), (p2.step + 1, Some(1)));
    let other = go(
        &stepped,
        Action::Select(Choice::of(bulkpool_allocator::presets::find("s7").unwrap())),
    );
    assert_eq!(other.tour, Some(1));
    assert_eq!(go(&other, Action::SetView(View::Compare)).tour, Some(1));
    // Escape leaves the tour where it is, and Resume comes back to that stop.
    let left = go(&stepped, Action::Escape);
    assert_eq!(
        (left.tour, left.step, left.tour_last),
        (None, stepped.step, 1)
    );
    assert!(
        Rc::ptr_eq(&go(&left, Action::Escape), &left),
        "Escape without the tour: nothing"
    );
    let paged = go(&go(&left, Action::First), Action::Page(1));
    assert_eq!(paged.step, 10, "PageDown without the tour: ten steps");
    at_stop(&go(&left, Action::Tour(Tour::Resume)), 1);
    // Next on the last stop finishes; Resume then starts over.
    let last = go(&p, Action::Tour(Tour::Open(STOPS.len() - 1)));
    let done = go(&last, Action::Tour(Tour::Next));
    assert_eq!((done.tour, done.tour_done), (None, true));
    at_stop(&go(&done, Action::Tour(Tour::Resume)), 0);
    assert!(
        Rc::ptr_eq(&go(&done, Action::Tour(Tour::Open(99))), &done),
        "no stop 100"
    );
}

#[test]
fn the_offer_is_declined_once_and_the_tour_counts_as_done_with() {
    let mut p = (*player("s1", Mode::List, 0, View::Main)).clone();
    p.tour_offer = true;
    let p = Rc::new(p);
    let declined = go(&p, Action::Tour(Tour::Decline));
    assert!(!declined.tour_offer && declined.tour_done && declined.tour.is_none());
    let started = go(&p, Action::Tour(Tour::Resume));
    assert!(!started.tour_offer);
    at_stop(&started, 0);
}

#[test]
fn a_tour_link_is_read_beside_the_view_and_bad_ones_say_so() {
    use crate::url::{player_for, split_tour, with_tour};
    assert_eq!(
        split_tour("?v=1&s=s5&tour=4&step=3"),
        ("v=1&s=s5&step=3".into(), Some(Ok(3)))
    );
    assert_eq!(split_tour("?v=1&s=s5"), ("v=1&s=s5".into(), None));
    assert!(matches!(split_tour("?tour=0").1, Some(Err(_))));
    assert!(matches!(split_tour("?tour=99").1, Some(Err(_))));
    assert!(matches!(split_tour("?tour=x").1, Some(Err(_))));
    assert_eq!(
        with_tour("?v=1&s=s5&step=3", Some(3)),
        "?v=1&s=s5&step=3&tour=4"
    );
    assert_eq!(with_tour("?v=1&s=s5", None), "?v=1&s=s5");
    // With a view: that view, the tour open at the stop.
    let p = player_for("?v=1&s=s7&mode=list&step=5&tour=4");
    assert_eq!(
        (p.choice.preset().map(|p| p.id), p.step, p.tour),
        (Some("s7"), 5, Some(3))
    );
    assert_eq!(p.notice, None);
    // A bad stop: the view, and a notice naming the stops.
    let bad = player_for("?v=1&s=s7&step=5&tour=99");
    assert_eq!((bad.step, bad.tour), (5, None));
    assert!(
        bad.notice.as_deref().unwrap_or("").contains("stops 1 to"),
        "{:?}",
        bad.notice
    );
    // The address of a stop reopens it.
    let stop = player_for("?tour=6");
    let q = with_tour(
        &crate::url::query(&stop.choice, stop.step, stop.view, stop.lanes_by, false),
        stop.tour,
    );
    let again = player_for(&q);
    assert_eq!(
        (again.tour, again.step, again.view, again.lanes_by),
        (stop.tour, stop.step, stop.view, stop.lanes_by)
    );
    assert!(crate::url::is_new_entry(
        &q,
        &with_tour(&q.replace("&tour=6", ""), Some(6))
    ));
}
