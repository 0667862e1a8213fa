//! Lining the compare view's lanes up by phase or by time (U27), natively.

use super::super::tests::{go, player};
use super::super::{Action, View};
use super::*;
use bulkpool_allocator::Mode;

fn lanes_at(p: &crate::state::Player) -> Vec<(Mode, usize)> {
    p.lanes
        .as_ref()
        .unwrap()
        .iter()
        .filter_map(|l| l.run.as_ref().ok().map(|r| (l.mode, r.at)))
        .collect()
}

#[test]
fn by_phase_every_lane_is_at_the_same_task_phase_and_round() {
    // s5 at step 21 (the walk's U27): by step the list lane retries while the array lane
    // still drains the pool.
    let p = go(
        &player("s5", Mode::List, 21, View::Compare),
        Action::Step(0),
    );
    let by_step = lanes_at(&p);
    assert!(by_step.iter().all(|(_, at)| *at == 21));
    let phase_of = |p: &crate::state::Player, m: Mode, at: usize| {
        let l = p
            .lanes
            .as_ref()
            .unwrap()
            .iter()
            .find(|l| l.mode == m)
            .unwrap();
        let t = &l.run.as_ref().unwrap().trace.0;
        (t.events[at - 1].phase, t.events[at - 1].task)
    };
    let own = (p.trace.0.events[20].phase, p.trace.0.events[20].task);
    assert_ne!(
        phase_of(&p, Mode::Array, 21),
        own,
        "by step the lanes differ"
    );
    let aligned = go(&p, Action::SetAlign(Align::Phase));
    for (m, at) in lanes_at(&aligned) {
        assert_eq!(phase_of(&aligned, m, at), own, "{m} lane at step {at}");
    }
    // Stepping keeps them lined up; back to step numbers, each at 22.
    let next = go(&aligned, Action::Step(1));
    let own = (next.trace.0.events[21].phase, next.trace.0.events[21].task);
    for (m, at) in lanes_at(&next) {
        assert_eq!(phase_of(&next, m, at), own, "{m} lane at step {at}");
    }
    let back = go(&next, Action::SetAlign(Align::Step));
    assert!(lanes_at(&back).iter().all(|(_, at)| *at == 22));
}

#[test]
fn by_time_every_lane_is_at_the_same_simulated_time() {
    // s6: the array lane sleeps 5 s where the list lane is done at t = 0.
    let p = go(
        &go(
            &player("s6", Mode::Array, 0, View::Compare),
            Action::SetAlign(Align::Time),
        ),
        Action::Last,
    );
    let now = p.world.0.now_ms;
    assert_eq!(now, 5000);
    for l in p.lanes.as_ref().unwrap().iter() {
        let r = l.run.as_ref().unwrap();
        assert!(r.world.0.now_ms <= now, "{} lane", l.mode);
    }
    // At step 0 every lane starts.
    let first = go(&p, Action::First);
    assert!(lanes_at(&first).iter().all(|(_, at)| *at == 0));
}
