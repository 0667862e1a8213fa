//! The reducer, natively: every action on real runs, with no browser. A browser call in the
//! reducer would panic here ("cannot call wasm-bindgen imported functions on non-wasm
//! targets"), and `the_player_modules_use_no_browser_api` keeps such calls out by name.

use super::*;
use crate::testing::simulations;
use bulkpool_allocator::view::place::{Match, Places};
use bulkpool_allocator::{presets, simulate, Mode, Scenario, Semantics};

pub(super) fn preset(id: &str) -> &'static presets::Preset {
    presets::find(id).unwrap()
}

pub(super) fn choice(id: &str, mode: Mode) -> Choice {
    Choice {
        mode,
        ..Choice::of(preset(id))
    }
}

pub(super) fn player(id: &str, mode: Mode, step: usize, view: View) -> Rc<Player> {
    let p = Rc::new(Player::new(choice(id, mode), step, view, None));
    consistent(&p);
    p
}

/// Applies `action`, checks the result, and returns it.
pub(super) fn go(p: &Rc<Player>, action: Action) -> Rc<Player> {
    let next = p.clone().reduce(action);
    consistent(&next);
    next
}

/// What the components rely on: the step within the run, the world (and every shown lane's)
/// the world of that step.
fn consistent(p: &Player) {
    assert!(p.step <= p.len(), "step {} of {}", p.step, p.len());
    let t = &p.trace.0;
    assert!(
        *p.world.0 == t.state_at(p.main_step()),
        "the world is step {}'s",
        p.main_step()
    );
    if let (View::Compare, Some(lanes)) = (p.view, &p.lanes) {
        let own = super::lanes::Index::of_trace(&p.trace.0);
        for lane in lanes.iter() {
            let Ok(run) = &lane.run else { continue };
            let at = super::lanes::lane_step(
                &run.trace.0,
                run.index(),
                p.step,
                &p.trace.0,
                &own,
                p.align,
            );
            assert_eq!(run.at, at, "the {} lane is at the step", lane.mode);
            assert!(
                *run.world.0 == run.trace.0.state_at(at),
                "the {} lane's world is step {at}'s",
                lane.mode
            );
        }
    }
}

#[test]
fn step_actions_move_the_step_and_clamp_at_both_ends() {
    let p = player("s1", Mode::List, 0, View::Main);
    let len = p.len();
    assert!(len > 12, "s1 has {len} steps");
    let p1 = go(&p, Action::Step(1));
    assert_eq!(p1.step, 1);
    assert_eq!(go(&p1, Action::Step(-1)).step, 0);
    assert!(
        Rc::ptr_eq(&go(&p, Action::Step(-1)), &p),
        "a clamped step is the same state: no render"
    );
    assert_eq!(go(&p, Action::Step(10)).step, 10);
    let end = go(&p, Action::Last);
    assert_eq!(end.step, len);
    assert!(Rc::ptr_eq(&go(&end, Action::Step(1)), &end));
    assert_eq!(go(&p, Action::Seek(len + 100)).step, len);
    assert_eq!(go(&p, Action::Seek(7)).step, 7);
    assert_eq!(go(&end, Action::First).step, 0);
    assert_eq!(go(&end, Action::Step(-3)).step, len - 3);
}

#[test]
fn a_step_shows_what_the_event_added_to_the_counters() {
    let p = player("s1", Mode::List, 0, View::Main);
    let t = p.trace.0.clone();
    for to in [1, 5, t.len()] {
        let q = go(&p, Action::Seek(to));
        assert_eq!(q.prev_work, t.state_at(to - 1).work, "step {to}");
    }
}

