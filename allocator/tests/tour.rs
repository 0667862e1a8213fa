//! The guided tour (`view::tour`): every stop opens (its preset, mode, semantics and view run,
//! and its step is in the run), every number its text quotes is computed from the runs it names,
//! and every number of the text is one of them.

use bulkpool_allocator::view::link::{encode, parse, View};
use bulkpool_allocator::view::tour::{self, numbers_in, read, run, Value, AT, END, STOPS};

#[test]
fn the_tour_has_ten_to_fourteen_stops_with_short_texts() {
    assert!((10..=14).contains(&STOPS.len()), "{} stops", STOPS.len());
    for (i, s) in STOPS.iter().enumerate() {
        let words = s.text.split_whitespace().count();
        assert!(words <= 95, "stop {}: {words} words", i + 1);
        assert!(!s.try_this.is_empty() && s.try_this.split_whitespace().count() <= 30);
        assert!(
            s.title.chars().count() <= 60,
            "stop {}: a long title",
            i + 1
        );
        // No internal wording: no section signs, no Rust ranges.
        for t in [s.title, s.text, s.try_this] {
            assert!(
                !t.contains('§') && !t.contains("..="),
                "stop {}: {t}",
                i + 1
            );
        }
    }
    let titles: std::collections::HashSet<_> = STOPS.iter().map(|s| s.title).collect();
    assert_eq!(titles.len(), STOPS.len(), "titles are unique");
}

/// The web player opens stops from `AT` alone (its first module has no texts): each stop's
/// place there is its own.
#[test]
fn the_table_of_places_lines_up_with_the_stops() {
    assert_eq!(AT.len(), STOPS.len());
    for (i, s) in STOPS.iter().enumerate() {
        assert_eq!(s.at, AT[i], "stop {}", i + 1);
    }
    // Distinct places, so a stop listed under another's place would show.
    for (i, a) in AT.iter().enumerate() {
        assert!(
            !AT[..i].contains(a),
            "stop {} opens where an earlier one does",
            i + 1
        );
    }
}

#[test]
fn every_stop_opens_at_a_step_of_its_run() {
    for (i, s) in STOPS.iter().enumerate() {
        let t = run(&s.at, tour::Run::Own).unwrap_or_else(|e| panic!("stop {}: {e}", i + 1));
        assert!(
            s.at.step == END || s.at.step <= t.len(),
            "stop {}: step {} of {}",
            i + 1,
            s.at.step,
            t.len()
        );
        // The stop's link (what the web opens) reads back as the same state, with no notice.
        if s.at.step != END {
            let opened = parse(&encode(&s.at.link()));
            assert!(
                opened.problems.is_empty(),
                "stop {}: {:?}",
                i + 1,
                opened.problems
            );
            assert_eq!(opened.link, s.at.link(), "stop {}", i + 1);
        }
        // A compare stop's lanes all run.
        let lanes: Vec<tour::Run> = match s.at.view {
            View::Step => vec![],
            View::Compare => bulkpool_allocator::Mode::ALL
                .iter()
                .map(|&m| tour::Run::Mode(m))
                .collect(),
            View::Versions => bulkpool_allocator::view::versions::VERSIONS
                .iter()
                .map(|&v| tour::Run::Version(v))
                .collect(),
            View::Policy(_) => panic!("stop {}: no tour stop is a compare view by policy", i + 1),
        };
        for lane in lanes {
            run(&s.at, lane).unwrap_or_else(|e| panic!("stop {}, lane {lane:?}: {e}", i + 1));
        }
    }
}

#[test]
fn every_quoted_number_is_the_runs() {
    for (i, s) in STOPS.iter().enumerate() {
        for q in s.quotes {
            let t = run(&s.at, q.run).unwrap_or_else(|e| panic!("stop {}: {e}", i + 1));
            let got = read(&t, q.what).unwrap_or_else(|e| panic!("stop {}, {q:?}: {e}", i + 1));
            assert_eq!(
                got,
                q.is,
                "stop {} ({}): {:?} in {:?}",
                i + 1,
                s.title,
                q.what,
                q.run
            );
        }
    }
}

#[test]
fn every_number_of_a_text_is_quoted() {
    for (i, s) in STOPS.iter().enumerate() {
        let quoted: Vec<u64> = s
            .quotes
            .iter()
            .filter_map(|q| match q.is {
                Value::N(n) => Some(n),
                Value::Ended(_) => None,
            })
            .collect();
        let both = format!("{} {}", s.text, s.try_this);
        for c in s.constants {
            assert!(
                both.contains(c),
                "stop {}: constant `{c}` is not in the text",
                i + 1
            );
        }
        for n in numbers_in(&both, s.constants) {
            assert!(
                quoted.contains(&n),
                "stop {} ({}): the text says {n}, which no quote reads",
                i + 1,
                s.title
            );
        }
        // And every quote is said: a number in the text, or an outcome word.
        let said = numbers_in(&both, s.constants);
        for q in s.quotes {
            if let Value::N(n) = q.is {
                // 0, 1 and 2 may be said in words ("nothing", "one page", "twice").
                let as_word = n <= 2;
                assert!(
                    said.contains(&n) || as_word,
                    "stop {}: {q:?} is not in the text",
                    i + 1
                );
            }
        }
    }
}

#[test]
fn numbers_in_skips_names_and_versions() {
    assert_eq!(
        numbers_in("s8c, v6.19, 6.19, order-8 and 45 > 40; RFC 2/4", &[]),
        vec![8, 45, 40, 2, 4]
    );
    assert_eq!(
        numbers_in("a 5 s timeout, 1 MiB", &["5 s", "1 MiB"]),
        Vec::<u64>::new()
    );
}

#[test]
fn the_text_of_the_tour_is_72_columns() {
    let text = tour::text(Some("https://example.org/bulkpool/"));
    assert!(text.contains("1 / 13  Pages, the buddy lists and the per-CPU list"));
    assert!(text.contains("Link: https://example.org/bulkpool/?tour=4\n"));
    for line in text.lines() {
        assert!(line.chars().count() <= 72, "{line}");
    }
}

#[test]
fn bulkpool_tour_prints_the_tour() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_bulkpool"))
        .args(["tour", "--base", "https://example.org/b/"])
        .env_remove("BULKPOOL_LINK_BASE")
        .output()
        .expect("bulkpool runs");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert_eq!(text, tour::text(Some("https://example.org/b/")));
    for (i, s) in STOPS.iter().enumerate() {
        assert!(text.contains(&format!("{} / {}  {}", i + 1, STOPS.len(), s.title)));
    }
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_bulkpool"))
        .args(["tour", "--base", "ftp://x"])
        .output()
        .expect("bulkpool runs");
    assert_eq!(bad.status.code(), Some(2));
}
