//! Links natively: each opens its choice, step and view; bad ones give a notice, never a panic.

use super::*;
use crate::state::loading::is_long;
use bulkpool_allocator::{presets, Mode, Semantics};

fn preset_id(p: &Player) -> Option<&'static str> {
    p.choice.preset().map(|p| p.id)
}

#[test]
fn a_link_opens_its_preset_mode_step_and_view() {
    let p = player_for("?v=1&s=s5&mode=array&step=12");
    assert_eq!(preset_id(&p), Some("s5"));
    assert_eq!(p.choice.mode, Mode::Array);
    assert_eq!(p.trace.0.mode, Mode::Array);
    assert_eq!((p.step, p.view, p.embed), (12, View::Main, false));
    assert_eq!(p.notice, None);
    assert!(*p.world.0 == p.trace.0.state_at(12));
}

#[test]
fn a_link_opens_the_compare_view_and_the_embed() {
    let p = player_for("?v=1&s=s6&mode=list&step=5&view=compare");
    assert_eq!(p.view, View::Compare);
    assert_eq!(p.step, 5);
    assert_eq!(p.lanes.as_ref().map(|l| l.len()), Some(Mode::ALL.len()));
    let e = player_for("?v=1&s=s5&mode=list&embed=1");
    assert!(e.embed);
    assert_eq!(e.view, View::Main);
}

#[test]
fn the_first_apps_links_still_open() {
    let p = player_for("?s=s5&step=3");
    assert_eq!(preset_id(&p), Some("s5"));
    assert_eq!(p.step, 3);
}

#[test]
fn a_semantics_in_the_link_is_kept() {
    let p = player_for("?v=1&s=s5&mode=array&sem=rfc-2022");
    assert_eq!(p.choice.semantics, Some(Semantics::Rfc2022));
    assert_eq!(p.trace.0.semantics, Semantics::Rfc2022);
}

#[test]
fn the_query_of_a_player_opens_the_same_player() {
    let mut sc = presets::find("s5").unwrap().scenario();
    sc.zone.free = Some(40);
    let variant = Choice::custom(sc.clone(), presets::find("s5"));
    sc.name = "mine".into();
    sc.tasks.truncate(1);
    let own = Choice::custom(sc, None);
    for (c, step, view) in [
        (Choice::of(presets::find("s8").unwrap()), 9, View::Main),
        (variant, 4, View::Compare),
        (own, 2, View::Main),
    ] {
        let q = query(&c, step, view, LanesBy::Mode, false);
        let p = player_for(&q);
        assert_eq!(p.choice, c, "{q}");
        assert_eq!((p.step, p.view), (step, view), "{q}");
        assert_eq!(p.notice, None, "{q}");
    }
}

#[test]
fn a_variant_link_is_the_preset_plus_its_overrides() {
    let p = player_for("?v=1&s=s5&o=zone.free:40&mode=list");
    assert!(p.choice.is_custom());
    assert_eq!(p.choice.root().map(|p| p.id), Some("s5"));
    assert_eq!(p.choice.scenario().zone.free, Some(40));
    assert_eq!(p.choice.variant().as_deref(), Some("s5 + zone.free=40"));
}

#[test]
fn a_what_if_link_is_a_variant_named_by_its_design_choices() {
    // A what-if keeps the preset's description, which need not fit it any more: it reads as a
    // variant's, with the caveat, and its tab as the preset's variant.
    for (q, label) in [
        (
            "?v=1&m=2&s=s8&mode=list&p=drain:all-or-nothing",
            "s8 + drain=all-or-nothing",
        ),
        (
            "?v=1&m=2&s=s8&mode=list&o=zone.free:40&p=drain:all-or-nothing",
            "s8 + zone.free=40, drain=all-or-nothing",
        ),
    ] {
        let p = player_for(q);
        assert_eq!(p.notice, None, "{q}");
        assert_eq!(p.choice.variant().as_deref(), Some(label), "{q}");
        let summary = p.choice.summary();
        assert!(
            summary.starts_with("s8's own description, which the changes may no longer fit: "),
            "{summary}"
        );
        assert_eq!(
            crate::app::page_title(&p.choice, 0, crate::state::View::Main),
            "s8 variant — bulkpool"
        );
    }
}