#[test]
fn moves_counts_the_step_actions_that_moved_the_step() {
    let p = player("s1", Mode::List, 0, View::Main);
    assert_eq!(p.moves, 0);
    let p = go(&p, Action::Step(1));
    assert_eq!(p.moves, 1);
    let p = go(&p, Action::Seek(1));
    assert_eq!(p.moves, 1, "a seek to the same step");
    let p = go(&p, Action::Last);
    assert_eq!(p.moves, 2);
    let p = go(&p, Action::Tick);
    assert_eq!(p.moves, 2, "a tick at the end only stops");
    // Not a step action, though the step changes: the root does not time it.
    let q = go(&p, Action::Select(choice("s1", Mode::Array)));
    assert_ne!(q.step, p.step);
    assert_eq!(q.moves, 2);
    assert!(!Action::Select(choice("s1", Mode::List)).moves_step());
    assert!(Action::Tick.moves_step() && Action::Answer(0).moves_step());
}

#[test]
fn play_from_the_end_starts_over_and_a_tick_at_the_end_stops() {
    let p = player("s1", Mode::List, 0, View::Main);
    let end = go(&p, Action::Last);
    let playing = go(&end, Action::Play);
    assert!(playing.playing);
    assert_eq!(playing.step, 0);
    let ticked = go(&playing, Action::Tick);
    assert_eq!(ticked.step, 1);
    let at_end = go(&go(&ticked, Action::Last), Action::Tick);
    assert!(!at_end.playing);
    assert_eq!(at_end.step, at_end.len());
    assert!(Rc::ptr_eq(&go(&p, Action::Pause), &p), "already paused");
    let toggled = go(&go(&p, Action::Toggle), Action::Toggle);
    assert!(!toggled.playing);
}

#[test]
fn speed_is_bounded_and_survives_a_new_scenario() {
    let p = player("s1", Mode::List, 0, View::Main);
    let fast = go(&go(&p, Action::SetSpeed(99)), Action::Faster);
    assert_eq!(fast.speed, SPEEDS.len() - 1);
    assert_eq!(fast.step_ms(), 87);
    let slow = (0..10).fold(p.clone(), |p, _| go(&p, Action::Slower));
    assert_eq!(slow.speed, 0);
    assert_eq!(
        go(&fast, Action::Select(choice("s5", Mode::List))).speed,
        fast.speed
    );
}

#[test]
fn select_opens_another_preset_at_its_start() {
    let p = go(&player("s1", Mode::List, 0, View::Main), Action::Seek(9));
    let q = go(&p, Action::Select(choice("s5", Mode::Array)));
    assert_eq!(q.choice, choice("s5", Mode::Array));
    assert_eq!(q.step, 0);
    let want = simulate(&preset("s5").scenario(), Mode::Array).unwrap();
    assert_eq!(q.trace.0.len(), want.len());
    assert_eq!(q.trace.0.mode, Mode::Array);
    assert_eq!(q.notice, None);
    assert!(
        Rc::ptr_eq(&go(&q, Action::Select(choice("s5", Mode::Array))), &q),
        "the same choice again changes nothing"
    );
}

/// The round a step belongs to: the last `Round` of its task at or before it (0 before any).
fn round_at(t: &bulkpool_allocator::Trace, step: usize) -> u32 {
    let task = t.events[step - 1].task;
    t.events[..step]
        .iter()
        .rev()
        .filter(|e| e.task == task)
        .find_map(|e| match e.kind {
            bulkpool_allocator::EventKind::Round { round, .. } => Some(round),
            _ => None,
        })
        .unwrap_or(0)
}

#[test]
fn a_mode_switch_keeps_the_task_phase_and_round() {
    let list = player("s5", Mode::List, 0, View::Main);
    let t = list.trace.0.clone();
    // Some step after the first sleep, well into the run.
    let at = t
        .events
        .iter()
        .position(|e| matches!(e.kind, bulkpool_allocator::EventKind::Sleep { .. }))
        .expect("s5 sleeps")
        + 2;
    let old = go(&list, Action::Seek(at));
    let new = go(&old, Action::Select(choice("s5", Mode::Array)));
    let u = new.trace.0.clone();
    // s5's array run has a step with the same task, phase and round (an exact match), at
    // another step number than the list run's: every check below runs, unconditionally.
    let (want, how) = Places::of(&t).locate(at, &Places::of(&u));
    assert_eq!((new.step, how), (want, Match::Same));
    let (a, b) = (old.event().unwrap(), new.event().unwrap());
    assert_eq!(
        (t.task_name(a.task), a.phase, round_at(&t, old.step)),
        (u.task_name(b.task), b.phase, round_at(&u, new.step)),
        "task, phase and round, each read from its own run"
    );
    assert_ne!(
        new.step, old.step,
        "the array run numbers its steps differently"
    );
    let n = new.notice.clone().expect("a new step number is said");
    assert!(
        n.contains(&format!(
            "is step {} here: the same task, phase and round",
            new.step
        )),
        "{n}"
    );
}

