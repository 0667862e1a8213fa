#![cfg(not(target_arch = "wasm32"))]
//! Permalinks: the budgets, the round trip, the corpus of links that must keep opening what
//! they opened when they were made, and override errors that name their path.

use bulkpool_allocator::model::policy::PolicySpec;
use bulkpool_allocator::scenario::presets::{find, PRESETS};
use bulkpool_allocator::view::link::{self, encode, parse, Link, Source, View};
use bulkpool_allocator::{Mode, Semantics};
use serde::Deserialize;

/// Where the hosted site lives in these measurements: a sub-path, as the e2e tests serve it.
const PATH: &str = "/bulkpool/";

fn preset_link(id: &'static str) -> Link {
    Link {
        source: Source::Preset(find(id).unwrap().id),
        ..Link::default()
    }
}

#[test]
fn links_stay_within_their_budgets() {
    let at_step = Link {
        mode: Some(Mode::List),
        step: 36,
        ..preset_link("s5")
    };
    let short = format!("{PATH}{}", encode(&at_step));
    let m = bulkpool_allocator::model::version::MODEL;
    assert_eq!(
        short,
        format!("/bulkpool/?v=1&m={m}&s=s5&mode=list&step=36")
    );
    assert!(short.len() <= 80, "{} chars: {short}", short.len());

    let base = find("s5").unwrap().scenario();
    let variant = link::apply_overrides(
        &base,
        "zone.free:40,pcp.count:3,tasks.0.ops.0.pages:12",
        None,
    )
    .unwrap();
    let three = Link {
        source: Source::Custom {
            scenario: Box::new(variant),
            base: Some("s5"),
        },
        mode: Some(Mode::List),
        step: 36,
        ..Link::default()
    };
    let three = format!("{PATH}{}", encode(&three));
    assert!(
        three.contains("&o=zone.free:40,pcp.count:3,tasks.0.ops.0.pages:12&"),
        "{three}"
    );
    assert!(three.len() <= 120, "{} chars: {three}", three.len());

    let s8 = Link {
        source: Source::Custom {
            scenario: Box::new(find("s8").unwrap().scenario()),
            base: None,
        },
        mode: Some(Mode::List),
        step: 100,
        ..Link::default()
    };
    let custom = format!("{PATH}{}", encode(&s8));
    assert!(custom.contains("&c="), "{custom}");
    assert!(custom.len() <= 400, "{} chars: {custom}", custom.len());
    println!("preset at a step: {} chars: {short}", short.len());
    println!("3-override variant: {} chars: {three}", three.len());
    println!("s8 as a custom scenario: {} chars: {custom}", custom.len());
}

#[test]
fn every_preset_in_every_mode_and_view_reads_back_as_written() {
    for p in PRESETS {
        for mode in Mode::ALL {
            for (view, embed, step, sem) in [
                (View::Step, false, 0, None),
                (View::Compare, false, 7, Some(Semantics::K6_0)),
                (View::Step, true, 123, Some(Semantics::Mainline6_19)),
                (View::Versions, false, 12, None),
            ] {
                let l = Link {
                    mode: Some(mode),
                    semantics: sem,
                    step,
                    view,
                    embed,
                    ..preset_link(p.id)
                };
                let q = encode(&l);
                let back = parse(&q);
                assert_eq!(back.problems, Vec::<String>::new(), "{q}");
                assert_eq!(back.link, l, "{q}");
                assert_eq!(back.format, 1);
                // The same preset as a whole custom scenario reads back too.
                let c = Link {
                    source: Source::Custom {
                        scenario: Box::new(p.scenario()),
                        base: None,
                    },
                    ..l.clone()
                };
                let q = encode(&c);
                assert_eq!(parse(&q).link, c, "{} as c=", p.id);
            }
        }
    }
}