#[test]
fn a_step_past_the_end_shows_the_last_with_a_notice() {
    let p = player_for("?v=1&s=s1&mode=list&step=100000");
    assert_eq!(p.step, p.len());
    let n = p.notice.clone().unwrap();
    assert!(n.contains(&format!("The run has {} steps", p.len())), "{n}");
}

#[test]
fn bad_links_give_a_notice_never_a_panic() {
    for q in [
        "?v=1&s=nope",
        "?v=9&s=s5",
        "?v=1&s=s5&step=abc",
        "?v=1&s=s5&mode=sideways",
        "?v=1&s=s5&sem=v9",
        "?v=1&c=%21%21%21",
        "?v=1&c=AAAA",
        "?v=1&s=s5&o=zone.pages:0",
        "?v=1&s=s5&o=nonsense",
        "?json=%7B%22zone%22%3A",
        "?v=1&s=s5&view=sideways",
        "?%FF%FE=%00&&&=",
    ] {
        let p = player_for(q);
        assert!(p.notice.is_some(), "{q} says what it could not use");
        assert!(p.step <= p.len(), "{q}");
        assert!(*p.world.0 == p.trace.0.state_at(p.main_step()), "{q}");
    }
}

#[test]
fn a_link_to_a_scenario_that_cannot_run_shows_s1_and_why() {
    // A format-0 link with a whole scenario whose zone is empty.
    let mut sc = presets::find("s5").unwrap().scenario();
    sc.zone.pages = 0;
    let json = sc.to_json();
    let q: String = format!(
        "?json={}",
        json.bytes()
            .map(|b| format!("%{b:02X}"))
            .collect::<String>()
    );
    let p = player_for(&q);
    assert_eq!(preset_id(&p), Some("s1"));
    let n = p.notice.unwrap();
    assert!(n.contains("cannot run") || n.contains("zone.pages"), "{n}");
}

#[test]
fn a_long_run_from_a_link_is_requested_not_simulated() {
    let sc = presets::large(1 << 16, 200);
    assert!(is_long(&sc, sc.mode));
    let c = Choice::custom(sc, None);
    let p = player_for(&query(&c, 7, View::Main, LanesBy::Mode, false));
    let l = p.loading.clone().expect("generated in slices");
    assert_eq!(l.id, 1);
    assert_eq!(preset_id(&p), Some("s1"), "s1 shows meanwhile");
    match &l.then {
        crate::state::loading::Then::Open { choice, step, .. } => {
            assert_eq!(*choice, c);
            assert_eq!(*step, 7);
        }
        crate::state::loading::Then::Lanes => panic!("opens the link's choice"),
    }
}

#[test]
fn only_a_new_scenario_mode_semantics_or_view_is_a_new_history_entry() {
    let at = |step| format!("?v=1&s=s5&mode=list&step={step}");
    assert!(!is_new_entry(&at(3), &at(4)));
    assert!(!is_new_entry("?v=1&s=s5&mode=list", &at(4)));
    assert!(is_new_entry(&at(3), "?v=1&s=s5&mode=array&step=3"));
    assert!(is_new_entry(&at(3), "?v=1&s=s6&mode=list&step=3"));
    assert!(is_new_entry(
        &at(3),
        "?v=1&s=s5&mode=list&step=3&view=compare"
    ));
}

#[test]
fn only_a_link_of_another_model_is_one() {
    use bulkpool_allocator::model::version::MODEL;
    // The start page and a tour stop's own link name no model.
    assert_eq!(other_model(""), None);
    assert_eq!(other_model("?"), None);
    assert_eq!(other_model("?tour=3"), None);
    // A link of this model, with or without the tour open over it.
    assert_eq!(other_model(&format!("?v=1&m={MODEL}&s=s5&step=3")), None);
    assert_eq!(other_model(&format!("?v=1&m={MODEL}&s=s5&tour=2")), None);
    // A link made before m= is model 1, with the tour open over it too.
    assert_eq!(other_model("?v=1&s=s5&step=3"), Some(1));
    assert_eq!(other_model("?v=1&s=s5&step=3&tour=2"), Some(1));
    assert_eq!(other_model("?s=s5"), Some(1));
}