#[test]
fn an_invalid_semantics_falls_back_with_a_notice() {
    let p = player("s8", Mode::List, 0, View::Main);
    let q = go(
        &p,
        Action::Select(Choice {
            semantics: Some(Semantics::K6_0),
            ..choice("s8", Mode::List)
        }),
    );
    let n = q.notice.clone().expect("the fallback is said");
    assert!(n.contains("v6.0 cannot run"), "{n}");
    assert_eq!(q.choice, choice("s8", Mode::List));
    assert_ne!(q.trace.0.semantics, Semantics::K6_0);
}

pub(super) fn broken() -> Scenario {
    let mut sc = preset("s5").scenario();
    sc.zone.pages = 0;
    sc
}

#[test]
fn a_custom_scenario_that_cannot_run_keeps_the_page_with_a_notice() {
    let p = go(&player("s5", Mode::List, 0, View::Main), Action::Seek(4));
    let q = go(&p, Action::Select(Choice::custom(broken(), None)));
    assert_eq!(q.choice, p.choice);
    assert!(Rc::ptr_eq(&q.trace.0, &p.trace.0));
    assert_eq!(q.step, 4);
    let n = q.notice.clone().unwrap();
    assert!(
        n.starts_with("The scenario cannot run: ") && n.contains("zone.pages"),
        "{n}"
    );
}

#[test]
fn a_custom_choice_is_simulated_once_on_select() {
    let p = player("s1", Mode::List, 0, View::Main);
    let mut sc = preset("s5").scenario();
    sc.name = "mine".into();
    let c = Choice::custom(sc, None);
    let (q, n) = simulations(|| go(&p, Action::Select(c.clone())));
    assert_eq!(q.choice, c);
    assert_eq!(n, 1, "the step view runs the scenario once");
    // The compare view: one run per mode, the choice's own among them.
    let compare = go(&p, Action::SetView(View::Compare));
    let (q, n) = simulations(|| go(&compare, Action::Select(c.clone())));
    assert_eq!(n, Mode::ALL.len());
    let lanes = q.lanes.clone().unwrap();
    let own = lanes.iter().find(|l| l.mode == c.mode).unwrap();
    assert!(Rc::ptr_eq(&own.run.as_ref().unwrap().trace.0, &q.trace.0));
}

#[test]
fn a_long_custom_choice_is_generated_in_slices_not_at_select() {
    let p = go(&player("s1", Mode::List, 0, View::Main), Action::Seek(3));
    let sc = presets::large(1 << 16, 200);
    assert!(loading::is_long(&sc, sc.mode));
    let c = Choice::custom(sc.clone(), None);
    let (q, n) = simulations(|| go(&p, Action::Select(c.clone())));
    assert_eq!(n, 0, "nothing simulated at once");
    let l = q.loading.clone().expect("a request to generate it");
    assert_eq!(l.jobs, vec![(sc.mode, sc.clone())]);
    assert_eq!(l.id, p.requests + 1);
    assert_eq!(q.requests, l.id);
    assert!(
        Rc::ptr_eq(&q.trace.0, &p.trace.0),
        "the page shows what it showed"
    );
    assert_eq!(q.step, 3);
    let progressed = go(&q, Action::Progress(1234));
    assert_eq!(progressed.loading.as_ref().unwrap().events, 1234);
    // The generator hands over the run (any run will do for the reducer).
    let run = Rc::new(simulate(&preset("s5").scenario(), Mode::Callback).unwrap());
    let done = go(&q, Action::Generated(Rc::new(vec![Ok(run.clone())])));
    assert!(done.loading.is_none());
    assert_eq!(done.choice, c);
    assert!(Rc::ptr_eq(&done.trace.0, &run));
    assert_eq!(done.step, 0);
    // Cancel keeps the page.
    let cancelled = go(&q, Action::CancelLoading);
    assert!(cancelled.loading.is_none());
    assert!(Rc::ptr_eq(&cancelled.trace.0, &p.trace.0));
    assert!(cancelled.notice.is_some());
    let failed = go(&q, Action::Generated(Rc::new(vec![Err("too big".into())])));
    assert!(failed.loading.is_none());
    assert_eq!(
        failed.notice.as_deref(),
        Some("The scenario cannot run: too big")
    );
    assert!(Rc::ptr_eq(&failed.trace.0, &p.trace.0));
}