#[test]
fn at_step_writes_what_encode_writes_at_that_step() {
    let s8 = find("s8").unwrap().scenario();
    let mut variant = s8.clone();
    variant.zone.free = Some(33);
    let mut custom = s8.clone();
    custom.tasks.push(custom.tasks[0].clone());
    let mut policy = s8.clone();
    let named = policy.named_policies(Semantics::V2_2023);
    policy.policy = PolicySpec::parse("lock:dropped", named).unwrap();
    assert!(!policy.policy.is_empty());
    let sources = [
        preset_link("s8").source,
        Source::Custom {
            scenario: Box::new(variant),
            base: Some("s8"),
        },
        Source::Custom {
            scenario: Box::new(custom),
            base: None,
        },
        Source::Custom {
            scenario: Box::new(policy),
            base: Some("s8"),
        },
    ];
    let mut checked = 0;
    for source in sources {
        for (view, embed, sem) in [
            (View::Step, false, None),
            (View::Compare, true, Some(Semantics::K6_0)),
            (View::Versions, false, None),
        ] {
            let at = |step| Link {
                source: source.clone(),
                mode: Some(Mode::Array),
                semantics: sem,
                step,
                view,
                embed,
            };
            for from in [0, 5] {
                for to in [0, 1, 36, 40_000] {
                    let want = encode(&at(to));
                    assert_eq!(
                        link::at_step(&encode(&at(from)), to),
                        want,
                        "{from} -> {to}"
                    );
                    assert_eq!(parse(&want).link.step, to);
                    checked += 1;
                }
            }
        }
    }
    assert_eq!(checked, 4 * 3 * 2 * 4);
}

#[test]
fn a_variant_of_a_preset_is_written_as_overrides() {
    let base = find("s8").unwrap().scenario();
    let mut sc = base.clone();
    sc.zone.free = Some(33);
    sc.tasks[1].name = "writer, 2".into();
    sc.semantics = Some(Semantics::V2_2023);
    let o = link::overrides(&base, &sc).unwrap();
    assert_eq!(
        o,
        r#"semantics:v2-2023,zone.free:33,tasks.1.name:"writer, 2""#
    );
    // v2 has no list delivery: the overrides are checked for the mode the link opens in.
    assert!(link::apply_overrides(&base, &o, None)
        .unwrap_err()
        .contains("v2-2023 offers array and callback delivery, not list"));
    assert_eq!(
        link::apply_overrides(&base, &o, Some(Mode::Array)).unwrap(),
        sc
    );
    // One more task is not a change of values: the whole scenario goes compressed.
    let mut more = base.clone();
    more.tasks.push(more.tasks[0].clone());
    assert_eq!(link::overrides(&base, &more), None);
    let l = Link {
        source: Source::Custom {
            scenario: Box::new(more),
            base: Some("s8"),
        },
        ..Link::default()
    };
    assert!(encode(&l).contains("&c="));
}

#[test]
fn an_override_error_names_its_path() {
    let base = find("s5").unwrap().scenario();
    let cases = [
        ("zone.fre:40", "zone.fre: unknown field `fre`"),
        ("zone.free:5000", "zone.free: 5000 is out of range"),
        ("tasks.3.name:x", "tasks.3: no such element (there are 1)"),
        ("zone.free.x:1", "zone.free.x: zone.free has no fields"),
        ("pcp.count:many", "pcp.count: `many` is not a number"),
        ("pcp.count:2.5", "pcp.count: 2.5 is not a whole number"),
        (
            "zone.free:99999999999999999999999",
            "zone.free: 99999999999999999999999 is too large",
        ),
        ("zone", "`zone` is not path:value"),
        ("a..b:1", "`a..b` is not a field path"),
    ];
    for (o, want) in cases {
        let e = link::apply_overrides(&base, o, None).unwrap_err();
        assert!(e.starts_with(want), "{o}: {e}");
        let opened = parse(&format!("?v=1&s=s5&o={o}"));
        assert_eq!(
            opened.link.source,
            Source::Preset("s5"),
            "{o}: the preset as it is"
        );
        assert!(
            opened.problems[0].contains(want),
            "{o}: {:?}",
            opened.problems
        );
    }
}

