//! The reducer as a whole: every action runs natively, the same action on the same player
//! gives the same player, and the player's modules use no browser API (so that these tests,
//! and the CLI's, can run it at all).

use super::tests::{broken, choice, go, long_request, player, preset, with_free};
use super::*;
use bulkpool_allocator::Mode;

/// Every action, in a sequence that visits both views, predict mode and a long request.
fn every_action(p: &Player) -> Vec<Action> {
    let long = long_request();
    let run = p.trace.0.clone();
    vec![
        Action::Step(1),
        Action::Step(-1),
        Action::Seek(12),
        Action::Last,
        Action::First,
        Action::Play,
        Action::Tick,
        Action::Pause,
        Action::Toggle,
        Action::Toggle,
        Action::Faster,
        Action::Slower,
        Action::SetSpeed(4),
        Action::Select(choice("s5", Mode::List)),
        Action::Select(choice("s5", Mode::Callback)),
        Action::SetView(View::Compare),
        Action::Step(1),
        Action::SetView(View::Main),
        Action::ToggleHelp,
        Action::Close,
        Action::OpenEditor,
        Action::OpenMine,
        Action::Close,
        Action::Select(Choice::custom(broken(), None)),
        Action::DismissNotice,
        Action::Restore(Box::new(Player::new(
            choice("s2", Mode::List),
            3,
            View::Main,
            None,
        ))),
        Action::RunEdited(Box::new(preset("s2").scenario())),
        Action::TogglePredict,
        Action::Step(1),
        Action::Answer(0),
        Action::SkipQuestion,
        Action::TogglePredict,
        Action::Restore(Box::new(long)),
        Action::Progress(10),
        Action::Generated(Rc::new(vec![Ok(run)])),
        Action::CancelLoading,
        Action::SetView(View::Compare),
        Action::SetLanesBy(LanesBy::Version),
        Action::SetLanesBy(LanesBy::Mode),
        Action::SetView(View::Main),
        Action::ToggleExplore,
        Action::Explore(Box::new(with_free(&preset("s1").scenario(), 700))),
        Action::ResetExplore,
        Action::OpenPoint(
            Box::new(with_free(&preset("s1").scenario(), 600)),
            Mode::Array,
            None,
        ),
        Action::Tour(Tour::Open(2)),
        Action::Page(1),
        Action::Escape,
        Action::OpenHelp(HelpTab::Notation),
        Action::SetView(View::Compare),
        Action::SetAlign(Align::Phase),
        Action::Step(1),
        Action::SetAlign(Align::Time),
        Action::SetAlign(Align::Step),
    ]
}

/// Which variant an action is; a new variant does not compile until it is listed here, and
/// `every_action_runs_natively` fails until `every_action` sends it.
fn variant(a: &Action) -> usize {
    match a {
        Action::Step(_) => 0,
        Action::Seek(_) => 1,
        Action::First => 2,
        Action::Last => 3,
        Action::Toggle => 4,
        Action::Play => 5,
        Action::Pause => 6,
        Action::Tick => 7,
        Action::Faster => 8,
        Action::Slower => 9,
        Action::SetSpeed(_) => 10,
        Action::Select(_) => 11,
        Action::SetView(_) => 12,
        Action::ToggleHelp => 13,
        Action::Close => 14,
        Action::OpenEditor => 15,
        Action::OpenMine => 16,
        Action::DismissNotice => 17,
        Action::Restore(_) => 18,
        Action::RunEdited(_) => 19,
        Action::Progress(_) => 20,
        Action::Generated(_) => 21,
        Action::CancelLoading => 22,
        Action::TogglePredict => 23,
        Action::Answer(_) => 24,
        Action::SkipQuestion => 25,
        Action::ToggleExplore => 26,
        Action::Explore(_) => 27,
        Action::ResetExplore => 28,
        Action::OpenPoint(..) => 29,
        Action::SetLanesBy(_) => 30,
        Action::Tour(_) => 31,
        Action::Page(_) => 32,
        Action::Escape => 33,
        Action::OpenHelp(_) => 34,
        Action::SetAlign(_) => 35,
    }
}

#[test]
fn every_action_runs_natively() {
    let mut p = player("s1", Mode::List, 0, View::Main);
    let actions = every_action(&p);
    let mut seen: Vec<usize> = actions.iter().map(variant).collect();
    seen.sort();
    seen.dedup();
    assert_eq!(seen, (0..=35).collect::<Vec<_>>(), "every action is sent");
    for a in actions {
        p = go(&p, a);
    }
}

#[test]
fn the_reducer_is_a_function_of_the_player_and_the_action() {
    let p = player("s5", Mode::List, 0, View::Main);
    for make in [
        || Action::Seek(20),
        || Action::Select(choice("s5", Mode::Array)),
        || Action::SetView(View::Compare),
        || Action::TogglePredict,
    ] {
        let (a, b) = (go(&p, make()), go(&p, make()));
        assert_eq!(a.step, b.step);
        assert_eq!(a.choice, b.choice);
        assert_eq!(a.notice, b.notice);
        assert!(*a.world.0 == *b.world.0);
        assert_eq!(a.predict, b.predict);
        assert_eq!(a.requests, b.requests);
    }
}

#[test]
fn the_player_modules_use_no_browser_api() {
    // Every module of the player, found on disk: a file split out of one of them is checked
    // too (a fixed list missed five).
    let src_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut names: Vec<String> = ["state.rs", "choice.rs", "predict.rs", "url.rs"]
        .map(String::from)
        .to_vec();
    for dir in ["state", "state/lanes", "url"] {
        for entry in std::fs::read_dir(src_dir.join(dir)).unwrap() {
            let file = entry.unwrap().file_name().into_string().unwrap();
            if file.ends_with(".rs") && file != "tests.rs" && !file.ends_with("_tests.rs") {
                names.push(format!("{dir}/{file}"));
            }
        }
    }
    assert!(names.len() >= 13, "the player's modules: {names:?}");
    for name in names {
        let src = std::fs::read_to_string(src_dir.join(&name)).unwrap();
        // The code, without its comments.
        let src: String = src
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        for api in ["web_sys", "js_sys", "gloo", "wasm_bindgen", "thread_local!"] {
            assert!(!src.contains(api), "{name} uses {api}");
        }
        // No import circle: the player never imports what renders it.
        for up in [
            "crate::components",
            "crate::hooks",
            "crate::app",
            "crate::generate",
        ] {
            assert!(!src.contains(up), "{name} imports {up}");
        }
        let global = src.lines().map(str::trim_start).find(|l| {
            l.starts_with("static ") || l.starts_with("pub static ") || l.contains("Atomic")
        });
        assert_eq!(global, None, "{name} keeps global state");
    }
    assert!(!include_str!("../choice.rs").contains("use crate::state"));
}