#[test]
fn the_compare_view_keeps_each_lanes_world_at_the_step() {
    let p = go(&player("s6", Mode::List, 0, View::Main), Action::Seek(5));
    let c = go(&p, Action::SetView(View::Compare));
    let lanes = c.lanes.clone().unwrap();
    assert_eq!(
        lanes.iter().map(|l| l.mode).collect::<Vec<_>>(),
        Mode::ALL.to_vec()
    );
    assert!(lanes.iter().all(|l| l.run.is_ok()));
    assert_eq!(c.len(), lanes::longest(&lanes).max(p.trace.0.len()));
    let shortest = lanes
        .iter()
        .map(|l| l.run.as_ref().unwrap().trace.0.len())
        .min()
        .unwrap();
    // Every lane moves with the step, and a lane that has ended keeps its world.
    let at_short_end = go(&c, Action::Seek(shortest));
    let past = go(&at_short_end, Action::Step(1));
    assert_eq!(past.step, shortest + 1, "s6's lanes differ in length");
    let ended = |p: &Player| {
        let l = p.lanes.clone().unwrap();
        let r = l
            .iter()
            .find(|l| l.run.as_ref().unwrap().trace.0.len() == shortest)
            .unwrap();
        r.run.as_ref().unwrap().world.0.clone()
    };
    assert!(Rc::ptr_eq(&ended(&at_short_end), &ended(&past)));
    // The choice's own lane is the player's run and world: one copy, not two.
    for q in [&c, &at_short_end, &past] {
        let lanes = q.lanes.clone().unwrap();
        let own = lanes.iter().find(|l| l.mode == q.choice.mode).unwrap();
        let run = own.run.as_ref().unwrap();
        assert!(Rc::ptr_eq(&run.trace.0, &q.trace.0));
        assert!(Rc::ptr_eq(&run.world.0, &q.world.0));
    }
    // Back in the step view the lanes stay where they were; they catch up in the compare view.
    let main = go(&go(&past, Action::SetView(View::Main)), Action::First);
    assert_eq!(
        main.lanes.as_ref().unwrap()[0].run.as_ref().unwrap().at,
        past.lanes.as_ref().unwrap()[0].run.as_ref().unwrap().at
    );
    let again = go(&main, Action::SetView(View::Compare));
    assert_eq!(again.step, 0);
}