/// A hostile link is read as far as it can be, and every bad part is named in plain words
/// (U24): no parser wording, nothing left out.
#[test]
fn a_hostile_link_names_every_bad_part_in_plain_words() {
    let o = parse(
        "?v=1&s=s5&o=zone.free:99999999999999999999999,tasks.0.ops.0.pages:1e308,pcp.count:many",
    );
    assert_eq!(o.link.source, Source::Preset("s5"));
    assert_eq!(o.problems.len(), 1, "{:?}", o.problems);
    let p = &o.problems[0];
    for part in [
        "zone.free: 99999999999999999999999 is too large",
        "tasks.0.ops.0.pages: 1e308 is not a whole number",
        "pcp.count: `many` is not a number",
        "showing s5 as it is",
    ] {
        assert!(p.contains(part), "{part:?} in {p}");
    }
    for parser in ["invalid type", "expected u", "floating point", "1e+23"] {
        assert!(!p.contains(parser), "{parser:?} in {p}");
    }
    // With other bad parts, one sentence each.
    let o = parse("?v=1&m=x&s=s5&mode=bogus&sem=k9.9&step=-4&view=nope&o=zone.free:1e9");
    assert_eq!(o.problems.len(), 6, "{:#?}", o.problems);
    assert!(o
        .problems
        .iter()
        .any(|p| p.contains("`m=x` is not a model number")));
    assert!(o
        .problems
        .iter()
        .any(|p| p.contains("zone.free: 1e9 is not a whole number")));
}

/// `m=` says which model made a link; without it, the last model before links carried one.
#[test]
fn a_link_carries_its_model() {
    use bulkpool_allocator::model::version::{MODEL, UNVERSIONED};
    assert_eq!(parse("?v=1&s=s5").model, UNVERSIONED);
    assert_eq!(parse("?s=s5").model, UNVERSIONED);
    assert_eq!(parse("?v=1&m=1&s=s5").model, 1);
    assert_eq!(parse(&encode(&preset_link("s5"))).model, MODEL);
    assert!(encode(&preset_link("s5")).starts_with(&format!("?v=1&m={MODEL}&s=s5")));
    let newer = parse(&format!("?v=1&m={}&s=s5", MODEL + 7));
    assert_eq!((newer.model, newer.problems.len()), (MODEL + 7, 0));
    assert_eq!(parse("?v=1&m=0&s=s5").problems.len(), 1);
}

/// `link::model` reads what `parse` reads for `m=`, without the rest of the link.
#[test]
fn the_model_alone_is_what_the_whole_link_says() {
    use bulkpool_allocator::model::version::{MODEL, UNVERSIONED};
    let mut custom = find("s8").unwrap().scenario();
    custom.tasks.push(custom.tasks[0].clone());
    let long = format!("?v=1&m=3&s={}", "x".repeat(link::MAX_QUERY));
    let queries = [
        String::new(),
        "?".into(),
        "?v=1&s=s5".into(),
        "s=s5&m=4".into(),
        "?v=1&m=1&s=s5&m=6".into(),
        "?v=1&m=0&s=s5".into(),
        "?v=1&m=-2&s=s5".into(),
        "?v=1&m=x&s=s5".into(),
        "?v=1&m=%36&s=s5".into(),
        format!("?v=1&m={}&s=s5", u64::MAX),
        long,
        encode(&preset_link("s5")),
        encode(&Link {
            source: Source::Custom {
                scenario: Box::new(custom),
                base: None,
            },
            ..preset_link("s8")
        }),
    ];
    let models: Vec<u32> = queries.iter().map(|q| link::model(q)).collect();
    let parsed: Vec<u32> = queries.iter().map(|q| parse(q).model).collect();
    assert_eq!(models, parsed);
    assert_eq!(
        models,
        [
            UNVERSIONED,
            UNVERSIONED,
            UNVERSIONED,
            4,
            6,
            UNVERSIONED,
            UNVERSIONED,
            UNVERSIONED,
            6,
            UNVERSIONED,
            UNVERSIONED,
            MODEL,
            MODEL
        ]
    );
}

