//! The first module's player (`state::lite`) and its links (`crate::lite::open`), natively:
//! it moves exactly as the whole app's player does, hands everything else over, and opens
//! only the links it shows exactly as the whole app would, writing the same address.

use super::lite::{action_for, query_of, upgrade_for};
use super::*;
use bulkpool_allocator::view::link::{encode, Link, Source, View as LinkView};
use bulkpool_allocator::{presets, Mode, Semantics};

fn lite(id: &str, mode: Mode, step: usize) -> Rc<Player> {
    let c = Choice {
        mode,
        ..Choice::of(presets::find(id).unwrap())
    };
    Rc::new(Player::lite_open(c, step).expect("a preset that runs as asked"))
}

fn full(id: &str, mode: Mode, step: usize) -> Rc<Player> {
    let c = Choice {
        mode,
        ..Choice::of(presets::find(id).unwrap())
    };
    Rc::new(Player::new(c, step, View::Main, None))
}

fn same(a: &Player, b: &Player) {
    assert_eq!(a.step, b.step);
    assert_eq!(a.choice, b.choice);
    assert_eq!(a.playing, b.playing);
    assert_eq!(a.speed, b.speed);
    assert_eq!(a.moves, b.moves);
    assert!(*a.world.0 == *b.world.0, "the worlds of step {}", a.step);
    assert_eq!(a.prev_work, b.prev_work);
}

/// A preset in a mode and semantics it cannot run as asked (the whole app falls back, with a
/// notice).
fn fallback_choice() -> Choice {
    presets::PRESETS
        .iter()
        .flat_map(|p| {
            Mode::ALL.into_iter().flat_map(move |mode| {
                Semantics::ALL.into_iter().map(move |s| Choice {
                    mode,
                    semantics: Some(s),
                    ..Choice::of(p)
                })
            })
        })
        .find(|c| plan(c).is_ok_and(|(_, fallback)| fallback.is_some()))
        .expect("some preset falls back in some mode and semantics")
}

#[test]
fn the_first_modules_player_moves_as_the_whole_apps_does() {
    for (id, mode) in [("s1", Mode::List), ("s5", Mode::List), ("s8", Mode::Array)] {
        let (mut a, mut b) = (lite(id, mode, 3), full(id, mode, 3));
        assert!(a.reducer.is_none() && b.reducer.is_some());
        let actions: Vec<fn() -> Action> = vec![
            || Action::Step(1),
            || Action::Step(1),
            || Action::Step(-1),
            || Action::Page(1),
            || Action::Seek(7),
            || Action::Last,
            || Action::Tick,
            || Action::Toggle,
            || Action::Tick,
            || Action::Faster,
            || Action::SetSpeed(0),
            || Action::Pause,
            || Action::First,
            || Action::Page(-1),
            || Action::Select(Choice::of(presets::find("s3").unwrap())),
            || Action::Step(2),
        ];
        for make in actions {
            a = a.reduce(make());
            b = b.reduce(make());
            same(&a, &b);
            assert!(a.upgrade.is_none());
        }
    }
}

#[test]
fn what_only_the_whole_app_does_is_handed_over() {
    let p = lite("s5", Mode::List, 10);
    for (action, then) in [
        (Action::OpenHelp(HelpTab::Model), "help:model"),
        (Action::ToggleHelp, "help:keyboard"),
        (Action::TogglePredict, "predict"),
        (Action::ToggleExplore, "explore"),
        (Action::SetView(View::Compare), "compare"),
        (Action::Tour(Tour::Resume), "tour"),
        (Action::OpenEditor, "editor"),
        (Action::OpenMine, "mine"),
    ] {
        let q = p.clone().reduce(action);
        assert_eq!(q.upgrade, Some((1, then.to_string())));
        // Asked again (the load before failed): a new ask, for the effect that hands over.
        assert_eq!(
            q.clone().reduce(action_for(then).unwrap()).upgrade,
            Some((2, then.to_string()))
        );
        assert_eq!((q.step, &q.choice), (p.step, &p.choice));
        assert!(action_for(then).is_some_and(|a| upgrade_for(&a) == then));
    }
    // A choice it cannot run as asked (the semantics lacks the mode): the whole app opens it,
    // with its notice.
    let c = fallback_choice();
    let q = p.clone().reduce(Action::Select(c.clone()));
    assert_eq!(
        q.upgrade,
        Some((1, format!("open:{}", query_of(&c, 0, false).unwrap())))
    );
}

#[test]
fn the_first_module_writes_the_whole_apps_links() {
    for p in presets::PRESETS {
        for mode in Mode::ALL {
            for (sem, step, embed) in [
                (None, 0, false),
                (Some(Semantics::Rfc2022), 5, false),
                (None, 12, true),
            ] {
                let c = Choice {
                    mode,
                    semantics: sem,
                    ..Choice::of(p)
                };
                let whole = encode(&Link {
                    source: Source::Preset(p.id),
                    mode: Some(mode),
                    semantics: sem,
                    step,
                    view: LinkView::Step,
                    embed,
                });
                assert_eq!(query_of(&c, step, embed).as_deref(), Some(whole.as_str()));
            }
        }
    }
    let custom = Choice::custom(presets::find("s5").unwrap().scenario(), None);
    assert_eq!(query_of(&custom, 0, false), None);
}

#[test]
fn the_first_module_opens_only_what_it_shows_as_the_whole_app_would() {
    let m = bulkpool_allocator::model::version::MODEL;
    let opened = crate::lite::open(&format!("?v=1&m={m}&s=s5&mode=list&step=36")).unwrap();
    assert_eq!((opened.step, opened.choice.mode), (36, Mode::List));
    assert_eq!(opened.choice.preset().map(|p| p.id), Some("s5"));
    assert!(crate::lite::open(&format!("?v=1&m={m}&s=s8&embed=1"))
        .is_some_and(|p| p.embed && p.step == 0));
    for whole in [
        String::new(),
        "?".into(),
        format!("?v=1&m={m}&s=s5&o=zone.free:40"),
        format!("?v=1&m={m}&c=abc"),
        format!("?v=1&m={m}&s=s5&view=compare"),
        format!("?v=1&m={m}&s=s5&tour=2"),
        format!("?v=1&m={m}&s=s5&p=drain:partial"),
        "?v=1&m=1&s=s5".into(),
        "?v=1&s=s5".into(),
        format!("?v=2&m={m}&s=s5"),
        format!("?v=1&m={m}&s=s99"),
        format!("?v=1&m={m}&s=s5&mode=lists"),
        format!("?v=1&m={m}&s=s5&step=9999"),
        format!("?v=1&m={m}&s=s5&step=-1"),
        {
            let c = fallback_choice();
            format!(
                "?v=1&m={m}&s={}&mode={}&sem={}",
                c.preset().unwrap().id,
                c.mode.name(),
                c.semantics.unwrap().name()
            )
        },
        format!("?v=1&m={m}&s=s5&embed=2"),
        format!("?v=1&m={m}"),
    ] {
        assert!(crate::lite::open(&whole).is_none(), "{whole}");
    }
}