#[test]
fn predict_mode_asks_before_the_step_and_an_answer_reveals_it() {
    let p = go(
        &player("s5", Mode::List, 0, View::Main),
        Action::TogglePredict,
    );
    let pr = p.predict.clone().expect("predict is on");
    let q = pr.questions[0].clone();
    assert!(q.ask <= q.step);
    let before = go(&p, Action::Seek(q.ask - 1));
    let asked = go(&before, Action::Step(1));
    assert_eq!(asked.step, q.ask - 1, "stopped before the step");
    assert_eq!(asked.predict.as_ref().unwrap().pending, Some(0));
    assert!(
        Rc::ptr_eq(&go(&asked, Action::Step(1)), &asked),
        "waits for an answer"
    );
    // An answer shows the step with the answer, and keeps the verdict there.
    let answered = go(&asked, Action::Answer(q.answer));
    assert_eq!(answered.step, q.step);
    let pr = answered.predict.as_ref().unwrap();
    assert_eq!((pr.right, pr.asked), (1, 1));
    assert_eq!(pr.last, Some((0, q.answer)));
    assert_eq!(
        pr.left(answered.step).0 + 1,
        pr.questions.len(),
        "the others are ahead"
    );
    // At the end nothing is ahead, and what a jump passed is counted as passed.
    let end = go(&answered, Action::Last);
    let pr = end.predict.as_ref().unwrap();
    assert_eq!(pr.left(end.step), (0, pr.questions.len() - 1));
    let skipped = go(&asked, Action::SkipQuestion);
    assert_eq!(skipped.step, q.ask);
    assert_eq!(skipped.predict.as_ref().unwrap().asked, 0);
    assert!(
        Rc::ptr_eq(&go(&before, Action::Answer(0)), &before),
        "no question waiting"
    );
    assert!(go(&p, Action::TogglePredict).predict.is_none());
}

#[test]
fn restore_replaces_the_player_but_keeps_the_speed_and_the_counters() {
    let p = go(
        &go(&player("s1", Mode::List, 0, View::Main), Action::Faster),
        Action::Step(1),
    );
    let entry = Player::new(choice("s5", Mode::Array), 7, View::Main, None);
    let q = go(&p, Action::Restore(Box::new(entry)));
    assert_eq!((q.choice.clone(), q.step), (choice("s5", Mode::Array), 7));
    assert_eq!((q.speed, q.moves), (p.speed, p.moves));
    // A long entry: a new request of this session's numbering; the page stays meanwhile.
    let long = long_request();
    let waiting = go(&q, Action::Restore(Box::new(long.clone())));
    let l = waiting.loading.clone().unwrap();
    assert_eq!(l.id, q.requests + 1);
    assert_eq!(waiting.requests, l.id);
    assert!(Rc::ptr_eq(&waiting.trace.0, &q.trace.0));
    let again = go(&waiting, Action::Restore(Box::new(long)));
    assert_ne!(
        again.loading.as_ref().unwrap().id,
        l.id,
        "the generator restarts"
    );
}

#[test]
fn the_editor_run_keeps_an_unchanged_preset_and_opens_an_edit_as_a_variant() {
    let p = go(
        &go(&player("s5", Mode::List, 0, View::Main), Action::Seek(6)),
        Action::OpenEditor,
    );
    assert!(p.editor && !p.playing);
    let same = go(&p, Action::RunEdited(Box::new(p.choice.scenario())));
    assert!(!same.editor);
    assert_eq!(same.choice, p.choice);
    assert_eq!(same.step, 6);
    let mut sc = p.choice.scenario();
    sc.zone.free = Some(300);
    let edited = go(&p, Action::RunEdited(Box::new(sc)));
    assert!(edited.choice.is_custom());
    assert_eq!(edited.choice.root().unwrap().id, "s5");
    assert!(!edited.editor);
}

#[test]
fn dialogs_and_notices_open_and_close() {
    let p = player("s1", Mode::List, 0, View::Main);
    let help = go(&p, Action::ToggleHelp);
    assert!(help.help);
    let mine = go(&help, Action::OpenMine);
    assert!(mine.mine && !mine.help);
    let closed = go(&mine, Action::Close);
    assert!(!closed.mine && !closed.help && !closed.editor);
    assert!(Rc::ptr_eq(&go(&closed, Action::Close), &closed));
    let bad = go(&p, Action::Select(Choice::custom(broken(), None)));
    assert!(go(&bad, Action::DismissNotice).notice.is_none());
}

/// A player waiting for a long run (a 65,536-frame scenario of 200 bios), generated in slices.
pub(super) fn long_request() -> Player {
    Player::try_open(
        Choice::custom(presets::large(1 << 16, 200), None),
        0,
        View::Main,
        None,
        None,
    )
    .unwrap()
}

pub(super) fn with_free(sc: &Scenario, free: u64) -> Scenario {
    let mut sc = sc.clone();
    sc.zone.free = Some(free);
    sc
}