#[derive(Deserialize)]
struct Entry {
    link: String,
    format: u32,
    /// A preset id, or "custom:<name>".
    scenario: String,
    mode: String,
    semantics: Option<String>,
    step: usize,
    view: String,
    embed: bool,
    /// Parts of the link that are reported and ignored.
    problems: usize,
    /// For a custom scenario: fields it must have, as path:value overrides would write them.
    #[serde(default)]
    has: Vec<String>,
    /// False: a combination that cannot run (the player then shows one that does).
    #[serde(default = "yes")]
    runs: bool,
    /// The model that made the link (`m=`); entries before models were recorded have none,
    /// and such links read as model 1.
    #[serde(default = "one")]
    model: u32,
}

fn one() -> u32 {
    1
}

fn yes() -> bool {
    true
}

/// Every link in the corpus opens the view recorded next to it. Links are never removed from
/// the corpus: a format change adds entries and keeps the old ones passing.
#[test]
fn every_link_in_the_corpus_opens_its_view() {
    let text = include_str!("links/corpus.jsonl");
    let mut formats = std::collections::BTreeSet::new();
    let mut n = 0;
    for (i, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with("//"))
    {
        let e: Entry =
            serde_json::from_str(line).unwrap_or_else(|err| panic!("corpus line {}: {err}", i + 1));
        let at = format!("corpus line {}: {}", i + 1, e.link);
        let o = parse(&e.link);
        formats.insert(o.format);
        assert_eq!(o.format, e.format, "{at}");
        assert_eq!(o.model, e.model, "{at}: model");
        assert_eq!(link::model(&e.link), e.model, "{at}: the model alone");
        assert_eq!(o.problems.len(), e.problems, "{at}: {:?}", o.problems);
        let l = &o.link;
        let scenario = match &l.source {
            Source::Preset(id) => id.to_string(),
            Source::Custom { scenario, .. } => format!("custom:{}", scenario.name),
        };
        assert_eq!(scenario, e.scenario, "{at}");
        assert_eq!(l.mode().name(), e.mode, "{at}");
        assert_eq!(
            l.semantics.map(|s| s.name().to_string()),
            e.semantics,
            "{at}"
        );
        assert_eq!(l.step, e.step, "{at}");
        let view = match l.view {
            View::Step => "step".to_string(),
            View::Compare => "compare".to_string(),
            View::Versions => "versions".to_string(),
            View::Policy(axis) => format!("policy-{}", axis.name()),
        };
        assert_eq!(view, e.view, "{at}");
        assert_eq!(l.embed, e.embed, "{at}");
        let full = serde_json::to_value(l.scenario()).unwrap();
        for has in &e.has {
            let (path, want) = has.split_once(':').unwrap();
            let got = path.split('.').fold(&full, |v, k| match v {
                serde_json::Value::Array(a) => &a[k.parse::<usize>().unwrap()],
                v => &v[k],
            });
            assert_eq!(got.to_string().trim_matches('"'), want, "{at}: {path}");
        }
        // It runs, in the mode it opens in.
        let mut sc = l.scenario();
        if l.semantics.is_some() {
            sc.semantics = l.semantics;
        }
        assert_eq!(
            bulkpool_allocator::simulate(&sc, l.mode()).is_ok(),
            e.runs,
            "{at}: runs"
        );
        n += 1;
    }
    assert!(
        formats.contains(&0) && formats.contains(&link::VERSION),
        "every format: {formats:?}"
    );
    assert!(n >= 30, "only {n} links");
}
